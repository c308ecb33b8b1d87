"""A total the narrative states with its parts in the same sentence, checked by their sum:

    2020年机关运行经费预算总计82万元，其中：办公经费41.47万元，公务接待费2万元，委托业务费7.28万元，
    工会经费17.25万元，公务用车运行维护费12万元，其他商品和服务支出2万元。
    → 41.47 + 2 + 7.28 + 17.25 + 12 + 2 = 82 万元，与总计 82 万元一致。

Asked when the question quotes the total and asks whether its parts add up to it (和…几项加起来
一致吗 / 之和对得上吗) and the tables give no answer. The sentence must print the quoted total,
then 其中, then at least two amounts each after its own words; a sentence also stating a change
(比上年增加…) is not such a list. Equal within a cent per part is 一致.
"""

from __future__ import annotations

import re

from budgetlens.qa.compute import cite, fmt
from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer

_ADDS_UP = re.compile(r"加起来|之和|加总|相加|合计|[二两三四五六七八九十\d]项")
_NUMERALS = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNT_RE = re.compile(r"([二两三四五六七八九十]|\d{1,2})\s*(?:大类|个?分项|项|类)(?!\s*[)）])")
# one item of a list: its words (numbering and a class code allowed) and the amount right after them
_ITEM_RE = re.compile(r"^\s*(?:[（(]?\d{1,2}[)）.、．]\s*)?(?P<w>[^\d，,。；;：:]*?(?:[（(]\d+[)）])?[^\d，,。；;：:]*?)"
                      r"\s*(?P<v>\d[\d,]*(?:\.\d+)?)\s*万元")
_NOT_ITEM = re.compile(r"^\s*20\d\d\s*年|较|比|与上年|增加|减少|增长|下降|持平|合计|总计|其中")
# where a clause ends: not at the comma of a thousands separator (35,066.9)
_CLAUSE_RE = re.compile(r"[，；;。：:、]|,(?!\d{3})")
_NUMBERED = re.compile(r"^\s*[（(]?(\d{1,2})[)）.、．]")


def _count(text: str) -> int | None:
    """How many parts the question says there are (七项支出 / 四大类 / 六项主要内容), if it says."""
    m = _COUNT_RE.search(text)
    return None if m is None else int(m.group(1)) if m.group(1).isdigit() else _NUMERALS[m.group(1)]


def _items(clauses: str) -> list[tuple[str, float]]:
    """The (words, amount) of each clause that names a part and its amount; a clause stating a
    change or a reason (较上年增加1389.05万元 / 原因主要是…) names none."""
    out = []
    for c in _CLAUSE_RE.split(clauses):
        m = _ITEM_RE.match(c)
        if m and len(re.findall(r"[\u4e00-\u9fff]", m.group("w"))) >= 2 and not _NOT_ITEM.search(m.group("w")):
            out.append((m.group("w"), float(m.group("v").replace(",", ""))))
    return out


def _list_after(pieces: list, i: int, total: float, asked: int | None = None):
    """(the pieces cited, the parts) of a list that the sentence ``pieces[i]`` opens by stating
    ``total`` then 其中: the parts it prints after 其中, and when it prints fewer than two, or
    ends on ；, the parts of the sentences after it on its page, one per sentence, up to one
    that is no part (2019年本部门…其中：… starts another list) or the 。 that closes a ；list.
    Sentences each closed by 。 are read as parts only up to the count the question says
    (``asked``): without it, where such a list ends is not known."""
    f = pieces[i]
    q = re.sub(r"\s+", "", f.quote or "")
    k = q.find("其中")
    if k < 0:
        return _heading_list(pieces, i, total, asked)
    head = [(w, v) for w, v in _items_any(q[:k])]
    if not head or abs(head[-1][1] - total) > 0.005:
        return None
    cited = [f]
    nxt = pieces[i + 1] if i + 1 < len(pieces) else None
    if (not re.search(r"[。；;]$", q) and nxt is not None and nxt.doc_id == f.doc_id and nxt.page == f.page + 1
            and re.search(r"\d{1,3}$", q)):
        # …其中：拟采31 | 购货物支出303.4万元、…。: a sentence the page broke, its page number read at the break
        q = re.sub(r"\d{1,3}$", "", q) + re.sub(r"\s+", "", nxt.quote or "")
        cited.append(nxt)
    items = _items(q[k + 2:].lstrip("：:，,"))
    if len(items) >= 2 and q.endswith("。"):
        return cited, items
    semicolons = q.endswith(("；", ";"))
    for g in pieces[i + 1:]:
        t = re.sub(r"\s+", "", g.quote or "")
        if g.page != f.page or g.doc_id != f.doc_id or "其中" in t:
            break
        if not semicolons and (asked is None or len(items) >= asked):
            break
        own = _items(t)
        if not own or not _items(_CLAUSE_RE.split(t)[0]):
            break  # a sentence that does not open on a part ends the list
        items += own[:1] if not semicolons else own
        cited.append(g)
        semicolons = semicolons or t.endswith(("；", ";"))
        if semicolons and t.endswith("。"):
            break
    return (cited, items) if len(items) >= 2 else None


