"""Text-layer pipeline speed: ``ingest.read`` + ``pipeline.analyse`` against ``pymupdf4llm``.

    python -m budgetlens.eval.bench_pipeline [files...] [--sample-pages N] [--repeat R] [--json]

Without files, every PDF under the shared real filings except the scanned folder. For
each file, in one process and interleaved (so that a busy machine slows both alike):

- ours: ``ingest.read`` (OCR off) then ``budgetlens.pipeline.analyse`` over every page,
  with the time split into read / tables / narrative (with performance tables and the
  rest of ``extract``) / checks;
- reference: ``pymupdf4llm.to_markdown(doc, pages=sample, use_ocr=False)`` on a fixed
  sample of ``N`` pages spread over the file (it takes ~0.35 s a page and can hang on big
  files, so it never sees every page).

The headline is the ratio of pages/s, ours over the reference, measured in the same run;
absolute figures are printed with the load average, since other processes share the
machine. Peak memory is the process's maximum resident size after a warm-up pass of our
pipeline (before the reference's layout model is loaded) and the largest Python heap
peak (``tracemalloc``) of one document.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from budgetlens.settings import Settings

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
STAGES = ("read", "tables", "narrative", "checks")


@dataclass
class Clock:
    """Wall seconds per stage, added up over files."""

    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start


@dataclass(frozen=True)
class FileResult:
    name: str
    pages: int  # pages read from the text layer
    ours_seconds: float  # read + extract + checks, every page
    read_seconds: float
    sample_pages: int
    reference_seconds: float | None  # to_markdown on the sample


@dataclass(frozen=True)
class BenchResult:
    files: int
    pages: int
    read_pages_per_s: float
    pipeline_pages_per_s: float
    pipeline_cpu_pages_per_s: float
    reference_pages: int
    reference_pages_per_s: float | None
    ratio: float | None  # pipeline pages/s over reference pages/s
    stages_ms_per_page: dict[str, float]
    peak_rss_mb: float
    peak_python_heap_mb: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    per_file: list[FileResult]


def default_files() -> list[Path]:
    return sorted(p for p in REAL.rglob("*.pdf") if "scanned" not in p.parts)


def sample_pages(n_pages: int, n: int) -> list[int]:
    """``n`` 0-based page numbers spread evenly over a document (all when it is short)."""
    if n <= 0 or n_pages <= n:
        return list(range(n_pages))
    step = n_pages / n
    return sorted({min(n_pages - 1, int(i * step + step / 2)) for i in range(n)})


@contextlib.contextmanager
def _timed(module, name: str, clock: Clock, stage: str) -> Iterator[None]:
    """Time calls of ``module.name`` into ``clock``'s ``stage`` for the duration."""
    original: Callable = getattr(module, name)

    def wrapper(*args, **kwargs):
        with clock.stage(stage):
            return original(*args, **kwargs)

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


def run_ours(path: Path, settings: Settings, clock: Clock) -> tuple[int, float]:
    """Read, extract and check one file; (text pages, seconds of the whole)."""
    from budgetlens import checks
    from budgetlens.extract import narrative, performance, tables
    from budgetlens.ingest import read
    from budgetlens.pipeline import analyse

    start = time.perf_counter()
    with clock.stage("read"):
        document = read(path, settings)
    with contextlib.ExitStack() as stack:
        stack.enter_context(_timed(tables, "extract_tables", clock, "tables"))
        stack.enter_context(_timed(narrative, "extract_narrative", clock, "narrative"))
        stack.enter_context(_timed(performance, "extract_performance", clock, "narrative"))
        stack.enter_context(_timed(checks, "run_checks", clock, "checks"))
        analyse(document, settings)
    pages = sum(1 for p in document.pages if p.source == "text")
    return pages, time.perf_counter() - start


def run_reference(data: bytes, pages: list[int]) -> float:
    import pymupdf
    import pymupdf4llm

    start = time.perf_counter()
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        pymupdf4llm.to_markdown(doc, pages=pages, show_progress=False, use_ocr=False)
    return time.perf_counter() - start


