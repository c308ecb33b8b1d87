"""Latency of ``Asker.ask`` over many stored filings, offline and in-process.

    python -m budgetlens.eval.bench_ask --n 100 [--pdf-every 10] [--embedding hash|e5] [--home DIR]
    python -m budgetlens.eval.bench_ask --total 1000 --base /tmp/ws --pdf-every 0 --journalists

Generates ``n`` filings with the project's generator (text filings, every
``--pdf-every``-th a ruled PDF), ingests them into a temporary workspace with the
chosen embedding (default ``hash``, as the tool's own default), warms the asker up (one question of each
kind), then times a mixed set of questions: lookups by full and short name, budget
lookups, rankings, consistency, why and not-found. Prints ingest time and p50/p95/max
latency per kind and overall as JSON.

With ``--base`` a workspace of real filings is copied first and generated filings are added
until it holds ``--total`` filings (generated text filings ingest without OCR); with
``--journalists`` the journalists' question sets (``eval/questions``) are timed too, each
follow-up turn in its conversation, per kind of question.

With ``--home`` the workspace is kept and topped up: the base is copied only into an empty
home, generated filings are written once to ``HOME/bench-filings/`` (seeded, so a second run
writes the same bytes and finds them stored) and only the missing ones are ingested.
``--build-only`` stops there; a later run times the warm asker without ingesting again:

    python -m budgetlens.eval.bench_ask --home /tmp/ws1000 --base /tmp/ws --total 1000 --pdf-every 0 --build-only
    python -m budgetlens.eval.bench_ask --home /tmp/ws1000 --base /tmp/ws --total 1000 --pdf-every 0 --journalists

The machine's load average (1 and 5 minutes) is printed with the timings: latency on a
shared machine says little without it.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from budgetlens.eval.answers import _percentile

_VALUE_METRICS = ("公务接待费", "三公经费", "会议费", "培训费", "基本支出", "项目支出", "人员经费", "公用经费",
                  "机关运行经费", "收入总计", "支出总计", "公务用车运行维护费", "政府采购支出")
_RANK_METRICS = ("三公经费", "项目支出", "人员经费", "收入总计", "公用经费")


@dataclass(frozen=True)
class AskBench:
    filings: int
    pdf_filings: int
    embedding: str
    generate_seconds: float
    ingest_seconds: float
    ingest_seconds_per_filing: float
    questions: int
    load_before: tuple
    load_after: tuple
    p50: float
    p95: float
    max: float
    per_kind: dict


def write_filings(out: Path, n: int, pdf_every: int, first_seed: int = 1000) -> tuple[list[Path], list[tuple[str, int]]]:
    """``n`` generated filings in ``out``; their paths and (entity, fiscal_year). A file
    already there (the same seed, written by an earlier run) is kept as it is."""
    from budgetlens.fixtures.figures import make_figures
    from budgetlens.fixtures.generator import render_pdf, render_text

    paths, who = [], []
    for i in range(n):
        figures = make_figures(first_seed + i)
        pdf = bool(pdf_every and i % pdf_every == 0)
        path = out / f"bench{i:05d}.{'pdf' if pdf else 'txt'}"
        if not path.exists():
            tmp = path.with_name(path.name + ".tmp")
            if pdf:
                tmp.write_bytes(render_pdf(figures, "ruled"))
            else:
                tmp.write_text(render_text(figures), encoding="utf-8")
            tmp.replace(path)
        paths.append(path)
        who.append((figures.entity, figures.fiscal_year))
    return paths, who


def _short(entity: str) -> str:
    """A journalist's short name: 岫川县医疗保障局 → 岫川县医保局 (others unchanged)."""
    return entity.replace("医疗保障局", "医保局").replace("人力资源和社会保障局", "人社局")


def question_mix(who: list[tuple[str, int]], count: int, seed: int = 7) -> list[tuple[str, str]]:
    """(kind, question) pairs, about 60% lookups, the rest spread over the other kinds."""
    rng = random.Random(seed)
    years = sorted({y for _, y in who})
    out: list[tuple[str, str]] = []
    while len(out) < count:
        entity, year = rng.choice(who)
        roll = rng.random()
        if roll < 0.45:
            out.append(("value", f"{entity}{year}年{rng.choice(_VALUE_METRICS)}是多少？"))
        elif roll < 0.55:
            out.append(("value", f"{_short(entity)}{year}年三公经费预算是多少？"))
        elif roll < 0.7:
            out.append(("compare", f"{rng.choice(years)}年哪个单位{rng.choice(_RANK_METRICS)}最多？"))
        elif roll < 0.8:
            out.append(("consistency", f"{entity}{year}年基本支出在正文和表格里一致吗？"))
        elif roll < 0.9:
            out.append(("why", f"{entity}{year}年收支总计为什么比上年变化？"))
        else:
            out.append(("not_found", f"北京市海淀区教育局{year}年公务接待费是多少？"))
    return out


def _stored(home: Path) -> int:
    from budgetlens.store import Store

    store = Store(home / "facts.sqlite", readonly=True)
    try:
        return len(store.documents())
    finally:
        store.close()


