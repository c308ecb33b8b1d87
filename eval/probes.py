"""What the probes built from the filings (why, checks, rows, names) share: asking each
probe of a part and judging its answer, and the run's report (summary, cases, markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from budgetlens.eval.mutate import summary_table


def finish(name: str, cases: list[dict], summarise: Callable[[list], dict],
           markdown: Callable[[dict, list], str], out: Path | None, shown: list | None = None) -> dict:
    """The run's report; saved under ``out`` with its markdown (listing the cases not right)
    when ``out`` is given. ``shown``: the cases the markdown lists, when not the report's dicts."""
    summary = summarise(cases)
    report = {"summary": summary, "cases": cases}
    if out is not None:
        from budgetlens.eval.report import save_run

        save_run(out, name, report, markdown(summary, cases if shown is None else shown))
    report["markdown"] = markdown(summary, [])
    return report


def run_probes(settings, name: str, probes: Callable[[Any, str], Iterable], judge: Callable,
               record: Callable, summarise: Callable[[list], dict], markdown: Callable[[dict, list], str], *,
               parts=("dev",), out: Path | None = None, log=None, line: Callable | None = None) -> dict:
    """Each probe ``probes(engine, part)`` makes asked through ``Asker`` as the CLI asks,
    judged by ``judge(probe, answer) -> (outcome, why)`` and kept as ``record(probe, answer,
    outcome, why)``; ``line(probe, outcome, why)`` is logged per probe when ``log`` is given."""
    from budgetlens.qa import Asker

    asker = Asker(settings)
    cases = []
    try:
        for part in parts:
            for p in probes(asker.engine, part):
                a = asker.ask(p.question)
                outcome, why = judge(p, a)
                cases.append(record(p, a, outcome, why))
                if log and line:
                    log(line(p, outcome, why))
    finally:
        asker.close()
    return finish(name, cases, summarise, markdown, out)


def report(title: str, intro: str, summary: dict, cases: list[dict], outcomes: tuple[str, ...],
           case: Callable[[dict], str], *, heading: str = "## dev: not right", only_dev: bool = True) -> str:
    """A probe's markdown: its title and what it asks, the summary per part, then each case
    not right (of the development part unless ``only_dev`` is false) as ``case`` writes it."""
    lines = [f"# {title}", "", intro]
    lines += summary_table(summary, "probe", outcomes)
    bad = [c for c in cases if c["outcome"] != "right" and (not only_dev or c["part"] == "dev")]
    if bad:
        lines += ["", heading, ""]
        lines += [f"- {case(c)}" for c in bad]
    return "\n".join(lines) + "\n"
