"""Score answers to a journalist's questions against gold written by hand.

A question file (``eval/questions/questions.json``) lists questions of five kinds, each
over one *corpus* (a named list of filings). Every corpus is ingested into its own
workspace under ``settings.home`` (so a ranking question ranks only that corpus), then
every question is asked offline and judged:

- ``value``: the single number equals the gold value (2 decimals) in the gold unit, and
  a citation is on the gold page with a quote containing ``quote_contains``;
- ``compare``: the ranking puts ``answer_contains`` first;
- ``consistency``: some check on the figure fails (``expect_status: fail``), or it was
  checked and none fails (``pass``);
- ``why``: a cited passage contains ``passage_contains``;
- ``not_found``: the answer says so and gives no value and no citation.

``verified`` (every number of the answer is in the evidence it cites) and the seconds
each ``ask`` took are reported beside correctness, per kind.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from budgetlens.schemas.answer import Answer

Kind = Literal["value", "compare", "consistency", "why", "not_found"]
KINDS: tuple[str, ...] = ("value", "compare", "consistency", "why", "not_found")
_DOC_SUFFIXES = {".pdf", ".docx", ".txt"}


class GoldQuestion(BaseModel):
    """One question with its gold answer (the question file's item)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    question: str
    kind: Kind
    corpus: str
    value: float | None = None
    unit: str | None = None
    page: int | list[int] | None = None
    quote_contains: str | None = None
    answer_contains: str | None = None
    expect_status: Literal["pass", "fail"] | None = None
    passage_contains: str | None = None
    not_found: bool = False

    @property
    def pages(self) -> set[int]:
        if self.page is None:
            return set()
        return {self.page} if isinstance(self.page, int) else set(self.page)


class QuestionFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    about: str = ""
    questions: list[GoldQuestion] = Field(default_factory=list)


@dataclass(frozen=True)
class Judgement:
    """How one answer scored."""

    id: str
    corpus: str
    kind: str
    question: str
    correct: bool
    cited_right: bool | None  # lookups only: a citation on the gold page holding the gold quote
    verified: bool
    seconds: float
    got: str  # the answer, shortened, for the report
    reason: str = ""  # why it is wrong, when it is


def load_questions(path: Path) -> list[GoldQuestion]:
    return QuestionFile.model_validate_json(Path(path).read_text(encoding="utf-8")).questions


def _plain(text: str) -> str:
    """Text compared without whitespace or thousands separators (wrapped lines, 2,251.27)."""
    return "".join(text.split()).replace(",", "").replace("，", "")


def _wan(value: float, unit: str | None) -> float:
    return value / 10000 if unit == "元" else value


def _judge_value(q: GoldQuestion, a: Answer) -> tuple[bool, bool | None, str]:
    cited = any(c.page in q.pages and (not q.quote_contains or _plain(q.quote_contains) in _plain(c.quote))
                for c in a.citations) if q.pages else None
    if a.value is None:
        return False, cited, f"no single value (kind {a.kind})"
    if q.unit in ("万元", "元") and a.unit in ("万元", "元"):
        same = round(_wan(a.value, a.unit), 6) == round(_wan(q.value, q.unit), 6) or (
            a.unit == q.unit and round(a.value, 2) == round(q.value, 2))
    else:
        same = round(a.value, 2) == round(q.value, 2) and (q.unit is None or a.unit == q.unit)
    if not same:
        return False, cited, f"value {a.value} {a.unit}, expected {q.value} {q.unit}"
    if cited is False:
        return False, cited, f"cited pages {[c.page for c in a.citations]} without the gold quote"
    return True, cited, ""


def _first_entity(a: Answer) -> str:
    if a.table:
        return a.table[0].entity
    return a.answer


def _consistency_status(a: Answer) -> str | None:
    if a.kind != "consistency":
        return None
    if any(c.get("status") == "fail" for c in a.checks):
        return "fail"
    if "没有可核对" in a.answer:
        return None  # nothing was checked: neither a pass nor a fail
    return "pass"


def judge(q: GoldQuestion, a: Answer, seconds: float = 0.0) -> Judgement:
    """Score one answer against its gold."""
    cited: bool | None = None
    reason = ""
    if q.kind == "value":
        correct, cited, reason = _judge_value(q, a)
    elif q.kind == "compare":
        first = _first_entity(a)
        correct = a.kind == "compare" and q.answer_contains is not None and q.answer_contains in first
        reason = "" if correct else f"first named: {first[:40]} (kind {a.kind})"
    elif q.kind == "consistency":
        status = _consistency_status(a)
        correct = status == q.expect_status
        reason = "" if correct else f"status {status}, expected {q.expect_status}"
    elif q.kind == "why":
        want = _plain(q.passage_contains or "")
        correct = a.kind == "why" and bool(want) and any(want in _plain(c.quote) for c in a.citations)
        reason = "" if correct else f"no cited passage holds {q.passage_contains!r} (kind {a.kind})"
    else:
        correct = a.value is None and not a.citations and a.kind == "not_found"
        reason = "" if correct else f"answered {a.value} with {len(a.citations)} citation(s) (kind {a.kind})"
    return Judgement(id=q.id, corpus=q.corpus, kind=q.kind, question=q.question, correct=correct,
                     cited_right=cited, verified=a.verified, seconds=round(seconds, 4),
                     got=a.answer.replace("\n", " ")[:120], reason=reason)


def _percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    i = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return round(ordered[i], 4)


def summarise(judgements: list[Judgement]) -> dict:
    """Figures for a list of judgements: n, correct, accuracy, cited, verified, latency."""
    n = len(judgements)
    lookups = [j for j in judgements if j.cited_right is not None]
    secs = [j.seconds for j in judgements]
    return {
        "n": n,
        "correct": sum(j.correct for j in judgements),
        "accuracy": round(sum(j.correct for j in judgements) / n, 4) if n else None,
        "cited_right": sum(bool(j.cited_right) for j in lookups) if lookups else None,
        "cited_total": len(lookups) if lookups else None,
        "verified": sum(j.verified for j in judgements),
        "seconds_p50": round(statistics.median(secs), 4) if secs else None,
        "seconds_p95": _percentile(secs, 95),
        "seconds_max": round(max(secs), 4) if secs else None,
    }


def ingest_corpus(name: str, paths: list[Path], settings):
    """Ingest one corpus into its own workspace; the settings of that workspace."""
    from budgetlens.pipeline import process

    scoped = settings.scoped(home=Path(settings.home) / f"answers-{name}")
    report = process(paths, scoped)
    return scoped, report


def evaluate_answers(questions_file: Path, settings, corpora: dict[str, list[Path]], llm=None) -> dict:
    """Ingest each corpus, ask every question of it, and score the answers per kind.

    Questions of a corpus not in ``corpora`` are skipped (and counted as such). With
    ``llm`` the model words the answers (verified by code, as in ``qa.llm``).
    """
    from budgetlens.qa import Asker

    questions = load_questions(questions_file)
    judgements: list[Judgement] = []
    ingest: dict[str, dict] = {}
    skipped = 0
    for name in sorted({q.corpus for q in questions}):
        asked = [q for q in questions if q.corpus == name]
        if not corpora.get(name):
            skipped += len(asked)
            continue
        scoped, report = ingest_corpus(name, list(corpora[name]), settings)
        ingest[name] = {"documents": len(report.outcomes) - len(report.failures),
                        "failures": [o.error for o in report.failures], "seconds": round(report.seconds, 2)}
        asker = Asker(scoped, llm=llm)
        try:
            asker.index.search("预算", k=1)  # load the index first: latency is per question, steady state
            for q in asked:
                started = time.perf_counter()
                answer = asker.ask(q.question)
                judgements.append(judge(q, answer, time.perf_counter() - started))
        finally:
            asker.close()
    return {
        "overall": summarise(judgements),
        "per_kind": {k: summarise([j for j in judgements if j.kind == k]) for k in KINDS
                     if any(j.kind == k for j in judgements)},
        "per_corpus": {c: summarise([j for j in judgements if j.corpus == c]) for c in ingest},
        "ingest": ingest,
        "skipped": skipped,
        "questions": [asdict(j) for j in judgements],
    }


def default_corpora(project_root: Path, docs: Path | None = None, gold: Path | None = None) -> dict[str, list[Path]]:
    """``seeds`` from ``../shared/seeds`` beside the project; ``samples`` from ``docs``
    (else the gold folder, else ``samples/``): its PDF, Word and text filings."""
    corpora: dict[str, list[Path]] = {}
    seeds = project_root.parent / "shared" / "seeds"
    if seeds.is_dir():
        corpora["seeds"] = sorted(seeds.glob("*.txt"))
    folder = docs or gold or project_root / "samples"
    if folder.is_dir():
        corpora["samples"] = sorted(p for p in folder.iterdir()
                                    if p.suffix.lower() in _DOC_SUFFIXES and p.is_file())
    return corpora


def _fmt(v) -> str:
    return "—" if v is None else f"{v:.2%}" if isinstance(v, float) and v <= 1 else str(v)


def report_lines(result: dict) -> list[str]:
    """The answers section of report.md: per kind, then every wrong answer."""
    lines = ["## Answers", "",
             "| kind | n | correct | accuracy | cited right page | verified | p50 s | p95 s |",
             "|---|---|---|---|---|---|---|---|"]
    rows = list(result["per_kind"].items()) + [("all", result["overall"])]
    for kind, s in rows:
        cited = f"{s['cited_right']}/{s['cited_total']}" if s["cited_total"] else "—"
        lines.append(f"| {kind} | {s['n']} | {s['correct']} | {_fmt(s['accuracy'])} | {cited} | "
                     f"{s['verified']}/{s['n']} | {s['seconds_p50']} | {s['seconds_p95']} |")
    wrong = [q for q in result["questions"] if not q["correct"]]
    if wrong:
        lines += ["", "| id | question | why wrong | answer |", "|---|---|---|---|"]
        for q in wrong:
            lines.append(f"| {q['id']} | {q['question']} | {q['reason']} | {q['got'].replace('|', '/')[:80]} |")
    return lines


def main(argv: list[str] | None = None) -> None:
    """``python -m budgetlens.eval.answers [QUESTIONS] [--home DIR]``: print the per-kind figures."""
    import argparse
    import tempfile

    from budgetlens.settings import load

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parents[1]
    parser.add_argument("questions", nargs="?", type=Path, default=root / "eval" / "questions" / "questions.json")
    parser.add_argument("--home", type=Path, default=None, help="workspace (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load(args.home or Path(tmp))
        result = evaluate_answers(args.questions, settings, default_corpora(root))
    print("\n".join(report_lines(result)))
    print(json.dumps(result["overall"], ensure_ascii=False))


if __name__ == "__main__":
    main()
