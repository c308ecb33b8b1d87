"""The last gate of every answer: a stated number must be accounted for by what it cites.

The gate never answers again: it reads the question, ``Answer.understood`` and the
citations (``where``: table, row and column; ``entity``; ``quote``) and the cited filings,
and either keeps the answer or turns it into a decline that says what was understood and
offers the cited rows, each with its page, as candidates. An answer with a single value
(``value`` set) is declined when:

- **year**: the question names one year (2019年) and no cited filing is of it, of the year
  after (a budget's 上年 column) or prints it in the cited quote;
- **body**: a body the question names (深圳市应急档案局, 成都市普陀区商务委员会) is none of the
  cited filings' names, exactly or as a short form whose characters stand in them in order
  (深圳市卫健委 of 深圳市卫生健康委员会, 西安人社局 of 西安市人力资源和社会保障局), with no
  place word (省, 市, 区, 县) left over; or the answer cites more bodies than the question names
  (水务局2026年…一共 answered from 广州市水务局 and 深圳市水务局);
- **scope**: the question names a qualifier (本级, 汇总, 单位预算, 政府性基金, 国有资本经营,
  决算数, 预算数, 基本支出, 项目支出) that neither the cited row, column or quote (its table
  named as the catalogue names it) nor the cited filing carries (深圳市统计局2026年单位预算…
  answered from its 部门预算); a lookup of 上年 / 去年 cites no 上年 column, no sentence
  stating 上年 (比上年 compares, it is no 上年 figure) and no year before the cited filing's
  (2026年上年… answered from a 2026 cell);
- **measure**: a measure the question names (福利费 of 福利费里办公费, 取暖费, 机关运行补助)
  is not covered by the cited labels and quotes: fewer than three in four of its character
  pairs stand in them, after the answerer's own synonyms (``plan.rewrite``).
"""

from __future__ import annotations

import re

from budgetlens.qa.understand import _subsequence
from budgetlens.schemas.answer import Answer

# a body as a question names it: a place (深圳市, 成都市普陀区) and the word ending a body's name
# that begins a phrase (after 年, 的, 和, 比 …: 比市场监管局 is no place 经费比市)
_BODY_RE = re.compile(r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[年的和与比较、在及同]))((?:(?![的和])[\u4e00-\u9fff]){2,4}?[省市](?:[\u4e00-\u9fff]{1,4}?[区县])?[\u4e00-\u9fff]{2,14}?"
                      r"(?:委员会|办公厅|办公室|局|委|厅|院|中心|总队|支队|署|街道))")
# any body word, with or without its place (无锡交通局, 深圳卫健委): taken out before the measure is read
_ANY_BODY_RE = re.compile(r"[\u4e00-\u9fff]{1,8}?(?:委员会|办公厅|办公室|局|委|厅|院|中心|总队|支队|署|街道)")
_PLACE = "省市区县"
# qualifiers: the words asked → the words that show a citation or filing carries it
_SCOPES = {"本级": ("本级",), "汇总": ("汇总",), "单位预算": ("单位预算",), "单位决算": ("单位决算",),
           "政府性基金": ("政府性基金",), "国有资本经营": ("国有资本经营",), "决算数": ("决算",),
           "预算数": ("预算",), "基本支出": ("基本支出",), "项目支出": ("项目支出",)}
# a measure as the question names it: a run ending so (…费, …经费, …工资), cut at the words that
# join or compare two measures (里, 中的, 比, 加) and at the words of scope and asking
_MEASURE_RE = re.compile(r"[\u4e00-\u9fff]{2,}?(?:经费|费用|费|工资|补助|补贴|津贴|奖金|公积金)")
_ENDS = ("经费", "费用", "费", "工资", "补助", "补贴", "津贴", "奖金", "公积金")
_SPLIT_RE = re.compile(r"里面?|中的|之中|其中|当中|和|及|与|、|的|中|在|年|预算|决算|安排|支出|用于|比|加上?|减去?|"
                       r"那|今|去|本级|汇总|单位|哪个部门|哪家|哪个|谁|是|为|有|多少|一共|合计|总共|分别")
_GLOSS_RE = re.compile(r"（[^（）]*）|[“”\"‘’「」|]")


def _sq(text: str) -> str:
    return re.sub(r"\s+", "", text or "").replace("(", "（").replace(")", "）")


