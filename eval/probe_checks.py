"""Consistency probe: questions checking a change the narrative states (its amount, its change
on the year before and its rate), made from the RAW page text of every filing of one part
(``eval.probe_why.raw_pages``), never from the answerer's reading, so that the gold does not
share its mistakes.

A *statement* is one clause naming a measure journalists ask about (``probe_why``'s list),
its amount, its change and its rate::

    “三公”经费预算支出80.11万元，较上年减少4.70万元，下降5.54%
    → level 80.11, change −4.70, rate 5.54 → the year before 84.81, 4.70 ÷ 84.81 = 5.54%: 一致

The gold verdict is the clause's own arithmetic: 一致 when the printed amounts give the printed
rate as it is rounded, 不一致 when no amounts within their rounding (each ± half a cent) give it
(a filing's own slip, such as 0.005% printed for 0.54%), and *unsure* in between (90.89% printed
where the amounts give 90.92% but could give 90.88–90.97%): the printed figures show no slip,
so the right verdict is 一致 said as within rounding (四舍五入). Each statement gives questions in several phrasings
(the figures as printed; 多 / 少 and 万 said plainly; the change and rate asked against the
amount) and two *perturbed* ones, the rate or the change with its units digit changed, whose
figure the filing does not print: those must be found 不一致 or declined, never 一致.

Judged (``judge``): ``right`` the gold verdict (a perturbed one: 不一致 or a decline; an unsure
one: 一致 said as within rounding); ``wrong`` the other verdict (a perturbed one found 一致; an
unsure one found 不一致, or 一致 not said as within rounding); ``not_found`` no verdict.

    budgetlens eval --probes checks --split dev --home WS --out DIR

writes ``DIR/probe_checks.json`` and ``DIR/probe_checks.md`` (``eval.report.save_run``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from budgetlens.eval.journalists import DECLINED
from budgetlens.eval.mutate import summary_table, tally
from budgetlens.eval.probe_why import _MEASURE_RE, Filing, _joined, _key, filings, raw_pages, short_form

OUTCOMES = ("right", "wrong", "not_found")
_NUM = r"(\d[\d,]*(?:\.\d+)?)"
# amount, change on the year before, rate: 80.11万元，较上年减少4.70万元，下降5.54% / …增加5.00万元(83.33%)
_STATED_RE = re.compile(_NUM + r"\s*万元\s*[，,]?\s*(?:比|较)\s*(?:上年|上一年|去年)(?:预算数?|决算数?|执行数)?\s*(?:相比)?[，,]?\s*"
                        r"(增加|减少)\s*" + _NUM + r"\s*万元\s*[，,、]?\s*[（(]?\s*(?:增长|下降|增幅|降幅|增加|减少)?\s*"
                        + _NUM + r"\s*[%％]")
_PER_FILING = 4  # statements asked of one filing, the first of each measure


@dataclass(frozen=True)
class Stated:
    file: str
    page: int
    measure: str
    printed: str  # the measure as the clause names it
    level: str  # the amounts and rate as printed (digits, commas left out)
    change: str
    sign: int
    rate: str
    clause: str

    @property
    def status(self) -> str:
        """The clause's own arithmetic (``rate_status``): the rate of the change over the year before.
        The level and the change are the amounts printed, each ± half a cent; the year before is
        derived from them (level − change), so its rounding is theirs, not added again."""
        level, change = float(self.level), float(self.change)
        prior = level - self.sign * change
        if prior <= 0.005:
            return "fail"
        got = [(c + dc) / max(level + dl - self.sign * (c + dc), 1e-9) * 100
               for c in (change,) for dc in (-0.005, 0.005) for dl in (-0.005, 0.005)]
        return rate_status(change / prior * 100, self.rate, min(got), max(got))


def rate_status(exact: float, rate: str, lo: float, hi: float) -> str:
    """``pass`` when the printed amounts give the printed rate as it is rounded; ``fail`` when no
    amounts within their rounding (``lo``–``hi``) give it; ``unsure`` in between, where the printed
    figures neither show it nor rule it out (the answer must say 一致 within rounding)."""
    half = 0.5 * 10 ** -(len(rate.split(".")[1]) if "." in rate else 0)
    if abs(exact - float(rate)) <= half + 1e-9:
        return "pass"
    return "unsure" if lo - half <= float(rate) <= hi + half else "fail"


def statements(pages: list[str], file: str = "") -> list[Stated]:
    """Each clause of the pages stating a named measure's amount, change and rate."""
    text, starts = _joined(pages)
    out: list[Stated] = []
    for clause in re.finditer(r"[^。；;！？]+", text):
        c, base = clause.group(0), clause.start()
        for m in _STATED_RE.finditer(c):
            named = list(_MEASURE_RE.finditer(c[:m.start()]))
            if not named or m.start() - named[-1].end() > 16 or "其中" in c[named[-1].end():m.start()]:
                continue
            n = named[-1]
            at = base + n.start()
            page = max(i for i, s in enumerate(starts) if s <= at) + 1 if starts else 1
            level, word, change, rate = (g.replace(",", "") for g in m.groups())
            out.append(Stated(file, page, _key(n), n.group(0), level, change, 1 if word == "增加" else -1, rate,
                              c[n.start():m.end()]))
    return out