def _memory(files: list[Path], settings: Settings) -> tuple[float, float]:
    """Warm-up pass: max RSS (MB) after it, and the largest per-document heap peak."""
    heap = 0
    for path in files:
        tracemalloc.start()
        run_ours(path, settings, Clock())
        heap = max(heap, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss_kb / 1024, heap / 2**20


def bench(files: list[Path], sample: int = 3, repeat: int = 1, reference: bool = True) -> BenchResult:
    settings = Settings(ocr=False)
    rss, heap = _memory(files, settings)
    if reference:
        try:
            import pymupdf4llm  # noqa: F401
        except ImportError:
            reference = False
    if reference:  # load the layout model outside the timing
        run_reference(files[0].read_bytes(), [0])
    load_before = os.getloadavg()
    clock = Clock()
    per_file: list[FileResult] = []
    cpu = 0.0
    for path in files:
        data = path.read_bytes()
        ours = read_s = 0.0
        pages = 0
        for _ in range(repeat):
            before_read = clock.seconds["read"]
            c0 = time.process_time()
            pages, seconds = run_ours(path, settings, clock)
            cpu += time.process_time() - c0
            ours += seconds
            read_s += clock.seconds["read"] - before_read
        ref_s, chosen = None, []
        if reference:
            import pymupdf

            with pymupdf.open(stream=data, filetype="pdf") as doc:
                chosen = sample_pages(doc.page_count, sample)
            ref_s = run_reference(data, chosen)
        per_file.append(FileResult(path.name, pages, ours / repeat, read_s / repeat, len(chosen), ref_s))
    load_after = os.getloadavg()
    total_pages = sum(f.pages for f in per_file) * repeat
    ours_s = sum(f.ours_seconds for f in per_file) * repeat
    read_s = sum(f.read_seconds for f in per_file) * repeat
    ref_pages = sum(f.sample_pages for f in per_file)
    ref_s = sum(f.reference_seconds or 0.0 for f in per_file)
    ref_rate = ref_pages / ref_s if reference and ref_s else None
    rate = total_pages / ours_s if ours_s else 0.0
    return BenchResult(
        files=len(files), pages=total_pages // repeat,
        read_pages_per_s=round(total_pages / read_s, 1) if read_s else 0.0,
        pipeline_pages_per_s=round(rate, 1),
        pipeline_cpu_pages_per_s=round(total_pages / cpu, 1) if cpu else 0.0,
        reference_pages=ref_pages,
        reference_pages_per_s=None if ref_rate is None else round(ref_rate, 2),
        ratio=None if not ref_rate else round(rate / ref_rate, 1),
        stages_ms_per_page={k: round(1000 * v / max(total_pages, 1), 2) for k, v in clock.seconds.items()},
        peak_rss_mb=round(rss, 1), peak_python_heap_mb=round(heap, 1),
        load_before=tuple(round(x, 2) for x in load_before),
        load_after=tuple(round(x, 2) for x in load_after),
        per_file=per_file)


def format_result(r: BenchResult) -> str:
    lines = [f"files {r.files}  text pages {r.pages}  load avg {r.load_before[0]:.1f} -> {r.load_after[0]:.1f}"]
    lines.append(f"ours: read                 {r.read_pages_per_s:8.1f} pages/s")
    lines.append(f"ours: read+extract+checks  {r.pipeline_pages_per_s:8.1f} pages/s"
                 f"  ({r.pipeline_cpu_pages_per_s:.1f} pages per CPU-second)")
    if r.reference_pages_per_s is not None:
        lines.append(f"pymupdf4llm.to_markdown    {r.reference_pages_per_s:8.2f} pages/s"
                     f"  ({r.reference_pages} sampled pages)")
        lines.append(f"ratio (pipeline / to_markdown) {r.ratio:.1f} x")
    stages = "  ".join(f"{k} {v:.2f}" for k, v in r.stages_ms_per_page.items())
    lines.append(f"ms per page: {stages}")
    lines.append(f"peak RSS after warm-up {r.peak_rss_mb:.0f} MB; largest Python heap peak "
                 f"{r.peak_python_heap_mb:.1f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--sample-pages", type=int, default=3, help="reference pages per file")
    parser.add_argument("--repeat", type=int, default=1, help="runs of our pipeline per file")
    parser.add_argument("--no-reference", action="store_true", help="time our pipeline only")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    files = args.files or default_files()
    if not files:
        print("no PDF files to time", file=sys.stderr)
        return 2
    result = bench(files, args.sample_pages, max(1, args.repeat), not args.no_reference)
    if args.json:
        print(json.dumps(asdict(result), ensure_ascii=False, indent=1))
    else:
        print(format_result(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
