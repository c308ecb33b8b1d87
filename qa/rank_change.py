"""Rankings by a change (比上年增加最多, 谁的增幅最大, 降幅最大): each body's change computed as a
change question about that body alone computes it (``Engine.compute``: this year's figure and
last year's, each cited), then ranked.

    广州这14个部门2026年“三公”经费，谁的增幅最大？ → 增幅最大的是中共广州市委宣传部（28.31%）[1][2]。…

The level of a measure is never ranked in place of its change. A body whose change cannot be
computed could hold the first place: then no first place is stated and the leaders among the
computed are offered (``clarify``), as ``qa.ranking`` does for a measure it cannot read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from budgetlens.qa.compute import NotFound, fmt, not_found
from budgetlens.qa.resolve import label
from budgetlens.schemas.answer import Answer, AnswerCitation, AnswerRow

# the change a ranking orders by, and which way: 增加最多 / 增幅最大 / 降幅最大 / 减少得最多 / 涨得最快
# (快 / 慢: a rate)
# (涨得最快 / 降得最少: the one-character verbs too, after the words holding them)
# (降得最狠 / 涨得最猛 / 增加最明显: a word of degree is the most in the verb's way)
_VERBS = (r"增长率|增幅|降幅|涨幅|减幅|跌幅|增速|增加|增长|上涨|上升|提高|上调|调增|增量|多花|减少|下降|降低|压减|"
          r"压缩|削减|缩减|下调|调减|节约|节省|下滑|滑落|缩水|减量|少花|变化|变动|波动|增|涨|升|减|降|跌|压|砍|削|"
          r"少(?=得|了)|多(?=得)|变(?=得)")
_DEGREE = ("狠", "猛", "明显", "厉害", "显著", "突出")
CHANGE_RANK_RE = re.compile(rf"({_VERBS})(?:得|了|的)?(?:金额|幅度|额)?(?:最|谁最|哪家最|哪个最)"
                            rf"(多|少|大|小|快|慢|高|低|{'|'.join(_DEGREE)})")
# a change word right before 最 / 更 that the ranking above does not read (降得最离谱): never the level
UNREAD_CHANGE_RE = re.compile(r"(?:增|减|涨|降|跌|压|砍|削|缩|升|滑|变|翻|波动|少(?=得)|多花|少花)(?:得|了)?"
                              r"(?:幅度?|额|量|速度?|率|水)?(?:最|更)")
_PCT_RE = re.compile(r"幅|增速|增长率|百分|快|慢")
# (变化最大 / 波动最大: the size of the change, either way)
_EITHER_WAY = ("变化", "变动", "波动", "变")
# the ranking asked in %, said apart from its verb: 降得最少（按百分比）/ 按增长率
_PCT_SAID_RE = re.compile(r"按(?:百分比|百分数|增长率|增幅|降幅|比例|幅度)|百分之几|百分比|[%％]")
_FALL_VERBS = ("减少", "下降", "降低", "压减", "压缩", "削减", "缩减", "下调", "调减", "节约", "节省", "降幅", "减幅",
               "跌幅", "下滑", "滑落", "缩水", "减量", "少花", "减", "降", "跌", "压", "砍", "削", "少")
# the base a change is counted from (比上年 / 较2025年 / 比上年年初预算 / 同比): a ranking saying it asks
# a change, whatever verb it is said with
CHANGE_BASE_RE = re.compile(r"(?:比|较|与|和|同|相对于?)(?:上年|上一年|去年|前一年|20\d\d年)|同比|环比")
# (比2025年年初预算降得最多: the base said with its year and column is the year before's, as 比上年)
_CHANGE_WORDS_RE = re.compile(rf"(?:(?:比|较|与|同)(?:上一?年|去年|20\d\d年)度?(?:的)?(?:年初|全年|调整)?(?:预算|决算|执行)?数?"
                              rf"(?:相比)?|同比)?(?:{_VERBS})(?:得|了|的)?(?:金额|幅度|额)?"
                              rf"(?:最|谁最|哪家最|哪个最)?(?:多|少|大|小|快|慢|高|低|{'|'.join(_DEGREE)})?"
                              r"|[（(]按[^）)]{2,6}[)）]")
_LEADERS = 3


def asks_change_ranking(norm: str) -> bool:
    return bool(CHANGE_RANK_RE.search(norm))


def _body_ids(eng, key: str, ds: list) -> list[str]:
    """The filings a body's change is read from: the year's (``ds``) and the body's filings of the
    same kind of other years, as a change question about that body alone reads them (the year
    before's figure in its own filing); a tables-only twin only through its full filing."""
    kind = {(d.doc_type, d.scope) for d in ds}
    own = [x for x in eng.resolver.by_name.get(key, []) if (eng.docs[x].doc_type, eng.docs[x].scope) in kind]
    twin_of = getattr(eng, "twin_of", {})
    year = [d.doc_id for d in ds if not (d.doc_id in twin_of and twin_of[d.doc_id] in own)]
    return list(dict.fromkeys([*year, *own]))


def unread_change_ranking(norm: str) -> bool:
    """A ranking counted from a base (比上年…最多), or saying a change word before its 最 (降得最离谱),
    whose change this module does not read: never answered by ranking the level in its place."""
    return bool(CHANGE_BASE_RE.search(norm) or UNREAD_CHANGE_RE.search(norm)) and not asks_change_ranking(norm)


def rank_changes(eng, text, plan, cq, codes, understood, groups: dict, left: list, year, names=None,
                 missing=()) -> Answer:
    """``groups``: body → its filings of the year ranked (``ranking.choose``); ``left``: the
    filings left out, with the reason; ``names``: the bodies the question lists, ``missing``: the
    listed words that named no filing. A listed body left out for its kind of filing, or not
    found, could hold the first place as much as one whose change was not computed."""
    from budgetlens.qa.ranking import _left_note, who_left

    m = CHANGE_RANK_RE.search(plan.norm)
    if m is None:
        return not_found(text, "问题没有说按哪种变化排名。", understood)
    # (the question's own words: a bracket saying it, 按百分比, is no part of the measure's)
    pct = bool(_PCT_RE.search(m.group(0)) or _PCT_SAID_RE.search(plan.norm) or _PCT_SAID_RE.search(text))
    falling = m.group(1) in _FALL_VERBS
    either = m.group(1) in _EITHER_WAY
    most = m.group(2) in ("多", "大", "快", "高", *_DEGREE)
    # 降幅最大: the most negative change first; 增加最多: the most positive; 增加最少: the least
    ascending = falling == most
    ask = "增长了百分之几" if pct else "增加了多少"
    # the measure's words, then the change asked of one body (…“三公”经费 比上年增长了百分之几)
    body_cq = _CHANGE_WORDS_RE.sub(" ", cq).strip() + "比上年" + ask
    # (the signed change: 降幅 in the ranking's words would turn each body's fall into its size,
    # and a rise into a size as well — ``plan.decrease_size``)
    body_plan = replace(plan, operation="change_pct" if pct else "change", unit="%" if pct else plan.unit,
                        norm=_CHANGE_WORDS_RE.sub(" ", plan.norm) + "比上年" + ask)
    done, unsure = [], []
    for key, ds in groups.items():
        try:
            a = eng.compute(text, body_plan, body_cq, codes, [(key, _body_ids(eng, key, ds))], dict(understood))
        except NotFound:
            a = None
        if a is None or a.kind in ("not_found", "clarify") or a.value is None or not a.citations:
            unsure.append((ds, "算不出比上年的变化"))
            continue
        done.append((label(eng.resolver, key) if key in eng.resolver.by_name else key, a))
    if not done:
        return not_found(text, "这些文件都算不出所问的比上年变化。", understood)
    if either:  # 变化最大: the largest change either way
        done.sort(key=lambda e: abs(e[1].value), reverse=most)
    else:
        done.sort(key=lambda e: e[1].value, reverse=not ascending)
    unit = body_plan.unit
    cites: list[AnswerCitation] = []
    rows: list[AnswerRow] = []
    parts: list[str] = []
    for name, a in done:
        first = len(cites) + 1
        cites.extend(a.citations)
        marks = "".join(f"[{k}]" for k in range(first, len(cites) + 1))
        rows.append(AnswerRow(entity=name, fiscal_year=year, value=round(a.value, 6), unit=unit,
                              value_wan=round(a.value, 6) if unit == "万元" else 0.0, citation=first))
        parts.append(f"{name} {fmt(a.value)} {unit}{marks}")
    word = "变化" if either else ("降幅" if falling else "增幅") if pct else ("减少" if falling else "增加")
    word += ("最大" if pct or either else "最多") if most else ("最小" if pct or either else "最少")
    out_note, _ = _left_note(left, unsure, missing, eng)
    apart = [d for d, r in left if r != f"没有{year}年的文件"] if names else []
    # each listed body's own filing: the kinds said when they differ (单位预算、部门预算)
    kinds = dict.fromkeys(f"{d.scope or '部门'}{'决算' if d.doc_type == 'final_accounts' else '预算'}"
                          for ds in groups.values() for d in ds[:1])
    covered = (f"比较了 {len(done)} 份{year or ''}年的文件比上年的变化"
               + (f"（{'、'.join(kinds)}，各单位自己的文件）" if len(kinds) > 1 else "") + out_note)
    understood = {**understood, "operation": "ranking", "unit": unit,
                  "measure": (done[0][1].understood or {}).get("measure") or understood.get("measure"),
                  "covered": [eng.docs[a.citations[-1].doc_id].path for _, a in done],
                  "left_out": [d.path for d, _ in left] + [d.path for ds, _ in unsure for d in ds]}
    verified = all(a.verified for _, a in done)
    if unsure or apart or missing:
        leaders = done[:_LEADERS]
        cands = [{"label": n, "value": round(a.value, 6), "unit": unit,
                  "citation": {"path": a.citations[-1].path, "page": a.citations[-1].page,
                               "doc_id": a.citations[-1].doc_id}} for n, a in leaders]
        why = "；".join(([f"{'、'.join(dict.fromkeys(who_left(eng, ds[0]) for ds, _ in unsure))}算不出比上年的变化"]
                        if unsure else [])
                       + ([f"问题列出的{'、'.join(dict.fromkeys(who_left(eng, d) for d in apart))}没有可比的文件"]
                          if apart else [])
                       + ([f"问题列出的{'、'.join(missing)}没有找到文件"] if missing else []))
        return Answer(question=text, answer=f"不能断定{word}的是谁：{why}，它们可能排在前面。"
                      f"{covered}。已算出的单位中：" + "；".join(parts[:_LEADERS]) + "。", kind="clarify",
                      citations=cites, verified=verified, table=rows, candidates=cands,
                      understood={**understood, "first_place": "未断定：未计入的单位可能排在前面"})
    top_name, top = done[0]
    head = f"比上年{word}的是{top_name}（{fmt(top.value)} {unit}）[{rows[0].citation}]。"
    if not either and most and (top.value > 0 if falling else top.value < 0):
        # 增加最多 where every body fell: the premise said, not a rise stated
        head += f"（所比较的单位都没有比上年{'减少' if falling else '增加'}，这是变化最接近的一家。）"
    return Answer(question=text, answer=head + covered + "。各单位比上年的变化：" + "；".join(parts[:10]) + "。",
                  value=round(top.value, 6), unit=unit, citations=cites, verified=verified, kind="compare",
                  table=rows, understood=understood)
