"""The gold-free reading report: what a filing prints against what ``extract`` returned.

``budgetlens eval --coverage DIR [--out OUT] [--split dev|test|all] [--from-jsonl FILE]``
reads every filing under ``DIR`` twice: once with the extractor (``read`` + ``analyse``,
in a pool of at most two processes, or from a saved ``extract --out`` JSONL), and once
straight from the PDF text layer (``coverage_pages.read_printed``, which shares nothing
with the extractor). Per filing it reports:

- **tables**: the ids the filing announces (its 目录 and the titles printed over its
  tables) against the ids extracted: found, missed (printed over a table, not
  extracted), listed only (in the 目录 but printed under no title: tables published as a
  separate file), extra (extracted, never announced);
- **amounts**: every amount printed in a counted table region (CONTRACT.md's
  ``B01``-``B13``, ``T01``-``T11``) is *keyed* when a cell of the filing cites that page
  with that value, *unmapped* when an ``unmapped`` entry's box on that page holds it (the
  reader reports every amount of its tables' grids and pages it did not key, with its
  box), or names its row (by label), column (by header position) or table on that page,
  and *vanished* otherwise: an amount printed where the reader located no table. Extra tables
  (项目支出总表 …) are counted apart and never in the share. An amount keyed by a cell
  of another table id than the one printed over it is listed (``keyed_elsewhere``): a
  table read as another, or one that ran on into its neighbour;
- **checks**: pass / warn / fail / skipped;
- **narrative**: each ``<n>万元`` / ``元`` stated in the text matched to a key figure or a
  cell (same value after converting 元/万元/亿元 at the stated decimals), or not.

A PDF whose pages name no standard table, whose first pages never say 预算 / 决算 and
from which nothing was extracted is listed as ``not a disclosure``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from budgetlens.eval.coverage_pages import PrintedFiling, column_span, read_printed
from budgetlens.eval.coverage_titles import counted
from budgetlens.schemas.filing import Filing

VANISHED_LISTED = 40  # vanished amounts listed per filing
_SCALE = {"元": 1.0, "万元": 1e4, "亿元": 1e8}


@dataclass(frozen=True)
class Options:
    split: str = "all"  # dev | test | all
    workers: int = 2  # extraction processes, at most 2
    ocr: bool = True


def _nospace(text: str) -> str:
    return "".join(text.split())


def _key(value: float) -> float:
    return round(value, 6)


def _cells_by_page(filing: Filing) -> dict[int, dict[float, list]]:
    out: dict[int, dict[float, list]] = defaultdict(lambda: defaultdict(list))
    for table in filing.tables:
        for row in table.rows:
            for cell in row.cells.values():
                out[cell.citation.page][_key(cell.value)].append((cell.citation.bbox, table.table_id))
    return out


def _inside(point: tuple[float, float], bbox) -> bool:
    return bbox is not None and bbox[0] - 1 <= point[0] <= bbox[2] + 1 and bbox[1] - 1 <= point[1] <= bbox[3] + 1


def _centre(a) -> tuple[float, float]:
    return (a.bbox[0] + a.bbox[2]) / 2, (a.bbox[1] + a.bbox[3]) / 2


def _match(amounts, cells) -> dict[int, str]:
    """The amounts a cell keys, each with the id of the table that keys it. A cell keys
    the amount its bbox holds; a cell whose bbox holds no printed amount of its page (no
    bbox, or boxes in another frame) keys any amount of the same value left on that
    page, in reading order."""
    keyed: dict[int, str] = {}
    spare: dict[tuple[int, float], list[str]] = defaultdict(list)
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, a in enumerate(amounts):
        by_page[a.page].append(i)
    for page, values in cells.items():
        for value, boxes in values.items():
            for box, table_id in boxes:
                hit = next((i for i in by_page.get(page, []) if i not in keyed
                            and _key(amounts[i].value) == value and _inside(_centre(amounts[i]), box)), None)
                if hit is not None:
                    keyed[hit] = table_id
                elif box is None or not any(_inside(_centre(amounts[i]), box) for i in by_page.get(page, [])):
                    spare[(page, value)].append(table_id)
    for i, a in enumerate(amounts):
        if i not in keyed and spare.get((a.page, _key(a.value))):
            keyed[i] = spare[(a.page, _key(a.value))].pop(0)
    return keyed


def _leaf_box(text: str, bbox, leaf: str):
    """The part of a printed header word that is the column header ``leaf``: the whole
    word when it is the leaf or the first line of it (``其他专户`` of 其他专户收入拨款), the
    share of the box its characters take when two headers print as one word
    (``教育收费其他专户``: 教育收费, then 其他专户…); None when the word is neither."""
    if len(text) < 2:
        return None
    if text == leaf or (len(text) >= 4 and leaf.startswith(text)):
        return bbox
    if len(leaf) < 3:
        return None
    step = (bbox[2] - bbox[0]) / len(text)
    if text.startswith(leaf):  # the leaf, then the next column's header
        return (bbox[0], bbox[1], bbox[0] + step * len(leaf), bbox[3])
    for k in range(1, len(text) - 1):  # the previous column's header, then the leaf's start
        if leaf.startswith(text[k:]):
            return (bbox[0] + step * k, bbox[1], bbox[2], bbox[3])
    return None


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _label_boxes(label: str, words) -> list[tuple[float, float, float, float]]:
    """Boxes of a row label printed over several lines of its cell (``其中:纳入财`` over
    ``政专户管理的收费``, the amount beside it on a row of its own): runs of consecutive
    page words whose texts make up the label exactly, as one box each."""
    texts = [_nospace(unicodedata.normalize("NFKC", t)) for t, _ in words]
    want = _nospace(unicodedata.normalize("NFKC", label))
    out = []
    for i, t in enumerate(texts):
        if not t or not want.startswith(t) or t == want:
            continue
        joined, j = t, i
        while len(joined) < len(want) and j + 1 < len(words) and j - i < 5:
            j += 1
            joined += texts[j]
        if joined == want:
            bs = [b for _, b in words[i:j + 1]]
            out.append((min(b[0] for b in bs), min(b[1] for b in bs), max(b[2] for b in bs), max(b[3] for b in bs)))
    return out


def _unmapped_marks(filing: Filing, printed: PrintedFiling):
    """Functions telling whether an amount is reported in ``unmapped`` and why."""
    rows: dict[int, list[tuple[str, str]]] = defaultdict(list)
    boxes: dict[int, list[tuple[tuple, str]]] = defaultdict(list)  # a wrapped label's box
    cols: dict[int, list[tuple[float, float, float, str]]] = defaultdict(list)
    tables: dict[int, str] = {}
    region_of_page: dict[int, list[str]] = defaultdict(list)
    for tid, pages in printed.region_pages.items():
        for p in pages:
            region_of_page[p].append(tid)
    exact: dict[int, list[tuple[tuple, str]]] = defaultdict(list)  # an entry's own box
    for u in filing.unmapped:
        if u.page is None or u.kind == "figure":
            continue
        reason = f"{u.kind}: {u.reason}" if u.reason else u.kind
        if u.bbox:
            exact[u.page].append((tuple(u.bbox), reason))
            if u.kind == "table":
                continue  # one amount the reader reports, not the whole page
        if u.kind == "row":
            # folded as the page words are (其中：… prints 其中:…)
            label = _nospace(unicodedata.normalize("NFKC", u.text)).lstrip("0123456789[]-").strip()
            if len(label) >= 2:
                rows[u.page].append((label, reason))
            if len(label) >= 4:
                boxes[u.page].extend((box, reason) for box in _label_boxes(label, printed.words.get(u.page, [])))
        elif u.kind == "column":
            # the leaf of a multi-level header (``部门预算|一般公共预算拨款|其中：专项…``):
            # a word equal to it, or its first line when it wraps
            leaf = _nospace(unicodedata.normalize("NFKC", u.text)).split("|")[-1]  # as the page words are read
            for text, bbox in printed.words.get(u.page, []):
                text = _nospace(text)
                bbox = _leaf_box(text, bbox, leaf)
                if bbox is not None:
                    # the column runs on the pages of the regions that hold this page
                    pages = {u.page}
                    for tid in region_of_page.get(u.page, []):
                        pages.update(printed.region_pages.get(tid, []))
                    x0, x1 = column_span(bbox, [b for _, b in printed.words.get(u.page, [])])
                    for p in pages:
                        cols[p].append((x0, x1, bbox[3] if p == u.page else 0.0, reason))
        else:
            tables[u.page] = reason

    def mark(a) -> str | None:
        centre = _centre(a)
        for box, reason in exact.get(a.page, []):
            if _inside(centre, box):
                return reason
        row = _nospace(a.row)
        for label, reason in rows.get(a.page, []):
            if label in row or (len(row) >= 4 and row in label):
                return reason
        cy = (a.bbox[1] + a.bbox[3]) / 2
        for box, reason in boxes.get(a.page, []):
            if box[1] - 2 <= cy <= box[3] + 2 and a.bbox[0] >= box[2] and not any(
                    _CJK.search(t) and b[0] >= box[2] and b[2] <= a.bbox[0] and b[1] < a.bbox[3] and b[3] > a.bbox[1]
                    for t, b in printed.words.get(a.page, [])):
                return reason
        cx = (a.bbox[0] + a.bbox[2]) / 2
        for x0, x1, bottom, reason in cols.get(a.page, []):
            if x0 <= cx <= x1 and a.bbox[1] >= bottom:
                return reason
        return tables.get(a.page)
    return mark


def _is_disclosure(printed: PrintedFiling, filing: Filing | None) -> bool:
    if any(counted(t) for t in printed.announced):
        return True
    if filing is not None and (filing.tables or filing.key_figures):
        return True
    first = printed.first_text
    return ("预算" in first or "决算" in first) and printed.text_pages > 0


def _stated_matches(stated, filing: Filing) -> bool:
    """A stated amount equals a key figure or a cell after unit conversion, compared at
    the decimals it was stated with (``4,702.02万元`` against 47020200 元: yes)."""
    digits = len(stated.text.split(".")[1].rstrip("亿万元 ")) if "." in stated.text else 0
    target = round(stated.value, digits)
    scale = _SCALE[stated.unit]

    def same(value: float, unit: str) -> bool:
        return round(value * _SCALE.get(unit, 1e4) / scale, digits) == target

    for kf in filing.key_figures.values():
        if kf.unit in ("%", "辆", "个", "人"):
            continue
        if same(kf.value, "万元"):
            return True
        if any(same(m.value, m.unit) for m in kf.mentions if m.unit in _SCALE):
            return True
    for table in filing.tables:
        for row in table.rows:
            for cell in row.cells.values():
                if same(cell.value, table.unit):
                    return True
    return False


def measure(printed: PrintedFiling, filing: Filing | None, error: str | None = None) -> dict:
    """The coverage record of one filing (see the module docstring)."""
    announced = sorted(t for t in printed.announced if counted(t))
    printed_ids = sorted({t.table_id for t in printed.titles if not t.toc and counted(t.table_id)})
    extracted = sorted({t.table_id for t in filing.tables} if filing else set())
    record: dict = {
        "pages": printed.pages, "text_pages": printed.text_pages,
        "disclosure": _is_disclosure(printed, filing), "error": error,
        "doc_type": filing.doc_type if filing else None,
        "entity": filing.entity if filing else None,
        "tables": {
            "announced": announced,
            "extracted": [t for t in extracted if counted(t)],
            "found": sorted(set(announced) & set(extracted)),
            # printed over a table on some page, and not extracted
            "missed": sorted(set(printed_ids) - set(extracted)),
            # listed in the 目录 only, printed under no title the report reads: published
            # in a separate file, or a title this reading misses
            "listed_only": sorted(set(announced) - set(printed_ids) - set(extracted)),
            # (a scan's printed side is not read here: nothing of it is "extra")
            "extra": sorted(t for t in set(extracted) - set(announced) if counted(t))
            if printed.text_pages else [],
            "toc": sorted({t.table_id for t in printed.titles if t.toc and counted(t.table_id)}),
            "extras_printed": sorted({t for t in printed.announced if not counted(t)}),
        },
    }
    cells = _cells_by_page(filing) if filing else {}
    mark = _unmapped_marks(filing, printed) if filing else (lambda a: None)
    per_table: dict[str, Counter] = defaultdict(Counter)
    vanished: list[dict] = []
    elsewhere: Counter = Counter()  # (printed table, table that keys it) when they differ
    amounts = sorted(printed.amounts, key=lambda a: (a.page, a.bbox[1], a.bbox[0]))
    keyed = _match(amounts, cells)
    for i, a in enumerate(amounts):
        status = "keyed" if i in keyed else "vanished"
        if status == "keyed" and counted(a.table_id) and keyed[i] != a.table_id:
            elsewhere[(a.table_id, keyed[i])] += 1
        if status == "vanished":
            reason = mark(a)
            if reason:
                status = "unmapped"
        c = per_table[a.table_id]
        c["printed"] += 1
        c[status] += 1
        if status == "vanished" and counted(a.table_id) and len(vanished) < VANISHED_LISTED:
            vanished.append({"page": a.page, "text": a.text, "table": a.table_id, "row": a.row[:40]})
    totals: Counter = Counter()
    extras: Counter = Counter()
    for tid, c in per_table.items():
        (totals if counted(tid) else extras).update(c)
    record["amounts"] = _shares(totals)
    record["amounts_extra_tables"] = _shares(extras)
    record["amounts_by_table"] = {tid: _shares(c) for tid, c in sorted(per_table.items())}
    record["vanished"] = vanished
    # amounts printed in one table and keyed under another id: a table read as another,
    # or one that ran on into its neighbour
    record["keyed_elsewhere"] = [{"printed_in": p, "keyed_as": k, "amounts": n}
                                 for (p, k), n in sorted(elsewhere.items())]
    checks = Counter(c.status for c in filing.checks) if filing else Counter()
    record["checks"] = {s: checks.get(s, 0) for s in ("pass", "warn", "fail", "skipped")}
    record["fails"] = [c.check_id for c in filing.checks if c.status == "fail"][:20] if filing else []
    matched, unmatched = 0, []  # type: tuple[int, list[dict]]
    for s in printed.stated:
        if filing is not None and _stated_matches(s, filing):
            matched += 1
        elif len(unmatched) < 20:
            unmatched.append({"page": s.page, "text": s.text, "quote": s.quote})
    record["narrative"] = {"stated": len(printed.stated), "matched": matched,
                           "share": round(matched / len(printed.stated), 4) if printed.stated else None,
                           "unmatched": unmatched}
    return record


def _shares(c: Counter) -> dict:
    n = c.get("printed", 0)
    out: dict[str, float | None] = {k: c.get(k, 0) for k in ("printed", "keyed", "unmapped", "vanished")}
    out["keyed_share"] = round(c.get("keyed", 0) / n, 4) if n else None
    return out


# --- running over a folder -------------------------------------------------------------


def _extract(path: str, ocr: bool) -> tuple[dict | None, str | None]:
    from budgetlens.ingest import read

    from budgetlens.errors import InputError
    from budgetlens.pipeline import analyse
    from budgetlens.settings import Settings

    settings = Settings().scoped(ocr=ocr, ocr_workers=1)
    try:
        document = read(Path(path), settings)
        filing = analyse(document, settings, path=path)
    except InputError as exc:
        return None, exc.reason
    except Exception as exc:  # one filing's bug must not stop the report
        return None, f"internal error: {type(exc).__name__}: {exc}"
    return filing.model_dump(mode="json", exclude_none=True), None


def measure_file(path: str, filing_json: dict | None = None, ocr: bool = True) -> dict:
    """Extract (unless given) and measure one file; never raises. Runs in a worker."""
    started = time.perf_counter()
    error = None
    if filing_json is None:
        filing_json, error = _extract(path, ocr)
    filing = Filing.model_validate(filing_json) if filing_json else None
    try:
        printed = read_printed(path)
    except Exception as exc:
        printed = PrintedFiling(path=path)
        error = error or f"cannot read the text layer: {type(exc).__name__}: {exc}"
    record = measure(printed, filing, error)
    record["seconds"] = round(time.perf_counter() - started, 2)
    return {"record": record, "filing": filing_json}


def _manifest(folder: Path) -> dict[str, dict]:
    """Rows of a ``manifest.tsv`` in the folder or up to two levels above, by file name."""
    for parent in (folder, folder.parent, folder.parent.parent):
        m = parent / "manifest.tsv"
        if m.is_file():
            with m.open(encoding="utf-8") as fh:
                return {r["file"]: r for r in csv.DictReader(fh, delimiter="\t") if r.get("file")}
    return {}


def _part(path: Path) -> str:
    from budgetlens.eval.split import part_of

    try:
        return part_of(path)
    except KeyError:
        return "-"


def list_files(folder: Path, split: str = "all") -> list[Path]:
    from budgetlens.ingest import iter_inputs

    files = [f for f in iter_inputs([folder]) if f.suffix.lower() == ".pdf"]
    if split != "all":
        files = [f for f in files if _part(f) == split]
    return sorted(files)


def _load_jsonl(path: Path) -> dict[str, dict]:
    """Saved filings by sha256."""
    out = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                f = json.loads(line)
                out[f["source"]["sha256"]] = f
    return out


def run(folder: Path, options: Options = Options(), from_jsonl: Path | None = None,
        progress=None) -> dict:
    """Coverage over every PDF under ``folder``: ``{"filings": [...], "groups": {...},
    "overall": {...}}`` plus the filings extracted (``"_filings"``, for ``--out``)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from budgetlens.pipeline import file_sha256

    folder = folder.resolve()
    files = list_files(folder, options.split)
    manifest = _manifest(folder)
    saved = _load_jsonl(from_jsonl) if from_jsonl else {}
    tasks = []
    for f in files:
        tasks.append((str(f), saved.get(file_sha256(f)) if saved else None))
    started = time.perf_counter()
    results: list[dict] = [None] * len(tasks)  # type: ignore[list-item]
    workers = max(1, min(2, options.workers, len(tasks)))
    if workers == 1:
        for i, (p, fj) in enumerate(tasks):
            results[i] = measure_file(p, fj, options.ocr)
            if progress:
                progress(p)
    else:
        ctx = mp.get_context("forkserver" if hasattr(os, "fork") else "spawn")
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            futures = {pool.submit(measure_file, p, fj, options.ocr): i for i, (p, fj) in enumerate(tasks)}
            from concurrent.futures import as_completed

            for fut in as_completed(futures):
                results[futures[fut]] = fut.result()
                if progress:
                    progress(tasks[futures[fut]][0])
    filings = []
    for f, res in zip(files, results):
        rec = res["record"]
        row = manifest.get(f.name, {})
        rel = f.relative_to(folder).as_posix()
        rec = {"file": rel, "group": row.get("city") or (Path(rel).parent.as_posix() if "/" in rel else folder.name),
               "part": _part(f), **rec}
        if row.get("entity") and not rec.get("entity"):
            rec["entity"] = row["entity"]
        filings.append(rec)
    report = summarise(filings)
    # the printed side is read from a PDF's text layer: other files are named, not measured
    from budgetlens.ingest import iter_inputs

    report["not_measured"] = sorted(
        [f.relative_to(folder).as_posix() for f in iter_inputs([folder]) if f.suffix.lower() != ".pdf"]
        + [f"{rec['file']} (scanned: no text layer)" for rec in filings
           if rec.get("pages") and not rec.get("text_pages")])
    report["folder"] = str(folder)
    report["split"] = options.split
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["_filings"] = [r["filing"] for r in results if r["filing"]]
    return report


