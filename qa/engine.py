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
from dataclasses import dataclass, field

from budgetlens.index.facts import Fact, FactIndex
from budgetlens.qa.compute import (
    Finder,
    Match,
    _is_year_row,
    candidate_rows,
    cite,
    codes_in,
    convert,
    fmt,
    leftover,
    not_found,
    question_canon,
    ranking_rows,
    similar_rows,
)
from budgetlens.qa.plan import Plan, make_plan, rewrite
from budgetlens.qa.resolve import Resolver, bare

from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer


def _generic_row(row: str) -> bool:
    return _is_year_row(row) or row.strip() in ("合计", "小计", "总计", "决算数", "预算数")


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


_ASKS_DECREASE = re.compile(r"(?:减少|下降|少|降低)了?多少")
_FOLLOW_RE = re.compile(r"^(?:那|那么|其中|再问|还有|另外|它|该单位|该部门|和|与|比|较|同比|上年|上一年|去年|20\d\d年)")


class Engine:
    def __init__(self, index: FactIndex):
        self.index = index
        self.docs = index.docs
        self.resolver = Resolver(index.docs.values())
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
             exclude=(), plan: Plan | None = None, kinds=None, taken=()) -> tuple[Match | None, list[Match], str | None]:
        """(match, considered, refusal): a refusal says why the best match is not the measure."""
        want = year if year is not None else fy

        def year_ok(f: Fact) -> bool:
            if f.year is None:
                return want == fy
            if f.year == -1:
                return want == (fy - 1 if fy else None)
            return f.year == want

        entity = self.docs[doc_ids[0]].entity if doc_ids else ""
        final = plan.final if plan else None
        if final is None and doc_ids and all(self.docs[d].doc_type == "final_accounts" for d in doc_ids):
            final = True  # a final account's number, unless the question asks for its budget column
        m, considered = self.finder.best(cq, doc_ids, codes, exclude=exclude, year_ok=year_ok,
                                         final=final,
                                         percent=bool(plan and plan.unit == "%" and plan.operation == "lookup"),
                                         entity=entity, kinds=kinds, taken=taken)
        if m is None:
            return None, considered, ("several printed rows fit, with different numbers" if considered
                                      else "no printed row matches")
        if m.score < 100 and not codes:
            rest = leftover(cq, exclude)
            if rest and not re.fullmatch(r"(?:比|多|少|和|与|加|减|占|增|长|变|化|动|相|差|之|几|百分|起来|一共)+", rest):  # only a qualifier matched, and the question names something more
                return None, considered, f"no printed row names {rest}"
        longer = self.finder.longer_label(cq, m)
        if longer:
            return None, considered, f"the question names {longer}, this filing prints only {m.label}"
        return m, considered, None

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
        cq = question_canon(res.rest or norm, names)
        codes = codes_in(norm)
        if follow:
            names = state.names
            if not plan.years and not plan.prior:
                plan.years = state.years
            if plan.final is None:
                plan.final = state.final
            probe_doc = [d for n in names for d in self.resolver.by_name.get(n, [])]
            if not self.finder.matches(cq, probe_doc, codes):
                prev = self.resolver.resolve(rewrite(state.measure))
                cq = question_canon(prev.rest or rewrite(state.measure), names) + cq
                if plan.operation == "lookup" and re.search(r"上年|去年|上一年", norm):
                    plan.operation = "change"
        understood = {"entity": " / ".join(names) if names else None,
                      "year": plan.years[0] if len(plan.years) == 1 else (plan.years or None),
                      "scope": ("部门" if plan.scope != "单位" else "单位") + ("决算" if plan.final else "预算"),
                      "measure": None, "operation": plan.operation, "unit": plan.unit}
        new_state = State(names=names, years=plan.years, measure=text if not follow else state.measure,
                          operation=plan.operation, final=plan.final)
        if plan.operation == "consistency" and names:
            ans = self.consistency(text, plan, cq, codes, names, understood)
            if ans is not None:
                return ans, new_state
        if plan.operation in ("why", "consistency"):
            return None, new_state  # the caller answers these with the passage and check paths
        if re.search(r"平方米|面积|人数|多少人|几个人|编制数|多少名", norm):
            return not_found(text, "这些文件只公开金额（和公务用车数），没有印出所问的数量。", understood), new_state
        if res.unknown and not names:
            return not_found(text, f"在这些文件中没有找到{res.unknown}的文件。", understood), new_state
        if not names:
            if plan.operation == "ranking":
                return self.ranking(text, plan, cq, codes, understood), new_state
            return not_found(text, "没有认出问题问的是哪个单位。", understood), new_state
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
        if len(groups) > 1 and single and not self._same_docs(groups):
            cands = [{"label": n, "citation": {"path": self.docs[ids[0]].path, "page": 1,
                                               "doc_id": ids[0]}} for n, ids in groups]
            return not_found(text, "问题所说的单位不止一个，请指明是哪一个：" + "、".join(names) + "。",
                             understood, cands, kind="clarify"), new_state
        if plan.operation == "ranking" and (len(groups) > 1 or re.search(r"哪一?年", norm)):
            return self.ranking(text, plan, cq, codes, understood, names), new_state
        if single:
            groups = groups[:1]
        try:
            ans = self.compute(text, plan, cq, codes, groups, understood)
        except _NotFound as nf:
            ans = not_found(text, nf.text, understood, nf.candidates)
        return ans, new_state

    def _same_docs(self, groups) -> bool:
        return len({tuple(sorted(ids)) for _, ids in groups}) == 1

    def _value(self, cq, codes, ids, plan, year, exclude=(), taken=()) -> tuple[Match, str]:
        doc_ids, fy = self._group(ids, plan, year)
        if not doc_ids:
            raise _NotFound(f"没有找到{year or ''}{'年' if year else ''}的相应文件。", [])
        m, considered, refusal = self.find(cq, codes, doc_ids, fy, year, exclude, plan, taken=taken)
        want = year if year is not None else fy

        def year_match(f: Fact) -> bool:
            return (f.year is None and want == fy) or f.year == want or (f.year == -1 and fy and want == fy - 1)
        if m is None:
            cands = candidate_rows(considered, self.docs) or similar_rows(self.index, cq, doc_ids)
            raise _NotFound("在这些文件中没有找到问题所问的数字（" + (refusal or "") + "）。", cands)
        # the same number printed elsewhere under the same words (the table and the narrative)
        m.also = [o.fact for o in considered if o.fact is not m.fact and o.score >= min(m.score, 100)
                  and abs(o.fact.value - m.fact.value) < 1e-9 and o.fact.unit == m.fact.unit
                  and o.fact.page != m.fact.page and year_match(o.fact)][:4]
        return m, self.docs[m.fact.doc_id].entity

    def compute(self, text, plan: Plan, cq, codes, groups, understood) -> Answer:
        op = plan.operation
        year = plan.years[0] if plan.years else None
        operands: list[tuple[str, Match]] = []
        if op in ("lookup",):
            m, _ = self._value(cq, codes, groups[0][1], plan, year)
            operands = [(groups[0][0], m)]
        elif op in ("sum", "difference") and len(groups) > 1:
            for name, ids in groups:
                m, _ = self._value(cq, codes, ids, plan, year)
                operands.append((name, m))
        elif op in ("sum", "difference", "share") and len(plan.years) < 2:
            name, ids = groups[0]
            # as many operands as the question lists: 会议费和培训费 → 2; 政府性基金、国有资本经营预算和其他收入 → 3
            wanted = 1 + len(re.findall(r"[和与及、]|加(?!起|在)", cq))
            # 政府采购中，货物类和服务类: the operands are named after 中 (the share's whole before it)
            cut = re.search(r"中[，,]?", cq)
            base = [(0, cut.start())] if cut and op in ("sum", "difference") and cut.start() > 0 else []
            try:
                m1, _ = self._value(cq, codes, ids, plan, year, exclude=base)
            except _NotFound:
                base = []
                m1, _ = self._value(cq, codes, ids, plan, year)
            operands.append((name, m1))
            excl = base + ([m1.span] if m1.span[0] >= 0 else [])
            taken = list(m1.words)  # a second operand never reuses the first's words (its column)
            while True:
                try:
                    m2, _ = self._value(cq, codes, ids, plan, year, exclude=excl, taken=taken)
                except _NotFound:
                    break
                if m2.span[0] < 0 and m1.span[0] < 0:
                    break  # a class code names one row: no second operand
                operands.append((name, m2))
                excl.append(m2.span)
                taken.extend(m2.words)
                if op != "sum" or m2.span[0] < 0 or len(operands) >= wanted:
                    break
            if len(operands) < 2 and op == "sum" and not re.search(r"[和与及、加]", cq):
                plan.operation = "lookup"  # 一共多少: one measure named, its printed total
            elif len(operands) < 2:
                raise _NotFound("问题要两个数字，只找到一个。", candidate_rows([m1], self.docs))
            operands.sort(key=lambda x: x[1].span[0])
        else:  # change, change_pct, or difference/sum between years
            name, ids = groups[0]
            years = sorted(plan.years) if len(plan.years) >= 2 else None
            if years:
                now, before = years[-1], years[0]
            else:
                _, fy = self._group(ids, plan, year)
                now = year or fy
                before = (now - 1) if now else None
            m_now, _ = self._value(cq, codes, ids, plan, now)
            try:
                m_before, _ = self._value(cq, codes, ids, plan, before)
            except _NotFound:
                stated = self._stated_change(m_now) if plan.operation in ("change", "change_pct") else None
                if stated is None:
                    raise
                return self.compose_stated(text, plan, name, m_now, *stated, understood)
            operands = [(name, m_before), (name, m_now)]
        return self.compose(text, plan, operands, understood)

    _QUOTED_RE = re.compile(r"([\d,]+(?:\.\d+)?)\s*(万元|元|%)")

    def consistency(self, text, plan: Plan, cq, codes, names, understood) -> Answer | None:
        """Is a number the question quotes from the narrative (临聘人员经费15.56万元) the number the
        tables print for the same words? Or do the parts it names add up to the total it names
        (基本支出加项目支出等于支出合计吗)? ``None``: not a question of either shape."""
        from budgetlens.ingest.normalize import fold

        ids = self.resolver.by_name.get(names[0], [])
        year = plan.years[0] if plan.years else None
        doc_ids, fy = self._group(ids, plan, year)
        if not doc_ids:
            return None
        t = fold(plan.norm)
        if re.search(r"(?:增加|减少|增长|下降|增幅|降幅)\s*[\d,.]+\s*(?:万元|元|%)", t):
            return None  # a stated change is not compared with a level
        quoted = [(float(a.replace(",", "")), u) for a, u in self._QUOTED_RE.findall(t)
                  if not re.fullmatch(r"20\d\d", a)]
        tables = [d for d in doc_ids]
        if len(quoted) == 1 and quoted[0][1] != "%":
            n, unit = quoted[0]
            q2 = self._QUOTED_RE.sub(" ", cq)
            m, _, _ = self.find(q2, codes, tables, fy, year, plan=plan, kinds=("grid", "cell"))
            if m is None:
                return None
            f = m.fact
            stated = convert(n, unit, f.unit)
            if stated is None:
                return None
            ok = abs(stated - f.value) <= 0.011 and not (unit != f.unit and unit == "元" and n == f.value)
            d = self.docs[f.doc_id]
            verdict = "pass" if ok else "fail"
            understood.update({"measure": f.label, "verdict": verdict})
            said = f"{fmt(n)} {unit}"
            head = (f"{bare(names[0])}：问题所引 {said}；{f.title or '表'}「{f.label}」印作 {fmt(f.value)} {f.unit}，"
                    f"第{f.page}页[1]。" + ("一致。" if ok else "不一致。"))
            missing = unverified_numbers(head, [f.quote, said, text, str(f.page)],
                                         {d.fiscal_year} if d.fiscal_year else set())
            return Answer(question=text, answer=head, citations=[cite(f, d.path, d.entity)], verified=not missing,
                          unverified_numbers=missing, kind="consistency", understood=understood,
                          checks=[{"check_id": "question.quoted=table", "status": verdict, "message": head}])
        m_eq = re.search(r"(.+?)(?:是否|能否)?(?:等于|=)(.+)", cq)
        if m_eq and re.search(r"加|与|和|、", m_eq.group(1)):
            left, right = m_eq.group(1), m_eq.group(2)
            total, _, _ = self.find(right, codes, tables, fy, year, plan=plan, kinds=("grid", "cell"))
            if total is None:
                return None
            parts, excl = [], []
            while len(parts) < 6:
                p, _, _ = self.find(left, codes, tables, fy, year, exclude=excl, plan=plan, kinds=("grid", "cell"))
                if p is None or p.span[0] < 0:
                    break
                parts.append(p)
                excl.append(p.span)
            if len(parts) < 2:
                return None
            d = self.docs[total.fact.doc_id]
            s_parts = sum(p.fact.value for p in parts)
            tol = 0.005 * len(parts) + 0.011
            ok = abs(s_parts - total.fact.value) <= tol
            verdict = "pass" if ok else "fail"
            understood.update({"measure": " + ".join(p.fact.label for p in parts) + " = " + total.fact.label,
                               "verdict": verdict})
            cites = [cite(p.fact, d.path, d.entity) for p in parts] + [cite(total.fact, d.path, d.entity)]
            head = (" + ".join(f"{p.fact.label} {fmt(p.fact.value)}[{i + 1}]" for i, p in enumerate(parts))
                    + f" = {fmt(s_parts)}；{total.fact.label} 印作 {fmt(total.fact.value)}[{len(cites)}]，相差 "
                    f"{fmt(abs(s_parts - total.fact.value))}。" + ("一致（在四舍五入尾差之内）。" if ok else "不一致。"))
            derived = [fmt(s_parts), fmt(abs(s_parts - total.fact.value))]
            missing = unverified_numbers(head, [c.quote for c in cites] + derived, set())
            return Answer(question=text, answer=head, citations=cites, verified=not missing,
                          unverified_numbers=missing, kind="consistency", understood=understood,
                          checks=[{"check_id": "question.parts=total", "status": verdict, "message": head}])
        return None

    _CHANGE_RE = re.compile(r"(?:比|较|与)(?:上年|上一年|去年|20\d\d年)[^，。；]{0,12}?(增加|增长|减少|下降|持平)"
                            r"(?:了)?\s*([\d,]+(?:\.\d+)?)?\s*(万元|元)?")

    def _stated_change(self, m: Match) -> tuple[float, Fact] | None:
        """The change on the year before that the sentence stating this value states
        (公务接待费预算 44.90 万元，比上年减少 5.10 万元 → −5.10), with that sentence."""
        from budgetlens.ingest.normalize import fold

        f = m.fact
        printed = {fmt(f.value), f"{f.value:.2f}", f"{f.value:,.2f}", str(f.value)}
        for s in self.index.by_doc.get(f.doc_id, []):
            if s.kind != "sentence" or abs(s.value - f.value) > 1e-9 or s.unit != f.unit:
                continue
            text = fold(s.quote)
            i = next((text.find(p) for p in printed if p in text), -1)
            if i < 0:
                continue
            cm = self._CHANGE_RE.search(text, i)
            if not cm or cm.start() - i > 40:
                continue
            if cm.group(1) == "持平":
                return 0.0, s
            if not cm.group(2):
                continue
            delta = float(cm.group(2).replace(",", ""))
            unit = cm.group(3) or f.unit
            delta = convert(delta, unit, f.unit) or delta
            return (-delta if cm.group(1) in ("减少", "下降") else delta), s
        return None

    def compose_stated(self, text, plan: Plan, name, m_now: Match, delta: float, sentence: Fact,
                       understood) -> Answer:
        f = m_now.fact
        d = self.docs[f.doc_id]
        cites = [cite(f, d.path, d.entity), cite(sentence, d.path, d.entity)]
        now = convert(f.value, f.unit, "万元" if plan.unit == "%" else plan.unit)
        dv = convert(delta, f.unit, "万元" if plan.unit == "%" else plan.unit)
        understood["measure"] = f.label
        before = now - dv
        word = "增加" if dv >= 0 else "减少"
        head = (f"{bare(name)}{d.fiscal_year}年{f.label}为 {fmt(now)} 万元（第{f.page}页）[1]；文件说明比上年{word} "
                f"{fmt(abs(dv))} 万元[2]，上年即 {fmt(now)} − ({fmt(dv)}) = {fmt(before)} 万元。")
        if plan.operation == "change_pct":
            if not before:
                raise _NotFound("上年为零，算不出增减幅度。", [])
            value = round(dv / before * 100, 2)
            head += f"增减幅度 {fmt(dv)} ÷ {fmt(before)} = {value:.2f}%。"
            unit = "%"
        else:
            value = round(dv, 6)
            unit = plan.unit
            head += f"即{word} {fmt(abs(value))} {unit}。"
            if value < 0 and _ASKS_DECREASE.search(text):
                value = -value  # 少了多少: the size of the decrease
        derived = [fmt(now), fmt(dv), fmt(abs(dv)), fmt(before), f"{value:.2f}", fmt(value), fmt(abs(value)),
                   str(f.page)]
        missing = unverified_numbers(head, [c.quote for c in cites] + derived,
                                     {d.fiscal_year, (d.fiscal_year or 1) - 1})
        return Answer(question=text, answer=head, value=value, unit=unit, citations=cites, verified=not missing,
                      unverified_numbers=missing, kind="compare", understood=understood)

    def compose(self, text, plan: Plan, operands, understood) -> Answer:
        op = plan.operation
        cites, parts, derived, vals = [], [], [], []
        for name, m in operands:
            f = m.fact
            d = self.docs[f.doc_id]
            cites.append(cite(f, d.path, d.entity))
            also = []
            for o in getattr(m, "also", [])[:4] if op == "lookup" else []:
                if o.page not in {c.page for c in cites}:
                    cites.append(cite(o, d.path, d.entity))
                    also.append(f"第{o.page}页[{len(cites)}]")
            asked = "%" if f.unit == "%" else (plan.unit if plan.unit != "%" else "万元")
            v = convert(f.value, f.unit, asked)
            if v is None:
                raise _NotFound(f"印出的单位（{f.unit}）换算不到所问的单位。", [])
            vals.append(v)
            shown = f"{fmt(v)} {asked}" + (f"（文件印作 {fmt(f.value)} {f.unit}）" if asked != f.unit else "")
            if asked != f.unit:
                derived.append(fmt(v))
            yr = f.year if f.year and f.year > 0 else (d.fiscal_year if f.year is None else (d.fiscal_year or 1) - 1)
            n_main = len(cites) - len(also)
            parts.append(f"{bare(name)}{yr}年{f.label}为 {shown}（第{f.page}页）[{n_main}]"
                         + (f"（同数又见{'、'.join(also)}）" if also else ""))
        understood["measure"] = " / ".join(dict.fromkeys(m.fact.label for _, m in operands))
        unit = plan.unit
        if op == "lookup":
            value = vals[0]
            unit = "%" if operands[0][1].fact.unit == "%" else plan.unit
            head = parts[0] + "。"
        elif op == "sum":
            value = sum(vals)
            head = "；".join(parts) + f"。合计 {' + '.join(fmt(v) for v in vals)} = {fmt(value)} {unit}。"
        elif op == "difference":
            value = abs(vals[0] - vals[1])
            head = "；".join(parts) + f"。相差 {fmt(max(vals))} − {fmt(min(vals))} = {fmt(value)} {unit}。"
        elif op == "share":
            if not vals[1]:
                raise _NotFound("分母为零，算不出比重。", [])
            num, den = (vals[0], vals[1]) if vals[0] <= vals[1] else (vals[1], vals[0])
            value = num / den * 100
            unit = "%"
            head = "；".join(parts) + f"。占比 {fmt(num)} ÷ {fmt(den)} = {value:.2f}%。"
        elif op in ("change", "change_pct"):
            before, now = vals
            delta = now - before
            if op == "change_pct":
                if not before:
                    raise _NotFound("上年为零，算不出增减幅度。", [])
                value = delta / before * 100
                unit = "%"
                head = "；".join(parts) + f"。增减幅度 ({fmt(now)} − {fmt(before)}) ÷ {fmt(before)} = {value:.2f}%。"
            else:
                value = delta
                word = "增加" if delta >= 0 else "减少"
                head = "；".join(parts) + f"。{word} {fmt(now)} − {fmt(before)} = {fmt(delta)} {unit}。"
                if delta < 0 and _ASKS_DECREASE.search(text):
                    value = -delta  # 少了多少: the size of the decrease
        else:
            raise _NotFound("不会算这个问题。", [])
        value = round(value, 2) if unit == "%" else round(value, 6)
        derived += [fmt(value), f"{value:.2f}", fmt(-value) if value < 0 else fmt(value)]
        years = {self.docs[m.fact.doc_id].fiscal_year for _, m in operands} | {
            m.fact.year for _, m in operands if m.fact.year and m.fact.year > 0}
        years |= {y - 1 for y in years if y}
        derived += [str(c.page) for c in cites]  # 第9页: where, not a figure
        missing = unverified_numbers(head, [c.quote for c in cites] + derived, {y for y in years if y})
        return Answer(question=text, answer=head, value=value, unit=unit, citations=cites,
                      verified=not missing, unverified_numbers=missing,
                      kind="value" if op == "lookup" else "compare", understood=understood)

    def ranking(self, text, plan: Plan, cq, codes, understood, names=None) -> Answer:
        docs = list(self.docs.values())
        if names:
            keep = {d for n in names for d in self.resolver.by_name[n]}
            docs = [d for d in docs if d.doc_id in keep]
        else:
            # 深圳这批…, 重庆这7个部门: the place the question names, as the filings' names print it
            place = max((p for p in self.resolver.places if p in plan.norm), key=len, default="")
            if place:
                docs = [d for d in docs if any(place in n for n in (d.entity, *d.names) if n)]
        by_year = bool(re.search(r"哪一?年", plan.norm))
        year = plan.years[0] if plan.years and not by_year else None
        if year:
            docs = [d for d in docs if d.fiscal_year == year]
        elif by_year and plan.years:
            docs = [d for d in docs if d.fiscal_year in plan.years]
        if by_year:  # one filing a year: the department's own (部门) before a unit's
            best: dict = {}
            for d in sorted(docs, key=lambda d: (d.scope != "部门", d.doc_id)):
                best.setdefault(d.fiscal_year, d)
            docs = list(best.values())
        if plan.final is not None:
            docs = [d for d in docs if (d.doc_type == "final_accounts") == plan.final] or docs
        if not docs:
            return not_found(text, "没有找到可以排名的文件。", understood)
        # one entry per body: all its filings of the year together (a filing and its 公开表 extract)
        groups: dict = {}
        for d in docs:
            key = f"{d.fiscal_year}年" if by_year else next(
                (n for n in (names or []) if d.doc_id in self.resolver.by_name.get(n, [])), d.entity or d.name)
            groups.setdefault(key, []).append(d)
        entries, left = [], []
        for key, ds in groups.items():
            ids = [d.doc_id for d in ds]
            m, _, _ = self.find(cq, codes, ids, ds[0].fiscal_year, year or ds[0].fiscal_year, plan=plan)
            v = convert(m.fact.value, m.fact.unit, plan.unit if plan.unit != "%" else "万元") if m else None
            if m is None or v is None:
                left.extend(ds)
                continue
            name = key if by_year or names else (self.docs[m.fact.doc_id].entity or key)
            entries.append((name, m.fact, v))
        if not entries:
            return not_found(text, "这些文件都没有印出所问的数字。", understood)
        entries.sort(key=lambda e: e[2], reverse=not plan.lowest)
        rows, cites = ranking_rows(entries, self.docs, plan.unit)
        top = entries[0]
        understood["measure"] = top[1].label
        understood["covered"] = [self.docs[f.doc_id].path for _, f, _ in entries]
        understood["left_out"] = [d.path for d in left]
        word = "最少" if plan.lowest else "最多"
        listing = "；".join(f"{n} {fmt(v)} {plan.unit}[{i + 1}]" for i, (n, _, v) in enumerate(entries[:10]))
        measure = re.sub(r"[（(].*$", "", top[1].label) if top[1].kind in ("sentence", "figure") else (
            top[1].col if _generic_row(top[1].row) else top[1].row)
        measure = re.sub(r"^(?:其中[:：]?)?[（(]?[一二三四五六七八九十\d]*[)）、.．]?", "", measure or "")
        measure = re.sub(r"预算$|决算$", "", measure) if plan.final is None else measure
        if measure in ("合计", "小计", "总计", "") and "三公" in cq:
            measure = "“三公”经费"  # a 三公 table's total column
        text_out = (f"{measure}{word}的是{top[0]}（{fmt(top[2])} {plan.unit}）[1]。比较了 {len(entries)} 份文件"
                    + (f"，另有 {len(left)} 份没有印出这一项（未计入：{'、'.join(d.entity or d.name for d in left[:8])}）"
                       if left else "") + f"。各文件：{listing}。")
        derived = [fmt(v) for _, _, v in entries] + [str(len(entries)), str(len(left))]
        missing = unverified_numbers(text_out, [c.quote for c in cites] + derived,
                                     {d.fiscal_year for d in docs if d.fiscal_year})
        return Answer(question=text, answer=text_out, value=round(top[2], 6), unit=plan.unit, citations=cites,
                      verified=not missing, unverified_numbers=missing, kind="compare", table=rows,
                      understood=understood)


class _NotFound(Exception):
    def __init__(self, text: str, candidates: list[dict]):
        super().__init__(text)
        self.text = text
        self.candidates = candidates