def _heading_list(pieces: list, i: int, total: float, asked: int | None):
    """(the pieces cited, the parts) of a total stated alone in its sentence, as a heading states
    it ((二)公用经费 54.75 万元。), and the sentence right after it on its page when every clause of
    it is a part with its amount, up to its full stop (办公费 6.86 万元、印刷费 0.75 万元、…、办公设备购置
    0.31 万元。); the count the question says, if any, must be the list's."""
    f = pieces[i]
    q = re.sub(r"\s+", "", f.quote or "")
    own = _items_any(q)
    if len(own) != 1 or abs(own[0][1] - total) > 0.005 or not q.endswith("。") or len(find_amounts(q)) != 1:
        return None
    if i + 1 >= len(pieces) or pieces[i + 1].page != f.page or pieces[i + 1].doc_id != f.doc_id:
        return None
    nxt = re.sub(r"\s+", "", pieces[i + 1].quote or "").rstrip("。")
    clauses = [c for c in _CLAUSE_RE.split(nxt) if c]
    items = _items(nxt)
    if len(items) < 2 or len(items) != len(clauses) or len(find_amounts(nxt)) != len(items):
        return None  # a clause that is no part (a change, a reason, a year's figure): not a list of parts
    if asked is not None and asked != 99 and len(items) != asked:
        return None
    return [f, pieces[i + 1]], items


def find_amounts(text: str) -> list[str]:
    """The amounts in 万元 a sentence prints."""
    return re.findall(r"\d[\d,]*(?:\.\d+)?\s*万元", text)


def _items_any(text: str) -> list[tuple[str, float]]:
    """Every (words, amount) of a sentence's clauses, a stated total among them."""
    out = []
    for c in _CLAUSE_RE.split(text):
        m = _ITEM_RE.match(re.sub(r"^\s*20\d\d\s*年度?", "", c))
        if m and not re.search(r"较|比|增加|减少|增长|下降", m.group("w")):
            out.append((m.group("w"), float(m.group("v").replace(",", ""))))
    return out


def _numbered_after(pieces: list, i: int, total: float, subject_of):
    """(the pieces cited, the parts) of a numbered list the sentence ``pieces[i]`` opens
    (财政拨款支出主要内容如下：1. “…（项）”53.84万元，…), each number's first amount, the lines
    between them (2023年当年预算执行数为…) skipped; its total is the sentence of the page that
    prints ``total`` after the words the list's opening names (财政拨款支出预算950.12万元)."""
    f = pieces[i]
    q = re.sub(r"\s+", "", f.quote or "")
    k = q.find("如下")
    if k < 0 or not _NUMBERED.match(q[k + 2:].lstrip("：:")):
        return None
    whole = subject_of(q[:k])
    if len(whole) < 2:
        return None
    said = next((g for g in pieces if g.page == f.page and g.doc_id == f.doc_id and any(
        abs(v - total) <= 0.005 and whole in re.sub(r"\s+", "", w) for w, v in _items_any(re.sub(r"\s+", "", g.quote)))), None)
    if said is None:
        return None
    items, cited, want = [], [said], 1
    for g in pieces[i:]:
        if g.page != f.page or g.doc_id != f.doc_id:
            break
        t = re.sub(r"\s+", "", g.quote or "")
        t = t[k + 2:].lstrip("：:") if g is f else t
        n = _NUMBERED.match(t)
        if n is None or int(n.group(1)) != want:
            continue
        m = _ITEM_RE.match(t)
        if m is None:
            break
        items.append((m.group("w"), float(m.group("v").replace(",", ""))))
        cited.append(g)
        want += 1
    return (cited, items) if len(items) >= 2 else None


def _pieces(eng, doc_id: str) -> list:
    """A filing's narrative sentences in reading order, once each, as the reader split them."""
    seen, out = set(), []
    for f in eng.index.by_doc.get(doc_id, []):
        if f.kind == "sentence" and f.quote not in seen:
            seen.add(f.quote)
            out.append(f)
    return out