@dataclass(frozen=True)
class Probe:
    file: str
    part: str
    variant: str  # printed / plain / against; rate+1 / change+1 for a perturbed figure
    question: str
    measure: str
    expect: str  # pass / fail / unsure (no verdict holds); "not_pass" for a perturbed figure
    clause: str
    page: int


def _units_up(figure: str) -> str:
    """The figure with its units digit one higher (16.85 → 17.85, 9 → 10): printed nowhere by rounding."""
    whole, dot, frac = figure.partition(".")
    return str(int(whole) + 1) + dot + frac


def _asked(variant: str, body: str, year: int, s: Stated, change: str, rate: str) -> str:
    """The question of one phrasing: the figures as printed, 多 / 少 and 万 said plainly, or the
    change and rate asked against the amount."""
    word, plain = ("增加", "多") if s.sign > 0 else ("减少", "少")
    rword = "增长" if s.sign > 0 else "下降"
    if variant == "plain":
        return f"{body}{year}年{s.printed}{s.level}万元，比上年{plain}{change}万，说{rword}{rate}%，对吗？"
    if variant == "against":
        return f"{body}{year}年{s.printed}比上年{word}{change}万元、{rword}{rate}%，这两个数和{s.level}万元对得上吗？"
    return f"{body}{year}年{s.printed}{s.level}万元，比上年{word}{change}万元，{rword}{rate}%，这个幅度算得对吗？"


def questions(f: Filing, found: list[Stated], part: str, start: int = 0) -> list[Probe]:
    out: list[Probe] = []
    seen: set[str] = set()
    for s in found:
        if s.measure in seen or len(seen) >= _PER_FILING:
            continue
        seen.add(s.measure)
        n = (start + len(out)) // 3  # the statement's number: phrasing and body form turn over
        body = f.body if n % 2 == 0 else short_form(f.body)
        variant = ("printed", "plain", "against")[n % 3]
        base = Probe(f.file, part, variant, _asked(variant, body, f.year, s, s.change, s.rate), s.measure, s.status,
                     s.clause, s.page)
        out += [base,
                replace(base, variant="rate+1", question=_asked(variant, body, f.year, s, s.change, _units_up(s.rate)),
                        expect="not_pass"),
                replace(base, variant="change+1", question=_asked(variant, body, f.year, s, _units_up(s.change), s.rate),
                        expect="not_pass")]
    return out


def judge(p: Probe, answer) -> tuple[str, str]:
    verdict = (answer.understood or {}).get("verdict")
    verdict = None if answer.kind in DECLINED else ("fail" if verdict == "fail" else "pass" if verdict else None)
    if p.expect == "not_pass":
        if verdict == "pass":
            return "wrong", "a figure the filing does not print found 一致"
        return "right", "不一致" if verdict else f"declined ({answer.kind})"
    if p.expect == "unsure":  # only amounts within their rounding give the rate: 一致 within rounding
        if verdict is None:
            return "not_found", f"no verdict ({answer.kind})"
        if verdict == "pass" and "四舍五入" in (answer.answer or ""):
            return "right", "一致 within rounding"
        return "wrong", f"verdict {verdict}" + ("" if verdict == "fail" else " not said as within rounding")
    if verdict is None:
        return "not_found", f"no verdict ({answer.kind})"
    return ("right", "") if verdict == p.expect else ("wrong", f"verdict {verdict}, gold {p.expect}")


