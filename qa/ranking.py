"""Rankings across filings: the measure found in every filing of the question's coverage,
sorted, with the coverage said (which filings were compared, which left out and why).

    哪个单位2026年“三公”经费预算最多？ → 因公…最多的是深圳市公安局（…万元）[1]。比较了 12 份文件，
    另有 2 份没有印出这一项（未计入：…）。

The rules, in order:

- *One year.* Only filings of one year are ranked: the year asked, else the year most of
  the bodies asked about filed (the latest on a tie); a body with no filing of that year is
  left out and named (没有2026年的文件).
- *One kind of filing.* 预算 with 预算, 决算 with 决算, a department's own filing (部门) with
  departments' — the kind the question names, else the kind most bodies filed; the others
  are left out and named (口径不同).
- *One measure.* A filing whose best row names fewer of the measure's words than the others'
  (公务用车 where they print 公务用车运行维护费), or reads it only under a qualifying column the
  question does not ask for (单位资金|事业收入), does not yield the measure with confidence:
  left out and named (没有印出这一项 / 只印出另一口径).
- *No first place that a left-out filing could take.* When a filing the question asked about
  is left out for its measure (not for its year or kind) and could hold more (for 最多: its
  支出总计 is not below the leader's figure, or unknown; for 最少: always), no first place is
  stated: the leaders among the compared filings are offered as candidates (``clarify``).
- *Ties are said.* Two filings printing the same figure at the top share the first place
  (并列最多).
"""

from __future__ import annotations

import re
from collections import Counter

from budgetlens.index.facts import canon
from budgetlens.qa.compose import resolved_scope
from budgetlens.qa.compute import cite, convert, fmt, not_found, ranking_rows, _is_year_row
from budgetlens.qa.narrow import find_own, narrowed
from budgetlens.qa.plan import Plan
from budgetlens.qa.rank_change import asks_change_ranking, rank_changes, unread_change_ranking
from budgetlens.qa.rank_parts import asks_three_total, three_parts
from budgetlens.qa.verify import unverified_numbers
from budgetlens.qa.wholes import share_segments
from budgetlens.schemas.answer import Answer

_LEADERS = 3  # candidates offered when no first place can be stated


def _generic_row(row: str) -> bool:
    return _is_year_row(row) or row.strip() in ("合计", "小计", "总计", "决算数", "预算数")


def _kind(d) -> tuple[str, str]:
    return ("决算" if d.doc_type == "final_accounts" else "预算", d.scope or "部门")


def asked_docs(eng, plan: Plan, names=None) -> list:
    """The filings the question asks about: of the bodies it names, else of the place it
    names (深圳这批…, 重庆这7个部门: as the filings' names print it), else every filing."""
    docs = list(eng.docs.values())
    twin_of = getattr(eng, "twin_of", {})
    if names:
        keep = {d for n in names for d in eng.resolver.by_name[n]}
        return [d for d in docs if d.doc_id in keep or twin_of.get(d.doc_id) in keep]
    place = max((p for p in eng.resolver.places if p in plan.norm), key=len, default="")
    if place:
        docs = [d for d in docs if any(place in n for n in (d.entity, *d.names) if n)]
    return docs


def _shown(eng, name: str) -> str:
    from budgetlens.qa.resolve import label

    return label(eng.resolver, name) if name in eng.resolver.by_name else name


def _body(eng, d, names) -> str:
    full = getattr(eng, "twin_of", {}).get(d.doc_id)
    if full is not None:  # a tables-only twin is its full filing's: one body, never a second one ranked
        return _body(eng, eng.docs[full], names)
    return next((n for n in (names or []) if d.doc_id in eng.resolver.by_name.get(n, [])), None) or who_left(eng, d)