def _pairs(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    return {a + b for a, b in zip(chars, chars[1:])}


_UNIT_ROW_RE = re.compile(r"(?:局|委员会|委|厅|办公室|署|院|中心|所|站|队|馆|处|校)$")


def _names(answer: Answer, docs: dict) -> list[str]:
    out = []
    for c in answer.citations:
        d = docs.get(c.doc_id)
        out += [n for n in (c.entity, *((d.entity, *d.names) if d else ())) if n]
    if out:
        # a unit's own row in its department's table (B02「湖州市财政票据管理中心」本年收入) prints its name
        out += [n for c in answer.citations for n in re.findall(r"「([^」]+)」", c.where or "") if _UNIT_ROW_RE.search(n)]
    return [_sq(n).replace("中国共产党", "中共") for n in out]


def _body_named(token: str, names: list[str]) -> bool:
    """The body word ``token`` is one of ``names``: a run of it, less leading words without a
    place word (请问 of 请问深圳市统计局), stands in a name in order, with more than its last word."""
    for cut in range(len(token) - 2):
        if any(ch in _PLACE for ch in token[:cut]):
            return False
        t = token[cut:]
        if t[0] in _PLACE:
            continue  # 市普陀区… of 成都市普陀区…: a place cut in two
        if any(_subsequence(t, n) for n in names):
            return True
    return False


def _cited_text(answer: Answer) -> str:
    """The cited labels and quotes, each table named as the catalogue names it (B09 → “三公”经费预算表)."""
    from budgetlens.schemas.catalogue import TABLE_NAMES

    parts = []
    for c in answer.citations:
        tid = re.match(r"([BT]\d\d)", c.where or "")
        parts += [c.where, c.quote, c.entity or "", TABLE_NAMES.get(tid.group(1), ("",))[0] if tid else ""]
    return _sq("|".join(parts) + "|" + str((answer.understood or {}).get("measure") or ""))


def _checks(answer: Answer, docs: dict):
    """(what failed, what the question said) for each check that fails."""
    from budgetlens.qa.plan import plain_asking, rewrite

    q = _sq(plain_asking((answer.understood or {}).get("asked") or answer.question))  # as read: a follow-up completed, 请问 / 25年 / 年度
    cited = [docs.get(c.doc_id) for c in answer.citations]
    text = _cited_text(answer)
    filings = "".join(f"{d.scope}{'决算' if d.doc_type == 'final_accounts' else '预算'}|{d.name}|{'|'.join(d.names)}"
                      for d in cited if d)
    # two bodies cited where the question names one (水务局 of 广州市水务局 and 深圳市水务局)
    bodies = {d.entity for d in cited if d and d.entity}
    if len(bodies) > max(1, len(_ANY_BODY_RE.findall(_GLOSS_RE.sub("", q)))):
        yield "body", " / ".join(sorted(bodies))
    # year
    years = set(re.findall(r"(20\d\d)(?=年)", q))
    if len(years) == 1 and not re.search(r"上一?年|去年", q):
        y = int(next(iter(years)))
        held = {d.fiscal_year for d in cited if d and d.fiscal_year}
        if held and not (held & {y, y + 1}) and str(y) not in text:
            yield "year", f"{y}年"
    # body
    names = _names(answer, docs)
    # 2017年预算里省人民检察院: the year and the asking words before a body are no part of its name
    plain = re.sub(r"20\d\d年?度?|(?:预算|决算)(?:里|中|内)", "|",
                   _GLOSS_RE.sub("", q.replace("中国共产党", "中共").replace("（本级）", "")))
    for m in _BODY_RE.finditer(plain):
        if names and not _body_named(m.group(1), names):
            yield "body", m.group(1)
    # scope, fund, column
    for word, shows in _SCOPES.items():
        if word in q and not any(s in text or s in filings for s in shows):
            yield "scope", word
    # the year before (上年 / 去年 asked, not compared with): a 上年 column, or a year before the cited filing's
    operation = (answer.understood or {}).get("operation")
    # (截至上年底共有车辆: the holdings at the year's start, which a budget states as its own)
    # (从上年大幅降到6.4万元: 从 compares too)
    # (《…支出明细表（按支出功能分类科目-不含上年结转）》: a table's title leaving the carry-over out
    # names no year before)
    if (re.search(r"(?<![比较与同和至止从由含])(?:上一?年|去年)", q)
            and operation not in ("change", "change_pct", "difference", "share")):
        before = {f"{d.fiscal_year - 1}" for d in cited if d and d.fiscal_year}
        wheres = _sq("".join(c.where for c in answer.citations))
        quotes = _sq("".join(c.quote for c in answer.citations if not c.where))
        said = "|".join(["上一?年", "去年", *(f"{y}年" for y in before)])
        # a figure stated of that year (较上年的637.77万元), not a change on it (比上年减少5.10万元)
        stated = re.search(rf"(?:{said})(?:(?![增减降升多少比较]|持平)[^，。；\d]){{0,8}}\d", quotes)
        if not (re.search(r"上一?年|去年", wheres) or any(y in wheres for y in before) or stated):
            yield "scope", "上年"
    # measure
    asked = _GLOSS_RE.sub("", _ANY_BODY_RE.sub("|", rewrite(q)))
    got = _GLOSS_RE.sub("", _sq(rewrite(text)))
    have = _pairs(got)
    for m in _MEASURE_RE.finditer(_SPLIT_RE.sub("|", asked)):
        piece = m.group(0)
        pairs = _pairs(piece)
        if len(piece) >= 3 and piece.endswith(_ENDS) and piece not in got and len(pairs & have) < 0.75 * len(pairs) \
                and not _bare_label(piece, got) and not _contracted(piece, got):
            yield "measure", piece


def _contracted(piece: str, got: str) -> bool:
    """The measure names two or three printed lines together by their first characters and
    their shared end: 水电费 of 水费 and 电费, both cited."""
    end = next(e for e in _ENDS if piece.endswith(e))
    head = piece[:-len(end)]
    return 2 <= len(head) <= 3 and all(f"{c}{end}" in got for c in head)


def _bare_label(piece: str, got: str) -> bool:
    """The measure is a printed line's whole name with 经费 / 费用 said after it (案件审判经费 of the
    line 「案件审判」, “委员视察”经费): the cited text holds a name ending as the measure's does, not one
    going on (委员视察调研); the piece may start inside the name (员视察经费 read after a body's 委)."""
    bare = re.sub(r"(?:经费|费用)$", "", piece)
    # (委员视察（项）支出429.30万元: a class line's name, its level and 支出 after it)
    return bare != piece and len(bare) >= 3 and bool(re.search(rf"{re.escape(bare)}(?:支出)?(?![\u4e00-\u9fff])", got))


_WHAT = {"year": "年份", "body": "单位", "scope": "口径", "measure": "项目", "figure": "数字"}


def gate(answer: Answer, docs: dict) -> Answer:
    """``answer`` as it is, or a decline when what it cites does not account for the question.
    ``docs``: the fact index's filings (doc_id → DocInfo: entity, names, fiscal_year, scope).
    Answers with no single value (comparisons, rankings, verdicts, reasons) are read by the
    checks of ``qa.gate_kinds``."""
    from budgetlens.qa.gate_kinds import ranking_checks, verdict_checks, year_checks

    if answer.kind in ("not_found", "clarify") or not answer.citations:
        return answer
    ranking = (answer.understood or {}).get("operation") == "ranking" or bool(answer.table)
    if ranking:
        failed = list(dict.fromkeys([*year_checks(answer, docs, _cited_text(answer)),
                                     *ranking_checks(answer, docs)]))
    else:
        # a verdict's cells are cited by their numbers alone: its body and years are read, not its labels
        verdict = answer.value is None and (answer.understood or {}).get("verdict")
        failed = list(dict.fromkeys([*(f for f in _checks(answer, docs) if not verdict or f[0] in ("body", "year")),
                                     *year_checks(answer, docs, _cited_text(answer)), *verdict_checks(answer, docs)]))
    if not failed:
        return answer
    said = "、".join(f"{_WHAT[k]}“{w}”" for k, w in failed)
    seen: set = set()
    candidates: list[dict] = []
    for c in answer.citations:
        label = c.where or c.quote[:40]
        if (label, c.page) in seen:
            continue
        seen.add((label, c.page))
        candidates.append({"label": label, "citation": {"path": c.path, "page": c.page, "doc_id": c.doc_id}})
    listing = "；".join(f"{c['label']}（第{c['citation']['page']}页）" for c in candidates[:6])
    what = ("文件没有给出所问的原因" if answer.kind == "why" else
             "不能据这些文件判断是否一致" if (answer.understood or {}).get("verdict") else
             "不能据这些文件排出所问的名次" if ranking else "在这些文件中没有找到问题所问的数字")
    text = f"{what}：问题所说的{said}，引用的行和文件都没有印出。最接近的印出项：{listing}"
    return Answer(question=answer.question, answer=text, kind="not_found", verified=True,
                  understood={**(answer.understood or {}), "gate": [f"{k}:{w}" for k, w in failed]},
                  candidates=candidates[:6])