def time_journalists(asker, timings: dict[str, list[float]]) -> None:
    """Every question of the journalists' sets, timed under ``j:<kind>`` (a follow-up's turns in
    one conversation, each turn timed)."""
    from budgetlens.eval.journalists import default_files, load_questions

    for q in load_questions(default_files()):
        turns = [t["question"] for t in q.get("turns") or []] if q["kind"] == "followup" else [q["question"]]
        conv = asker.conversation()
        for text in turns:
            t0 = time.perf_counter()
            conv.ask(text)
            timings.setdefault(f"j:{q['kind']}", []).append(time.perf_counter() - t0)


def top_up(target: Path, *, n: int, pdf_every: int, embedding: str, base: Path | None = None,
           total: int | None = None, filings: Path | None = None) -> tuple[list[Path], list[tuple[str, int]], float, float]:
    """Copy ``base`` into an empty ``target``, then generate and ingest filings until it holds
    ``total`` (or ``n`` generated ones): (generated paths, their (entity, year), seconds
    generating, seconds ingesting). Filings already stored are found by their bytes and skipped."""
    import shutil

    from budgetlens.pipeline import process
    from budgetlens.settings import load

    filings = filings or target / "bench-filings"
    filings.mkdir(parents=True, exist_ok=True)
    if base is not None and not (target / "facts.sqlite").exists():  # the bench never writes to the base
        shutil.copytree(base, target, dirs_exist_ok=True)
    if base is not None and total is not None:
        written = len(list(filings.glob("bench*.*")))
        n = max(written, written + total - _stored(target))
    started = time.perf_counter()
    paths, who = write_filings(filings, n, pdf_every)
    generated = time.perf_counter() - started
    report = process(paths, load(target).scoped(embedding=embedding))
    if report.failures:
        raise SystemExit(f"{len(report.failures)} filing(s) failed: {report.failures[0].error}")
    return paths, who, generated, report.seconds


def bench(n: int, *, questions: int = 200, pdf_every: int = 10, embedding: str = "e5",
          home: Path | None = None, base: Path | None = None, total: int | None = None,
          journalists: bool = False, build_only: bool = False) -> AskBench | None:
    import os

    from budgetlens.settings import load
    from budgetlens.qa import Asker

    with tempfile.TemporaryDirectory() as tmp:
        target = home or Path(tmp) / "home"
        paths, who, generated, ingested = top_up(target, n=n, pdf_every=pdf_every, embedding=embedding,
                                                 base=base, total=total)
        if build_only:
            return None
        settings = load(target).scoped(embedding=embedding)
        filings = _stored(target)
        asker = Asker(settings)
        try:
            mix = question_mix(who, questions)
            for kind in ("value", "compare", "consistency", "why", "not_found"):  # warm-up: index, caches
                warm = next((q for k, q in mix if k == kind), None)
                if warm:
                    asker.ask(warm)
            # the retrieval index, read on the first question the fact index does not answer (a why
            # naming no filing it knows): over 1,000 filings its first read took 21.7 s inside the timing
            asker.index.search("部门预算", k=1)
            load_before = tuple(round(x, 2) for x in os.getloadavg()[:2])
            timings: dict[str, list[float]] = {}
            for kind, text in mix:
                t0 = time.perf_counter()
                asker.ask(text)
                timings.setdefault(kind, []).append(time.perf_counter() - t0)
            if journalists:
                time_journalists(asker, timings)
            load_after = tuple(round(x, 2) for x in os.getloadavg()[:2])
        finally:
            asker.close()
    every = [t for ts in timings.values() for t in ts]
    per_kind = {k: {"n": len(ts), "p50": round(statistics.median(ts), 4), "p95": _percentile(ts, 95),
                    "max": round(max(ts), 4)} for k, ts in sorted(timings.items())}
    return AskBench(filings=filings, pdf_filings=sum(1 for p in paths if p.suffix == ".pdf"), embedding=embedding,
                    generate_seconds=round(generated, 2), ingest_seconds=round(ingested, 2),
                    ingest_seconds_per_filing=round(ingested / max(len(paths), 1), 3), questions=len(every),
                    load_before=load_before, load_after=load_after,
                    p50=round(statistics.median(every), 4), p95=_percentile(every, 95),
                    max=round(max(every), 4), per_kind=per_kind)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m budgetlens.eval.bench_ask", description=__doc__.split("\n\n")[1])
    parser.add_argument("--n", type=int, default=100, help="filings to generate and ingest")
    parser.add_argument("--questions", type=int, default=200, help="questions to time")
    parser.add_argument("--pdf-every", type=int, default=10, help="every k-th filing a ruled PDF (0: text only)")
    parser.add_argument("--embedding", default="hash", help="e5 (bundled) or hash")
    parser.add_argument("--home", type=Path, default=None, help="workspace (default: temporary)")
    parser.add_argument("--base", type=Path, default=None, help="a workspace of real filings to copy first")
    parser.add_argument("--total", type=int, default=None, help="with --base: generate up to this many filings")
    parser.add_argument("--journalists", action="store_true", help="time the journalists' question sets too")
    parser.add_argument("--build-only", action="store_true", help="build or top up --home, time nothing")
    args = parser.parse_args(argv)
    result = bench(args.n, questions=args.questions, pdf_every=args.pdf_every, embedding=args.embedding,
                   home=args.home, base=args.base, total=args.total, journalists=args.journalists,
                   build_only=args.build_only)
    if result is None:
        print(json.dumps({"home": str(args.home), "filings": _stored(args.home)}, ensure_ascii=False))
        return 0
    print(json.dumps(asdict(result), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
