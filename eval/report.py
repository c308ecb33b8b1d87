"""A report a person can read: Markdown with a plot, the worst misses, and a comparison."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from budgetlens.eval.harness import planted_table

METRICS = ("cell_precision", "cell_recall", "cell_f1", "key_figure_accuracy")


def _fmt(v) -> str:
    if v is None:
        return "—"
    return f"{v:.4f}" if isinstance(v, float) else str(v)


def compare(result: dict, baseline: dict) -> list[str]:
    """Lines saying what improved and what regressed against a saved run."""
    lines = ["| metric | baseline | now | change |", "|---|---|---|---|"]
    for m in METRICS:
        a, b = baseline.get("overall", {}).get(m), result["overall"].get(m)
        if a is None or b is None:
            continue
        delta = b - a
        mark = "improved" if delta > 1e-9 else "REGRESSED" if delta < -1e-9 else "same"
        lines.append(f"| {m} | {_fmt(a)} | {_fmt(b)} | {delta:+.4f} {mark} |")
    before = {d["doc"]: d for d in baseline.get("documents", [])}
    changed = []
    for d in result["documents"]:
        old = before.get(d["doc"])
        if old is None:
            changed.append(f"- {d['doc']}: new (cell F1 {d['cell_f1']:.4f})")
        elif abs(d["cell_f1"] - old["cell_f1"]) > 1e-9 or d["key_figures_correct"] != old["key_figures_correct"]:
            verdict = "improved" if (d["cell_f1"], d["key_figures_correct"]) > (old["cell_f1"], old["key_figures_correct"]) else "REGRESSED"
            changed.append(f"- {d['doc']}: cell F1 {old['cell_f1']:.4f} → {d['cell_f1']:.4f}, key figures "
                           f"{old['key_figures_correct']} → {d['key_figures_correct']} ({verdict})")
    return lines + ([""] + changed if changed else ["", "No document changed."])


def thresholds_failed(result: dict, thresholds_file: Path, suite: str) -> list[str]:
    """Each metric of ``suite`` below its threshold in the TOML file, as a message."""
    config = tomllib.loads(thresholds_file.read_text(encoding="utf-8")).get(suite, {})
    failed = []
    for name, bound in config.items():
        if name.startswith("max_"):  # an upper bound: max_false_fail_documents = 0
            metric = name[4:]
            value = result["overall"].get(metric)
            if value is None or value > bound:
                failed.append(f"{suite}: {metric} = {_fmt(value)} > maximum {bound}")
            continue
        value = result["overall"].get(name)
        if value is None or value < bound:
            failed.append(f"{suite}: {name} = {_fmt(value)} < threshold {bound}")
    return failed


def _plot(result: dict, out: Path) -> str | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        # Chinese file names: a CJK font when the machine has one (Debian fonts-wqy-microhei)
        plt.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "DejaVu Sans"]
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return None
    docs = result["documents"]
    if not docs:
        return None
    names = [d["doc"][:28] for d in docs]
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(docs) + 1.2))
    ax.barh(names, [d["cell_f1"] for d in docs], color="#4c72b0", label="cell F1")
    scored = [(d["key_figures_correct"] / d["key_figures_total"], n) for d, n in zip(docs, names)
              if d["key_figures_total"]]  # a document whose gold lists no key figure has no dot
    if scored:
        ax.scatter([x for x, _ in scored], [n for _, n in scored], color="#dd8452", zorder=3,
                   label="key-figure accuracy")
    ax.set_xlim(0, 1.02)
    ax.invert_yaxis()
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title("Per-document scores")
    fig.tight_layout()
    path = out / "scores.png"
    import warnings

    with warnings.catch_warnings():  # a glyph missing from every font is drawn as a box
        warnings.simplefilter("ignore", UserWarning)
        fig.savefig(path, dpi=110)
    plt.close(fig)
    return path.name


def write_report(result: dict, out: Path, baseline: dict | None = None) -> Path:
    o = result["overall"]
    lines = ["# budgetlens evaluation", "",
             f"{o['documents']} document(s), {o['seconds']} s; cell precision {_fmt(o['cell_precision'])}, "
             f"recall {_fmt(o['cell_recall'])}, F1 {_fmt(o['cell_f1'])}; key figures "
             f"{o['key_figures_correct']}/{o['key_figures_total']}.", ""]
    plot = _plot(result, out)
    if plot:
        lines += [f"![per-document scores]({plot})", ""]
    lines += ["| document | cell P | cell R | cell F1 | key figures | checks fail/warn | s |",
              "|---|---|---|---|---|---|---|"]
    for d in result["documents"]:
        lines.append(f"| {d['doc']} | {d['cell_precision']:.4f} | {d['cell_recall']:.4f} | {d['cell_f1']:.4f} "
                     f"| {d['key_figures_correct']}/{d['key_figures_total']} | {d['checks_fail']}/{d['checks_warn']} "
                     f"| {d['seconds']} |" + (f" error: {d['error']}" if d.get("error") else ""))
    misses = [(d["doc"], m) for d in result["documents"] for m in d["misses"]]
    if misses:
        lines += ["", "## Worst misses", "", "| document | kind | key | expected | got | page | quote |",
                  "|---|---|---|---|---|---|---|"]
        order = {"wrong": 0, "figure": 1, "missing": 2, "extra": 3}
        for doc, m in sorted(misses, key=lambda x: order.get(x[1]["kind"], 9))[:40]:
            quote = (m.get("quote") or "").replace("|", "/")[:50]
            lines.append(f"| {doc} | {m['kind']} | {m['key']} | {_fmt(m['expected'])} | {_fmt(m['got'])} "
                         f"| {m.get('page') or ''} | {quote} |")
    planted = planted_table(result)
    if planted:
        lines += ["", "## Planted errors found, by kind and layout", ""] + planted
    if baseline is not None:
        lines += ["", "## Against the baseline", ""] + compare(result, baseline)
    path = out / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def save_run(out: Path, name: str, data: dict, markdown_text: str) -> None:
    """A run's ``NAME.json`` and its ``report.md``-style page, each written whole
    (``workspace.atomic_write``): a reader never sees half a report."""
    from budgetlens.workspace import atomic_write

    atomic_write(out / f"{name}.json", json.dumps(data, ensure_ascii=False, indent=1))
    atomic_write(out / ("report.md" if name == "scores" else f"{name}.md"), markdown_text)


def load_scores(path: Path) -> dict:
    p = path / "scores.json" if path.is_dir() else path
    return json.loads(p.read_text(encoding="utf-8"))