def _score(rec: dict) -> tuple:
    share = rec["amounts"]["keyed_share"]
    return (not rec["disclosure"], share if share is not None else 2.0, -len(rec["tables"]["missed"]))


def summarise(filings: list[dict]) -> dict:
    """Per filing (worst first), per group and overall figures."""
    filings = sorted(filings, key=lambda r: (_score(r), r["file"]))
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in filings:
        groups[r["group"]].append(r)
    by_group = {g: _aggregate(rs) for g, rs in sorted(groups.items())}
    by_part = {p: _aggregate([r for r in filings if r["part"] == p])
               for p in sorted({r["part"] for r in filings})}
    groups_by_part = {p: {g: _aggregate([r for r in rs if r["part"] == p]) for g, rs in sorted(groups.items())
                          if any(r["part"] == p for r in rs)}
                      for p in by_part}
    return {"overall": _aggregate(filings), "parts": by_part, "groups": by_group,
            "groups_by_part": groups_by_part, "filings": filings}


def _aggregate(rs: list[dict]) -> dict:
    disclosures = [r for r in rs if r["disclosure"]]
    amounts: Counter = Counter()
    extras: Counter = Counter()
    checks: Counter = Counter()
    tables: Counter = Counter()
    stated = matched = 0
    for r in disclosures:
        amounts.update({k: v for k, v in r["amounts"].items() if k != "keyed_share"})
        extras.update({k: v for k, v in r["amounts_extra_tables"].items() if k != "keyed_share"})
        checks.update(r["checks"])
        for k in ("announced", "found", "missed", "listed_only", "extra"):
            tables[k] += len(r["tables"][k])
        tables["all_found"] += not r["tables"]["missed"] and bool(r["tables"]["announced"])
        tables["keyed_elsewhere"] += sum(e["amounts"] for e in r.get("keyed_elsewhere", []))
        stated += r["narrative"]["stated"]
        matched += r["narrative"]["matched"]
    return {
        "filings": len(rs), "disclosures": len(disclosures),
        "not_disclosures": [r["file"] for r in rs if not r["disclosure"]],
        "errors": sum(1 for r in rs if r.get("error")),
        "tables": dict(tables),
        "amounts": _shares(amounts), "amounts_extra_tables": _shares(extras),
        "checks": {s: checks.get(s, 0) for s in ("pass", "warn", "fail", "skipped")},
        "narrative": {"stated": stated, "matched": matched,
                      "share": round(matched / stated, 4) if stated else None},
    }


