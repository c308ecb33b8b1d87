"""The coverage report as Markdown with a plot (``OUT/coverage.md``, ``coverage.png``)."""

from __future__ import annotations

from pathlib import Path


def _pct(v) -> str:
    return "—" if v is None else f"{100 * v:.1f}%"


def _group_line(name: str, g: dict) -> str:
    a, t, c, n = g["amounts"], g["tables"], g["checks"], g["narrative"]
    return (f"| {name} | {g['disclosures']}/{g['filings']} | {t.get('found', 0)}/{t.get('announced', 0)} "
            f"| {t.get('missed', 0)} | {t.get('listed_only', 0)} | {t.get('extra', 0)} | {a['printed']} | {_pct(a['keyed_share'])} "
            f"| {a['unmapped']} | {a['vanished']} | {c['pass']}/{c['warn']}/{c['fail']} "
            f"| {n['matched']}/{n['stated']} ({_pct(n['share'])}) |")


_GROUP_HEAD = ["| group | disclosures/files | tables found/announced | missed | listed only | extra "
               "| amounts printed | keyed | unmapped | vanished | checks pass/warn/fail | narrative matched |",
               "|---|---|---|---|---|---|---|---|---|---|---|---|"]


_CJK_FAMILIES = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Droid Sans Fallback"]


def _cjk_font() -> None:
    """City names are Chinese: use a CJK font the machine has, else the one PyMuPDF
    ships (Droid Sans Fallback, written once to the temporary folder)."""
    import tempfile

    from matplotlib import font_manager

    if any(f.name in _CJK_FAMILIES for f in font_manager.fontManager.ttflist):
        return
    try:
        import pymupdf

        path = Path(tempfile.gettempdir()) / "budgetlens-cjk-fallback.ttf"
        if not path.exists():
            path.write_bytes(pymupdf.Font("cjk").buffer)
        font_manager.fontManager.addfont(str(path))
    except Exception:  # no font: glyphs are drawn as boxes, the figures stay right
        return


def _plot(report: dict, out: Path) -> str | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        _cjk_font()
        plt.rcParams["font.sans-serif"] = _CJK_FAMILIES + ["DejaVu Sans"]
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return None
    groups = [(g, v["amounts"]) for g, v in report["groups"].items() if v["amounts"]["printed"]]
    docs = [r for r in report["filings"] if r["disclosure"] and r["amounts"]["printed"]][:30]
    if not groups:
        return None
    fig, axes = plt.subplots(1, 2, figsize=(12, max(3.0, 0.28 * max(len(groups), len(docs)) + 1.5)))
    for ax, items, title in ((axes[0], groups, "Printed amounts in counted tables, by group"),
                             (axes[1], [(Path(r["file"]).name[-28:], r["amounts"]) for r in docs],
                              "Worst filings (keyed share)")):
        names = [n for n, _ in items]
        keyed = [a["keyed"] / a["printed"] for _, a in items]
        unmapped = [a["unmapped"] / a["printed"] for _, a in items]
        vanished = [a["vanished"] / a["printed"] for _, a in items]
        ax.barh(names, keyed, color="#4c72b0", label="keyed")
        ax.barh(names, unmapped, left=keyed, color="#dd8452", label="unmapped (reported)")
        ax.barh(names, vanished, left=[k + u for k, u in zip(keyed, unmapped)], color="#c44e52",
                label="vanished")
        ax.set_xlim(0, 1.0)
        ax.invert_yaxis()
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=7)
    axes[0].legend(loc="lower right", fontsize=7)
    path = out / "coverage.png"
    import warnings

    with warnings.catch_warnings():  # a glyph missing from every font is drawn as a box
        warnings.simplefilter("ignore", UserWarning)
        fig.tight_layout()
        fig.savefig(path, dpi=100)
    plt.close(fig)
    return path.name


