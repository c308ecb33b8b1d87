"""Row keys of the records a table's grid was read into (see ``extract.mapping``).

A function or economic code keys its row (``2010101``, ``30101``); named rows of the
summary tables by their label (``vocab.summary_row_key``); a 三公 table's rows by what
they are (``budget``, ``prior_year``, ``change``); a subordinate unit's rows as
``<unit>|<key>``; a row printed with its name only by the code the same filing prints
beside that name. A row that cannot be keyed is reported in ``unmapped``.
"""

from __future__ import annotations

import re

from budgetlens.extract import vocab
from budgetlens.extract.mapping import _ECON_CODE, _FUNC_CODE, STREAM, Mapped, _Record
from budgetlens.extract.mapping_columns import SUMMARY, THREE_PUBLIC
from budgetlens.ingest.normalize import is_empty_cell, parse_number, squash
from budgetlens.schemas.filing import CellValue, Citation, Row, Unmapped

# --- keys -------------------------------------------------------------------------------

_BARE_TOTALS = ("合计", "收入合计", "支出合计")
_LISTS = {"B12"}  # tables printed as lists of named items


def _closing_totals(records: list[_Record], table_id: str, summary: bool) -> set[int]:
    """Records that are a summary side's grand total though printed as 合计 / 收入合计.

    A side that prints no 总计 closes with its 合计 (Jiangsu 收入合计 after 上年结转资金,
    高等学校 合计 after 年初结转和结余): the last line holding a value is that side's total;
    or opens with it (合计 right under the header, Chongqing 收支总体情况表).
    """
    if not summary:
        return set()
    out: set[int] = set()
    for side in {r.side for r in records}:
        mine = [i for i, r in enumerate(records) if r.side == side]
        if any(_key(records[i], table_id, False, summary=summary) in ("income.grand_total", "exp.grand_total")
               for i in mine):
            continue
        valued = [i for i in mine if records[i].cells]
        if valued and vocab.strip_notes(vocab.norm(records[valued[-1]].label)) in _BARE_TOTALS:
            out.add(valued[-1])
        elif valued and vocab.strip_notes(vocab.norm(records[valued[0]].label)) == "合计":
            out.add(valued[0])  # 合计 printed first, above the lines it adds up (Chongqing 表一)
    return out


def name_key(label: str) -> str:
    """A row name as compared with the same name printed beside its code elsewhere."""
    return vocab.strip_notes(vocab.norm(label))