def write(report: dict, out: Path) -> Path:
    """``OUT/coverage.json``, ``OUT/coverage.md`` (+ png) and ``OUT/filings.jsonl``."""
    from budgetlens.eval.coverage_report import write_markdown

    out.mkdir(parents=True, exist_ok=True)
    filings = report.pop("_filings", [])
    if filings:
        with (out / "filings.jsonl").open("w", encoding="utf-8") as fh:
            for f in filings:
                fh.write(json.dumps(f, ensure_ascii=False) + "\n")
    (out / "coverage.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return write_markdown(report, out)


def bulk_document(filing_json: dict) -> dict:
    """One document's coverage figures for a bulk job's summary (``BulkJob(coverage=…)``):
    its printed, keyed, unmapped and vanished amounts, the tables it missed, its fails."""
    path = filing_json["source"]["path"]
    base = {"doc_id": filing_json["doc_id"], "path": path}
    try:
        printed = read_printed(path)
    except Exception as exc:  # a file gone since the job ran is reported, not fatal
        return {**base, "error": f"{type(exc).__name__}: {exc}"}
    rec = measure(printed, Filing.model_validate(filing_json))
    return {**base, "disclosure": rec["disclosure"],
            **{k: rec["amounts"][k] for k in ("printed", "keyed", "unmapped", "vanished", "keyed_share")},
            "tables_missed": rec["tables"]["missed"], "checks_fail": rec["checks"]["fail"]}