def choose(eng, docs: list, plan: Plan, names, by_year: bool, own=None) -> tuple[dict, list, int | None]:
    """(groups to rank: key → filings, left out: (filing, reason), the year ranked). ``own``:
    listed bodies ranked each by its own filing, no scope asked — the 单位 filing of those in
    ``own`` (交通运输局（本级）), the 部门 filing of the others, else whichever it filed."""
    left: list = []
    if by_year:  # one body's years: one filing a year, the department's own (部门) before a unit's
        if plan.years:
            docs = [d for d in docs if d.fiscal_year in plan.years]
        if plan.final is not None:
            docs = [d for d in docs if (d.doc_type == "final_accounts") == plan.final] or docs
        else:
            # budgets with budgets: a year's final account is no figure to rank beside another
            # year's budget — the kind most years filed (预算 on a tie), the others left out
            years_of = Counter(t for t in {(d.fiscal_year, d.doc_type) for d in docs})
            kinds = Counter(t for _, t in years_of)
            if len(kinds) > 1:
                keep = max(kinds, key=lambda t: (kinds[t], t == "budget"))
                left.extend((d, f"口径不同（{_kind(d)[0]}）") for d in docs if d.doc_type != keep)
                docs = [d for d in docs if d.doc_type == keep]
        best: dict = {}
        for d in sorted(docs, key=lambda d: (d.scope != "部门", d.doc_id)):
            best.setdefault(d.fiscal_year, d)
        return {f"{y}年": [d] for y, d in best.items() if y}, left, None
    bodies: dict = {}
    for d in docs:
        bodies.setdefault(_body(eng, d, names), []).append(d)
    year: int | None
    if plan.years:
        year = plan.years[0]
    else:  # the year most bodies filed, the latest on a tie
        count = Counter(y for ds in bodies.values() for y in {d.fiscal_year for d in ds} if y)
        year = max(count, key=lambda y: (count[y], y)) if count else None
    groups: dict = {}
    for key, ds in bodies.items():
        same = [d for d in ds if d.fiscal_year == year] if year else ds
        if not same:
            left.extend((d, f"没有{year}年的文件") for d in ds)  # each filing counts: 另有 N 份
            continue
        groups[key] = same
    # one kind of filing: the one asked, else the one most bodies filed
    kinds = Counter(k for ds in groups.values() for k in {_kind(d) for d in ds})
    want_type = {True: "决算", False: "预算"}.get(plan.final) if plan.final is not None else None
    want_scope = plan.scope or None
    fits = [k for k in kinds if (want_type is None or k[0] == want_type) and (want_scope is None or k[1] == want_scope)]
    fits = fits or list(kinds)  # none of the kind asked: the kind most bodies filed, said in the answer
    if fits:
        kind = max(fits, key=lambda k: (kinds[k], k[1] == "部门", k[0] == "预算"))
        for key in list(groups):
            same = [d for d in groups[key] if _kind(d) == kind]
            if own is not None:  # each listed body's own filing (无锡市交通运输局（本级）'s 单位预算 beside
                # 无锡市水利局's 部门预算), budgets with budgets; the answer says the scopes
                typed = [d for d in groups[key] if _kind(d)[0] == kind[0]]
                same = [d for d in typed if _kind(d)[1] == ("单位" if key in own else "部门")] or typed
            if not same:
                left.extend((d, f"口径不同（{d.scope or '部门'}{_kind(d)[0]}）") for d in groups[key])
                del groups[key]
            else:
                groups[key] = same
    return groups, left, year


_OTHER_FUNDS = ("单位资金", "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴", "其他收入",
                "财政专户", "政府性基金", "国有资本经营", "上年结转", "结转结余")


def _confident(m, cq: str) -> bool:
    """A figure read from the column of a fund the question does not ask for (单位资金|事业收入)
    is not the measure asked: it is another 口径 of the same row."""
    col = m.fact.col or ""
    return not any(w in col and w not in cq for w in _OTHER_FUNDS)


def _ceiling(eng, ds, year, views: dict) -> float | None:
    """What a filing could hold at most: its 支出总计 in 万元 (None when not printed)."""
    ids = [d.doc_id for d in ds]
    if "支出总计" not in views:
        views["支出总计"] = narrowed(eng, "支出总计", [])
    m, _, _ = views["支出总计"].find("支出总计", [], ids, ds[0].fiscal_year, year or ds[0].fiscal_year)
    return convert(m.fact.value, m.fact.unit, "万元") if m else None


def _within_totals(eng, entries: list, unsure: list, year, views: dict, cq: str) -> list:
    """The leaders whose figure is no more than their filing's 支出总计 (a part of the spending
    cannot exceed it: 元 read as 万元, or another filing's total): one that is more is left out
    (读数大于支出总计) and the next is tried, up to three."""
    if re.search(r"收入|收支|总计|资产", cq):
        return entries
    for _ in range(3):
        if not entries:
            break
        ceiling = _ceiling(eng, entries[0][3], year, views)
        if ceiling is None or entries[0][2] <= ceiling * 1.001 + 0.01:
            break
        unsure.append((entries[0][3], "读数大于支出总计"))
        entries = entries[1:]
    return entries


_ASKING_RE = re.compile(r"(?:哪|那)(?:一个|一家|个|家)?(?:单位|部门|机构|街道)?|这(?:一?批|些|几家)(?:单位|部门)?|"
                        r"(?:各|所有|全部)(?:单位|部门)|谁|最(?:多|少|高|低|大|小)(?:的是)?|排名第?一?|排第一|"
                        # the list's count and its 里 (…这5个部门里 / 四个部门，): no words of the measure
                        r"这?[\d一二两三四五六七八九十]+\s*(?:个|家)(?:[省市区县]级)?(?:(?:部门|单位|机构)(?:里|中|之中|当中)?|里|中|之中|当中)|"
                        r"^\s*(?:里|中|之中|当中)|(?:里|中|之中|当中)(?=\s*(?:哪|谁))|^\s*就|而言")


_COUNT_RE = re.compile(r"([\d一二两三四五六七八九十]+)\s*(?:个|家)(?:市级|省级|区级|县级)?(?:部门|单位|机构)")


def stated_count(text: str) -> int | None:
    """How many bodies the question says it ranks (这15个市级部门 / 17家单位 / 六个部门), if it says."""
    from budgetlens.qa.why import _cn_number

    m = _COUNT_RE.search(text)
    got = _cn_number(m.group(1)) if m else None
    return got[0] if got else None


