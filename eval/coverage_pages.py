"""What a filing prints, read straight from its PDF text layer (PyMuPDF), no extraction.

The coverage report compares this reading with what ``extract`` returned, so it shares
nothing with the extractor but the file. Per page it finds:

- **table titles** (``coverage_titles.title_id``): a line such as ``表5 一般公共预算支出
  情况表（按功能分类科目）``. A title opens a *region* that runs down the page to the next
  title; a page with no title continues the previous page's last region when it prints
  amounts and no narrative sentence. A line that looks like a title but names no table
  (``部门整体绩效目标表``) closes the region, so a performance table is never counted
  under the table before it.
- **the table list** (目录): a page one of whose first lines opens with 目录 (not
  ``采购目录``, a 政府采购 table's column), or three titles and no decimal number,
  announces its titles and opens no region.
- **printed amounts**: words that are a number and nothing else (``47,944.02``, ``0.00``,
  ``1682``; amounts printed without a space between them are split first, ``unglue``),
  except
  - the 栏次 row (a row naming 栏次, or printing 1 2 3 … in order, or ``** ** 1``),
  - codes and row numbers: integers left of the row's first Chinese word
    (``2010101 行政运行``, ``301``, ``1``) or, in a row with no Chinese word, an integer
    first in a row of decimals (``2290402 15000.00 15000.00``), a 5/7-digit code alone on
    its line (its name wrapped around it), integers with a leading zero (``01`` of a
    类/款/项 split), a 3/5/7-digit integer right before a Chinese word (``50201 办公经费``);
  - years (a row whose numbers are all integers 1990-2035: ``2025 2026``; one followed
    by 年: ``2025 年``);
  - page numbers (a margin row holding only ``- 3 -``, ``3``, ``第3页``; between dashes,
    ``— 13 —``, anywhere in the page's lowest fifth);
  - percentages and row numbers: ``12.5%`` is not a number word, and a number under a
    header word with ``%`` or ``率`` (``增减%``, ``增长率``) or under ``行次`` / ``序号``
    is not an amount, nor a count under ``数量`` / ``人数``;
  - codes in a column of their own: an integer under a header word ending in 编码 / 代码
    (``政府经济科目编码`` over ``50501`` beside ``30101 基本工资``) or under 类 / 款 / 项 (or
    a word of them, ``类款类款`` over ``302 13 502 09``, xian-009 p.72) is not an amount. A page
    that continues a table without printing a header keeps the columns of the page before.
- **narrative amounts**: on the other pages, every ``<number>万元`` / ``元`` / ``亿元``
  in the running text (``当年财政拨款收入30,331.26万元``).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from budgetlens.eval.coverage_titles import looks_like_title, normalise, title_id

_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+,\d{3}|\d+)(?:\.\d+)?$")  # 120258,600 too
_INT = re.compile(r"^\d+$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_STATED = re.compile(r"(?<![\d.,])(-?\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|元)")
_PAGE_NO = re.compile(r"^(?:[-—–]*\d{1,3}[-—–]*|第\d+页|[-—–]|共\d+页)$")
_NARRATIVE = re.compile(r"[。；]|，.*[，。]")
_PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")
_GLUED = re.compile(r"^([^\d-]*?)((?:-?\d{1,3}(?:,\d{3})*\.\d{2}){2,}|(?<=[\u4e00-\u9fff])-?\d{1,3}(?:,\d{3})*\.\d{2})$")
_TWO_DECIMALS = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")


def unglue(word: tuple) -> list[tuple]:
    """A word holding several amounts printed without a space (``12,063.9611,476.30``), or
    a label glued to its amount (``职业教育12,063.96``), as one word per amount with a
    share of the box; other words unchanged. Only 2-decimal amounts with thousands
    separators or none are split, and only when the pieces make up the whole word."""
    text = word[4]
    m = _GLUED.match(text)
    if not m or _AMOUNT.match(text):
        return [word]
    label, numbers = m.group(1), m.group(2)
    pieces = _TWO_DECIMALS.findall(numbers)
    if "".join(pieces) != numbers or any(not _AMOUNT.match(p) for p in pieces):
        return [word]
    x0, y0, x1, y1 = word[:4]
    step = (x1 - x0) / max(len(text), 1)
    out = [(x0, y0, x0 + step * len(label), y1, label, *word[5:])] if label else []
    at = len(label)
    for p in pieces:
        out.append((x0 + step * at, y0, x0 + step * (at + len(p)), y1, p, *word[5:]))
        at += len(p)
    return out


@dataclass(frozen=True)
class Printed:
    """One amount printed in a table region."""

    page: int
    text: str
    value: float
    bbox: tuple[float, float, float, float]
    table_id: str  # contract id or ``extra:<name>``
    row: str  # the non-number words of its printed row, joined (its label)


@dataclass(frozen=True)
class Stated:
    """One amount stated in the narrative, with its sentence piece."""

    page: int
    text: str
    value: float
    unit: str
    quote: str


@dataclass(frozen=True)
class Title:
    page: int
    table_id: str
    text: str
    toc: bool  # listed in a table of contents, not printed over a table


@dataclass
class PrintedFiling:
    path: str
    pages: int = 0
    text_pages: int = 0
    titles: list[Title] = field(default_factory=list)
    amounts: list[Printed] = field(default_factory=list)
    stated: list[Stated] = field(default_factory=list)
    # words of table pages: page -> [(text, bbox)], to place unmapped rows and columns
    words: dict[int, list[tuple[str, tuple[float, float, float, float]]]] = field(default_factory=dict)
    region_pages: dict[str, list[int]] = field(default_factory=dict)  # table id -> pages
    first_text: str = ""  # the first pages' text, to tell a disclosure from another PDF

    @property
    def announced(self) -> set[str]:
        return {t.table_id for t in self.titles}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ").strip()


def _words(page) -> list[tuple[float, float, float, float, str, int, int]]:
    """Words in the page's visual frame (a page stored rotated is turned upright)."""
    out = []
    matrix = page.rotation_matrix if page.rotation else None
    for w in page.get_text("words"):
        x0, y0, x1, y1 = w[:4]
        if matrix is not None:
            import pymupdf

            r = pymupdf.Rect(x0, y0, x1, y1) * matrix
            x0, y0, x1, y1 = r.x0, r.y0, r.x1, r.y1
        text = _fold(w[4])
        if text:
            out.extend(unglue((x0, y0, x1, y1, text, w[5], w[6])))
    return join_wrapped(join_split_decimals(out))


