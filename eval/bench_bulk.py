"""Benchmark of bulk jobs: documents/s and peak memory at 1 and 2 workers, same run.

    python -m budgetlens.eval.bench_bulk --n 1000 [--media pdf,text] [--corpus DIR] [--workers 1,2]

Generates ``n`` distinct filings with the project's generator (cycling through the
media given; kept in ``--corpus`` to be reused), then runs ``bulk`` on them once per
worker count into a fresh output folder, in a child process so that peak memory
(``ru_maxrss`` of the children) is measured per run. Prints a table and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def make_corpus(corpus: Path, n: int, media: list[str], seed: int = 5000) -> list[Path]:
    from budgetlens.fixtures.figures import make_figures
    from budgetlens.fixtures.generator import SUFFIX, render

    corpus.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        medium = media[i % len(media)]
        path = corpus / f"bench{seed + i:05d}_{medium}{SUFFIX[medium]}"
        if not path.exists():
            path.write_bytes(render(make_figures(seed + i), medium))
        paths.append(path)
    return paths


def run_once(corpus: Path, out: Path, workers: int) -> dict:
    """One bulk run in a child process; returns seconds and the child's peak RSS."""
    script = (
        "import sys, json, threading, time, psutil\n"
        "from pathlib import Path\n"
        "from bulk.job import BulkJob, JobOptions\n"
        "me = psutil.Process(); peak = [0]; done = threading.Event()\n"
        "def sample():\n"
        "    while not done.is_set():\n"
        "        try:\n"
        "            procs = [me] + me.children(recursive=True)\n"
        "            peak[0] = max(peak[0], sum(p.memory_info().rss for p in procs if p.is_running()))\n"
        "        except psutil.Error:\n"
        "            pass\n"
        "        time.sleep(0.1)\n"
        "t = threading.Thread(target=sample, daemon=True); t.start()\n"
        "s = BulkJob(Path(sys.argv[2]), JobOptions(workers=int(sys.argv[3]))).run(Path(sys.argv[1]))\n"
        "done.set(); t.join()\n"
        "s['peak_rss_total_mb'] = round(peak[0] / 2**20, 1)\n"
        "print(json.dumps(s))\n")
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", script, str(corpus), str(out), str(workers)],
                          capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    return {"workers": workers, "seconds": round(seconds, 2), "documents": summary["documents"],
            "pages": summary["pages"], "failures": summary["failures"],
            "docs_per_s": round(summary["documents"] / seconds, 2),
            "pages_per_s": round(summary["pages"] / seconds, 1),
            # sampled every 0.1 s: the job's process and all its workers together
            "peak_rss_total_mb": summary["peak_rss_total_mb"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m budgetlens.eval.bench_bulk")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--media", default="ruled,text,borderless,docx")
    parser.add_argument("--corpus", type=Path, default=Path("bench-out/bulk-corpus"))
    parser.add_argument("--out", type=Path, default=Path("bench-out/bulk"))
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    make_corpus(args.corpus, args.n, [m for m in args.media.split(",") if m])
    generated = time.perf_counter() - started
    results = []
    for w in (int(x) for x in args.workers.split(",")):
        out = args.out / f"w{w}"
        if out.exists():
            import shutil

            shutil.rmtree(out)
        results.append(run_once(args.corpus, out, w))
    outputs = {r["workers"]: (args.out / f"w{r['workers']}" / "filings.jsonl").read_bytes() for r in results}
    identical = len(set(outputs.values())) == 1
    report = {"n": args.n, "media": args.media, "generate_seconds": round(generated, 1),
              "load_average": os.getloadavg(), "runs": results, "identical_output": identical}
    print(f"{args.n} filings ({args.media}); load average {os.getloadavg()[0]:.1f}")
    print("| workers | seconds | docs/s | pages/s | peak RSS, job + workers (MB) |")
    print("|---|---|---|---|---|")
    for r in results:
        print(f"| {r['workers']} | {r['seconds']} | {r['docs_per_s']} | {r['pages_per_s']} | "
              f"{r['peak_rss_total_mb']} |")
    print(f"identical filings.jsonl across worker counts: {identical}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
