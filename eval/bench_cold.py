"""Speed as a user meets it: ``budgetlens extract`` run cold against ``pymupdf4llm``.

    python -m budgetlens.eval.bench_cold [--set small|large|both] [--json OUT]

``small`` is about 200 text-layer pages (whole files from ``../shared/real``), ``large``
about 1,000 (more of ``../shared/real`` and corpus filings, whole files). For each set,
in one run and alternating:

- ours: ``budgetlens extract FILES --out x.jsonl`` in a fresh process and a fresh
  workspace, so start-up (imports, the vector store), reading, tables, checks, indexing
  and writing are all counted; the peak resident memory of the process tree is sampled;
- reference: ``pymupdf4llm.to_markdown`` with default settings over the same files, in a
  fresh process too (it also pays its imports).

The headline is pages/s of ours over the reference's, measured in the same run; absolute
figures are printed with the load average, since other processes share the machine. The
CPU seconds (user + system) of each side's whole process tree are printed too, with their
ratio: on a busy machine that is the steadier figure (ours runs on two cores, so its
wall-clock ratio on a quiet machine is the higher one). On Linux this process adopts the
orphans of the tree it runs (a fork server outlives the command by a moment) to count
them; elsewhere the CPU figure covers only the processes the command waited for.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pymupdf

SHARED = Path(__file__).resolve().parents[2] / "shared"
_REFERENCE = ("import sys, pymupdf4llm\n"
              "for f in sys.argv[1:]:\n"
              "    pymupdf4llm.to_markdown(f)\n")


def _pages(files: list[Path]) -> int:
    total = 0
    for f in files:
        with pymupdf.open(f) as doc:
            total += doc.page_count
    return total


def _text_layer_only(f: Path) -> bool:
    """Every page has text: pymupdf4llm's default OCR of an image-only page (a scanned
    cover) fails with the OCR engine installed here, and OCR is not what is compared."""
    with pymupdf.open(f) as doc:
        return all(len(page.get_text().strip()) >= 30 for page in doc)


def pick(target: int, *, corpus: bool) -> list[Path]:
    """Whole text-layer files, in a fixed order, until ``target`` pages."""
    pool = sorted(p for p in (SHARED / "real").rglob("*.pdf") if "scanned" not in p.parts)
    if corpus:
        pool += sorted((SHARED / "corpus" / "docs").glob("*.pdf"))
    chosen, pages = [], 0
    for f in pool:
        if pages >= target:
            break
        if not _text_layer_only(f):
            continue
        chosen.append(f)
        pages += _pages([f])
    return chosen


def _adopt_orphans() -> bool:
    """Make this process the reaper of its descendants' orphans (Linux), so that their CPU
    time is counted in ``RUSAGE_CHILDREN`` once reaped."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def _reap_all() -> None:
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], env: dict) -> tuple[float, int, float]:
    """(seconds, peak RSS of the process tree in bytes, CPU seconds of the tree)."""
    _adopt_orphans()
    cpu_before = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            rss = root.memory_info().rss + sum(c.memory_info().rss for c in root.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:3]} failed: {proc.stderr.read().decode()[-500:] if proc.stderr else ''}")
    _reap_all()  # the orphans adopted meanwhile (a fork server ends when its parent has)
    return seconds, peak, _children_cpu() - cpu_before


def measure(files: list[Path]) -> dict:
    pages = _pages(files)
    budgetlens = Path(sys.executable).with_name("budgetlens")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "BUDGETLENS_HOME": str(Path(tmp) / "home")}
        load = os.getloadavg()
        ours, peak, ours_cpu = _run([str(budgetlens), "extract", *map(str, files), "--out", str(Path(tmp) / "x.jsonl")],
                                    env)
    ref, ref_peak, ref_cpu = _run([sys.executable, "-c", _REFERENCE, *map(str, files)], dict(os.environ))
    return {"files": len(files), "pages": pages, "ours_s": round(ours, 2), "ours_pages_s": round(pages / ours, 1),
            "ours_peak_mib": round(peak / 2**20), "ours_cpu_s": round(ours_cpu, 2), "reference_s": round(ref, 2),
            "reference_pages_s": round(pages / ref, 2), "reference_peak_mib": round(ref_peak / 2**20),
            "reference_cpu_s": round(ref_cpu, 2), "ratio": round(ref / ours, 1),
            "cpu_ratio": round(ref_cpu / ours_cpu, 1) if ours_cpu > 0 else None,
            "load_start": [round(x, 1) for x in load], "load": [round(x, 1) for x in os.getloadavg()]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m budgetlens.eval.bench_cold", description=__doc__.split("\n\n")[1])
    parser.add_argument("--set", choices=("small", "large", "both"), default="both")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = {}
    if args.set in ("small", "both"):
        results["small"] = measure(pick(200, corpus=False))
    if args.set in ("large", "both"):
        results["large"] = measure(pick(1000, corpus=True))
    for name, r in results.items():
        print(f"{name}: {r['files']} files, {r['pages']} pages; ours {r['ours_pages_s']} pages/s "
              f"(peak {r['ours_peak_mib']} MiB), pymupdf4llm {r['reference_pages_s']} pages/s "
              f"(peak {r['reference_peak_mib']} MiB): {r['ratio']}×; CPU {r['ours_cpu_s']} s against "
              f"{r['reference_cpu_s']} s: {r['cpu_ratio']}×; load {r['load_start']} → {r['load']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
