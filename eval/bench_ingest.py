"""Text-layer ingestion speed: ``read_pdf`` pages/s against ``pymupdf4llm.to_markdown``.

    python -m eval.bench_ingest [files...]

Without arguments, every PDF under the shared real filings except scanned ones. Both
are timed in the same run on the same files, so the ratio holds on a busy machine even
when the absolute numbers move. Pages that need OCR are not counted (OCR is off).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from budgetlens.settings import Settings
from ingest import sha256_of
from ingest.pdf import read_pdf

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


@dataclass(frozen=True)
class BenchResult:
    files: int
    pages: int
    tables: int
    read_pdf_seconds: float
    read_pdf_pages_per_s: float
    markdown_seconds: float | None
    markdown_pages_per_s: float | None
    speedup: float | None  # read_pdf pages/s over to_markdown pages/s


def default_files() -> list[Path]:
    return sorted(p for p in REAL.rglob("*.pdf") if "scanned" not in p.parts)


def bench(files: list[Path], with_markdown: bool = True) -> BenchResult:
    settings = Settings(ocr=False)
    blobs = [(f, f.read_bytes()) for f in files]
    pages = tables = 0
    start = time.perf_counter()
    for path, data in blobs:
        doc = read_pdf(path, data, sha256_of(data), settings)
        pages += sum(1 for p in doc.pages if p.source == "text")
        tables += len(doc.tables)
    ours = time.perf_counter() - start
    md_seconds = md_rate = speedup = None
    if with_markdown:
        try:
            import pymupdf
            import pymupdf4llm
        except ImportError:
            pymupdf4llm = None
        if pymupdf4llm is not None:
            start = time.perf_counter()
            for _, data in blobs:
                with pymupdf.open(stream=data, filetype="pdf") as doc:
                    pymupdf4llm.to_markdown(doc, show_progress=False, use_ocr=False)
            md_seconds = time.perf_counter() - start
            md_rate = pages / md_seconds if md_seconds else None
    rate = pages / ours if ours else 0.0
    if md_rate:
        speedup = rate / md_rate
    return BenchResult(len(files), pages, tables, round(ours, 3), round(rate, 1),
                       None if md_seconds is None else round(md_seconds, 3),
                       None if md_rate is None else round(md_rate, 1),
                       None if speedup is None else round(speedup, 2))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--no-markdown", action="store_true", help="time read_pdf only")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    files = args.files or default_files()
    if not files:
        print("no PDF files to time", file=sys.stderr)
        return 2
    result = bench(files, with_markdown=not args.no_markdown)
    if args.json:
        print(json.dumps(asdict(result), ensure_ascii=False))
    else:
        print(f"files {result.files}  text pages {result.pages}  tables {result.tables}")
        print(f"read_pdf     {result.read_pdf_seconds:8.2f} s  {result.read_pdf_pages_per_s:8.1f} pages/s")
        if result.markdown_seconds is not None:
            print(f"to_markdown  {result.markdown_seconds:8.2f} s  {result.markdown_pages_per_s:8.1f} pages/s")
            print(f"ratio        {result.speedup:8.2f} x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