def said_parts(eng, text: str, quoted: list, doc_ids: list[str], names, understood: dict) -> Answer | None:
    """The check of the module's rule; None when the question or the filings give no such list,
    or when two lists of the quoted total (by two classifications) disagree and the question
    does not say which by their count (七项 / 四大类)."""
    from budgetlens.qa.resolve import bare
    from budgetlens.qa.why import _subject

    totals = [n for n, u in quoted if u == "万元"]
    if not totals or not _ADDS_UP.search(text):
        return None
    total, asked = totals[0], _count(text)
    lists, opened = [], 0
    for d in doc_ids:
        pieces = _pieces(eng, d)
        for i in range(len(pieces)):
            opened += bool(_list_after(pieces, i, total, 99))  # every list of the total, read or not
            found = _list_after(pieces, i, total, asked) or _numbered_after(
                pieces, i, total, lambda s: re.sub(r"主要内容|主要用途|具体|情况|[^\w]", "", _subject(s)))
            if found and (asked is None or len(found[1]) == asked):
                lists.append(found)
    if not lists or asked is None and opened > len(lists):
        return None  # another list of the same total, whose end is not known: which one is asked is not
    sums = [round(sum(v for _, v in items), 2) for _, items in lists]
    oks = {abs(s - total) <= 0.01 * len(items) for s, (_, items) in zip(sums, lists)}
    if len(oks) > 1:
        return None
    (pieces, items), s = lists[0], sums[0]
    ok = oks.pop()
    f = pieces[0]
    d = eng.docs[f.doc_id]
    verdict = "pass" if ok else "fail"
    understood.update({"measure": re.sub(r"\s+", "", f.quote).split("其中")[0].rstrip("，,："), "verdict": verdict})
    said = "".join(p.quote.strip() for p in pieces) if len(pieces) <= 2 else f"{pieces[0].quote.strip()}…"
    refs = "".join(f"[{n}]" for n in range(1, len(pieces) + 1))
    added = " + ".join(fmt(v) for _, v in items)
    answer = (f"{bare(names[0])}{d.fiscal_year or ''}年的说明（第{f.page}页）写：“{said}”{refs}。"
              f"其中各项 {added} = {fmt(s)} 万元，" + (f"与总计 {fmt(total)} 万元一致。" if ok else
                                               f"与总计 {fmt(total)} 万元不一致，相差 {fmt(abs(s - total))} 万元。"))
    derived = [fmt(s), fmt(total), fmt(abs(s - total)), str(f.page)] + [fmt(v) for _, v in items]
    missing = unverified_numbers(answer, [p.quote for p in pieces] + derived,
                                 {d.fiscal_year} if d.fiscal_year else set())
    return Answer(question=text, answer=answer, citations=[cite(p, d.path, d.entity) for p in pieces],
                  verified=not missing, unverified_numbers=missing, kind="consistency", understood=understood,
                  checks=[{"check_id": "narrative.parts=total", "status": verdict, "message": answer}])


_Q_DELTA = re.compile(r"(增加|减少|增长|下降|多|少)了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
_NOISE = re.compile(r"(?:比|较)(?:上年|去年|20\d\d年?)(?:预算)?|增加|减少|增长|下降|说|部门预算|两年的?|预算里的?|里的?|"
                    r"和|跟|与|对得上吗|对得上|一致吗|一致|[\d.,]+万元|20\d\d年、?|[?？，,]")


def change_vs_years(eng, text: str, plan, doc_ids_all: list[str], names, understood: dict) -> Answer | None:
    """A change the question says the filing states (会议费比上年预算减少42万元) against the measure
    in the two years' own filings the question names (和2018年、2019年两年预算里的会议费): the
    later minus the earlier, each read as its own filing prints it for its own year, the same
    printed row in both; equal within a cent is 一致. None when either filing or row is missing."""
    from budgetlens.qa.compute import convert
    from budgetlens.qa.resolve import bare

    dm = _Q_DELTA.search(text)
    years = sorted({int(y) for y in re.findall(r"(20\d\d)\s*年", text)})
    if dm is None or len(years) != 2 or years[1] - years[0] != 1:
        return None
    stated = float(dm.group(2).replace(",", "")) * (1 if dm.group(1) in ("增加", "增长", "多") else -1)
    words = _NOISE.sub(" ", text)
    for n in names:
        words = words.replace(n, " ")
    got = []
    for y in years:
        ids, fy = eng._group(doc_ids_all, plan, y)
        if not ids or fy != y:
            return None
        m, _, _ = eng.find(words, [], ids, y, y, plan=plan, kinds=("grid", "cell"))
        if m is None:
            return None
        got.append(m)
    before, now = got
    if before.fact.row != now.fact.row or before.fact.col != now.fact.col:
        return None  # not the same printed line in both years: not one measure
    a, b = convert(now.fact.value, now.fact.unit, "万元"), convert(before.fact.value, before.fact.unit, "万元")
    if a is None or b is None:
        return None
    delta = round(a - b, 2)
    ok = abs(delta - stated) <= 0.011
    d0, d1 = eng.docs[before.fact.doc_id], eng.docs[now.fact.doc_id]
    cites = [cite(before.fact, d0.path, d0.entity), cite(now.fact, d1.path, d1.entity)]
    verdict = "pass" if ok else "fail"
    understood.update({"measure": now.fact.label, "verdict": verdict})
    head = (f"{bare(names[0])}：{years[0]}年的文件印出「{before.fact.label}」{fmt(b)} 万元（第{before.fact.page}页）[1]，"
            f"{years[1]}年的文件印出 {fmt(a)} 万元（第{now.fact.page}页）[2]，{fmt(a)} − {fmt(b)} = {fmt(delta)} 万元；"
            f"问题所说{dm.group(1)} {dm.group(2)} 万元" + ("，一致。" if ok else "，不一致。"))
    derived = [fmt(a), fmt(b), fmt(delta), fmt(abs(delta)), dm.group(2), str(now.fact.page), str(before.fact.page)]
    missing = unverified_numbers(head, [c.quote for c in cites] + derived, set(years))
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": "question.stated_change=two_filings", "status": verdict, "message": head}])