def markdown_lines(report: dict, worst: int = 25) -> list[str]:
    o = report["overall"]
    lines = ["# Reading coverage (no gold)", "",
             f"{o['filings']} file(s) under `{report.get('folder', '')}` (split: {report.get('split', 'all')}), "
             f"{o['disclosures']} disclosure(s); {report.get('seconds', 0)} s. Amounts are those printed in the "
             "tables CONTRACT.md lists (B01-B13, T01-T11); 栏次, codes, years, page numbers and percentages "
             "are not amounts. *keyed*: a cell cites the page with that value; *unmapped*: reported with a "
             "reason; *vanished*: neither.", ""]
    lines += ["## Overall and by part", ""] + _GROUP_HEAD + [_group_line("all", o)]
    lines += [_group_line(p, g) for p, g in report.get("parts", {}).items()]
    lines += ["", "## By city / publisher", ""] + _GROUP_HEAD
    lines += [_group_line(name, g) for name, g in report["groups"].items()]
    for part, groups in report.get("groups_by_part", {}).items():
        if len(report.get("groups_by_part", {})) > 1:
            lines += ["", f"### Part `{part}` by city / publisher", ""] + _GROUP_HEAD
            lines += [_group_line(name, g) for name, g in groups.items()]
    ex = o["amounts_extra_tables"]
    lines += ["", f"Extra tables (not counted): {ex['printed']} amounts printed, {_pct(ex['keyed_share'])} keyed."]
    if report.get("not_measured"):
        lines += ["", "Not measured (the printed side is read from a PDF text layer): "
                  + ", ".join(f"`{f}`" for f in report["not_measured"])]
    if o["not_disclosures"]:
        lines += ["", "Not a disclosure: " + ", ".join(f"`{f}`" for f in o["not_disclosures"])]
    lines += ["", "## Filings, worst first", "",
              "| file | group | part | keyed | printed | vanished | missed tables | extra tables | fails | narrative |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for r in report["filings"][:worst]:
        a, t = r["amounts"], r["tables"]
        note = " (not a disclosure)" if not r["disclosure"] else (f" error: {r['error']}" if r.get("error") else "")
        lines.append(f"| {r['file']}{note} | {r['group']} | {r['part']} | {_pct(a['keyed_share'])} | {a['printed']} "
                     f"| {a['vanished']} | {' '.join(t['missed'])} | {' '.join(t['extra'])} "
                     f"| {r['checks']['fail']} | {r['narrative']['matched']}/{r['narrative']['stated']} |")
    misplaced = [(r["file"], e) for r in report["filings"] for e in r.get("keyed_elsewhere", [])]
    if misplaced:
        lines += ["", "## Amounts keyed under another table than the one printed over them", "",
                  "| file | printed in | keyed as | amounts |", "|---|---|---|---|"]
        lines += [f"| {f} | {e['printed_in']} | {e['keyed_as']} | {e['amounts']} |"
                  for f, e in sorted(misplaced, key=lambda x: -x[1]["amounts"])[:30]]
    lines += ["", "## Vanished amounts in the worst filings (page, text, table, row)", ""]
    for r in report["filings"][:8]:
        if r["vanished"]:
            shown = "; ".join(f"p.{v['page']} {v['text']} {v['table']} {v['row']}" for v in r["vanished"][:12])
            lines.append(f"- `{r['file']}`: {shown}")
    return lines


def write_markdown(report: dict, out: Path) -> Path:
    lines = markdown_lines(report)
    plot = _plot(report, out)
    if plot:
        lines[3:3] = [f"![coverage]({plot})", ""]
    path = out / "coverage.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def summary_text(report: dict) -> str:
    """One line per group for the terminal."""
    out = []
    for name, g in [("all", report["overall"]), *report["groups"].items()]:
        a, t = g["amounts"], g["tables"]
        out.append(f"{name}: {g['disclosures']} filing(s), tables {t.get('found', 0)}/{t.get('announced', 0)} "
                   f"found, amounts {a['keyed']}/{a['printed']} keyed ({_pct(a['keyed_share'])}), "
                   f"{a['vanished']} vanished, fails {g['checks']['fail']}")
    return "\n".join(out)