def measure_words(cq: str, place: str = "") -> str:
    """The question's words that name the measure: less the words that ask for a ranking and
    the place (深圳哪个单位公务接待费预算最少 → 公务接待费预算); 单位 of 哪个单位 must not pick a
    单位资金 column."""
    t = cq.replace(place, " ") if place else cq
    return _ASKING_RE.sub(" ", _GLOSS_RE.sub("", t))


# a word's gloss in brackets (公务接待费（请客吃饭）), not a printed part of a name (因公出国（境）,
# （本级）, （项）, （含…）)
_GLOSS_RE = re.compile(r"[（(](?!境|本级|汇总|项|款|类|含|不含|部门|单位)[\u4e00-\u9fff]{2,8}[)）]")


def ranking(eng, text, plan: Plan, cq, codes, understood, names=None, missing=(), own=None) -> Answer:
    by_year = bool(re.search(r"哪一?年", plan.norm))
    place = "" if names else max((p for p in eng.resolver.places if p in plan.norm), key=len, default="")
    cq = measure_words(cq, place)
    docs = asked_docs(eng, plan, names)
    if not docs:
        return not_found(text, "没有找到可以排名的文件。", understood)
    groups, left, year = choose(eng, docs, plan, names, by_year, own)
    if not by_year and asks_change_ranking(plan.norm):  # 增加最多 / 增幅最大: each body's change, never its level
        return rank_changes(eng, text, plan, cq, codes, understood, groups, left, year, names, missing)
    if not re.search(_DIRECTION, plan.norm):
        # 哪家翻倍了 / 哪个单位超过50万元: which bodies, not a ranking — no first place stated
        return not_found(text, "问题没有说按什么排名（最多还是最少），不给出排名。", understood)
    if _NOT_RANKED_RE.search(cq):
        # 平均每人的三公经费 / 执行率 / 公务接待费和会议费加起来: not a figure the filings print, and
        # ranking the printed one in its place would state another measure's first place
        return not_found(text, "问题按人均、比率或几项之和排名；这里只按文件印出的一个数排名，不拿别的数代替。",
                         understood)
    if not by_year and unread_change_ranking(plan.norm):
        # 比上年变得最多 / 同比哪家最突出: a change asked, its way not read — the level is no answer
        return not_found(text, "问题按比上年（或某一年）的变化排名，但没有读出是按增加还是减少、按金额还是幅度排；"
                         "不拿当年的数排名代替。请说明，例如“比上年增加最多”“降幅最大”。", understood)
    said = stated_count(plan.norm)
    if said and not names and not by_year and said != len(groups):
        # 这15个部门 where the workspace holds 22 of the place and year: which 15 is not known
        cands = [{"label": k, "citation": {"path": ds[0].path, "page": 1, "doc_id": ds[0].doc_id}}
                 for k, ds in list(groups.items())[:20]]
        return not_found(text, f"问题说的是 {said} 个单位，工作区里{place}{year or ''}年可比的文件有 {len(groups)} 个单位，"
                         f"不知道是哪 {said} 个，因此不给出排名。请列出各单位的名称。", understood, cands, kind="clarify")
    found: list = []  # (name, fact, value, measure words, filings)
    unsure: list = []  # (filings, reason): asked, but the measure not read with confidence
    share = _share_words(cq) if plan.unit == "%" else None
    # the measure looked up once across all filings, then read in each (``qa.narrow``)
    look = narrowed(eng, cq, codes) if share is None else None
    views: dict = {}
    wholes: dict = {}  # a share's part fact id → its whole's fact
    sums: dict = {}  # a “三公” total summed from its parts: the first part's fact id → the other parts
    for key, ds in groups.items():
        ids = [d.doc_id for d in ds]
        if share is not None:  # 出国（境）费占“三公”经费的比重谁最高: each body's share, computed
            got = _share(eng, cq, codes, ids, ds[0].fiscal_year, year or ds[0].fiscal_year, plan, share, views)
            if got is None:
                unsure.append((ds, "没有印出这一项"))
                continue
            v, part, whole = got
            wholes[id(part.fact)] = whole.fact
            found.append((key if by_year or names else _body(eng, eng.docs[part.fact.doc_id], names), part.fact, v,
                          part.score // 100, ds))
            continue
        m, considered, _ = find_own(eng, look, cq, codes, ids, ds[0].fiscal_year, year or ds[0].fiscal_year, views,
                                    plan=plan)
        if m is not None and not _confident(m, cq):  # the same row's figure in the column asked, if printed
            m = next((c for c in considered if c.score == m.score and c.fact.row == m.fact.row
                      and c.fact.table == m.fact.table and _confident(c, cq)), m)
        v = convert(m.fact.value, m.fact.unit, plan.unit if plan.unit != "%" else "万元") if m else None
        if m is not None and plan.unit == "%" and m.fact.unit != "%":
            v = None  # a share asked, an amount found: never ranked as a share (17,123.19 %)
        if m is None or v is None:
            # the “三公” total of a filing printing only its three parts: their sum (``rank_parts``)
            got = three_parts(eng, ids, ds[0].fiscal_year, year or ds[0].fiscal_year, plan, views,
                              plan.unit) if plan.unit == "万元" and asks_three_total(cq) else None
            if got is None:
                unsure.append((ds, "没有印出这一项"))
                continue
            v, parts = got
            sums[id(parts[0].fact)] = [p.fact for p in parts[1:]]
            name = key if by_year or names else _body(eng, eng.docs[parts[0].fact.doc_id], names)
            found.append((name, parts[0].fact, v, None, ds))
            continue
        if not _confident(m, cq):
            unsure.append((ds, f"只印出另一口径（{m.fact.label}）"))
            continue
        name = key if by_year or names else _body(eng, eng.docs[m.fact.doc_id], names)
        # (机关运行经费 matched whole in one filing's sentence, 机关运行 in another's: the same words
        # once compared, the end 经费 / 费 / 支出 said or not)
        compared = canon(m.label)
        found.append((name, m.fact, v, m.score // 100 - (len(m.label) - len(compared)
                                                          if m.label.startswith(compared) else 0), ds))
    # a filing whose best row names fewer of the measure's words than the others' prints
    # another measure (公务用车 where the others print 公务用车运行维护费)
    most = max((e[3] for e in found if e[3] is not None), default=0)
    unsure.extend((e[4], f"只印出另一项（{e[1].label}）") for e in found if e[3] is not None and e[3] < most)
    entries = [(e[0], e[1], e[2], e[4]) for e in found if e[3] == most or e[3] is None]
    if not entries:
        return not_found(text, "这些文件都没有印出所问的数字。", understood)
    entries.sort(key=lambda e: e[2], reverse=not plan.lowest)
    # 中共广州市委宣传部（中国共产党广州市委员会宣传部）: a body named as the question said it and as printed
    entries = [(_shown(eng, n), *rest) for n, *rest in entries]
    if not plan.lowest and share is None and plan.unit == "万元":
        entries = _within_totals(eng, entries, unsure, year, views, cq)
        if not entries:
            return not_found(text, "这些文件都没有印出可信的所问数字。", understood)
    rows, cites = ranking_rows([e[:3] for e in entries], eng.docs, plan.unit)
    shown = {}  # a share's computation, its whole cited after the parts: （215.6 ÷ 226.86）[1][6]
    for i, (n, f, v, _) in enumerate(entries):
        if id(f) in sums:  # （199.25 + 183.60 + 384.75）[1][7][8]: each part cited
            d = eng.docs[f.doc_id]
            marks = f"[{i + 1}]"
            for p in sums[id(f)]:
                cites.append(cite(p, d.path, n))
                marks += f"[{len(cites)}]"
            shown[i] = "（" + " + ".join(fmt(convert(x.value, x.unit, plan.unit) or 0.0) for x in (f, *sums[id(f)])) \
                + "）" + marks
            rows[i].value_wan = round(v, 6)  # summed in 万元 (``three_parts`` is asked in 万元 only)
            continue
        w = wholes.get(id(f))
        if w is not None:
            d = eng.docs[w.doc_id]
            cites.append(cite(w, d.path, n))
            shown[i] = f"（{fmt(f.value)} ÷ {fmt(w.value)}）[{i + 1}][{len(cites)}]"
    top = entries[0]
    understood["measure"] = top[1].label
    understood.update(resolved_scope([eng.docs[f.doc_id] for _, f, _, _ in entries]))
    understood["covered"] = [eng.docs[f.doc_id].path for _, f, _, _ in entries]
    understood["left_out"] = [d.path for d, _ in left] + [d.path for ds, _ in unsure for d in ds]
    if missing:
        understood["not_resolved"] = list(missing)
    word = "最少" if plan.lowest else "最多"
    years_seen = sorted({eng.docs[f.doc_id].fiscal_year for _, f, _, _ in entries if eng.docs[f.doc_id].fiscal_year})
    covered_years = "、".join(f"{y}年" for y in years_seen)
    measure = _measure_name(top[1], plan, cq) if id(top[1]) not in sums else "“三公”经费"
    if wholes:  # 因公出国（境）费占“三公”经费的比重
        measure = f"{measure}占{_measure_name(wholes[id(top[1])], plan, cq)}的比重"
        word = word.replace("多", "高").replace("少", "低")
    listing = "；".join(f"{n} {fmt(v)} {plan.unit}" + shown.get(i, f"[{i + 1}]")
                       for i, (n, _, v, _) in enumerate(entries[:10]))
    out_note, counts = _left_note(left, unsure, missing, eng)
    # could a filing left out for its measure take the first place?
    threat = [ds for ds, _ in unsure] if plan.lowest or share is not None else [
        ds for ds, _ in unsure if len(unsure) > 20 or (c := _ceiling(eng, ds, year, views)) is None or c >= top[2]]
    # a body the question lists, left out for its kind of filing, may hold the first place: the
    # listed set is not ranked whole. One with no filing of the year ranked has no figure of that
    # year to hold it: the others are ranked, and the answer names it as left out
    absent = [d for d, r in left if r == f"没有{year}年的文件"] if names and not by_year else []
    apart = [d for d, r in left if d not in absent] if names and not by_year else []
    kinds_seen = dict.fromkeys((eng.docs[f.doc_id].scope or "部门") + _kind(eng.docs[f.doc_id])[0] for _, f, _, _ in entries)
    covered = (f"比较了 {len(entries)} 份{covered_years}的文件" + (f"（{'、'.join(kinds_seen)}，各单位自己的文件）"
                                                              if len(kinds_seen) > 1 else "") + out_note)
    # the text shows at most the first ten: only their quotes and figures are evidence for it
    derived = [fmt(v) for _, _, v, _ in entries[:10]] + [fmt(wholes[id(f)].value) for _, f, _, _ in entries[:10]
                                                          if id(f) in wholes]
    derived += [str(len(entries)), str(len(left) + len(unsure)), str(len(threat)), *(str(y) for y in years_seen)]
    derived += [str(c) for c in counts]  # 等 9 个: bodies counted in the left-out line
    derived += [fmt(convert(x.value, x.unit, plan.unit) or 0.0) for _, f, _, _ in entries[:10] if id(f) in sums
                for x in (f, *sums[id(f)])]
    evidence = [c.quote for c in cites[:10]] + [c.quote for c in cites[len(entries):]]
    years_ok = {d.fiscal_year for d in docs if d.fiscal_year}
    if (threat or missing or apart or (names and len(entries) < 2)) and len(entries) > 0 and not by_year:
        leaders = entries[:_LEADERS]
        cands = [{"label": n, "value": round(v, 6), "unit": plan.unit,
                  "citation": {"path": eng.docs[f.doc_id].path, "page": f.page, "doc_id": f.doc_id}}
                 for n, f, v, _ in leaders]
        # a listed body whose filing was not found could hold the first place as well
        why = "、".join(([f"{len(threat)} 份所问的文件读不出可比的数字"] if threat else [])
                       + ([f"问题列出的{'、'.join(dict.fromkeys(who_left(eng, d) for d in apart))}没有可比的文件"]
                          if apart else [])
                       + (["只有 1 份文件可比"] if len(entries) < 2 and not (threat or missing or apart) else [])
                       + ([f"问题列出的{'、'.join(missing)}没有找到文件"] if missing else []))
        text_out = (f"不能断定{measure}{word}的是谁：{why}，"
                    f"它们可能{'更少' if plan.lowest else '更多'}。{covered}。已比较的文件中领先的是："
                    + "；".join(f"{n} {fmt(v)} {plan.unit}[{i + 1}]" for i, (n, _, v, _) in enumerate(leaders)) + "。")
        unverified = unverified_numbers(text_out, evidence + derived, years_ok)
        understood["first_place"] = "未断定：未计入的文件可能" + ("更少" if plan.lowest else "更多")
        return Answer(question=text, answer=text_out, kind="clarify", citations=cites[:len(leaders)],
                      verified=not unverified, unverified_numbers=unverified, table=rows, candidates=cands,
                      understood=understood)
    ties = [e for e in entries if abs(e[2] - top[2]) < 0.005]
    if len(ties) > 1:
        head = (f"{measure}{word}的有 {len(ties)} 份并列（{fmt(top[2])} {plan.unit}）："
                + "、".join(f"{n}[{i + 1}]" for i, (n, _, _, _) in enumerate(ties[:10])) + "。")
        derived.append(str(len(ties)))
    else:
        head = f"{measure}{word}的是{top[0]}（{fmt(top[2])} {plan.unit}）[1]。"
    if absent:  # 问题列出的无锡市信访局没有2026年的文件，未计入排名：the first place is among the others
        head = (f"问题列出的{'、'.join(dict.fromkeys(who_left(eng, d) for d in absent))}没有{year}年的文件，未计入排名；"
                f"在其余{len(entries)}份文件中，") + head
    text_out = head + covered + f"。各文件：{listing}。"
    unverified = unverified_numbers(text_out, evidence + derived, years_ok)
    return Answer(question=text, answer=text_out, value=round(top[2], 6), unit=plan.unit, citations=cites,
                  verified=not unverified, unverified_numbers=unverified, kind="compare", table=rows,
                  understood=understood)


def _share_words(cq: str):
    """Where a share ranking names its part and whole (出国（境）费占三公经费的比重), else None."""
    # 基本支出占比最高的是: the ranking's words are no whole; the part's share of its row's total
    bare = re.sub(r"(?:最高|最低|最大|最小|最多|最少)?的?(?:是|为)?(?:哪一?[家个位]|谁)?[？?]?$", "", re.sub(r"\s+", "", cq))
    k = bare.find("占")
    if k > 0 and re.fullmatch(r"占(?:比|的?比重|的?比例)", bare[k:].strip()):
        return (0, k), (k, k), False
    return share_segments(cq)


def _share(eng, cq, codes, ids, fy, year, plan: Plan, segs, views: dict):
    """(share in %, part, whole) of one body, each operand read in its own words as a share
    question reads them (``wholes.share_segments``); None when either is not printed, or the
    part is not below the whole."""
    from budgetlens.qa.engine import _masked

    from budgetlens.qa.wholes import row_total, total_whole

    (pa, pb), (wa, wb), nested = segs
    q_whole, q_part = _masked(cq, (wa, wb)), _masked(cq, (pa, pb), (wa, wb) if nested else None)
    for q in (q_whole, q_part):
        if q not in views:
            views[q] = narrowed(eng, q, codes)
    part, _, _ = views[q_part].find(q_part, codes, ids, fy, year,
                          plan=plan, within=(pa, pb))
    if wa == wb or total_whole(cq, (wa, wb)):
        # 基本支出占比 / 占支出预算的比例: the total column of the row the part is printed in, as one body's share
        whole = row_total(eng.index, part) if part is not None else None
    else:
        whole, _, _ = views[q_whole].find(q_whole, codes, ids, fy, year, plan=plan)
    if whole is None or part is None or part.fact is whole.fact:
        return None
    p, w = convert(part.fact.value, part.fact.unit, "万元"), convert(whole.fact.value, whole.fact.unit, "万元")
    if p is None or not w or p > w + 0.005:
        return None
    return round(p / w * 100, 2), part, whole


def _measure_name(f, plan: Plan, cq: str) -> str:
    measure = re.sub(r"[（(].*$", "", f.label) if f.kind in ("sentence", "figure") else (
        f.col if _generic_row(f.row) else f.row)
    measure = re.sub(r"^\s*20\d\d\s*年度?", "", measure or "")  # 2026年公务接待费: the year is said apart
    measure = re.sub(r"^(?:其中[:：]?)?[（(]?[一二三四五六七八九十\d]*[)）、.．]?", "", measure)
    measure = re.sub(r"^(?:本部门|本单位|部门)|(?:为|是|共计|共有)$", "", measure)  # 本部门委托业务费…预算为
    measure = re.sub(r"预算$|决算$", "", measure) if plan.final is None else measure
    if measure in ("合计", "小计", "总计", "") and "三公" in cq:
        measure = "“三公”经费"  # a 三公 table's total column
    return measure


# words of a table heading read as a body's name (合计一般公共预算政府性基金…): no body was recognised
_NOT_A_NAME = re.compile(r"合计|总计|一般公共预|政府性基|财政专户|上级补|附属单位|^\W*$")


def who_left(eng, d) -> str:
    """A filing as a journalist would call it: its body's name (the entity, else a name the
    filing prints for itself: 上海水产老干部活动室), else what it is and its file name
    (一份未能识别单位的扫描件 scan3.pdf: a scan whose text gave no body's name; 一份未能识别单位的
    文件 jiangsu-wuxi-001.pdf: a heading's words read as the name)."""
    full = getattr(eng, "twin_of", {}).get(d.doc_id)
    if full is not None:  # a tables-only twin is called by its full filing's body
        return who_left(eng, eng.docs[full])
    for name in (d.entity, *getattr(d, "names", ())):
        if name and not _NOT_A_NAME.search(name):
            return name
    file = d.path.replace("\\", "/").rsplit("/", 1)[-1] or d.name
    scans = getattr(eng, "scans", None) or ()
    return f"一份未能识别单位的{'扫描件' if d.doc_id in scans else '文件'} {file}"


def _left_note(left: list, unsure: list, missing=(), eng=None) -> tuple[str, list[int]]:
    """(，另有 3 份未计入（没有2026年的文件：A；没有印出这一项：B、C）；问题列出的交警局没有找到文件，未计入,
    the counts it prints beside the names: 等 9 个)."""
    tail = f"；问题列出的{'、'.join(missing)}没有找到文件，未计入" if missing else ""
    name = (lambda d: who_left(eng, d)) if eng is not None else (lambda d: d.entity or d.name)
    by_reason: dict = {}
    for d, r in left:
        by_reason.setdefault(r, []).append(name(d))
    for ds, r in unsure:
        key = "只印出另一口径" if r.startswith("只印出另一口径") else "只印出另一项" if r.startswith("只印出另一项") else r
        by_reason.setdefault(key, []).append(name(ds[0]))
    n = len(left) + sum(len(ds) for ds, _ in unsure)
    if not n:
        return tail, []
    # a body with two filings left out is named once; N counts filings (另有 5 份: 4 bodies)
    by_reason = {r: list(dict.fromkeys(ns)) for r, ns in by_reason.items()}
    parts = [f"{r}：{'、'.join(ns[:8])}" + (f" 等 {len(ns)} 个" if len(ns) > 8 else "") for r, ns in by_reason.items()]
    return f"，另有 {n} 份未计入（{'；'.join(parts)}）" + tail, [len(ns) for ns in by_reason.values()]


_WORKSPACE_RE = re.compile(r"(?:在|从)?(?:这个|本|我的)?工作区(?:里|中|内)?的?(?:所有|全部|各个?)?的?")


def workspace_free(text: str) -> str:
    """The question less the words naming the workspace, where every question looks anyway:
    工作区里所有无锡市2025年的部门预算中，哪个部门… → 无锡市2025年的部门预算中，哪个部门…."""
    return _WORKSPACE_RE.sub("", text).lstrip("，, ") or text


_RANKS_RE = re.compile(r"[最更](?:多|少|高|低|大|小|快|慢)|排名|排第一|第一名")
# (谁涨得快: 快 / 慢 of a change)
# (钱用到哪儿去了、为什么减少: 哪儿 / 哪里 ask where, not which)
_WHICH_WAY_RE = re.compile(r"(谁|哪(?![儿里])(?:个|家|一个|一家|个单位|个部门)?)([^，,。？?]*?)(?<![最更多])"
                           r"(多(?!少)|(?<!多)少|高|低|大|小|快|慢|狠|猛)(?:一些|一点|些)?(?=[？?。]?$|[，,（(])")
# ways of saying the last place and the first, as the ranking reads them
_LAST_RE = re.compile(r"倒数第[一1]|垫底|最省|排(?:名|在)?最后一?(?:名|位)?|最末")
_FIRST_RE = re.compile(r"位(?:居|列)榜首|居(?:于)?首位|名列第一|排(?:名|在)?第[一1](?:名|位)?|花(?:得|钱)?最多")


def plain_ranking(text: str) -> str:
    """A ranking question in the words the answerer reads: 垫底 / 倒数第一 / 最省 / 排名最后 as
    最少 and 位居榜首 / 排名第一 / 花得最多 as 最多; less the workspace (``workspace_free``)
    and the words naming a part of it (开发部分的21个部门 → 21个部门, whose count is then checked:
    ``stated_count``), and 谁最大 asked as 哪个单位最大 when no list of bodies is given. Questions
    asking no ranking are returned as they are."""
    text = workspace_free(text)
    text = _LAST_RE.sub("最少", _FIRST_RE.sub("最多", text))  # 垫底 / 倒数第一 → 最少; 位居榜首 → 最多
    # 哪家少一些 / 谁的多: the direction asked, as a ranking says it (not 是多少, which asks a value)
    text = _WHICH_WAY_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}最{m.group(3)}", text, count=1)
    if not _RANKS_RE.search(text):
        return text
    text = re.sub(r"开发部分的?", "", text)
    if "、" not in text and "哪" not in text:
        text = re.sub(r"谁的(?=[^，,。？?]*[最更](?:多|少|高|低|大|小))", "哪个单位的", text, count=1)
        text = re.sub(r"谁(?=[最更](?:多|少|高|低|大|小))", "哪个单位", text, count=1)
    return text