# the other shapes a verdict is asked of (``shaped``): a 完成预算 %, a share with its whole, a total and its listed parts
_DONE_RE = re.compile(r"(?:年初)?预算(?:数)?(?:为)?\s*" + _NUM + r"\s*万元\s*[，,]\s*(?:支出)?决算(?:数)?(?:支出)?(?:为)?\s*"
                      + _NUM + r"\s*万元\s*[，,]\s*完成(?:年初)?预算(?:数)?的?\s*" + _NUM + r"\s*[%％]")
_SHARE_RE = re.compile(r"([\u4e00-\u9fff“”]{2,16}?)(?:总计|合计|总额)?(?:为|是)?\s*" + _NUM + r"\s*万元\s*[，,]\s*其中[：:]?\s*"
                       r"([\u4e00-\u9fff“”]{2,16}?)\s*" + _NUM + r"\s*万元\s*[，,]\s*占[^，,。；;\d]{0,12}?的?\s*" + _NUM + r"\s*[%％]")
_TOTAL_PARTS_RE = re.compile(r"([\u4e00-\u9fff“”]{2,16}?)(?:总计|合计|总额)?(?:为|是)?\s*" + _NUM + r"\s*万元\s*[，,]?\s*其中[：:]\s*"
                             r"([^。；;]*?)[。]")
_ITEM_RE = re.compile(r"^\s*(?:[（(]?\d{1,2}[)）.、．]\s*)?([\u4e00-\u9fff“”（）()]{2,20}?)\s*" + _NUM + r"\s*万元\s*$")
_NOT_ITEM_RE = re.compile(r"较|比|与上年|增加|减少|增长|下降|持平|合计|总计|其中|占")
_NAMED_BEFORE = re.compile(r"[^。；;：:]{0,40}$")


def _plain(words: str, body: str = "") -> str:
    """The measure's words as a journalist would quote them: no numbering or quotes, nothing up to
    a heading's 说明 / 情况, no year left of the figure (年度本单位政府采购预算 → 本单位政府采购预算), no
    piece of the body's name (苏省人大常委会办公厅本年支出预算 → 本年支出预算)."""
    w = re.sub(r"^[\d（(）)、.．\s]+|[“”\s]", "", words)
    w = re.split(r"说明|情况", w)[-1]
    w = re.sub(r"^(?:20\d\d)?年度?", "", w)
    k = 0
    while k < len(w) and w[:k + 1] in body:
        k += 1
    return w[k:] if k >= 2 and len(w) - k >= 2 else w


def _within(got: float, rate: str) -> bool:
    half = 0.5 * 10 ** -(len(rate.split(".")[1]) if "." in rate else 0)
    return abs(got - float(rate)) <= half + 1e-9


