"""Checks of the document as a whole and of its performance tables.

- One entity throughout: a performance table naming another bureau was copied from
  someone else's filing. Names differ in harmless ways (机关, 本级, （部门）) and a
  table may name a subordinate unit, so only a different *place* (乌鲁木齐市 in a 乌海市
  document) is an error; another name in the same place is a warning.
- Without the document's own name (a tables-only file), the tables' 编制单位 against
  each other, the most named one being the reference.
- One fiscal year throughout: a standard table titled with another year.
- Performance tables: an overall table's 合计 against the sum of its task rows, and a
  stated 执行率 against 执行数 / 预算数.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.checks.core import Qty, operand_from, skipped, sum_result
from budgetlens.checks.names import column_name, fmt, printed_table
from budgetlens.checks.tolerance import (
    DEFAULT_DECIMALS,
    FAIL,
    PASS,
    WARN,
    grade_percent,
    half_unit,
    printed_decimals,
    ratio_tolerance,
)
from budgetlens.ingest.normalize import fold, nospace
from budgetlens.schemas.filing import CellValue, CheckOperand, CheckResult, Filing, PerformanceTable

_NOISE = re.compile(r"[（(][^）)]*[）)]|本级|机关|\s")
_PLACE = re.compile(r"^(.+?(?:自治区|自治州|自治县|特别行政区|省|市|县|区|旗|州|盟))")
_YEAR = re.compile(r"(20\d{2})\s*年")


def clean_entity(name: str) -> str:
    """An entity name without parenthetical notes, 本级/机关 and spaces."""
    return _NOISE.sub("", fold(name))


def place_of(name: str) -> str | None:
    """The leading administrative place of a name (乌海市, 镇安县), if any."""
    m = _PLACE.match(clean_entity(name))
    return m.group(1) if m else None


def _same_entity(a: str, b: str) -> bool:
    ca, cb = clean_entity(a), clean_entity(b)
    return bool(ca and cb) and (ca in cb or cb in ca)


def perf_name(perf: PerformanceTable) -> tuple[str, str]:
    """A performance table as a reader finds it: by its project and page, never its id
    (绩效自评表（整体支出，第 12 页））."""
    page = f"，第 {perf.pages[0]} 页" if perf.pages else ""
    page_en = f", page {perf.pages[0]}" if perf.pages else ""
    project = perf.project or ("整体支出" if perf.kind == "overall" else "项目")
    return (f"绩效自评表（{project}{page}）",
            f"performance table ({perf.project or ('overall' if perf.kind == 'overall' else 'project')}{page_en})")


def _named_tables(filing: Filing) -> list[tuple[str, str, list[int], tuple[str, str]]]:
    """(id, named entity, pages, (Chinese, English) printed name) of every table naming one."""
    named = [(t.table_id, t.entity, t.pages, printed_table(t)) for t in filing.tables if t.entity]
    named += [(p.table_id, p.entity, p.pages, perf_name(p)) for p in filing.performance if p.entity]
    return named


def entity_checks(filing: Filing) -> Iterator[CheckResult]:
    """Every standard and performance table's named entity against the document's."""
    doc = filing.entity
    named = _named_tables(filing)
    for table_id, entity, pages, (what, what_en) in named:
        check_id = f"document.entity.{table_id}"
        page = pages[0] if pages else None
        op = CheckOperand(table_id=table_id, quote=entity, page=page)
        if not doc and len({clean_entity(e) for _, e, _, _ in named}) > 1:
            continue  # the tables are compared with each other (tables_agree)
        if not doc:
            yield skipped(check_id, "document", "文件主体未识别，无法核对绩效表单位。",
                          "The document's entity is unknown; cannot check.", [op])
            continue
        if _same_entity(doc, entity):
            grade = PASS
            zh, en = "一致", "they match"
        else:
            pd, pp = place_of(doc), place_of(entity)
            grade = FAIL if pd and pp and not (pd in pp or pp in pd) else WARN
            zh = ("属另一地区的单位，疑为抄用他人表格" if grade is FAIL
                  else "名称不同，可能是下属单位，请核对")
            en = ("a body in another place: the table looks copied from another filing"
                  if grade is FAIL else "a different name, perhaps a subordinate unit")
        yield CheckResult(
            check_id=check_id, kind="document", status=grade.status, severity=grade.severity,
            message=f"{what}所列单位为“{entity}”，本文件主体为“{doc}”，{zh}。",
            message_en=(f"{what_en} names “{entity}”, the document is by “{doc}”: {en}."),
            operands=[op], pages=[page] if page else [])


def tables_agree(filing: Filing) -> Iterator[CheckResult]:
    """Without the document's own name, the tables' 编制单位 against each other: the most
    named entity is the reference; one in another place is a fail, another name a warning
    (a subordinate unit's table)."""
    if filing.entity:
        return
    named = [(t.table_id, t.entity, t.pages[0] if t.pages else None, printed_table(t))
             for t in filing.tables if t.entity]
    counts: dict[str, int] = {}
    for _, entity, _, _ in named:
        counts[clean_entity(entity)] = counts.get(clean_entity(entity), 0) + 1
    if len(counts) < 2:
        return  # one name throughout: nothing to compare (entity_checks says why)
    ref_clean = max(counts, key=lambda k: (counts[k], k))
    ref = next(e for _, e, _, _ in named if clean_entity(e) == ref_clean)
    for table_id, entity, page, (what, what_en) in named:
        if _same_entity(ref, entity):
            continue
        pr, pe = place_of(ref), place_of(entity)
        grade = FAIL if pr and pe and not (pr in pe or pe in pr) else WARN
        op = CheckOperand(table_id=table_id, quote=entity, page=page)
        yield CheckResult(
            check_id=f"document.entity.{table_id}", kind="document", status=grade.status,
            severity=grade.severity,
            message=(f"{what}所列编制单位为“{entity}”，其余 {counts[ref_clean]} 张表为“{ref}”，"
                     + ("属另一地区的单位，疑为抄用他人表格。" if grade is FAIL else "名称不同，请核对。")),
            message_en=(f"{what_en} names “{entity}”, {counts[ref_clean]} other tables "
                        f"name “{ref}”."),
            operands=[op], pages=[page] if page else [])


def year_checks(filing: Filing) -> Iterator[CheckResult]:
    """A standard table whose title names a year other than the fiscal year."""
    if filing.fiscal_year is None:
        return
    for table in filing.tables:
        years = {int(y) for y in _YEAR.findall(fold(table.title))}
        if not years:
            continue
        page = table.pages[0] if table.pages else None
        check_id = f"document.year.{table.table_id}"
        op = CheckOperand(table_id=table.table_id, quote=table.title, page=page)
        ok = filing.fiscal_year in years
        grade = PASS if ok else FAIL
        other = "、".join(str(y) for y in sorted(years))
        yield CheckResult(
            check_id=check_id, kind="document", status=grade.status, severity=grade.severity,
            message=(f"{table.title}标题年度为 {other} 年，本文件为 {filing.fiscal_year} 年度"
                     f"{'，一致' if ok else '，年度不符'}。"),
            message_en=(f"{printed_table(table)[1]} is titled for {other}, the document for "
                        f"{filing.fiscal_year}{'' if ok else ': years differ'}."),
            operands=[op], pages=[page] if page else [])


def _qty(perf: PerformanceTable, cell: CellValue, key: str, col: str, zh: str) -> Qty:
    places = printed_decimals(cell.value, cell.citation.quote)
    half = half_unit(places if places is not None else DEFAULT_DECIMALS)
    op = operand_from(cell.citation, cell.value, table_id=perf.table_id, key=key, col=col)
    en = ("total" if key == "total" else zh) + " " + column_name(col)[1]
    return Qty(cell.value, half, op, zh, en)


_TOTAL_LABEL = re.compile(r"合计|总计|总额")


def _additive(col: str) -> bool:
    """Money columns (budget_*, actual_*) and 分值 add up over the task rows."""
    return col.startswith(("budget", "actual")) or col == "weight"


def performance_sums(perf: PerformanceTable) -> Iterator[CheckResult]:
    """An overall table's 合计 row (and its 执行数 field) against its task rows."""
    if not perf.parts:
        return
    totals = [r for r in perf.parts if r.key == "total" or _TOTAL_LABEL.search(nospace(r.label))]
    tasks = [r for r in perf.parts if r not in totals]
    if not tasks:
        return
    where_zh, where_en = perf_name(perf)
    checked: set[str] = set()
    for total_row in totals[:1]:
        for col, cell in total_row.cells.items():
            if not _additive(col):
                continue  # 执行率 and 得分 of a 合计 row are not sums of the tasks'
            czh = column_name(col)[0]
            parts = [_qty(perf, r.cells[col], r.key, col, r.label or r.key)
                     for r in tasks if col in r.cells]
            if not parts:
                continue
            checked.add(col)
            total = _qty(perf, cell, total_row.key, col, f"合计{czh}")
            yield sum_result(f"performance.{perf.table_id}.total:{col}=sum(parts)",
                             "performance", total, parts, f"{where_zh}{czh}列",
                             f"{where_en}, column {column_name(col)[1]}")
    for field, cols in (("actual", ("actual", "actual_total")),
                        ("budget_full_year", ("budget_full_year", "budget_total"))):
        cell = getattr(perf, field)
        col = next((c for c in cols if any(c in r.cells for r in tasks)), None)
        if cell is None or col is None or col in checked:
            continue
        parts = [_qty(perf, r.cells[col], r.key, col, r.label or r.key)
                 for r in tasks if col in r.cells]
        total = _qty(perf, cell, "total", field, f"合计{column_name(field)[0]}")
        yield sum_result(f"performance.{perf.table_id}.{field}=sum(parts)", "performance",
                         total, parts, where_zh, where_en)


def _float_decimals(x: float) -> int:
    """Decimals a float shows once trailing zeros are dropped (29.3 → 1, 100.0 → 0)."""
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def execution_rate(perf: PerformanceTable) -> CheckResult | None:
    """执行率 against 执行数 / 全年预算数 (or 年初预算数, which some tables use)."""
    if perf.execution_rate is None or perf.actual is None:
        return None
    rate = perf.execution_rate
    name_zh, name_en = perf_name(perf)
    actual = _qty(perf, perf.actual, "total", "actual", "全年执行数")
    half = half_unit(_float_decimals(rate))
    tried: list[tuple[str, float, float, object]] = []
    for field, zh in (("budget_full_year", "全年预算数"), ("budget_initial", "年初预算数")):
        cell = getattr(perf, field)
        if cell is None or cell.value == 0:
            continue
        base = _qty(perf, cell, "total", field, zh)
        computed = 100 * actual.value / base.value
        prop = ratio_tolerance(actual.value, base.value, actual.half, base.half)
        tried.append((zh, computed, prop, base))
        grade = grade_percent(computed, rate, half, prop)
        if grade.status != "fail":
            if field == "budget_initial":
                grade = WARN
            return CheckResult(
                check_id=f"performance.{perf.table_id}.execution_rate", kind="performance",
                status=grade.status, severity=grade.severity, expected=round(computed, 4),
                actual=rate, difference=round(rate - computed, 4), tolerance=half + prop,
                message=(f"{name_zh}执行率 {fmt(rate)}%，按执行数 "
                         f"{fmt(actual.value)} ÷ {zh} {fmt(base.value)} 计算为 "
                         f"{fmt(round(computed, 2))}%"
                         f"{'，一致' if grade is PASS else '，按年初预算计算' if field == 'budget_initial' else '，属尾差'}。"),
                message_en=(f"{name_en}: rate {fmt(rate)}%, "
                            f"{fmt(actual.value)} / {fmt(base.value)} = "
                            f"{fmt(round(computed, 2))}%."),
                operands=[actual.operand, base.operand],
                pages=sorted({p for p in (actual.operand.page, base.operand.page) if p}))
    if not tried:
        return None
    zh, computed, prop, base = tried[0]
    assert isinstance(base, Qty)
    return CheckResult(
        check_id=f"performance.{perf.table_id}.execution_rate", kind="performance",
        status=FAIL.status, severity=FAIL.severity, expected=round(computed, 4), actual=rate,
        difference=round(rate - computed, 4), tolerance=half + prop,
        message=(f"{name_zh}执行率 {fmt(rate)}%，但执行数 {fmt(actual.value)} ÷ "
                 f"{zh} {fmt(base.value)} = {fmt(round(computed, 2))}%，两者不符。"),
        message_en=(f"{name_en}: rate {fmt(rate)}% but "
                    f"{fmt(actual.value)} / {fmt(base.value)} = {fmt(round(computed, 2))}%."),
        operands=[actual.operand, base.operand],
        pages=sorted({p for p in (actual.operand.page, base.operand.page) if p}))


def document_checks(filing: Filing) -> list[CheckResult]:
    """Entity, year and performance-table checks."""
    out = [*entity_checks(filing), *tables_agree(filing), *year_checks(filing)]
    for perf in filing.performance:
        out.extend(performance_sums(perf))
        rate = execution_rate(perf)
        if rate is not None:
            out.append(rate)
    return out