_DECIMALS = re.compile(r"^\.\d{1,6}$")


def join_split_decimals(words: list[tuple]) -> list[tuple]:
    """An amount the text layer splits before its point (``25180591`` then ``.33``, 2.4
    points apart on one line, xian-006 p.24) as one word: an integer word followed on
    its line, less than a character's width away, by a word that is a point and digits."""
    out: list[tuple] = []
    for w in words:
        prev = out[-1] if out else None
        if (prev is not None and _DECIMALS.match(w[4]) and re.fullmatch(r"-?[\d,]*\d", prev[4])
                and abs(prev[1] - w[1]) < 1 and 0 <= w[0] - prev[2] < 0.5 * (w[3] - w[1])):
            out[-1] = (prev[0], min(prev[1], w[1]), w[2], max(prev[3], w[3]), prev[4] + w[4], *prev[5:])
            continue
        out.append(w)
    return out


_WRAP_HEAD = re.compile(r"^-?[\d,]*\d\.(\d?)$")


def join_wrapped(words: list[tuple]) -> list[tuple]:
    """An amount wrapped inside a narrow cell (``1682.7`` over ``6``, ``0.0`` over ``0``)
    as one word: a number ending in a point and at most one decimal, and right under it,
    inside its width, the digits that make its two decimals; not when the digits' line
    prints a label of its own (``3.9`` of 差旅费 over ``8`` of 维修(护)费, the next row's
    amount under it, xian-011 p.40)."""
    out = list(words)
    heights = [w[3] - w[1] for w in words if w[3] > w[1]]
    h = statistics.median(heights) if heights else 8.0
    labels = [((w[1] + w[3]) / 2) for w in words if _CJK.search(w[4])]

    def own_label(b) -> bool:
        c = (b[1] + b[3]) / 2
        return any(abs(c - y) < 0.25 * h for y in labels)

    used: set[int] = set()
    for i, a in enumerate(out):
        m = _WRAP_HEAD.match(a[4]) if i not in used else None
        if not m:
            continue
        need = 2 - len(m.group(1))
        for j, b in enumerate(out):
            if j in used or j == i or not b[4].isdigit() or len(b[4]) != need:
                continue
            if 0 <= b[1] - a[3] < 0.8 * h and b[0] >= a[0] - 1 and b[2] <= a[2] + 1 and not own_label(b):
                out[i] = (a[0], a[1], max(a[2], b[2]), b[3], a[4] + b[4], *a[5:])
                used.add(j)
                break
    return [w for k, w in enumerate(out) if k not in used]


