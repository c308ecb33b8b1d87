"""Score extraction against gold fixtures (CONTRACT.md "Gold fixtures", "What eval writes").

A *case* is a filing plus its gold file; the evaluators compare cells keyed by
``(table_id, row key, col_id)`` and key figures by name, equal after rounding to 2
decimals. An extracted cell of a table the gold covers but does not list is a false
positive; tables the gold does not list are not scored.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from budgetlens.schemas.filing import Filing, Gold

CellKey = tuple[str, str, str]


@dataclass(frozen=True)
class Case:
    name: str
    gold_path: Path
    doc_path: Path
    gold: Gold


@dataclass(frozen=True)
class Miss:
    kind: str  # missing | wrong | extra | figure
    key: str
    expected: float | None
    got: float | None
    page: int | None = None
    quote: str | None = None


@dataclass
class DocScore:
    doc: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    key_figures_correct: int = 0
    key_figures_total: int = 0
    seconds: float = 0.0
    checks_fail: int = 0
    checks_warn: int = 0
    error: str | None = None
    layout: str | None = None
    planted_total: int = 0  # planted or known errors the gold lists
    planted_found: int = 0  # … reported as fail by a check naming them
    planted_kinds: dict[str, list[int]] = field(default_factory=dict)  # kind → [found, total]
    misses: list[Miss] = field(default_factory=list)
    per_table: dict[str, dict[str, int]] = field(default_factory=dict)
    tables_gold: int = 0  # tables the gold lists (empty ones too)
    tables_found: int = 0  # … extracted under the same id, empty where the gold says empty

    @property
    def cell_precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def cell_recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def cell_f1(self) -> float:
        p, r = self.cell_precision, self.cell_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_json(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k not in {"misses"}}
        out.update(cell_precision=round(self.cell_precision, 4), cell_recall=round(self.cell_recall, 4),
                   cell_f1=round(self.cell_f1, 4))
        out["misses"] = [asdict(m) for m in self.misses[:50]]
        return out


def _value(v) -> float | None:
    if isinstance(v, dict):
        v = v.get("value")
    return None if v is None else float(v)


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and round(a, 2) == round(b, 2)


def load_cases(gold_dir: Path, docs_dir: Path | None = None) -> list[Case]:
    """Every gold file under ``gold_dir`` (companions ``<stem>.<x>.json`` skipped)."""
    cases = []
    for gold_path in sorted(gold_dir.rglob("*.json")):
        if "." in gold_path.stem:
            continue
        gold = Gold.model_validate_json(gold_path.read_text(encoding="utf-8"))
        name = gold.doc or Path((gold.source or {}).get("path", "")).name
        if not name:
            raise ValueError(f"{gold_path}: gold names no document (doc or source.path)")
        base = docs_dir if docs_dir is not None else gold_path.parent
        doc_path = base / name
        if not doc_path.exists():
            matches = list(base.rglob(name))
            doc_path = matches[0] if matches else doc_path
        cases.append(Case(gold_path.stem, gold_path, doc_path, gold))
    return cases


def score(filing: Filing, gold: Gold, doc: str) -> DocScore:
    result = DocScore(doc=doc)
    extracted: dict[CellKey, tuple[float, int | None, str]] = {}
    for table in filing.tables:
        for row in table.rows:
            for col, cell in row.cells.items():
                extracted[(table.table_id, row.key, col)] = (cell.value, cell.citation.page, cell.citation.quote)
    covered = {t.table_id for t in gold.tables}
    got_tables = {t.table_id: t for t in filing.tables}
    for table in gold.tables:  # a table printed empty counts: 公开空表 is what a reader checks
        result.tables_gold += 1
        mine = got_tables.get(table.table_id)
        if mine is not None and bool(mine.empty) == bool(getattr(table, "empty", False)):
            result.tables_found += 1
        else:
            result.misses.append(Miss("table", table.table_id, None, None, None,
                                      "not extracted" if mine is None else "empty" if mine.empty else "not empty"))
    expected: dict[CellKey, float] = {}
    for table in gold.tables:
        for row in table.rows:
            for col, v in row.cells.items():
                value = _value(v)
                if value is not None:
                    expected[(table.table_id, row.key, col)] = value
    for key, want in expected.items():
        tally = result.per_table.setdefault(key[0], {"tp": 0, "fp": 0, "fn": 0})
        got = extracted.get(key)
        if got is not None and _same(got[0], want):
            result.tp += 1
            tally["tp"] += 1
            continue
        result.fn += 1
        tally["fn"] += 1
        if got is not None:  # a wrong value is also a false positive
            result.fp += 1
            tally["fp"] += 1
        result.misses.append(Miss("wrong" if got else "missing", "/".join(key), want,
                                  got[0] if got else None, got[1] if got else None,
                                  got[2] if got else None))
    for key, (value, page, quote) in extracted.items():
        if key[0] in covered and key not in expected:
            result.fp += 1
            result.per_table.setdefault(key[0], {"tp": 0, "fp": 0, "fn": 0})["fp"] += 1
            result.misses.append(Miss("extra", "/".join(key), None, value, page, quote))
    for name, v in gold.key_figures.items():
        want = _value(v)
        if want is None:
            continue
        result.key_figures_total += 1
        kf = filing.key_figures.get(name)
        if kf is not None and _same(kf.value, want):
            result.key_figures_correct += 1
        else:
            result.misses.append(Miss("figure", name, want, kf.value if kf else None,
                                      kf.citation.page if kf else None, kf.citation.quote if kf else None))
    result.checks_fail = sum(1 for c in filing.checks if c.status == "fail")
    result.checks_warn = sum(1 for c in filing.checks if c.status == "warn")
    extra = gold.model_extra or {}
    result.layout = extra.get("layout")
    planted = list(extra.get("planted_errors") or []) + list(extra.get("known_errors") or [])
    fails = [c for c in filing.checks if c.status == "fail"]
    for p in planted:
        result.planted_total += 1
        by_kind = result.planted_kinds.setdefault(str(p.get("kind", "known")), [0, 0])
        by_kind[1] += 1
        if any(_names(c, p) for c in fails):
            result.planted_found += 1
            by_kind[0] += 1
        else:
            result.misses.append(Miss("planted", p.get("description") or str(p), None, None))
    return result


def _names(check, planted: dict) -> bool:
    """Does a failed check point at the planted error?"""
    kind = planted.get("kind")
    if kind == "entity":
        return check.kind == "document" and "entity" in check.check_id
    if kind == "performance":
        return check.kind == "performance"
    text = planted.get("planted")
    for op in check.operands:
        if planted.get("figure") and op.figure == planted["figure"]:
            return True
        if isinstance(text, str) and len(text) >= 4 and op.quote and \
                "".join(text.split()) in "".join(op.quote.split()):
            return True  # the check quotes the planted words (与2024年相比, a former name)
        if planted.get("table_id") and (op.table_id, op.key, op.col) == (
                planted["table_id"], planted.get("key"), planted.get("col")):
            return True
    return False


def run_case(case: Case, settings, llm=None) -> tuple[DocScore, Filing | None]:
    """Score one case, read and analysed through the one processing entry (its limits
    apply: a case over them scores zero and is reported like a crash)."""
    from budgetlens.pipeline import Analysed, analyse_file

    started = time.perf_counter()
    result = analyse_file(case.doc_path, settings, llm=llm)
    if not isinstance(result, Analysed):  # a case that fails scores zero and is reported
        s = DocScore(doc=case.doc_path.name, error=f"{result.reason_code}: {result.reason}")
        s.fn = sum(len(r.cells) for t in case.gold.tables for r in t.rows)
        s.key_figures_total = len(case.gold.key_figures)
        extra = case.gold.model_extra or {}
        s.layout = extra.get("layout")  # a failure still counts against its layout
        s.planted_total = len(extra.get("planted_errors") or []) + len(extra.get("known_errors") or [])
        for p in list(extra.get("planted_errors") or []) + list(extra.get("known_errors") or []):
            s.planted_kinds.setdefault(str(p.get("kind", "known")), [0, 0])[1] += 1
        return s, None
    scored = score(result.filing, case.gold, case.doc_path.name)
    scored.seconds = round(time.perf_counter() - started, 3)
    return scored, result.filing


def overall(scores: Iterable[DocScore]) -> dict:
    scores = list(scores)
    total = DocScore(doc="overall")
    for s in scores:
        total.tp += s.tp
        total.fp += s.fp
        total.fn += s.fn
        total.key_figures_correct += s.key_figures_correct
        total.key_figures_total += s.key_figures_total
        total.seconds += s.seconds
        total.planted_total += s.planted_total
        total.planted_found += s.planted_found
        total.tables_gold += s.tables_gold
        total.tables_found += s.tables_found
        for kind, (found, n) in s.planted_kinds.items():
            counts = total.planted_kinds.setdefault(kind, [0, 0])
            counts[0] += found
            counts[1] += n
    return {
        "cell_precision": round(total.cell_precision, 4),
        "cell_recall": round(total.cell_recall, 4),
        "cell_f1": round(total.cell_f1, 4),
        "key_figures_correct": total.key_figures_correct,
        "key_figures_total": total.key_figures_total,
        "key_figure_accuracy": round(total.key_figures_correct / total.key_figures_total, 4)
        if total.key_figures_total else None,
        "table_recall": round(total.tables_found / total.tables_gold, 4) if total.tables_gold else None,
        "tables_found": total.tables_found,
        "tables_total": total.tables_gold,
        "planted_error_recall": round(total.planted_found / total.planted_total, 4)
        if total.planted_total else None,
        "planted_errors_found": total.planted_found,
        "planted_by_kind": {k: {"found": v[0], "total": v[1]} for k, v in sorted(total.planted_kinds.items())},
        "planted_errors_total": total.planted_total,
        "false_fail_documents": sum(1 for s in scores if s.planted_total == 0 and s.checks_fail),
        "consistent_documents": sum(1 for s in scores if s.planted_total == 0),
        "documents": len(scores),
        "errors": sum(1 for s in scores if s.error),
        "seconds": round(total.seconds, 2),
    }


def evaluate(gold_dir: Path, docs_dir: Path | None, settings, llm=None) -> dict:
    cases = load_cases(gold_dir, docs_dir)
    scores = [run_case(case, settings, llm)[0] for case in cases]
    layouts = sorted({s.layout for s in scores if s.layout})
    return {"overall": overall(scores), "documents": [s.as_json() for s in scores],
            "layouts": {layout: overall(s for s in scores if s.layout == layout) for layout in layouts}}


def planted_table(result: dict) -> list[str]:
    """Found / planted per kind (rows) and layout (columns), and per layout the consistent
    filings that raised a fail, as Markdown lines; empty when nothing was planted.

        | kind | ruled | text | all |
        |---|---|---|---|
        | cell | 1/1 | 1/1 | 2/2 |
        | fails on consistent filings | 0/1 | 0/1 | 0/2 |
    """
    layouts = list(result.get("layouts") or {})
    o = result["overall"]
    if not o.get("planted_errors_total"):
        return []
    kinds = sorted(o.get("planted_by_kind", {}))
    lines = ["| kind | " + " | ".join(layouts) + " | all |", "|---" * (len(layouts) + 2) + "|"]
    for kind in kinds:
        cells = []
        for layout in layouts:
            got = result["layouts"][layout].get("planted_by_kind", {}).get(kind)
            cells.append(f"{got['found']}/{got['total']}" if got else "–")
        got = o["planted_by_kind"][kind]
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {got['found']}/{got['total']} |")
    cells = [f"{result['layouts'][x]['false_fail_documents']}/{result['layouts'][x]['consistent_documents']}"
             for x in layouts]
    lines.append("| fails on consistent filings | " + " | ".join(cells)
                 + f" | {o['false_fail_documents']}/{o['consistent_documents']} |")
    return lines


def write_scores(result: dict, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "scores.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def side_by_side(gold_dir: Path, docs_dir: Path | None, settings, llm) -> dict:
    """Rule-only and LLM-assisted extraction scored on the same gold, in one run."""
    rules = evaluate(gold_dir, docs_dir, settings)
    assisted = evaluate(gold_dir, docs_dir, settings, llm=llm)
    rules["llm"] = {"overall": assisted["overall"], "documents": assisted["documents"]}
    return rules


def side_by_side_lines(result: dict) -> list[str]:
    if "llm" not in result:
        return []
    a, b = result["overall"], result["llm"]["overall"]
    lines = ["## Rule-only against LLM-assisted", "", "| metric | rules | rules + LLM |", "|---|---|---|"]
    for m in ("cell_precision", "cell_recall", "cell_f1", "key_figures_correct", "planted_errors_found", "seconds"):
        lines.append(f"| {m} | {a.get(m)} | {b.get(m)} |")
    return lines