_LIST_RANK_RE = re.compile(r"[最更](?:多|少|高|低|大|小|快|慢|狠|猛|明显|厉害|显著|突出)|前[一二三四五六七八九十\d]+(?:名|位)?|"
                           r"排名|排第")
# a measure no filing prints as one figure: per person, a rate (not a share, read before), a sum
_NOT_RANKED_RE = re.compile(r"人均|平均|每人|每名|每个人|户均|(?<!增长)(?<!增)(?<!降)(?<!涨)率|加起来|加在一起|合起来|"
                            r"之和|相加|一共|总共|[和与及][^，,。？?]{1,12}?(?:合计|总计|总和)")
# a ranking's way: 最多 / 更高 / 排名 / 第一 / 前三 / 倒数 / 垫底 (哪家翻倍了 asks none)
_DIRECTION = (r"[最更](?:多|少|高|低|大|小|快|慢|狠|猛|明显|厉害|显著|突出)|排名|排第|第一|榜首|首位|"
              r"前[一二三四五六七八九十\d]+|倒数|垫底|最后")
_ADDED_RE = re.compile(r"(?<=[\u4e00-\u9fff）)])[，,]\s*(?:再?加上|还有|以及|外加|另加|连同|和)"
                       r"([\u4e00-\u9fff（）()]{2,20}?(?:局|委|委员会|办|办公室|办公厅|厅|院|部|中心|队|署|所))(这\d+家|这[几两一二三四五六七八九十]家)?(?=[，,])")