def _rows(words) -> list[list[tuple]]:
    """Words grouped into visual rows by the centre of their boxes."""
    if not words:
        return []
    heights = [w[3] - w[1] for w in words if w[3] > w[1]]
    tol = max(2.0, 0.45 * (statistics.median(heights) if heights else 8.0))
    rows: list[list[tuple]] = []
    centre = None
    for w in sorted(words, key=lambda w: ((w[1] + w[3]) / 2, w[0])):
        c = (w[1] + w[3]) / 2
        if rows and centre is not None and c - centre <= tol:
            rows[-1].append(w)
            centre = (centre * (len(rows[-1]) - 1) + c) / len(rows[-1])
        else:
            rows.append([w])
            centre = c
    return [sorted(r, key=lambda w: w[0]) for r in rows]


def _lines(words) -> list[tuple[float, float, str]]:
    """Text lines as PyMuPDF groups them: (top, bottom, text joined without spaces)."""
    groups: dict[tuple[int, int], list[tuple]] = {}
    for w in words:
        groups.setdefault((w[5], w[6]), []).append(w)
    out = []
    for ws in groups.values():
        ws.sort(key=lambda w: w[0])
        out.append((min(w[1] for w in ws), max(w[3] for w in ws), "".join(w[4] for w in ws)))
    return sorted(out)


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _is_seq(ints: list[int]) -> bool:
    return len(ints) >= 3 and all(b == a + 1 for a, b in zip(ints, ints[1:])) and ints[0] in (0, 1, 2)


def amounts_of_row(row: list[tuple], page_height: float, percent_cols: list[tuple[float, float, float, str]]):
    """The amount words of one visual row, by the rules in the module docstring.

    ``percent_cols`` are (x0, x1, bottom, "") of header words naming a percentage, and
    (x0, x1, bottom, "code") of those naming a code column (only integers under it).
    """
    texts = [w[4] for w in row]
    joined = "".join(texts)
    if "栏次" in joined:
        return []
    numeric = [w for w in row if _AMOUNT.match(w[4])]
    if not numeric:
        return []
    top, bottom = min(w[1] for w in row), max(w[3] for w in row)
    margin = top < 0.07 * page_height or bottom > 0.92 * page_height
    # ``— 13 —`` between dashes is a page number lower down the page as well
    dashed = any(re.fullmatch(r"[-—–]+", t) for t in texts) and bottom > 0.8 * page_height
    if (margin or dashed) and all(_PAGE_NO.match(t) for t in texts):
        return []
    ints = [int(w[4]) for w in numeric if _INT.match(w[4])]
    if len(ints) == len(numeric) and _is_seq(ints):
        return []
    if len(ints) == len(numeric) and all(i <= 60 for i in ints) and \
            all(set(t) == {"*"} for t in texts if not _AMOUNT.match(t)) and len(texts) > len(ints):
        return []  # the 栏次 row of a table whose label columns print ** (** ** 1)
    if len(ints) == len(numeric) and all(1990 <= i <= 2035 for i in ints):
        return []
    first_cjk = next((w[0] for w in row if _CJK.search(w[4])), None)
    decimal_row = any("." in w[4] for w in numeric)
    out = []
    for i, w in enumerate(row):
        t = w[4]
        if not _AMOUNT.match(t):
            continue
        if _INT.match(t):
            if (first_cjk is not None and w[0] < first_cjk) or (i == 0 and first_cjk is None and decimal_row):
                continue  # a code or a row number, left of the label (or of a row's decimals)
            if first_cjk is None and len(numeric) == 1 and len(t) in (5, 7) and t[0] in "12345":
                continue  # a code alone on its line, its name wrapped onto the lines around it
            if len(t) > 1 and t.startswith("0"):
                continue  # 01 of a 类/款/项 split
            nxt = row[i + 1][4] if i + 1 < len(row) else ""
            if 1990 <= int(t) <= 2035 and nxt.startswith("年"):
                continue  # a year: 2025 年
            if i > 0 and row[i - 1][4].endswith("表") and len(t) <= 2:
                continue  # a table's label printed as two words: 表 14, 附表 3
            if _code_before_label(row, i):
                continue  # a code right before its label, or split over 类/款 columns
        cx = (w[0] + w[2]) / 2
        if any(col[0] <= cx <= col[1] and w[1] >= col[2] for col in percent_cols
               if len(col) == 3 or not col[3] or _INT.match(t)):  # a code column hides integers only
            continue
        out.append(w)
    return out


