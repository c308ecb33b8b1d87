"""Consistency probe: questions checking a change the narrative states (its amount, its change
on the year before and its rate), made from the RAW page text of every filing of one part
(``eval.probe_why.raw_pages``), never from the answerer's reading, so that the gold does not
share its mistakes.

A *statement* is one clause naming a measure journalists ask about (``probe_why``'s list),
its amount, its change and its rate::

    “三公”经费预算支出80.11万元，较上年减少4.70万元，下降5.54%
    → level 80.11, change −4.70, rate 5.54 → the year before 84.81, 4.70 ÷ 84.81 = 5.54%: 一致

The gold verdict is the clause's own arithmetic: 一致 when the rate lies within what the
amounts (each ± half a cent) and the rate's last digit allow, else 不一致 (a filing's own
slip, such as 0.005% printed for 0.54%). Each statement gives questions in several phrasings
(the figures as printed; 多 / 少 and 万 said plainly; the change and rate asked against the
amount) and two *perturbed* ones, the rate or the change with its units digit changed, whose
figure the filing does not print: those must be found 不一致 or declined, never 一致.

Judged (``judge``): ``right`` the gold verdict (a perturbed one: 不一致 or a decline);
``wrong`` the other verdict (a perturbed one found 一致); ``not_found`` no verdict.

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
        """The clause's own arithmetic: pass when the rate is that of the change over the year before."""
        level, change, rate = float(self.level), float(self.change), float(self.rate)
        prior = level - self.sign * change
        if prior <= 0.005:
            return "fail"
        lo = (change - 0.005) / (prior + 0.01) * 100
        hi = (change + 0.005) / max(prior - 0.01, 1e-9) * 100
        half = 0.5 * 10 ** -(len(self.rate.split(".")[1]) if "." in self.rate else 0)
        return "pass" if lo - half <= rate <= hi + half else "fail"


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
    expect: str  # pass / fail; "not_pass" for a perturbed figure
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
    if verdict is None:
        return "not_found", f"no verdict ({answer.kind})"
    return ("right", "") if verdict == p.expect else ("wrong", f"verdict {verdict}, gold {p.expect}")


def probes(engine, part: str) -> list[Probe]:
    out: list[Probe] = []
    for f in filings(engine, part):
        out.extend(questions(f, statements(raw_pages(f.path), f.file), part, start=len(out)))
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
