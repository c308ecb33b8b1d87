"""OCR benchmark: speed and accuracy on generated scans, speed on the real scan.

``python -m budgetlens.eval.bench_ocr [--pages N] [--json OUT]`` makes ``N`` sample pages of a ruled
收入决算表 and a narrative paragraph (``fixtures.scan.sample_table_pdf``), scans them at
150 and 200 dpi (``fixtures.scan.scan_pdf``), reads them back with ``ingest.ocr`` and
reports pages per second (wall and CPU), the share of table numbers read exactly and
the character accuracy on Chinese text (1 - edit distance / length, CJK characters
only). The real scan under ``../shared/real/scanned`` is timed when present.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pymupdf

from budgetlens.fixtures.scan import SampleTruth, sample_table_pdf, scan_pdf
from budgetlens.ingest.normalize import parse_number
from budgetlens.schemas.document import Grid, Page

_CJK = re.compile(r"[\u4e00-\u9fff]")
REAL_SCAN = Path(__file__).resolve().parents[2] / "shared" / "real" / "scanned"


@dataclass(frozen=True)
class Score:
    numbers: int
    numbers_exact: int  # the printed string, separators included
    numbers_value: int  # the value equal (a lost thousands comma forgiven)
    chars: int
    char_errors: int

    @property
    def number_accuracy(self) -> float:
        return self.numbers_value / self.numbers if self.numbers else 1.0

    @property
    def char_accuracy(self) -> float:
        return 1 - self.char_errors / self.chars if self.chars else 1.0

    def __add__(self, other: "Score") -> "Score":
        return Score(*(a + b for a, b in zip(asdict(self).values(), asdict(other).values())))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cjk(text: str) -> str:
    return "".join(_CJK.findall(text))


def score_page(page: Page, grids: list[Grid], truth: SampleTruth) -> Score:
    """Compare one OCR page with what the sample page shows."""
    ruled = [g for g in grids if g.kind == "ruled"]
    cells = {(c.row, c.col): c.text for c in ruled[0].cells} if ruled else {}
    numbers = exact = value = 0
    chars = errors = 0
    for (r, c), text in truth.cells.items():
        got = cells.get((r, c), "")
        if r > 0 and c >= 2:
            numbers += 1
            exact += got == text
            value += parse_number(got) is not None and parse_number(got) == parse_number(text)
        else:
            ref = cjk(text)
            chars += len(ref)
            errors += edit_distance(ref, cjk(got))
    bottom = ruled[0].bbox[3] if ruled and ruled[0].bbox else 0.0
    narrative = "".join(b.text for b in page.blocks
                        if b.kind != "table" and b.bbox is not None and b.bbox[1] > bottom)
    ref = cjk("".join(truth.narrative))
    chars += len(ref)
    errors += edit_distance(ref, cjk(narrative))
    return Score(numbers, exact, value, chars, errors)


@dataclass(frozen=True)
class Run:
    name: str
    pages: int
    seconds: float
    cpu_seconds: float
    score: Score | None

    def line(self) -> str:
        rate = self.pages / self.seconds if self.seconds else 0.0
        text = f"{self.name:<28} {self.pages:>3} pages  {rate:5.2f} pages/s  ({self.cpu_seconds / max(self.pages, 1):.2f} s CPU/page)"
        if self.score:
            s = self.score
            text += (f"  numbers {s.numbers_value}/{s.numbers} = {s.number_accuracy:.4f}"
                     f" (exact string {s.numbers_exact})  chars {s.char_accuracy:.4f} of {s.chars}")
        return text


def ocr_pdf(data: bytes, truths: list[SampleTruth] | None, name: str, dpi: int = 200) -> Run:
    """OCR every page of a PDF; score against ``truths`` when given."""
    from budgetlens.settings import Settings
    from budgetlens.ingest.ocr import ocr_page

    settings = Settings(ocr_dpi=dpi)
    doc = pymupdf.open(stream=data, filetype="pdf")
    total: Score | None = None
    wall, cpu = time.perf_counter(), time.process_time()
    results = [ocr_page(p, settings) for p in doc]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if truths:
        for (page, grids), truth in zip(results, truths):
            s = score_page(page, grids, truth)
            total = s if total is None else total + s
    return Run(name, len(doc), wall, cpu, total)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6, help="generated pages per resolution")
    parser.add_argument("--rows", type=int, default=24, help="table rows per generated page")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)
    from budgetlens.ingest.ocr_rec import engine

    engine()  # model loading is not page time
    src, truths = sample_table_pdf(seed=7, pages=args.pages, rows=args.rows)
    runs = []
    for dpi in (150, 200):
        scanned = scan_pdf(src, dpi=dpi, seed=dpi)
        runs.append(ocr_pdf(scanned, truths, f"generated scan {dpi} dpi", dpi=200))
        print(runs[-1].line(), flush=True)
    real = sorted(REAL_SCAN.glob("*.pdf")) if REAL_SCAN.is_dir() else []
    for path in real:
        runs.append(ocr_pdf(path.read_bytes(), None, f"real scan {path.name[:12]}"))
        print(runs[-1].line(), flush=True)
    if args.json:
        args.json.write_text(json.dumps([
            {"name": r.name, "pages": r.pages, "seconds": round(r.seconds, 2),
             "cpu_seconds": round(r.cpu_seconds, 2),
             "pages_per_second": round(r.pages / r.seconds, 3) if r.seconds else None,
             "number_accuracy": r.score.number_accuracy if r.score else None,
             "char_accuracy": r.score.char_accuracy if r.score else None} for r in runs],
            ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