def _code_by_name(label: str, names: dict[str, list[str]], context: str,
                  taken: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The code of a row printed with its name only (Shenzhen 收支总表: 进修及培训 under
    一、教育支出), from the codes the same document prints beside that name: the one
    under the last code read (20508 under 205), else the only one. A 款 and its 项 of
    one name (其他一般公共服务支出 20199 over 2019999) are read in that order: the
    shorter code not yet taken."""
    codes = [c for c in names.get(name_key(label), []) if c not in taken]
    for n in (5, 3):
        if len(context) >= n:
            under = sorted((c for c in codes if c.startswith(context[:n]) and len(c) > n), key=len)
            if len(under) == 1 or (under and all(b.startswith(a) and len(b) > len(a)
                                                 for a, b in zip(under, under[1:]))):
                return under[0]
    return codes[0] if len(codes) == 1 and not context else None


def key_records(records: list[_Record], table_id: str, names: dict[str, list[str]] | None = None,
                summary: bool | None = None, state: dict | None = None) -> Mapped:
    """Keyed rows; ``summary`` reads the records as a two- or more-sided summary table (the
    contract's summary tables, or another table printed as a 收支表)."""
    summary = table_id in SUMMARY if summary is None else summary
    out = Mapped()
    context: dict[int, str] = {}
    years = tuple(int(m.group(1)) for r in records
                  if (m := re.fullmatch(r"(20\d{2})年?(?:预算数?)?", vocab.norm(r.label))))
    seen: dict[str, Row] = {}
    # a fund line under 上年结转 on the next page (1.财政拨款结余、结转 opening p.19 of a
    # 收支总表 whose 上年结余、结转 closes p.18) is still under it: carried in ``state``
    after_carry = {0: False, 1: False} if state is None else state.setdefault("after_carry", {0: False, 1: False})
    closing = _closing_totals(records, table_id, summary)
    carried = {} if state is None else state.setdefault("economic", {})
    economic = _economic_sides(records, carried) if summary else {}
    continued = _wrapped_over_the_page(records, economic, carried)
    for i, rec in enumerate(records):
        if i in continued:
            continue  # the end of a label begun on the page before: read with it
        key = _key(rec, table_id, after_carry.get(rec.side, False), years, summary)
        if rec.item:  # a 政府采购 list's unit or purchase line (extract.mapping_procurement)
            key = f"{squash(rec.label if rec.unit_row else rec.unit)}|{rec.item}" if (
                rec.unit_row or rec.unit) else rec.item
        elif i in economic:
            key = economic[i]
        elif summary and rec.side == 1 and vocab.norm(rec.label) in _OPENING:
            key = f"exp.{_OPENING[vocab.norm(rec.label)]}"  # 一、财政拨款 over the expenditure lines
        elif key is None and summary and vocab.norm(rec.label) == "部门预算" and rec.side == 0:
            key = "income.department_budget"  # 一、部门预算: all the income lines below
        if not rec.item and names and rec.label and not rec.code and table_id not in THREE_PUBLIC and (
                key is None or (key in seen and key.isdigit())):
            # a name printed again under its 类 (五、其他支出 → 229, then 其他支出 22999)
            key = _code_by_name(rec.label, names, context.get(rec.side, ""), set(seen)) or key
        if key is not None and key.isdigit():
            context[rec.side] = key
        if rec.item:
            pass
        elif key is None and rec.unit_row and rec.label and not rec.code:
            # a unit's line of a table listing units; its 合计 is the department's
            base = "budget" if table_id in THREE_PUBLIC else "total"
            key = base if vocab.norm(rec.label).rstrip(":") in ("合计", "总计") else f"{squash(rec.label)}|{base}"
        elif key is not None and rec.unit:
            key = f"{squash(rec.unit)}|{key}"
        list_line = table_id in _LISTS and key is None and bool(rec.label) and not rec.code and bool(rec.cells)
        if list_line:  # a line of a list of meetings or trainings (决算汇审会 | 时间 | 人数 | 金额): its name
            key = f"{squash(rec.unit)}|{squash(rec.label)}" if rec.unit else squash(rec.label)
        if key is not None and (rec.list_item or list_line):  # an item of a list: its name, numbered when repeated
            base = key = f"{key}|{squash(rec.list_item)}" if rec.list_item else key
            n = 1
            while key in seen:
                n += 1
                key = f"{base}#{n}"
        if i in closing:
            key = "income.grand_total" if rec.side == 0 else "exp.grand_total"
        if key in ("income.carryover_begin", "exp.carryover_end"):
            after_carry[rec.side] = True
        values: dict[str, CellValue] = {}
        for col, cell in rec.cells.items():
            value = parse_number(cell.text)
            if value is None:
                if not is_empty_cell(cell.text):
                    out.unmapped.append(Unmapped(kind="row", table_id=table_id, text=cell.text,
                                                 page=cell.page, reason=f"not a number in column {col}",
                                                 bbox=list(cell.bbox) if cell.bbox else None))
                continue
            values[col] = CellValue(value=value, citation=Citation(
                page=cell.page, bbox=list(cell.bbox) if cell.bbox else None, quote=squash(cell.text)))
        if values:
            out.has_values = True
        if key is None:
            if values:
                reason = "row label not recognised"
                if summary and rec.label and not rec.code:  # 上年实户资金余额, 其中：纳入财政专户管理的收费
                    side = "income" if rec.side == 0 else "expenditure"
                    reason += f": no contract key for this {side} line of a summary table"
                elif rec.code and not (_FUNC_CODE.match(rec.code) or _ECON_CODE.match(rec.code)):
                    reason += f": {rec.code} is no function or economic class code"  # 113 无锡市信访局
                out.unmapped.append(Unmapped(kind="row", table_id=table_id, text=squash(rec.code + " " + rec.label),
                                             page=rec.page, reason=reason,
                                             bbox=row_box(values.values(), rec.page)))
            continue
        if key in seen and values and seen[key].cells and rec.unit_row and not rec.item and i > 0 \
                and records[i - 1].unit_row and records[i - 1].label == rec.label:
            # the department's line, then its own unit's under the same name (湖州市财政局
            # 6838.41 over 湖州市财政局 4467.55): the second is the unit itself, its 本级
            unit, sep, base = key.rpartition("|")
            own = f"{unit}（本级）{sep}{base}"
            key = own if own not in seen else key
        if key in seen and rec.code and key.endswith(rec.code):
            key = _misprinted_code(rec, key, seen[key], seen)
        if key in seen:
            if values:
                if not seen[key].cells:
                    seen[key].cells = values
                    continue
                again = {c: v.value for c, v in values.items()} == {c: v.value for c, v in seen[key].cells.items()}
                reason = f"duplicate row key {key}" + (": the row printed again with the same amounts, keyed once"
                                                       if again else "")
                out.unmapped.append(Unmapped(kind="row", table_id=table_id, text=squash(rec.code + " " + rec.label),
                                             page=rec.page, reason=reason,
                                             bbox=row_box(values.values(), rec.page)))
            continue
        if not values and key == "income.fiscal_grant" and summary:
            continue  # 1、财政拨款 printed blank over (1)一般公共预算拨款收入 … (Xi'an): its parts carry it
        row = Row(key=key, label=squash(rec.label), cells=values)
        if i in economic:
            carried[(rec.side, "row")] = row  # the last line of an economic side, for a label wrapped over the page
        seen[key] = row
        out.rows.append(row)
    return out


def _misprinted_code(rec: _Record, key: str, first: Row, seen: dict[str, Row]) -> str:
    """The key of a row printing the code of the row above it under another name
    (changchun-001 p.11 表6: ``30208 取暖费`` then ``30208 物业管理费``): the code the
    classification data gives the second name, when the first row bears the name the data
    gives the printed code and the second name's code is a sibling (same parent) not yet
    taken (物业管理费 → 30209). Otherwise ``key`` unchanged (a duplicate, reported)."""
    from budgetlens.schemas import classification

    printed = rec.code
    if name_key(first.label) == name_key(rec.label):
        return key
    owner = classification.name_of(printed)
    if owner is None or name_key(owner) != name_key(first.label):
        return key
    codes = [c for c in classification.codes_for(vocab.strip_notes(vocab.norm(rec.label)))
             if len(c) == len(printed) and c[:-2] == printed[:-2] and c != printed]
    if len(codes) != 1:
        return key
    other = key[: -len(printed)] + codes[0]
    return key if other in seen else other


def row_box(cells, page: int) -> list[float] | None:
    """The box around a row's value cells printed on ``page`` (None when none has one):
    where an unmapped row's amounts are, for the coverage report and the reader's sweep."""
    boxes = [c.citation.bbox for c in cells if c.citation.bbox and c.citation.page == page]
    if not boxes:
        return None
    return [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]


_SPLITS = (("basic", ("人员经费和公用经费", "基本支出")), ("project", ("专项业务经费", "项目支出")),
           ("remit_to_higher", ("上缴上级支出",)), ("operating", ("事业单位经营支出", "经营支出")),
           ("subsidy_to_affiliated", ("对附属单位补助支出",)))


_OPENING = {"部门预算": "department_budget", "财政拨款": "fiscal_grant"}  # a side's opening line


def _class_codes(label: str, classification) -> list[str]:
    """Codes of a class name as printed (资本性支出(基本建设) is 309, not 310); a bracketed
    note is dropped only when it is no numeral (机关资本性支出(一) and (二) are two classes)."""
    codes = classification.codes_for(label)
    if not codes and not re.search(r"\([一二三四五六七八九十\d]+\)", label):
        codes = classification.codes_for(vocab.strip_notes(label))
    return codes


def _economic_sides(records: list[_Record], carried: dict) -> dict[int, str]:
    """Keys of the lines of a summary table's third and later sides: the same expenditure
    again by economic class (Xi'an 收支总表: 支出功能分类 | 部门预算支出经济科目 | 政府预算支出
    经济分类科目, each 按大类). A side split by 人员经费和公用经费 / 专项业务经费, or whose class
    names are mostly 3xx, is ``exp.econ``; one naming 机关… / 对事业单位… classes, or mostly
    5xx, ``exp.gov_econ``; its lines key as ``exp.econ|301`` (工资福利支出), under
    人员经费和公用经费支出 / 专项业务经费支出 as ``exp.econ|basic|301`` / ``exp.econ|project|301``
    (those lines ``exp.econ|basic``, ``exp.econ|project``), a class the classification data
    lacks by its name (``exp.gov_econ|机关资本性支出(一)``), its closing lines as
    ``exp.econ|exp.current_year_total`` … . Nothing for a table of two sides. ``carried``
    keeps each side's classification and open split from one page of the table to the next."""
    from budgetlens.schemas import classification

    sides = {r.side for r in records}
    out: dict[int, str] = {}
    if max(sides, default=0) < 2:
        return out
    for side in sorted(s for s in sides if s >= 2):
        mine = [(i, records[i]) for i in range(len(records)) if records[i].side == side and records[i].label]
        codes = {i: [c for c in _class_codes(vocab.norm(r.label), classification) if len(c) == 3 and c[0] in "35"]
                 for i, r in mine}
        labels = [vocab.norm(r.label) for _, r in mine]
        votes = [c[0] for cs in codes.values() for c in cs]
        if side in carried:
            family = carried[side]
        elif sum(1 for cs in codes.values() if cs) < 2:
            continue  # 基本支出 | 项目支出 | 单位预留机动经费 (Jiangsu): no economic classes
        elif any(label.startswith(w) for label in labels for _, words in _SPLITS[:2] for w in words):
            family = carried[side] = "3"  # 人员经费和公用经费 / 专项业务经费 split the 部门 classes
        elif any(label.startswith(("机关", "对事业单位")) for label in labels):
            family = carried[side] = "5"  # 机关工资福利支出, 对事业单位经常性补助: the 政府 classes
        else:
            family = "5" if votes.count("5") > votes.count("3") else "3"
        prefix = "exp.gov_econ" if family == "5" else "exp.econ"
        parent = carried.get((side, "parent"), "")
        for i, rec in mine:
            label = vocab.norm(rec.label)
            split = next((k for k, words in _SPLITS if any(label.startswith(w) for w in words)), None)
            summary = vocab.summary_row_key(rec.label, "exp")
            if split:
                parent = split if split in ("basic", "project") else ""
                out[i] = f"{prefix}|{split}"
            elif label in _OPENING:
                out[i] = f"{prefix}|exp.{_OPENING[label]}"
            elif summary and not summary.isdigit():
                out[i] = f"{prefix}|{summary}"
                parent = ""
            else:
                name = next((c for c in codes[i] if c[0] == family), None) or squash(label)
                out[i] = f"{prefix}|{parent}|{name}" if parent else f"{prefix}|{name}"
        carried[(side, "parent")] = parent
    return out


_NOTE_ONLY = re.compile(r"^[(（][^()（）]+[)）]$")


def _wrapped_over_the_page(records: list[_Record], economic: dict[int, str], carried: dict) -> set[int]:
    """Records that end the last line of an economic side on the page before: a bracketed
    note alone, first on its side, with no amount (xian-005 p.20 ends ``(5)资本性支出 0.00``,
    p.21 opens with ``(基本建设)``). That line is re-read with the note: its name and key
    become those of the class the whole name gives (资本性支出(基本建设) is 309, not 310),
    when the classification data names exactly one class of its family for it."""
    from budgetlens.schemas import classification

    out: set[int] = set()
    firsts: dict[int, int] = {}
    for i, rec in enumerate(records):
        if i in economic and rec.label:
            firsts.setdefault(rec.side, i)
    for side, i in firsts.items():
        rec, row = records[i], carried.get((side, "row"))
        if row is None or rec.cells or rec.code or not _NOTE_ONLY.match(vocab.norm(rec.label)):
            continue
        head, _, last = row.key.rpartition("|")
        if not last.isdigit():
            continue
        label = row.label + squash(rec.label)
        codes = [c for c in _class_codes(vocab.norm(label), classification) if len(c) == len(last) and c[0] == last[0]]
        if len(codes) == 1:
            row.key, row.label = f"{head}|{codes[0]}", label
            out.add(i)
    return out


def _key(rec: _Record, table_id: str, after_carry: bool, years: tuple[int, ...] = (),
         summary: bool | None = None) -> str | None:
    label = vocab.strip_notes(vocab.norm(rec.label))
    if table_id in STREAM:
        if rec.code:
            return rec.code
        if label.startswith("人员经费"):
            return "personnel_total"
        if label.startswith("公用经费"):
            return "public_total"
        return None
    if table_id in THREE_PUBLIC:
        if rec.unit_row and label.rstrip(":") not in ("合计", "总计"):
            return None  # a unit's line (湖州市财政项目预算审核中心 names 预算): <unit>|budget
        year = re.fullmatch(r"(20\d{2})年?(?:预算数?)?", label)
        if year and years:  # rows by year (2025 年 | 2026 年 | 增减变化金额): the latest is this year's
            return "budget" if int(year.group(1)) == max(years) else "prior_year"
        if label == "上年":
            return "prior_year"
        if label.startswith("增减") or label.startswith("比上年增减"):
            return "change_pct" if "%" in label or "率" in label else "change"
        if "预算" in label:
            return "budget"
        if "决算" in label or "实际" in label:
            return "actual"
        if table_id == "B09" and not label and not rec.code:
            return "budget"  # a budget's 三公 table has one unlabelled data row
        return None
    if table_id in SUMMARY if summary is None else summary:
        side = "income" if rec.side == 0 else "exp"
        if rec.code and _FUNC_CODE.match(rec.code):
            return rec.code
        return vocab.summary_row_key(rec.label, side, after_carry)
    if rec.code and (_FUNC_CODE.match(rec.code) or _ECON_CODE.match(rec.code)):
        return rec.code
    if label.rstrip(":") in ("合计", "总计", "支出合计", "收入合计"):
        return "total"
    if table_id == "B13":
        return vocab.procurement_row(label)
    return None