def _code_before_label(row: list[tuple], i: int) -> bool:
    """A code printed right before its label (``301 工资福利支出``), whole or split over
    类/款/项 columns (``501 01 工资奖金津补贴``, ``502 99 其他商品和服务支出``): a 3/5/7-digit
    integer of a classification (1-5…), or a 2-digit piece of one, then a Chinese word."""
    t = row[i][4]
    head = i
    if len(t) == 2:  # a 款/项 piece: the code it continues stands before it
        while head > 0 and _INT.match(row[head - 1][4]) and len(row[head - 1][4]) == 2:
            head -= 1
        if head == 0 or not _INT.match(row[head - 1][4]):
            return False
        head -= 1
    first = row[head][4]
    if len(first) not in (3, 5, 7) or first[0] not in "12345":
        return False
    j = i + 1
    while j < len(row) and _INT.match(row[j][4]) and len(row[j][4]) == 2:
        j += 1
    return j < len(row) and _CJK.match(row[j][4]) is not None


_ROW_NUMBER_HEADERS = {"行次", "栏次", "序号", "编号"}
_CODE_HEADERS = ("编码", "代码")
_COUNT_HEADERS = {"数量", "人数"}  # a count of things bought or of people, not money


def column_span(bbox, boxes) -> tuple[float, float]:
    """The x-range of the column a header word heads: out to halfway to the next header
    word on its line on each side (numbers sit right-aligned under a centred header)."""
    yc = (bbox[1] + bbox[3]) / 2
    line = [b for b in boxes if abs((b[1] + b[3]) / 2 - yc) < 3 and tuple(b) != tuple(bbox)]
    left = max((b[2] for b in line if b[2] <= bbox[0]), default=bbox[0] - 30)
    right = min((b[0] for b in line if b[0] >= bbox[2]), default=bbox[2] + 30)
    return (left + bbox[0]) / 2, (bbox[2] + right) / 2


def _stacked(words) -> list[tuple]:
    """Header words printed one character a line in a narrow column (``序`` over ``号``,
    xian-005 p.20) as one word: a one-character word with another right under it, inside
    its width. Likewise a code header wrapped inside its cell (``单位编`` over ``码``,
    xian-009 p.42): a word ending in 编 / 代 with one starting with 码 right under it."""
    out = []
    singles = [w for w in words if len(w[4]) == 1 and _CJK.match(w[4])]
    for a in singles:
        h = a[3] - a[1]
        b = next((b for b in singles if 0 <= b[1] - a[3] < h and abs(b[0] - a[0]) < 0.5 * h), None)
        if b is not None:
            out.append((min(a[0], b[0]), a[1], max(a[2], b[2]), b[3], a[4] + b[4], *a[5:]))
    heads = [w for w in words if len(w[4]) > 1 and w[4].endswith(("编", "代"))]
    tails = [w for w in words if w[4].startswith("码")]
    for a in heads:
        h = a[3] - a[1]
        b = next((b for b in tails if -0.5 * h <= b[1] - a[3] < 1.5 * h and a[0] - h <= b[0] <= a[2]), None)
        if b is not None:
            out.append((min(a[0], b[0]), a[1], max(a[2], b[2]), b[3], a[4] + b[4], *a[5:]))
    return out


