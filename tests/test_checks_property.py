"""Property tests: consistent tables never fail; one corrupted cell is always caught.

Tables are generated as publishers make them: leaf amounts with many decimals, every
parent and total computed from the unrounded leaves, then each number rounded for print
(and a trailing zero dropped now and then, as ``137.7`` for 137.70).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_checks_support import filing, table

from budgetlens.checks import run_checks
from budgetlens.schemas.filing import Filing

_COLS = ("basic", "project")


@st.composite
def coded_tables(draw: st.DrawFn) -> tuple[dict[str, dict[str, float]], str]:
    """Unrounded T03-style rows: {code: {total, basic, project}} and the unit."""
    unit = draw(st.sampled_from(["万元", "元"]))
    top = 10_000_000.0 if unit == "元" else 1_000.0
    amount = st.floats(min_value=0, max_value=top, allow_nan=False, allow_infinity=False)
    rows: dict[str, dict[str, float]] = {}
    classes = draw(st.lists(st.sampled_from(["201", "208", "210", "213", "221"]),
                            min_size=1, max_size=3, unique=True))
    for cls in classes:
        for k in range(draw(st.integers(1, 3))):
            kuan = f"{cls}{k + 1:02d}"
            for x in range(draw(st.integers(1, 3))):
                leaf = f"{kuan}{x + 1:02d}"
                basic = draw(amount) if draw(st.booleans()) else 0.0
                rows[leaf] = {"basic": basic, "project": draw(amount)}
    for code in sorted({k[:5] for k in rows} | {k[:3] for k in rows}):
        leaves = [v for k, v in rows.items() if len(k) == 7 and k.startswith(code)]
        rows[code] = {c: sum(v[c] for v in leaves) for c in _COLS}
    leaves = [v for k, v in rows.items() if len(k) == 7]
    rows["total"] = {c: sum(v[c] for v in leaves) for c in _COLS}
    for v in rows.values():
        v["total"] = v["basic"] + v["project"]
    return rows, unit


def _print(value: float, places: int, drop_zero: bool) -> str:
    text = f"{value:.{places}f}"
    if drop_zero and places and text.endswith("0") and not text.endswith(".00"):
        text = text[:-1]
    return text


def _build(rows: dict[str, dict[str, float]], unit: str, drop_zero: bool,
           override: tuple[str, str, float] | None = None) -> Filing:
    places = 0 if unit == "元" else 2
    printed = {k: {c: _print(v[c], places, drop_zero) for c in ("total", *_COLS)}
               for k, v in rows.items()}
    if override:
        key, col, delta = override
        printed[key][col] = f"{float(printed[key][col]) + delta:.{places}f}"
    t03 = table("T03", printed, unit=unit, page=3)
    t05 = table("T05", printed, unit=unit, page=5)
    classes = {k: {"amount": printed[k]["total"]} for k in printed if len(k) == 3}
    total = printed["total"]["total"]
    t01 = table("T01", {"income.general_budget": {"amount": total},
                        "income.current_year_total": {"amount": total},
                        "income.grand_total": {"amount": total},
                        **classes,
                        "exp.current_year_total": {"amount": total},
                        "exp.grand_total": {"amount": total}}, unit=unit, page=1)
    return filing(t01, t03, t05)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coded_tables(), st.booleans())
def test_consistent_tables_never_fail(data: tuple[dict, str], drop_zero: bool) -> None:
    rows, unit = data
    results = run_checks(_build(rows, unit, drop_zero))
    fails = [r.message_en for r in results if r.status == "fail"]
    assert not fails, fails
    assert any(r.kind == "hierarchy" for r in results)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coded_tables(), st.data())
def test_one_corrupted_cell_is_caught(data: tuple[dict, str], pick: st.DataObject) -> None:
    rows, unit = data
    key = pick.draw(st.sampled_from(sorted(rows)))
    col = pick.draw(st.sampled_from(["total", *_COLS]))
    unit_step = 1.0 if unit == "元" else 0.01
    delta = pick.draw(st.integers(5, 10_000)) * unit_step
    results = run_checks(_build(rows, unit, False, (key, col, delta)))
    caught = [r for r in results if r.status == "fail" and any(
        o.table_id == "T03" and o.key == key and o.col == col for o in r.operands)]
    assert caught, f"{key}/{col} +{delta} not caught"