_BRACKETED_LIST_RE = re.compile(r"(?:同样|还是|就)?(?:这|上述|以上|前面)[几两一二三四五六七八九十\d]*(?:家|个)?(?:单位|部门|机构)?"
                                r"[（(]([^（）()]{2,}、[^（）()]{2,})[)）]")
_THESE_RE = re.compile(r"这(?:几|些|[一二三四五六七八九十两\d]+)?(?:家|个|位)?(?:[省市区县]级)?(?:预算)?(?:部门|单位|机构)?")


def listed_ranking(eng, text: str) -> Answer | None:
    """A ranking over the bodies a question lists after one place, each resolved against the
    names the filings print (``resolve.listed_bodies``):

        深圳市城管局、财政局、发改委、公安局和市委宣传部，2026年谁的公务接待费预算最高？
        → 公务接待费最多的是深圳市公安局（52.99 万元）[1]。比较了 5 份2026年的文件。…

    A listed body matching no printed name is left out and named in the coverage line; one
    matching two printed bodies could hold first place, so the answer asks which
    (``clarify``) with both as candidates. None when the question lists no bodies or does
    not ask a ranking (the question goes the usual way)."""
    from budgetlens.qa.compute import codes_in, question_canon
    from budgetlens.qa.plan import make_plan, plain_gloss, rewrite
    from budgetlens.qa.listed import list_first, listed, pair_as_list, unbracket
    from budgetlens.qa.resolve import label

    # 甲局、乙局，加上丙局，谁的…多: a body added to the list after it is one of the list
    text = _ADDED_RE.sub(r"、\1\2", text)
    text = _BRACKETED_LIST_RE.sub(r"\1", text)  # 同样这8家（甲局、乙局…），…: the list in the bracket
    text = pair_as_list(eng, text) if "、" not in text else text  # 甲局和乙局，谁的…多
    if "、" not in text or not re.search(r"谁|哪", text) or not _LIST_RANK_RE.search(text) or \
            re.search(r"哪一?年", text):  # 2017、2018、2019年哪一年…: a list of years, not of bodies
        return None
    # 排前三的是哪几家 / 前三名是谁: the first place of a top-k is the first place of the ranking
    text_k = re.sub(r"排?前[一二三四五六七八九十\d]+(?:名|位|家)?", "最多", text)
    text_k = re.sub(r"更(多|少|高|低|大|小|快|慢|狠|猛|明显|厉害|显著|突出)", r"最\1", text_k)  # 两家谁更高: the first of two
    if not re.search(r"费|购|买|运行|维护", text_k):  # 谁的公车最多: the cars counted (买车最多: those bought)
        text_k = re.sub(r"(?<![务用])(?:公车|车辆|车)(?:数量|数)?(?=最(?:多|少))", "公务用车车辆数", text_k)
    text_k = plain_gloss(text_k)  # 买公车（公务用车购置费）: the printed name the bracket gives is the measure
    text_k = _GLOSS_RE.sub("", text_k)  # 公务接待费（请客吃饭）: the gloss is no part of the measure
    text_k = list_first(eng, unbracket(eng, text_k))
    norm = rewrite(text_k)
    found = listed(eng, norm)
    if found is None or len(found["names"]) + len(found["missing"]) + len(found["ambiguous"]) < 2:
        return None
    names = found["names"]
    plan = make_plan(text_k, max(2, len(names)), eng.latest)
    plan.operation = "ranking"
    # 交通运输局（本级）、统计局…: 本级 names one listed body's filing, not the ranking's scope; a list
    # saying no scope at all ranks each listed body by its own filing too (the 部门 one, else the one
    # it filed: 无锡交通局 by the 单位预算 of 无锡市交通运输局（本级）), the answer saying the kinds
    own = None if re.search(r"单位预算|单位决算|部门预算|部门决算|本级", found["rest"]) else _own_units(text_k, names)
    if own:
        plan.scope = ""
    understood = {"entity": " / ".join(names) or None,
                  "year": plan.years[0] if len(plan.years) == 1 else (plan.years or None),
                  "scope": (plan.scope + {True: "决算", False: "预算", None: ""}[plan.final]) or None,
                  "measure": None, "operation": "ranking", "unit": plan.unit}
    if found["ambiguous"]:
        cands = [{"label": label(eng.resolver, n), "citation": {"path": eng.docs[eng.resolver.by_name[n][0]].path,
                                                                "page": 1, "doc_id": eng.resolver.by_name[n][0]}}
                 for _, ns in found["ambiguous"] for n in ns]
        said = "；".join(f"{item}可能是{'或'.join(ns)}" for item, ns in found["ambiguous"])
        return not_found(text, f"问题列出的单位中有的简称对得上不止一个单位（{said}），请指明是哪一个。",
                         understood, cands, kind="clarify")
    if not names:
        return not_found(text, f"问题列出的{'、'.join(found['missing'])}都没有找到文件。", understood)
    if len(names) < 2:
        return None  # one body recognised of those listed: no ranking (the usual way declines, naming it)
    cq = question_canon(_THESE_RE.sub(" ", found["rest"]), names)
    return ranking(eng, text, plan, cq, codes_in(norm), understood, names, missing=found["missing"], own=own)


def _own_units(text: str, names: list[str]) -> set[str]:
    """The listed bodies whose item says （本级）: the body's own 单位 filing is the one meant."""
    from budgetlens.qa.understand import _subsequence

    out = set()
    for m in re.finditer(r"([\u4e00-\u9fff]{1,12}?(?:局|委员会|委|办公室|办|厅|院|中心|署))\s*[（(]本级[)）]", text):
        out |= {n for n in names if _subsequence(m.group(1)[-4:], n)}
    return out