def _percent_headers(words) -> list[tuple[float, float, float, str]]:
    """Header words whose column holds no amount: a percentage (``增减%``, ``增长率``), a
    row number (``行次``, ``序号``: integers only) or a code (``政府经济科目编码``: integers
    only), with the x-range of their column."""
    boxes = [w[:4] for w in words]
    out: list[tuple[float, float, float, str]] = []
    for w in words + _stacked(words):
        if _AMOUNT.match(w[4]):
            continue
        if "%" in w[4] or w[4].endswith("率") or "增幅" in w[4] or w[4] in _COUNT_HEADERS:
            x0, x1 = column_span(w[:4], boxes)
            out.append((x0, x1, w[3], ""))
        elif w[4].endswith(_CODE_HEADERS) or (w[4] and set(w[4]) <= set("类款项")) or w[4] in _ROW_NUMBER_HEADERS:
            # a row number is an integer: a decimal under a 序号 whose column reads wide
            # (序号 alone on its header line, xian-006 p.24) is still an amount
            x0, x1 = column_span(w[:4], boxes)
            out.append((x0, x1, w[3], "code"))
    return out


def _is_narrative(rows) -> bool:
    for r in rows:
        text = "".join(w[4] for w in r)
        if _PART_HEADING.match(text):
            return True
        if text.startswith(("注", "说明", "备注")):
            continue  # a table's note (注：本表反映…。) is not narrative
        if len(_CJK.findall(text)) >= 12 and _NARRATIVE.search(text):
            return True
    return False


_NOTE_LINE = re.compile(r"^[(（][^()（）]*[)）]$")


def _same_row_joined(lines: list[tuple[float, float, str]], words) -> list[tuple[float, float, str]]:
    """Lines printed on one row as two text lines (``…一般公共预算支出明细`` then ``表``
    beside it, same top and bottom) joined left to right, when neither alone looks like a
    title and together they do; other lines unchanged."""
    left: dict[tuple[int, int], float] = {}
    for w in words:
        key = (w[5], w[6])
        left[key] = min(left.get(key, w[0]), w[0])
    xs: dict[tuple[float, float, str], float] = {}
    for ws_key, x in left.items():
        ws = sorted((w for w in words if (w[5], w[6]) == ws_key), key=lambda w: w[0])
        xs[(min(w[1] for w in ws), max(w[3] for w in ws), "".join(w[4] for w in ws))] = x
    out: list[tuple[float, float, str]] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and abs(prev[0] - line[0]) < 2 and abs(prev[1] - line[1]) < 2
                and not looks_like_title(prev[2]) and not looks_like_title(line[2])):
            a, b = sorted((prev, line), key=lambda l: xs.get(l, 0.0))
            if looks_like_title(a[2] + b[2]):
                out[-1] = (prev[0], prev[1], a[2] + b[2])
                continue
        out.append(line)
    return out


def _notes_unwrapped(lines: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """A title whose bracketed note wraps onto the next line (``…基本支出明细表(按支出功``
    over ``能分类科目-不含上年结转)``) as one line."""
    out: list[tuple[float, float, str]] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and "表" in prev[2] and prev[2].count("(") > prev[2].count(")")
                and re.match(r"[^(]*\)$", line[2]) and 0 <= line[0] - prev[1] < 12):
            out[-1] = (prev[0], line[1], prev[2] + line[2])
            continue
        out.append(line)
    return out


def _title_lines(words) -> list[tuple[float, str, str | None]]:
    """(top, text, id) of every line that looks like a title; a title wrapped over two
    lines is read joined (``一般公共预算“三公”经费`` / ``支出预算表``), as are two pieces
    of one title printed side by side (``…支出明细`` ``表``); a bracketed note on the
    line right below a title is read with it (``…一般公共预算支出明细表`` over
    ``（按支出经济分类科目）`` names a table outside the contract, not B05)."""
    lines = _notes_unwrapped(_same_row_joined(_lines(words), words))
    out = []
    for i, (top, bottom, text) in enumerate(lines):
        if not looks_like_title(text):
            continue
        if i + 1 < len(lines) and _NOTE_LINE.match(lines[i + 1][2]) and 0 <= lines[i + 1][0] - bottom < 12:
            text = text + lines[i + 1][2]
        if any(_AMOUNT.match(t) for t in text.split()):
            continue
        tid = None
        if i > 0:
            ptop, pbottom, ptext = lines[i - 1]
            if (0 <= top - pbottom < 12 and len(ptext) <= 30 and not normalise(ptext).endswith("表")
                    and not _AMOUNT.match(ptext)):
                tid = title_id(ptext + text)
                if tid:
                    top, text = ptop, ptext + text
        tid = tid or title_id(text)
        out.append((top, text, tid))
    return out


