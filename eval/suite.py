"""Generated fixture families for the evaluation: every layout × planted errors.

``python -m budgetlens.eval.suite --out DIR [--n N] [--layouts ...] [--every-kind]`` writes N
filings per layout (half of them with one planted error, cycling through the kinds; with
``--every-kind``, N consistent filings and one per planted kind on every layout),
each with its gold beside it, then scores them like ``budgetlens eval`` and writes
``scores.json`` and ``report.md`` with a per-layout table and found / planted per kind.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from budgetlens.fixtures.figures import PLANT_KINDS

DEFAULT_LAYOUTS = ("ruled", "borderless", "split", "wrapped", "docx", "text", "scanned")


def generate(out: Path, n: int = 2, layouts: tuple[str, ...] = DEFAULT_LAYOUTS, seed: int = 100,
             every_kind: bool = False) -> list[Path]:
    """Write the family; a filing with an odd index carries one planted error. With
    ``every_kind``, each layout gets ``n`` consistent filings and one filing per kind."""
    from budgetlens.fixtures.__main__ import write_filing

    out.mkdir(parents=True, exist_ok=True)
    written, k = [], 0
    if every_kind:
        for j, layout in enumerate(layouts):
            plants = [None] * n + list(PLANT_KINDS)
            for i, plant in enumerate(plants):
                written.append(write_filing(out, seed + j * len(plants) + i, layout, plant))
        return written
    for i in range(n):
        for j, layout in enumerate(layouts):
            plant = PLANT_KINDS[k % len(PLANT_KINDS)] if (i + j) % 2 else None
            k += bool(plant)
            written.append(write_filing(out, seed + i * len(layouts) + j, layout, plant))
    return written


def kind_table(result: dict) -> list[str]:
    """Found / planted per kind (rows) and layout (columns), as Markdown lines."""
    from budgetlens.eval.harness import planted_table

    return planted_table(result)


def main(argv: list[str] | None = None) -> int:
    from budgetlens.settings import load
    from budgetlens.eval.harness import evaluate, write_scores
    from budgetlens.eval.report import write_report

    parser = argparse.ArgumentParser(prog="python -m budgetlens.eval.suite")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--n", type=int, default=2, help="filings per layout")
    parser.add_argument("--layouts", default=",".join(DEFAULT_LAYOUTS))
    parser.add_argument("--every-kind", action="store_true",
                        help="one filing per planted kind on every layout (plus N consistent ones)")
    args = parser.parse_args(argv)
    layouts = tuple(x for x in args.layouts.split(",") if x)
    docs = args.out / "fixtures"
    generate(docs, args.n, layouts, every_kind=args.every_kind)
    result = evaluate(docs, None, load(args.out / "home"))
    write_scores(result, args.out)
    report = write_report(result, args.out)
    with report.open("a", encoding="utf-8") as fh:
        fh.write("\n## By layout\n\n| layout | cell F1 | key figures | planted found | docs with false fail |\n"
                 "|---|---|---|---|---|\n")
        for layout, o in result["layouts"].items():
            fh.write(f"| {layout} | {o['cell_f1']:.4f} | {o['key_figures_correct']}/{o['key_figures_total']} | "
                     f"{o['planted_errors_found']}/{o['planted_errors_total']} | "
                     f"{o['false_fail_documents']}/{o['consistent_documents']} |\n")
    print(json.dumps({"overall": result["overall"], "layouts": result["layouts"]}, ensure_ascii=False, indent=1))
    print("\n".join(kind_table(result)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
