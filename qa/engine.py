"""The question answered over the fact index, with its conversation state.

``Engine.ask(text, state)`` resolves the entity (``qa.resolve``), reads the operation,
years, scope and unit (``qa.plan``), finds the measure among the facts the chosen
filings print (``qa.compute``) and computes. A follow-up reuses what the previous turn
resolved (``state``): 那2024年呢？ keeps the entity and measure and changes the year;
那公务接待费呢？ / 其中因公出国（境）费呢？ keeps entity and year; 和上年比呢？ turns the
previous lookup into a change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from budgetlens.index.facts import Fact, FactIndex, bigrams, canon
from budgetlens.qa.compose import (compose, compose_stated, compose_stated_rate, printed_at, resolved_scope,
                                   same_amount, stated_change)
from budgetlens.qa.line_change import a_change, line_change
from budgetlens.qa.wording import _TO_WAN, in_wan, title_fit, titles_said
from budgetlens.qa.compute import (
    Finder,
    Match,
    NotFound as _NotFound,
    convert,
    candidate_rows,
    cite,
    codes_in,
    fmt,
    leftover,
    measure_words,
    not_found,
    question_canon,
    same_number,
    similar_rows,
)
from budgetlens.qa.choose import EACH_RE, ask_which, each_body, place_bodies
from budgetlens.qa.coherence import incoherent
from budgetlens.qa.consistency import consistency
from budgetlens.qa.cross_rows import Split, both_halves, crossed, crossed_rows, parts_rows
from budgetlens.qa.doubt import _figure_year, doubt
from budgetlens.qa.cars import held_or_bought
from budgetlens.qa.labels import in_printed_words, label_said_apart
from budgetlens.qa.operands import listed_operands
from budgetlens.qa.plan import Plan, decrease_size, lone_sum, make_plan, only_asking, rewrite
from budgetlens.qa.precision import one_precision
from budgetlens.qa.ranking import ranking
from budgetlens.qa.resolve import Resolver, label, twins
from budgetlens.qa.wholes import (_BUDGET_WORDS, stated_total_apart, budget_vs_final, budget_whole, complement_segments, final_and_budget,
                                  final_of_budget, listed_whole, procurement_whole, row_total, share_segments,
                                  sides_said_apart, stated_beside, stated_budget, total_whole, vague_whole, within_one_table)
from budgetlens.schemas.answer import Answer
from budgetlens.schemas.catalogue import KIND_WORD


@dataclass
class State:
    """What the last turn resolved (a conversation's memory)."""

    names: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    measure: str = ""  # the question text that named the measure
    operation: str = ""
    final: bool | None = None

    def to_dict(self) -> dict:
        return {"names": self.names, "years": self.years, "measure": self.measure,
                "operation": self.operation, "final": self.final}

    @classmethod
    def from_dict(cls, d: dict) -> State:
        return cls(**{k: d.get(k) for k in ("names", "years", "measure", "operation", "final") if k in d})


# (增长了多少？ / 减少了百分之几？ / 变化多少？: the last turn's figure's change, said with no measure)
_FOLLOW_RE = re.compile(r"^(?:那|那么|其中|再问|还有|另外|它|该单位|该部门|和|与|比|较|同比|上年|上一年|去年|20\d\d年|"
                        r"(?:增长|增加|减少|下降|上涨|涨|降|变化|变动|多|少)了?(?:多少|百分之|几成|幅度|[？?]|$))")


def _said_in(codes: list[str], cq: str, seg: tuple[int, int]) -> list[str]:
    """The class codes the question says within ``seg`` (one operand's words)."""
    return [c for c in codes if c in cq[seg[0]:seg[1]]]


def _outside(cq: str, seg: tuple[int, int], also: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """The spans of ``cq`` outside ``seg`` (and ``also``): what an operand may not use."""
    keep = sorted(x for x in (seg, also) if x)
    out, at = [], 0
    for a, b in keep:
        if a > at:
            out.append((at, a))
        at = max(at, b)
    if at < len(cq):
        out.append((at, len(cq) + 1))
    return out


def _masked(cq: str, *segs) -> str:
    """``cq`` with everything outside ``segs`` blanked (positions kept)."""
    return "".join(c if any(s and s[0] <= i < s[1] for s in segs) else " " for i, c in enumerate(cq))


def _deeper(m: Match, considered: list[Match]) -> Match:
    """退役军人管理事务—行政运行: a class named right after another names its item under it
    (the row whose class code extends the first's, 20828 → 2082801, same table and column)."""
    f0 = m.fact
    if not f0.code or m.span[0] < 0:
        return m
    for o in considered:
        f = o.fact
        if (0 <= o.span[0] - m.span[1] <= 1 and f.code.startswith(f0.code) and len(f.code) > len(f0.code)
                and f.table == f0.table and f.doc_id == f0.doc_id and f.col == f0.col):
            return o
    return m


def _same_measure(a: Match, b: Match) -> bool:
    """Two years' operands of one change name the same measure: their matched words (or class
    codes) meet — 2023年当年预算执行数 is no 机关事业单位基本养老保险缴费 of the year before."""
    if a.fact.code and a.fact.code == b.fact.code:
        return True
    wa, wb = bigrams(a.label), bigrams(b.label)
    return not wa or not wb or bool(wa & wb)


# the purpose or reason a statement gives, to the end of its clause (主要用于局本级…建设支出)
_PURPOSE_RE = re.compile(r"(?:主要)?(?:用于|原因是|原因为|是由于|由于)[^，,。；;|]*")
_WITH_OTHERS_RE = re.compile(r"本级\d+家[^，。；|]{0,12}?(?:以及|和|及|、)")


def finest(m: Match, unit: str | None) -> Match:
    """The match read where it is printed in the unit asked, when that printing is finer than
    the one found: 按元计 answers the 元 table's 10,936,676.36, not the narrative's 1,093.67 万元
    converted (10,936,700), the two being the same number (``m.also``)."""
    exact = [f for f in m.also or [] if unit and f.unit == unit != m.fact.unit and f.unit in _TO_WAN
             and m.fact.unit in _TO_WAN and _TO_WAN[f.unit] < _TO_WAN[m.fact.unit]]
    if not exact:
        return m
    return replace(m, fact=exact[0], also=[m.fact] + [f for f in m.also or [] if f is not exact[0]])


class Engine:
    def __init__(self, index: FactIndex):
        self.index = index
        self.docs = index.docs
        self.resolver = Resolver(index.docs.values())
        self.twins = twins(index.docs.values())  # a full filing → its tables-only twins
        self.twin_of = {t: f for f, ts in self.twins.items() for t in ts}  # a twin → its full filing
        self.finder = Finder(index)
        self.latest = max((d.fiscal_year for d in self.docs.values() if d.fiscal_year), default=None)

    # --- which filings -----------------------------------------------------------------

    def _group(self, doc_ids: list[str], plan: Plan, year: int | None) -> tuple[list[str], int | None]:
        """The filings of one entity for the year asked: (doc_ids, the filing year they are of)."""
        docs = [self.docs[d] for d in doc_ids]
        if plan.final is not None:
            want = "final_accounts" if plan.final else "budget"
            typed = [d for d in docs if d.doc_type == want]
            if plan.final or typed:
                docs = typed
        if plan.scope:
            scoped = [d for d in docs if d.scope == plan.scope]
            docs = scoped or docs
        elif len({d.scope for d in docs}) > 1:
            docs = [d for d in docs if d.scope == "部门"] or docs
        if not docs:
            return [], None
        if year is None:
            fy = max((d.fiscal_year or 0) for d in docs)
            if plan.prior:
                return [d.doc_id for d in docs if (d.fiscal_year or 0) == fy], fy
            return [d.doc_id for d in docs if (d.fiscal_year or 0) == fy], fy
        same = [d.doc_id for d in docs if d.fiscal_year == year]
        if same:
            return same, year
        later = [d.doc_id for d in docs if d.fiscal_year == year + 1]
        return later, (year + 1 if later else None)

    # --- one measure in one group ----------------------------------------------------------

    def find(self, cq: str, codes: list[str], doc_ids: list[str], fy: int | None, year: int | None,
             exclude=(), plan: Plan | None = None, kinds=None, taken=(), within=None, near=None
             ) -> tuple[Match | None, list[Match], str | None]:
        """(match, considered, refusal): a refusal says why the best match is not the measure."""
        want = year if year is not None else fy

        def year_ok(f: Fact) -> bool:
            if f.year is None:
                # 截至2025年底有几辆: a 2026 budget's count is stated as of the year before's end
                # (the question names that date too: 上年单位预算里的车 is the year before's filing's)
                return want == fy or bool(f.unit in ("辆", "台", "人", "平方米") and fy and want == fy - 1
                                          and re.search(rf"(?:截至|截止|到)\s*{want}\s*年", f.quote or "")
                                          and plan and re.search(rf"(?:截至|截止|到){want}年|{want}年(?:年?底|年?末|12月)",
                                                                 plan.norm))
            if f.year == -1:
                return want == (fy - 1 if fy else None)
            if f.unit in ("辆", "人") and year is None and fy and f.year == fy - 1:
                return True  # 截至2025年12月，共有车辆70辆: a 2026 budget's count is of the year's start
            return f.year == want

        entity = self.docs[doc_ids[0]].entity if doc_ids else ""
        final = plan.final if plan else None
        if final is None and doc_ids and all(self.docs[d].doc_type == "final_accounts" for d in doc_ids):
            final = True  # a final account's number, unless the question asks for its budget column
        def best(q):
            return self.finder.best(q, doc_ids, codes, exclude=exclude, year_ok=year_ok, final=final,
                                    tables=plan.tables if plan else (),
                                    percent=bool(plan and plan.unit == "%" and plan.operation == "lookup"),
                                    entity=entity, kinds=kinds, taken=taken, within=within, near=near)
        m, considered = best(cq)
        if m is None and self._own_rows(cq, considered, doc_ids):
            # a filing printed under the name 深圳市应急管理局（本级）: its 本级 rows (the 2025 年 row of
            # its 三公 table) are the body's own figures, as they are not in a department's filing
            # that prints its units apart
            m2, c2 = best(cq + "本级")
            if m2 is not None and "本级" in m2.fact.row:
                m, considered = m2, c2
        if not (exclude or taken or within or near):
            reworded = self._reworded(cq, doc_ids, m, best)
            if reworded is not None:
                m, considered, cq, refusal = reworded
                if refusal:
                    return None, considered, refusal
        extra = [t for d in doc_ids for t in self.twins.get(d, ()) if t not in doc_ids]
        if m is None and extra:  # what the full filing does not print, its tables-only twin may
            return self.find(cq, codes, [*doc_ids, *extra], fy, year, exclude, plan, kinds, taken, within, near)
        if m is None:
            return None, considered, ("印出的几行都可能是所问的数，但数字不同" if considered
                                      else "没有印出与问题相符的行")
        if m.score < 100 and not codes:
            rest = leftover(cq, exclude)
            if rest and not only_asking(rest):  # only a qualifier matched, and the question names something more
                return None, considered, f"印出的行中没有写明“{rest}”的"
        m = _deeper(m, considered)
        chosen, refusal = held_or_bought(self.index, m, cq)
        if refusal:
            return None, considered, refusal
        m = chosen or m
        longer = self.finder.longer_label(cq, m, exclude)
        if longer:
            return None, considered, f"问题问的是{longer}，这份文件只印出{m.label}"
        return m, considered, None

    def _reworded(self, cq: str, doc_ids: list[str], m: Match | None, best):
        """A printed row the question names in its words said in another order or with 的
        between them (救助流浪乞讨人员的支出 for 流浪乞讨人员救助支出), where no row is matched by
        the measure's words, or only a shorter one within them: (match, considered, question as
        rewritten, refusal), the refusal when two rows fit those words alike; None otherwise."""
        said = label_said_apart(cq, self.finder.labels_of(doc_ids))
        if not said or (m is not None and m.score // 100 >= len(said[0].label)):
            return None  # the row matched says as many of the measure's words
        found = []
        for s in said:
            q = in_printed_words(cq, s)
            m2, c2 = best(q)
            if m2 is not None and m2.score >= 100 and s.label in m2.label:
                found.append((m2, c2, q))
        if not found:
            return None
        if len({round(in_wan(f[0].fact), 2) for f in found}) > 1:
            names = "、".join(s.label for s in said)
            return None, [f[0] for f in found], cq, f"问题的说法可以是印出的几行（{names}），数字不同"
        m2, c2, q = found[0]
        return m2, c2, q, None

    def _titled(self, titles: list[str], names: list[str]) -> bool:
        """Whether these bodies' filings print a table of a title the question names (else its
        words stay in the question, as qualifiers: a title said loosely is still read so)."""
        docs = [d for n in names for d in self.resolver.by_name.get(n, [])]
        printed = {f.title for d in docs for f in self.index.by_doc.get(d, []) if f.kind in ("grid", "cell") and f.title}
        return any(title_fit(t, p) for t in titles for p in printed)

    def _joined(self, names: list[str]) -> set[str]:
        """The printed row names of these bodies' filings that hold a 和 / 及 / 与 (灾害防治及应急管理,
        其他支持中小企业发展和管理): one measure each, whatever the question's 一共 / 合计."""
        return {f.canon_row for n in names for d in self.resolver.by_name.get(n, [])
                for f in self.index.by_doc.get(d, []) if len(f.canon_row) >= 5 and re.search(r"[和与及]", f.canon_row)}

    # --- the answer ------------------------------------------------------------------------------

    def ask(self, text: str, state: State | None = None) -> tuple[Answer, State]:
        state = state or State()
        norm = rewrite(text)
        res = self.resolver.resolve(norm)
        names = res.names
        elliptical = bool(_FOLLOW_RE.match(text)) or bool(re.search(r"呢[？?]?\s*$", text))
        plan = make_plan(text, len(names) or (len(state.names) if elliptical else 0), self.latest)
        # a follow-up is elliptical (那2024年呢？ 其中公务接待费呢？ 和上年比呢？); a full question about
        # every body (哪个单位三公经费最多？) starts afresh
        follow = (not names and state.names and not res.unknown and plan.operation != "ranking"
                  and elliptical)
        borrowed = False
        asked = res.rest or norm
        untitled, _ = titles_said(asked)
        titles = titles_said(text)[1]  # (as printed: the vocabulary's 部门预算 for 部门综合预算 is no title's)
        if titles and self._titled(titles, names or (state.names if follow else [])):
            # 《支出总体情况表》，A与B的合计数: the table named narrows where A and B are read
            asked, plan.tables = untitled, titles
        cq, plan.both_parts = both_halves(question_canon(asked, names))
        codes = codes_in(norm)
        # (the compared form drops the enumeration comma: 组织事务、宣传事务…加起来 lists two)
        listed = "、" in (res.rest or norm)
        if plan.operation == "sum" and len(names) == 1 and len(plan.years) < 2 and not listed \
                and lone_sum(cq, self._joined(names)):
            plan.operation = "lookup"  # 收入加起来是多少: one measure's own total
        if follow:
            names = state.names
            if not plan.years and not plan.prior:
                plan.years = state.years
            if plan.final is None:
                plan.final = state.final
            probe_doc = [d for n in names for d in self.resolver.by_name.get(n, [])]
            own = re.sub(r"上一?年度?|去年|前一年|比|较|和|与|同|相比|多了?|少了?|增加了?|减少了?|增长了?|下降了?|多少|百分之几|几|呢|吗|[?？]|了|是|为", "", cq)
            borrowed = not own or not self.finder.matches(own, probe_doc, codes)
            if borrowed:  # 比2025年多了多少: no measure of its own
                prev = self.resolver.resolve(rewrite(state.measure))
                cq = question_canon(prev.rest or rewrite(state.measure), names) + cq
                if plan.operation == "lookup" and re.search(r"上年|去年|上一年", norm):
                    # 和上年比呢？ turns the lookup into a change; 上年是多少？ asks the year before's figure
                    if re.search(r"比|较|相比|增|减|变|多了|少了", norm):
                        plan.operation = "change"
                    else:
                        plan.prior = True
                elif plan.operation == "difference" and len(plan.years) < 2 and not re.search(r"比|较|和|与|跟", norm):
                    # 减少了多少？ / 多了多少？ of the last figure, naming nothing to compare it with: its change
                    plan.operation = "change"
        understood = {"entity": " / ".join(names) if names else None,
                      "year": plan.years[0] if len(plan.years) == 1 else (plan.years or None),
                      "scope": (plan.scope + {True: "决算", False: "预算", None: ""}[plan.final]) or None,
                      "measure": None, "operation": plan.operation, "unit": plan.unit}
        # 机关运行经费呢？ names its own measure: the next turn's 比上年少了多少 is about it
        new_state = State(names=names, years=plan.years, measure=state.measure if follow and borrowed else text,
                          operation=plan.operation, final=plan.final)
        if plan.operation == "consistency" and names:
            ans = self.consistency(text, plan, cq, codes, names, understood)
            if ans is not None:
                return ans, new_state
        if plan.operation in ("why", "consistency"):
            return None, new_state  # the caller answers these with the passage and check paths
        if re.search(r"哪一?(?:项|类|部分|笔|种)", norm) and re.search(r"最多|最高|最大|最少|最低|最小", norm):
            # “三公”经费里哪项最多: the items of one measure ranked — no total answers it
            return not_found(text, "问题问的是各项之中哪一项最多（最少），这里只在单位或年度之间排名，"
                             "不给出某一项的数作为答案。", understood), new_state
        if re.search(r"人次|批次|多少次|几次", norm):
            return not_found(text, "这些文件只公开金额（和公务用车数），没有印出所问的数量。", understood), new_state
        if res.unknown and not names:
            return not_found(text, f"在这些文件中没有找到{res.unknown}的文件。", understood), new_state
        if not names:
            if plan.operation == "ranking":
                return self.ranking(text, plan, cq, codes, understood), new_state
            return place_bodies(self, text, plan, cq, codes, norm, understood), new_state
        groups = []
        for n in names:  # two names of one filing (its entity and a table's 编制单位) are one body
            ids = self.resolver.by_name.get(n, [])
            same = next((g for g in groups if set(g[1]) & set(ids)), None)
            if same is None:
                groups.append((n, ids))
            elif len(n) > len(same[0]):
                groups[groups.index(same)] = (n, sorted(set(same[1]) | set(ids)))
        single = plan.operation in ("lookup", "change", "change_pct", "share") or (
            plan.operation in ("sum", "difference") and len(plan.years) >= 2)
        # one short name that several bodies' filings fit (统计局的支出总计): asked back whatever the
        # question then asks — 总计 is no sum over the bodies, 最多 no ranking of them
        one_body = res.one_span and plan.operation != "ranking"
        unfiled: list[str] = []  # bodies the name fits that filed nothing for the year asked
        if len(groups) > 1 and (single or one_body) and len(plan.years) == 1:
            # the bodies with a filing of the year (and kind) asked, or of the year after, whose 上年
            # column prints it: 信访局2026年… is not asked of a body whose latest filing is of 2025
            filed = [g for g in groups if self._group(g[1], plan, plan.years[0])[0]]
            unfiled = [n for n, _ in groups if filed and all(n != f for f, _ in filed)]
            if not filed and not self._same_docs(groups):
                # 信访局2022年…: none of the bodies the name fits has a filing that prints the year —
                # nothing to choose between, so no question back: the year is not printed
                kind = {True: "决算", False: "预算"}.get(plan.final, "")
                cands = [self._candidate(n, ids, plan, None) for n, ids in groups]
                has = "、".join(c["label"] + (f"（{c['filing']}）" if c["filing"] else "") for c in cands)
                return not_found(text, f"问题所说的单位都没有{plan.years[0]}年{kind}的文件，也没有下一年的文件"
                                 f"印出这一年的数：{has}。", understood, cands), new_state
            groups = filed or groups
            if len(groups) == 1 and plan.operation == "sum" and lone_sum(cq, self._joined([groups[0][0]])) \
                    and not listed:
                plan.operation, single = "lookup", True
        if len(groups) > 1 and (single or one_body) and not self._same_docs(groups):
            if plan.operation == "lookup" and EACH_RE.search(norm):  # 各是多少: each body's figure, cited
                return each_body(self, text, plan, cq, codes, groups, understood, one_body), new_state
            year = plan.years[0] if len(plan.years) == 1 else None
            cands = [self._candidate(n, ids, plan, year) for n, ids in groups]
            return not_found(text, "问题所说的单位不止一个，请指明是哪一个：" + "、".join(
                c["label"] + (f"（{c['filing']}）" if c["filing"] else "") for c in cands) + "。",
                             understood, cands, kind="clarify"), new_state
        twins = self._tagged_twins(groups[0][1], plan, norm) if len(groups) == 1 and single else []
        if twins:
            cands = [{"label": n, "citation": {"path": self.docs[d].path, "page": 1, "doc_id": d}} for n, d in twins]
            return not_found(text, "这个单位同一年有不止一份文件，请指明是哪一份：" + "、".join(n for n, _ in twins) + "。",
                             understood, cands, kind="clarify"), new_state
        if plan.operation == "ranking" and (len(groups) > 1 or re.search(r"哪一?年", norm)):
            return self.ranking(text, plan, cq, codes, understood, names), new_state
        if len(groups) == 1 and _ranks_a_list(norm):
            # 城管局、财政局、公安局……谁的公务接待费最高: a ranking over listed bodies of which only
            # one was recognised; one body's figure is not the first place, so no answer is stated
            n, ids = groups[0]
            cands = [{"label": label(self.resolver, n),
                      "citation": {"path": self.docs[ids[0]].path, "page": 1, "doc_id": ids[0]}}]
            return not_found(text, f"问题在列出的几个单位中比较，但只认出了{label(self.resolver, n)}；"
                             "没有把其余单位都认出来，因此不给出排名。请写出各单位的全称。",
                             {**understood, "operation": "ranking"}, cands), new_state
        if single:
            groups = groups[:1]
        alike = None
        if len(groups) == 1 and plan.operation != "ranking":
            asked, alike = ask_which(self, text, plan, cq, codes, groups[0], understood, norm)
            if asked is not None:
                return asked, new_state
        try:
            ans = self.compute(text, plan, cq, codes, groups, understood)
            if unfiled and ans.kind not in ("not_found", "clarify"):
                kind = {True: "决算", False: "预算"}.get(plan.final, "")
                # the name fits other bodies too: say so, and why this one answers
                ans = ans.model_copy(update={"answer": ans.answer + f"（问题所说的单位也可指{'、'.join(unfiled)}，"
                                             f"但它们没有{plan.years[0]}年{kind}的文件，这里答的是{groups[0][0]}。）"})
        except _NotFound as nf:
            ans = not_found(text, nf.text, self._understood_anyway(understood, res.rest or norm, names, plan, groups),
                            nf.candidates)
        if alike and ans.value is not None and abs(ans.value - alike[1]) < 0.005:
            ans = ans.model_copy(update={"answer": ans.answer + "（合乎问题的几份文件印出的是同一个数：" + "、".join(alike[0]) + "。）"})
        return ans, new_state

    def _candidate(self, name: str, ids: list[str], plan: Plan, year: int | None) -> dict:
        """One body asked back: its name, the filing that would answer (the year and kind asked,
        else its latest: ``filing`` 2026年部门预算) and that file cited."""
        doc_ids, _ = self._group(ids, plan, year)
        d = self.docs[doc_ids[0] if doc_ids else max(ids, key=lambda i: self.docs[i].fiscal_year or 0)]
        kind = KIND_WORD.get(d.doc_type or "", "")
        filed = f"{d.fiscal_year}年" if d.fiscal_year else ""
        filed += (d.scope if d.scope in ("部门", "单位") and kind else "") + kind
        return {"label": label(self.resolver, name), "filing": filed,
                "citation": {"path": d.path, "page": 1, "doc_id": d.doc_id}}

    def _understood_anyway(self, understood: dict, rest: str, names, plan: Plan, groups) -> dict:
        """What a declined question was understood as, its measure included: the words left once
        the body, the year and the asking are taken out (深圳市统计局2026年公务用车购置及运行费预算是多少万元？
        → 公务用车购置及运行费), and the scope of the filings read when the question said none."""
        if not understood.get("measure"):
            understood["measure"] = measure_words(rest, names) or None
        if not understood.get("scope") and groups:
            year = plan.years[0] if len(plan.years) == 1 else None
            doc_ids, _ = self._group(groups[0][1], plan, year)
            if doc_ids:
                understood.update(resolved_scope([self.docs[d] for d in doc_ids]))
        return understood

    def _prior_year(self, plan: Plan, ids, year):
        """The year a lookup asking 上年 / 去年 is of: the year before the filing's (2021年部门预算
        里写的上年机关运行经费 → 2020; 去年 → the latest filing's year less one), unless the
        question glosses the year it names as that year (2020年（上年）, 上一年（2025年）)."""
        if not plan.prior or len(plan.years) > 1:
            return year  # 2025年…（2026年预算表里列的上年数）: both years said
        if re.search(r"(?:上一?年|去年)[（(]\s*20\d\d|20\d\d年?度?\s*[（(]\s*(?:上一?年|去年)", plan.norm):
            return year
        if re.search(r"(?:截至|截止|截止到|到)(?:上一?年|去年)(?:年?底|年?末|12月31日)", plan.norm):
            return year  # 截至上年底共有多少辆车: the holdings a budget states at its year's start, its own figure
        if year is not None:
            return year - 1
        _, fy = self._group(ids, plan, None)
        return fy - 1 if fy else None

    def _own_rows(self, cq: str, considered: list[Match], doc_ids: list[str]) -> bool:
        """Whether the rows considered print 本级 and every filing read calls itself X（本级）."""
        if "本级" in cq or not any("本级" in c.fact.row for c in considered):
            return False
        return all(any(re.sub(r"\s+", "", n) == f"{self.docs[i].entity}（本级）" for n in self.docs[i].names)
                   for i in doc_ids if self.docs[i].entity) and bool(doc_ids)

    def _not_own(self, plan: Plan, m: Match, doc_ids: list[str]) -> str | None:
        """A body's own (本级, 单位预算) figure asked of a department's filing that prints no 本级 at all
        (neither a name 烟台市商务局（本级） nor a row, column or title saying 本级): the filing's
        number is the department's, its units included, so it is not the answer."""
        if not re.search(r"本级|单位预算|单位决算", plan.norm):
            return None
        docs = [self.docs[d] for d in doc_ids]
        if not docs or any(d.scope != "部门" or any("本级" in n for n in d.names) for d in docs):
            return None
        f = m.fact
        # 本级1家行政单位以及…3家参公事业单位的机关运行经费: the 本级 with other units, not its own
        said = _WITH_OTHERS_RE.sub("", f"{f.title}|{f.col}|{f.row}|{f.quote}")
        # …信息化建设（项）113.75万元，主要用于局本级数字财政建设支出: what it is spent on, not whose figure
        said = _PURPOSE_RE.sub("", said)
        if "本级" in said:
            return None
        return "问题问的是本级（单位）的数，这份部门预算没有单列本级，印出的是全部门（含所属单位）的数"

    def _tagged_twins(self, ids: list[str], plan: Plan, norm: str) -> list[tuple[str, str]]:
        """One body's filings of one year and kind printed under different tags (西安市财政局（本级）
        and 西安市财政局（汇总）), the question naming neither: every one of them as printed, to ask
        which; [] when the question says which (本级, 汇总, 部门, 单位预算) or one filing is left."""
        if re.search(r"本级|汇总|部门|单位(?:预算|决算)|含所属|下属", norm):
            return []
        for y in plan.years or [None]:
            doc_ids, _ = self._group(ids, plan, y)
            by_kind: dict = {}
            for d in doc_ids:
                info = self.docs[d]
                printed = next((n for n in (info.entity, *info.names) if re.search(r"[（(](?:本级|汇总)[)）]", n)), "")
                tag = re.search(r"本级|汇总", printed)
                if tag:
                    by_kind.setdefault(info.doc_type, {}).setdefault(tag.group(0), (re.sub(r"\s+", "", printed), d))
            for tags in by_kind.values():
                if len(tags) > 1:
                    return sorted(tags.values())
        return []

    def _same_docs(self, groups) -> bool:
        return len({tuple(sorted(ids)) for _, ids in groups}) == 1

    def _value(self, cq, codes, ids, plan, year, exclude=(), taken=(), within=None, near=None, single=True
               ) -> tuple[Match, str]:
        doc_ids, fy = self._group(ids, plan, year)
        extra = [t for d in doc_ids for t in self.twins.get(d, ()) if t not in doc_ids]
        try:
            return self._value_in(doc_ids, fy, cq, codes, plan, year, exclude, taken, within, near, single)
        except Split as split:
            if not extra:
                raise
            # the twin's reading, as for any decline; the item's rows when it has none either
            try:
                return self._value_in([*doc_ids, *extra], fy, cq, codes, plan, year, exclude, taken, within, near,
                                      single)
            except _NotFound:
                raise split from None
        except _NotFound:
            if not extra:
                raise
            # a full filing's narrative names the line but not what the question asks of it (its
            # fund, its column): its tables-only twin (公开表) prints the tables it leaves out
            return self._value_in([*doc_ids, *extra], fy, cq, codes, plan, year, exclude, taken, within, near,
                                  single)

    def _value_in(self, doc_ids, fy, cq, codes, plan, year, exclude, taken, within, near, single
                  ) -> tuple[Match, str]:
        if not doc_ids:
            raise _NotFound(f"没有找到{year or ''}{'年' if year else ''}的相应文件。", [])
        if plan.scope == "部门" and all(self.docs[d].scope == "单位" for d in doc_ids):
            raise _NotFound("问题问的是部门预算，这个单位只公开了单位预算（不含所属单位）。",
                            [{"label": self.docs[d].name, "citation": {"path": self.docs[d].path, "page": 1,
                                                                    "doc_id": d}} for d in doc_ids[:3]])
        m, considered, refusal = self.find(cq, codes, doc_ids, fy, year, exclude, plan, taken=taken, within=within,
                                           near=near)
        if m is None:
            rows = crossed_rows(self.index, considered, cq) or (parts_rows(considered) if plan and plan.both_parts
                                                                 else None)
        else:
            # 会议费 2.00 under 机关 and 2.00 under 事业单位: a row found alike in both halves is one of them
            rows = crossed_rows(self.index, considered, cq) if crossed(m.fact) else None
        if rows:
            # 302 11 差旅费 under 502 01 办公经费 and under 505 02 商品和服务支出: the item is their sum
            # (or the one half the question names), checked as a found row would be
            m, considered = rows[0], rows + considered
            if len(rows) > 1 and not (doubt(cq, m, plan, self.docs[m.fact.doc_id].doc_type, single, "")
                                      or self._not_own(plan, m, doc_ids)):
                raise Split("在这些文件中没有找到问题所问的数字（" + (refusal or "") + "）。",
                            candidate_rows(considered, self.docs), rows)
        if m is not None:
            # the class a 项 stands under (退役军人管理事务—行政运行) is printed on the row above it
            above = "|".join(c.fact.row for c in considered if c.fact.code and m.fact.code
                             and m.fact.code.startswith(c.fact.code) and c.fact.doc_id == m.fact.doc_id)
            # the words under which the filing prints the same number elsewhere (行政经费 in a table,
            # 机关运行经费 in the narrative): a question naming it by both is naming it
            above += "|" + "|".join(f.row for f in self.index.by_doc.get(m.fact.doc_id, [])
                                    if f.value == m.fact.value and f.unit == m.fact.unit and f.value)
            if near is not None and (near.doc_id, near.page) == (m.fact.doc_id, m.fact.page):
                # 一般公共预算财政拨款支出1740.44万元 … 卫生健康支出1633.52万元: a part printed beside
                # its whole is of the whole's fund
                above += f"|{near.title}|{near.col}|{near.row}"
            refusal = doubt(cq, m, plan, self.docs[m.fact.doc_id].doc_type, single, above) or self._not_own(
                plan, m, doc_ids)
            if refusal:
                considered = [m] + [c for c in considered if c is not m]
                m = None
        want = year if year is not None else fy

        def year_match(f: Fact) -> bool:
            return (f.year is None and want == fy) or f.year == want or (f.year == -1 and fy and want == fy - 1)
        if m is None:
            cands = candidate_rows(considered, self.docs) or similar_rows(self.index, cq, doc_ids)
            raise _NotFound("在这些文件中没有找到问题所问的数字（" + (refusal or "") + "）。", cands)
        # the same number printed elsewhere under the same words (the table and the narrative)
        m.also = same_number(self.index, m, considered, doc_ids, year_match)
        return finest(m, plan.unit), self.docs[m.fact.doc_id].entity

    def compute(self, text, plan: Plan, cq, codes, groups, understood) -> Answer:
        op = plan.operation
        year = plan.years[0] if plan.years else None
        operands: list[tuple[str, Match]] = []
        if op in ("lookup",):
            year = self._prior_year(plan, groups[0][1], _figure_year(plan))
            try:
                m, _ = self._value(cq, codes, groups[0][1], plan, year)
            except Split as split:
                # 差旅费总共多少: the item's rows across the second classification, added and each cited
                return self.compose(text, replace(plan, operation="sum"), [(groups[0][0], r) for r in split.rows],
                                    understood)
            except _NotFound:
                if plan.unit != "%" or len(plan.years) > 1 or not final_of_budget(cq):
                    raise
                # 决算是年初预算的百分之几, no such rate printed: the final figure over its budget
                return self._final_over_budget(text, plan, cq, codes, groups[0], year, understood)
            apart = stated_total_apart(self.index, m, text)
            if apart is not None:  # 预算支出 the narrative states apart from the 支出总计 found
                raise _NotFound("文件说明里的预算支出与收支总表的支出总计不同，问题没有说是哪一个。", candidate_rows([apart, m], self.docs))
            operands = [(groups[0][0], m)]
        elif op in ("sum", "difference") and len(groups) > 1:
            for name, ids in groups:
                m, _ = self._value(cq, codes, ids, plan, year)
                operands.append((name, m))
            years = sorted({self.docs[m.fact.doc_id].fiscal_year for _, m in operands} - {None})
            if year is None and len(years) > 1:
                # 广州市气象局和无锡市信访局的机关运行经费相差多少: their latest filings are of 2026 and
                # 2025; bodies are compared in one year, which the question does not say
                raise _NotFound("各单位最新的文件年度不同（" + "、".join(f"{y}年" for y in years)
                                + "），问题没有说哪一年，不把不同年度的数相加减。请指明年度。",
                                candidate_rows([m for _, m in operands], self.docs))
        elif len(plan.years) < 2 and op == "share" and final_of_budget(cq):
            return self._final_over_budget(text, plan, cq, codes, groups[0], year, understood)
        elif len(plan.years) < 2 and ((op == "share" and share_segments(cq))
                                       or (op == "difference" and complement_segments(cq))):
            # a share, or a whole less its part (采购预算总额中，一般公共预算拨款以外的部分)
            name, ids = groups[0]
            (pa, pb), (wa, wb), nested = share_segments(cq) if op == "share" else complement_segments(cq)
            # each operand is read in its own words (the penalties too): the rest of the question blanked
            # …（本级）: the scope said beside the name stays with both operands
            scope = " 本级" if "本级" in cq else ""
            if vague_whole(cq, (wa, wb)):
                # 今年的钱里，基本支出占了多大比例: the total of the row the part is printed in
                part, _ = self._value(_masked(cq, (pa, pb)) + scope, _said_in(codes, cq, (pa, pb)), ids, plan, year)
                whole = row_total(self.index, part)
                if whole is None:
                    raise _NotFound("问题没有说占哪一个总数的比例。", candidate_rows([part], self.docs))
                return self.compose(text, plan, [(name, part), (name, whole)], understood)
            if op == "share" and budget_whole(cq, (wa, wb)):
                # 公用经费占部门预算的比例: the budget the filing states under the body's name
                part, _ = self._value(_masked(cq, (pa, pb)) + scope, _said_in(codes, cq, (pa, pb)), ids, plan, year)
                whole = stated_budget(self.index, self.docs, part)
                if whole is None:
                    raise _NotFound("问题说的整体是这个单位的预算，文件没有在单位名下写明预算总数。",
                                    candidate_rows([part], self.docs))
                return self.compose(text, plan, [(name, part), (name, whole)], understood)
            if op == "share" and procurement_whole(cq, (wa, wb)):
                # 政府采购，服务类占总额百分之多少: the total printed before the part's list (政府采购
                # 安排17,951.4万元，其中：…服务类采购预算14,031.98万元), of the same fund as the part
                try:
                    part, _ = self._value(_masked(cq, (pa, pb), (wa, wb + 1) if nested else None) + scope,
                                          _said_in(codes, cq, (pa, pb)), ids, plan, year, within=(pa, pb))
                except _NotFound:
                    part = None
                whole = listed_whole(self.index, part) if part is not None else None
                if whole is not None:
                    return self.compose(text, plan, [(name, part), (name, whole)], understood)
            # 工资福利支出（301）占一般公共预算支出: a class code is of the operand it is said in
            try:
                whole, _ = self._value(_masked(cq, (wa, wb)) + scope, _said_in(codes, cq, (wa, wb)), ids, plan, year)
            except _NotFound:
                if not (op == "share" and total_whole(cq, (wa, wb))):
                    raise
                # 基本支出占支出合计的百分之几 (no line 支出合计 printed): the total of the part's row
                part, _ = self._value(_masked(cq, (pa, pb)) + scope, _said_in(codes, cq, (pa, pb)), ids, plan, year)
                whole = row_total(self.index, part)
                if whole is None:
                    raise
                return self.compose(text, plan, [(name, part), (name, whole)], understood)
            # 一般公共预算支出中项目支出占比: the part may take the whole's qualifiers (its column)
            # (机关运行经费里其他交通费: the 里 stays, so the whole's words read as where the part stands)
            q_part = _masked(cq, (pa, pb), (wa, wb + 1) if nested else None) + scope
            part, _ = self._value(q_part, _said_in(codes, cq, (pa, pb)), ids, plan, year, within=(pa, pb),
                                  near=whole.fact)
            if part.fact is whole.fact:
                raise _NotFound("问题要两个数字，只找到一个。", candidate_rows([whole], self.docs))
            if op == "share":
                # 政府采购预算中，学前教育占普通教育: the whole of the table the part is read from
                same = within_one_table(self.index, part, whole)
                if isinstance(same, str):
                    raise _NotFound(same + "。", candidate_rows([part, whole], self.docs))
                whole = same or whole
            if in_wan(part.fact) > in_wan(whole.fact) + 0.005:
                # a part printed larger than its whole: one of the two is another measure's number
                raise _NotFound(f"找到的部分（{part.fact.label}）比整体（{whole.fact.label}）还大，不是同一口径。",
                                candidate_rows([part, whole], self.docs))
            operands = [(name, part), (name, whole)]
        elif op in ("difference", "change", "change_pct") and len(plan.years) < 2 and budget_vs_final(cq):
            # 财政拨款收入，决算数比年初预算数多了多少: the year's final account against its budget
            name, ids = groups[0]
            try:
                m_final, m_budget = self._final_and_budget(
                    re.sub(_BUDGET_WORDS + r"|(?<!公共)(?<!基金)(?<!经营)预算", "", cq), re.sub(r"决算数?", "", cq),
                    codes, ids, plan, year)
            except _NotFound:
                # 一般公共预算财政拨款支出，决算比年初预算少花了多少: the measure with each side's word
                apart = sides_said_apart(cq)
                if apart is None:
                    raise
                m_final, m_budget = self._final_and_budget(*apart, codes, ids, plan, year)
            ans = self.compose(text, plan, [(name, m_budget), (name, m_final)], understood, kinds_compared=True)
            return ans.model_copy(update={"answer": ans.answer + "（[1]为预算数，[2]为决算数）"})
        elif op in ("sum", "difference", "share") and len(plan.years) < 2:
            operands = listed_operands(self, text, plan, cq, codes, groups[0], year)
        else:  # change, change_pct, or difference/sum between years
            name, ids = groups[0]
            years = sorted(plan.years) if len(plan.years) >= 2 else None
            if years:
                now, before = years[-1], years[0]
            else:
                _, fy = self._group(ids, plan, year)
                now = year or fy
                before = plan.base_year if plan.base_year and plan.base_year != now else ((now - 1) if now else None)
            m_now, _ = self._value(cq, codes, ids, plan, now)
            try:
                m_before, _ = self._value(cq, codes, ids, plan, before)
                if not _same_measure(m_before, m_now):
                    raise _NotFound("两年找到的不是同一项。", candidate_rows([m_before, m_now], self.docs))
                why = incoherent(op, [m_before, m_now], self.docs, plan.norm, bodies=[name, name])
                if why:
                    # 2026年预算 against 2025年决算 (no 2025 budget filed): what the year's filing
                    # states of its change, if it does, answers; else the decline says why
                    raise _NotFound(f"{why}，不作计算。", candidate_rows([m_before, m_now], self.docs))
            except _NotFound:
                # (2026年…比2025年多了多少: a difference between a year and the one before is its change)
                amount = plan.operation == "change" or (plan.operation == "difference" and before == now - 1)
                stated = self._stated_change(m_now) if amount or plan.operation == "change_pct" else None
                if stated is None and amount:
                    stated = line_change(self.index, m_now, cq)
                if stated is None and plan.operation == "change_pct":
                    # 比2022年度决算数增长134.61%: a rate stated without the amount
                    rate = self._stated_change(m_now, rate=True)
                    if rate is not None:
                        return decrease_size(compose_stated_rate(self, text, plan, name, m_now, *rate, understood),
                                             plan)
                if stated is None:
                    raise
                return self.compose_stated(text, plan, name, m_now, *stated, understood)
            if a_change(m_now.fact) and op in ("change", "change_pct"):
                # a 三公 table's 增减 row (本年 − 上年) read as this year's amount: the change of a change
                raise _NotFound(f"找到的{m_now.fact.label}是表中的增减数，不是一年的数，不作计算。",
                                candidate_rows([m_before, m_now], self.docs))
            operands = [(name, m_before), (name, m_now)]
            if op == "sum" and years and len(years) > 2:
                # 2023、2024、2025三年的政府采购预算加总: every year named is an operand
                middle = [(name, self._value(cq, codes, ids, plan, y)[0]) for y in years[1:-1]]
                operands = [operands[0], *middle, operands[1]]
            if op == "change" or (op == "difference" and now and before == now - 1):
                return self._confirmed(self.compose(text, plan, operands, understood), m_now)
            if op == "change_pct" and not years:
                return self._confirmed_rate(self.compose(text, plan, operands, understood), m_now, m_before,
                                            (text, plan, name, dict(understood)))
        return self.compose(text, plan, operands, understood)

    def _confirmed_rate(self, ans: Answer, m_now: Match, m_before: Match, asked) -> Answer:
        """A rate computed from two years' figures where the filing states another beside this
        year's figure (公务接待费4万元，比上年减少0.27万元，下降6.32％ against 0% computed from the
        2026 column read for 2025; 较上年增加14.99万元（810.27%） against −60.06% computed from a row of
        several measures' total): one of the two years' figures is not the measure's. The change the
        filing states beside the figure answers, said apart from the computation; declined when it
        is counted from another base than the question's (上年执行数 where the question says none)."""
        if ans.value is None or ans.unit != "%":
            return ans
        text, plan, name, understood = asked
        rate_stated = self._stated_change(m_now, rate=True)
        amount = self._stated_change(m_now)
        stated = rate_stated
        if stated is None:  # 较上年增加14.99万元（810.27%）: the amount stated, the rate from it
            now = m_now.fact.value
            if amount is None or not now - amount[0]:
                return ans
            stated = (amount[0] / (now - amount[0]) * 100, amount[1])
        rate, s = stated
        # (the printed rate's rounding; a fall asked as 下降了百分之几 is answered as its size)
        if abs(abs(rate) - abs(ans.value)) <= 0.051 + 0.005 * abs(rate):
            return ans
        base = re.search(r"(?:比|较|与|和|同)(?:上年|上一年|去年|20\d\d年度?)([^，。；\d]{0,12}?)(?:相比)?"
                         r"(?:增加|增长|上升|减少|下降|减低|降低|持平)", re.sub(r"\s+", "", s.quote or ""))
        other_base = base is None or (re.search(r"执行|决算|实际|调整", base.group(1))
                                      and not re.search(r"执行|决算|实际|调整", plan.norm))
        if not other_base:
            note = f"（由两年表中的数算得 {fmt(ans.value)}%，与文件所写不符，这里按文件所写。）"
            if amount is not None:
                said = self.compose_stated(text, plan, name, m_now, *amount, understood)
            else:
                said = decrease_size(compose_stated_rate(self, text, plan, name, m_now, *rate_stated, understood), plan)
            return said.model_copy(update={"answer": said.answer + note})
        raise _NotFound(f"由两年的数算得 {fmt(ans.value)}%，文件第{s.page}页写明的是 {rate:.2f}%，两者不符，"
                        "其中一个数不是所问的一项，不作回答。", candidate_rows([m_before, m_now], self.docs))

    def _final_over_budget(self, text, plan: Plan, cq, codes, group, year, understood) -> Answer:
        """决算是年初预算的百分之几 / 完成了年初预算的百分之几 / 决算占年初预算的比例: the year's final
        figure over its budget, in that order (an execution rate may pass 100%)."""
        name, ids = group
        asked = final_of_budget(cq)
        base = cq[:asked.start()]  # the measure's words (after them, only the asking)
        amounts = replace(plan, operation="difference", unit="万元")  # each side is an amount
        m_final, m_budget = self._final_and_budget(base, re.sub(r"决算数?", "", base) + "年初预算数", codes, ids,
                                                   amounts, year)
        ans = self.compose(text, replace(plan, operation="share"), [(name, m_final), (name, m_budget)],
                           {**understood, "operation": "share"}, kinds_compared=True)
        return ans.model_copy(update={"answer": ans.answer + "（[1]为决算数，[2]为年初预算数）"})

    def _final_and_budget(self, cq_final: str, cq_budget: str, codes, ids, plan: Plan, year) -> tuple[Match, Match]:
        """A year's final-account figure and its budget (read in ``cq_final`` / ``cq_budget``'s words):
        from a final account's 年初预算数 | 决算数 columns, the sentence stating both, or the year's
        budget; declined when only one side is found."""
        final, budget = final_and_budget(plan)
        m_final, m_budget, missed = None, None, None
        try:
            m_final, _ = self._value(cq_final, codes, ids, final, year)
        except _NotFound as e:
            missed = e
        try:
            m_budget, _ = self._value(cq_budget, codes, ids, budget, year)
        except _NotFound as e:
            missed = missed or e
        if m_final is not None and m_budget is not None and m_final.fact is m_budget.fact:
            # one sentence found for both: it is the side its own words say (会议费预算1.2万元)
            m_final, m_budget = ((None, m_budget) if stated_beside(self.index, m_budget, "final")
                                 else (m_final, None))
        # 支出决算 2,251.27 万元。与年初预算 1,014.86 万元相比: the other side said bare beside it
        m_final = m_final or (m_budget and stated_beside(self.index, m_budget, "final"))
        m_budget = m_budget or (m_final and stated_beside(self.index, m_final, "budget"))
        if m_final is None or m_budget is None:
            raise missed or _NotFound("问题比较决算和预算，但只找到一份文件里的数。",
                                      candidate_rows([m for m in (m_final, m_budget) if m], self.docs))
        if m_final.fact is m_budget.fact or (m_final.fact.doc_id == m_budget.fact.doc_id
                                             and self.docs[m_final.fact.doc_id].doc_type != "final_accounts"):
            # a final account may print its budget beside what was spent (年初预算数 | 决算数);
            # a budget prints no final figure
            raise _NotFound("问题比较决算和预算，但只找到一份文件里的数。",
                            candidate_rows([m_final, m_budget], self.docs))
        return m_final, m_budget

    def _confirmed(self, ans: Answer, m_now: Match) -> Answer:
        """A change computed from two years' figures that the filing also states beside this
        year's figure (比上年增加32.44万元): the statement cited as well, when it agrees."""
        stated = self._stated_change(m_now)
        if stated is None or ans.value is None or not ans.unit:
            return ans
        delta, s = stated
        said = convert(delta, m_now.fact.unit, ans.unit)
        if said is None or abs(abs(said) - abs(ans.value)) > 0.011 or any(
                c.page == s.page and c.doc_id == s.doc_id for c in ans.citations):
            return ans
        d = self.docs[s.doc_id]
        cites = [*ans.citations, cite(s, d.path, d.entity)]
        word = "增加" if delta >= 0 else "减少"
        return ans.model_copy(update={"citations": cites, "answer": ans.answer + f"（文件第{s.page}页也写明比上年{word}"
                                      f" {fmt(abs(said))} {ans.unit}[{len(cites)}]。）"})

    # --- by concern, in their own modules ---------------------------------------------------

    def consistency(self, text, plan: Plan, cq, codes, names, understood) -> Answer | None:
        return consistency(self, text, plan, cq, codes, names, understood)

    def _stated_change(self, m: Match, rate: bool = False):
        """The change the filing states beside this value, read only from a sentence that names
        the measure before the value: 公务用车购置预算支出0万元，比上年预算减少17.98万元 answers
        公务用车购置费, never 政府性基金预算拨款收入0万元，与上年相比减少11,523万元 (the same 0)."""
        f0 = m.fact
        keys = {k for k in (m.label, f0.canon_row) if len(k) >= 2 and not k.isdigit()
                and k not in _GENERIC_NAMES}
        facts = self.index.by_doc.get(f0.doc_id, [])
        kept = [s for k, s in enumerate(facts)
                if s.kind != "sentence" or s is f0 or not same_amount(s, f0) or _names_before(s, keys, f0)
                or _goes_on(facts, k, keys, f0)]
        return stated_change(_OneDoc(self, f0.doc_id, kept), m, rate)

    def compose_stated(self, *args) -> Answer:
        return decrease_size(compose_stated(self, *args), args[1])

    def compose(self, text, plan: Plan, operands, understood, kinds_compared: bool = False) -> Answer:
        """``kinds_compared``: the question compares a year's 决算 with its 预算 (both operands'
        kinds are asked)."""
        if plan.operation != "lookup":
            why = incoherent(plan.operation, [m for _, m in operands], self.docs, plan.norm, kinds_compared,
                             [n for n, _ in operands])
            if why:  # operands that may not be computed together: declined with what was found
                raise _NotFound(f"{why}，不作计算。", candidate_rows([m for _, m in operands], self.docs))
            operands = one_precision(self.index, operands)  # 657 万元 with 833 万元, not with 8,332,285 元
        return decrease_size(compose(self, text, plan, operands, understood, ordered=kinds_compared), plan)

    def ranking(self, text, plan: Plan, cq, codes, understood, names=None) -> Answer:
        return ranking(self, text, plan, cq, codes, understood, names)


_GENERIC_NAMES = {"合计", "小计", "总计", "预算数", "决算数", "金额", "本年", "上年"}


def _names_before(s: Fact, keys: set[str], f0: Fact) -> bool:
    """A sentence stating ``f0``'s value names one of ``keys`` before it: a pair of characters in
    common, less pairs every figure has (预算, 合计)."""
    from budgetlens.ingest.normalize import fold

    text = fold(s.quote or "")
    at = printed_at(text, s.value)
    # (its words whole: 2021年本年支出预算 names 本年支出, which the compared form cuts to 2021年本年)
    head = bigrams(canon(text[:at] if at >= 0 else text, keep_end=True)) - _PLAIN_BIGRAMS
    # 部门预算收入55,884.67万元 names 收入总计 (收入); 政府性基金预算拨款收入0万元 is no 公务用车购置
    return any(bigrams(k) & head for k in keys)


# the words a paragraph's sentence may say before its figure when the line it is about was named
# just before (2022年当年预算执行数为79.90万元，2023年预算安排100.20万元): years, budget and execution words
_NO_SUBJECT_RE = re.compile(r"(?:20\d\d年度?|当年|本年|上年|预算|决算|执行数|安排|为|是|[，,、\s]|[\d.,]+万?元)*")


def _goes_on(facts: list, k: int, keys: set[str], f0: Fact) -> bool:
    """Sentence ``k`` states ``f0``'s amount naming no line of its own, right after a sentence of
    the same page that names the line (one of ``keys``) with the same amount: the paragraph goes
    on about that line (“…宣传事务（款）一般行政管理事务（项）”100.20万元 … 2022年当年预算执行数为
    79.90万元，2023年预算安排100.20万元，比2022年预算执行数增加25.41%)."""
    from budgetlens.ingest.normalize import fold

    s = facts[k]
    text = fold(s.quote or "")
    at = printed_at(text, s.value)
    if at < 0 or not s.value or not _NO_SUBJECT_RE.fullmatch(text[:at]):
        return False
    for g in reversed(facts[max(0, k - 4):k]):
        if g.kind != "sentence" or g.page != s.page:
            return False
        if g.quote != s.quote:
            return same_amount(g, f0) and _names_before(g, keys, f0)
    return False


_PLAIN_BIGRAMS = {"预算", "决算", "年度", "本年", "上年", "金额", "合计", "其中"}


class _OneDoc:
    """The engine as the stated-change reader sees it: one filing's facts, as ``kept``."""

    def __init__(self, eng, doc_id: str, kept: list):
        self.docs = eng.docs
        self.index = type("_Facts", (), {"by_doc": {doc_id: kept}})()


_RANK_ASK = re.compile(r"(?:谁|哪个|哪家|哪一个|哪一家)[^，。？?]{0,20}(?:最多|最高|最少|最低|最大|最小)"
                       r"|(?:最多|最高|最少|最低|最大|最小)的?是(?:谁|哪)")


def _ranks_a_list(norm: str) -> bool:
    """Whether the question ranks bodies it lists (甲局、乙局、丙局，谁的…最高？).

    >>> _ranks_a_list("城管局、财政局、公安局，2026年谁的公务接待费预算最高？")
    True
    >>> _ranks_a_list("深圳市统计局2026年公务接待费预算是多少？")
    False
    """
    return "、" in norm and bool(_RANK_ASK.search(norm))