def read_printed(path: str | Path) -> PrintedFiling:
    """The titles, table amounts and narrative amounts a PDF prints (text layer only)."""
    import pymupdf

    result = PrintedFiling(path=str(path))
    with pymupdf.open(str(path)) as doc:
        result.pages = doc.page_count
        carry: str | None = None  # the region the last page ended in
        last_cols: list[tuple[float, float, float, str]] = []  # the no-amount columns of the last table page
        for page in doc:
            number = page.number + 1
            words = _words(page)
            text = "".join(w[4] for w in words)
            if len(text) >= 30:
                result.text_pages += 1
            if number <= 3:
                result.first_text += text
            if not words:
                carry = None
                continue
            rows = _rows(words)
            titles = [t for t in _title_lines(words)]
            decimals = sum(1 for w in words if _AMOUNT.match(w[4]) and ("." in w[4] or "," in w[4]))
            named = [(top, t, tid) for top, t, tid in titles if tid]
            if named and (_names_table_list(words) or (len(named) >= 3 and decimals == 0)):
                result.titles.extend(Title(number, tid, t, True) for _, t, tid in named)
                carry = None
                continue
            result.titles.extend(Title(number, tid, t, False) for _, t, tid in named)
            if not titles and (carry is None or _is_narrative(rows)):
                carry = None
                result.stated.extend(_stated(number, page.get_text()))
                continue
            page_h = page.rect.height  # the rect of a rotated page is turned already
            bounds = [(top, tid) for top, _, tid in titles]
            percent_cols = _percent_headers(words)
            if not titles and not percent_cols:  # a continuation printing no header of its own
                percent_cols = [(c[0], c[1], 0.0, c[3]) for c in last_cols]
            last_cols = percent_cols
            table_page = False
            for row in rows:
                top = min(w[1] for w in row)
                region = carry
                for btop, tid in bounds:
                    if btop <= top + 1:
                        region = tid
                if region is None:
                    continue
                found = amounts_of_row(row, page_h, percent_cols)
                label = "".join(x[4] for x in row if not _AMOUNT.match(x[4]))
                for w in found:
                    result.amounts.append(Printed(number, w[4], _value(w[4]), tuple(w[:4]), region, label))
                pages = result.region_pages.setdefault(region, [])
                if number not in pages and (found or any(tid == region and abs(btop - top) < 2
                                                         for btop, tid in bounds)):
                    pages.append(number)
                table_page = table_page or bool(found)
            if table_page or bounds:
                result.words[number] = [(w[4], (w[0], w[1], w[2], w[3])) for w in words]
            carry = bounds[-1][1] if bounds else carry
    return result


_TABLE_LIST = re.compile(r"^(?:[\d\-—–]*)(?:报表|表格|附表|公开表格?)?目录")


def _names_table_list(words) -> bool:
    """A page headed as a table list: one of its first lines opens with 目录 (``目 录``,
    ``-1-目录``, ``报表目录``). 目录 inside a header word is no such heading: a 政府采购
    table's column ``采购目录`` (xian-005 p.42) heads a table, not a list of tables."""
    for _, _, text in _lines(words)[:12]:
        if _TABLE_LIST.match(re.sub(r"\s", "", text)):
            return True
    return False


def _stated(number: int, text: str) -> list[Stated]:
    flat = re.sub(r"\s*\n\s*", "", _fold(text))
    out = []
    for m in _STATED.finditer(flat):
        raw = m.group(1)
        if not re.search(r"\d", raw) or raw.startswith(","):
            continue
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            continue
        quote = flat[max(0, m.start() - 20): m.end() + 4]
        out.append(Stated(number, m.group(0), value, m.group(2), quote))
    return out