def shaped(pages: list[str], f: Filing, part: str) -> list[Probe]:
    """The questions of the other shapes the raw pages print, each with a perturbed twin (a figure
    whose units digit is one higher, which no rounding prints):

    - ``done``: 年初预算598.25万元，支出决算699.64万元，完成年初预算的116.95% → asked with the three
      figures; gold 决算 ÷ 预算 (each ± half a cent) against the rate (± half its last digit);
    - ``share``: 财政拨款支出总计为237,100.00万元，其中基本支出199,015.13万元，占总支出的83.94% →
      asked with the whole, the part and the rate; gold part ÷ whole against the rate;
    - ``parts``: 机关运行经费82万元，其中：办公经费41.47万元，公务接待费2万元，…。 (every clause after
      其中 a part with its amount) → 加起来对得上吗; gold the parts' sum within a cent per part."""
    text, starts = _joined(pages)
    out: list[Probe] = []

    def page_of(at: int) -> int:
        return max(i for i, s in enumerate(starts) if s <= at) + 1 if starts else 1

    def add(variant: str, question: str, twin: str, measure: str, ok: bool | str, clause: str, at: int):
        status = ok if isinstance(ok, str) else "pass" if ok else "fail"
        base = Probe(f.file, part, variant, question, measure, status, clause, page_of(at))
        out.extend([base, replace(base, variant=f"{variant}+1", question=twin, expect="not_pass")])

    body = short_form(f.body) if len(out) % 2 else f.body
    for m in list(_DONE_RE.finditer(text))[:2]:
        budget, actual, rate = (g.replace(",", "") for g in m.groups())
        if float(budget) < 0.005:
            continue
        before = re.split(r"[。；;：:]", text[max(0, m.start() - 60):m.start()])
        named = next((_plain(x, f.body) for x in reversed(before)
                      if len(re.findall(r"[\u4e00-\u9fff]", _plain(x, f.body))) >= 2), "")
        named = re.sub(r"^[^\u4e00-\u9fff]*", "", named)[-24:]
        lo = (float(actual) - 0.005) / (float(budget) + 0.005) * 100
        hi = (float(actual) + 0.005) / (float(budget) - 0.005) * 100 if float(budget) > 0.005 else float("inf")
        ok = rate_status(float(actual) / float(budget) * 100, rate, lo, hi)
        ask = f"{body}{f.year}年{named}年初预算{budget}万元、决算{actual}万元，说完成{{}}%，对吗？"
        add("done", ask.format(rate), ask.format(_units_up(rate)), named, ok, m.group(0), m.start())
    for m in list(_SHARE_RE.finditer(text))[:2]:
        whole_words, whole, part_words, amount, rate = m.groups()
        whole_f, amount_f = float(whole.replace(",", "")), float(amount.replace(",", ""))
        if whole_f < 0.005:
            continue
        lo, hi = (amount_f - 0.005) / (whole_f + 0.005) * 100, (amount_f + 0.005) / (whole_f - 0.005) * 100
        ok = rate_status(amount_f / whole_f * 100, rate, lo, hi)
        ww, pw = _plain(whole_words, f.body), _plain(part_words, f.body)
        ask = f"{body}{f.year}年{ww}{whole}万元，{pw}{amount}万元说占{{}}%，比例对吗？"
        add("share", ask.format(rate), ask.format(_units_up(rate)), pw, ok, m.group(0), m.start())
    for m in list(_TOTAL_PARTS_RE.finditer(text))[:2]:
        whole_words, whole, listed = m.groups()
        clauses = [c for c in re.split(r"[，；、]|,(?!\d{3})", listed) if c.strip()]
        matched = [_ITEM_RE.match(c) for c in clauses]
        items = [i for i in matched if i is not None]
        if len(items) < 2 or len(items) < len(matched) or any(_NOT_ITEM_RE.search(i.group(1)) for i in items):
            continue
        total = float(whole.replace(",", ""))
        summed = sum(float(i.group(2).replace(",", "")) for i in items)
        adds_up = abs(summed - total) <= 0.01 * len(items)
        ww = _plain(whole_words, f.body)
        ask = f"{body}{f.year}年{ww}{{}}万元，其中列的{len(items)}项加起来对得上吗？"
        add("parts", ask.format(whole.replace(",", "")), ask.format(_units_up(whole.replace(",", ""))), ww, adds_up,
            m.group(0), m.start())
    return out


def probes(engine, part: str) -> list[Probe]:
    out: list[Probe] = []
    for f in filings(engine, part):
        pages = raw_pages(f.path)
        out.extend(questions(f, statements(pages, f.file), part, start=len(out)))
        out.extend(shaped(pages, f, part))
    return out


def summarise(cases: list[dict]) -> dict:
    return tally(((c["part"], ("ALL", f"variant/{c['variant']}", f"gold/{c['expect']}"), c["outcome"])
                  for c in cases), OUTCOMES)


def markdown(summary: dict, cases: list[dict]) -> str:
    lines = ["# Consistency probe", "", "right: the verdict of the clause's own arithmetic (a perturbed figure: "
             "不一致 or declined); wrong: the other verdict; not found: no verdict."]
    lines += summary_table(summary, "probe", OUTCOMES)
    bad = [c for c in cases if c["outcome"] != "right"]
    if bad:
        lines += ["", "## Not right", ""]
        lines += [f"- {c['file']} p{c['page']} {c['variant']} **{c['outcome']}**: {c['question']} → "
                  f"{c['answer'][:200]!r} (clause: {c['clause'][:80]})" for c in bad]
    return "\n".join(lines) + "\n"


def evaluate(settings, *, parts=("dev",), out: Path | None = None, log=None) -> dict:
    from budgetlens.eval.probes import run_probes

    return run_probes(settings, "probe_checks", probes, judge,
                      lambda p, a, outcome, why: {**asdict(p), "outcome": outcome, "why": why,
                                                   "answer": a.answer[:400], "answer_kind": a.kind},
                      summarise, markdown, parts=parts, out=out, log=log,
                      line=lambda p, outcome, why: f"{p.file}\t{p.variant}\t{outcome}\t{why}\t{p.question}")
