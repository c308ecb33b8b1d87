"""Build ``schemas/data/classification.tsv`` from the code + name rows the filings print.

``python -m budgetlens.eval.build_classification [--shared DIR] [--out FILE]`` reads every
PDF of ``shared/corpus`` and ``shared/real`` (PyMuPDF text layer) and every text of
``shared/seeds``, and collects the rows that print a classification code with its name:

- ``2010101 行政运行`` (code and name as two words), ``[2010101]行政运行``,
  ``2010101-行政运行``, ``【301】工资福利支出``;
- a code split over 类 / 款 / 项 columns: ``201 01 01 行政运行`` → 2010101,
  ``201 01 人大事务`` → 20101, and each level printed alone in its column under a
  ``类 款 项`` header (``05 行政事业单位养老支出`` under ``208``: ``SplitColumns``).

A code is 3, 5 or 7 digits: ``2xx…`` is the function classification (支出功能分类科目),
``3xx…`` the department economic classification (部门预算支出经济分类), ``5xx…`` the
government one (政府预算支出经济分类). A name is the Chinese words right after the
code, up to the next number; a name that starts with a numbering (``一、``) or is a
heading word (合计, 科目名称) is not taken, and neither is a code whose name is another
code's. Names are folded (full-width, spaces) and ``其中：`` dropped.

Each (code, name) records the fiscal years and the filings it was seen in (a filing is
a publishing body's year: a table-only twin of a filing is the same filing). A name
that is a strict prefix of another name of the same code is a line-wrapped copy and
counts for the longer one. Then per code:

- the names seen in its latest year are ``current``; a name last seen in an earlier year
  is ``former`` (``210 医疗卫生与计划生育支出`` before ``卫生健康支出``);
- two names in one year are a ``conflict``: both are kept and marked, and the loader
  gives no name for that code rather than pick one;
- where some name of a code is printed in two or more filings, a name printed in only
  one filing is ``unconfirmed`` (a unit name in a 预算单位 column, a cut label) and
  takes no part in the above.

The output is sorted and has no timestamps, so a rebuild from the same files is
byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

_CODE = re.compile(r"^[\[【(（]?([235]\d{2}(?:\d{2}){0,2})(?:[\]】)）]\s*(.*)|[-－—_:：]\s*(.*))?$")
_PART = re.compile(r"^\d{2}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBER = re.compile(r"^-?[\d,]+(?:\.\d+)?%?$")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．])")
_HEADINGS = ("合计", "小计", "总计", "科目", "项目", "类", "款", "项", "名称", "编码", "栏次", "单位")
_YEAR = re.compile(r"(20[12]\d)\s*年")


@dataclass
class Seen:
    years: set[int] = field(default_factory=set)
    filings: set[str] = field(default_factory=set)


def fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("\u3000", "")


def valid_code(code: str) -> bool:
    """A function 类 is 201-234, an economic one 301-399 or 501-599; 款 and 项 digits are
    never ``00`` (``20000`` is a heading, not a code)."""
    head = int(code[:3])
    if not (201 <= head <= 234 or 301 <= head <= 399 or 501 <= head <= 599):
        return False
    return all(code[i:i + 2] != "00" for i in range(3, len(code), 2))


def clean_name(raw: str) -> str | None:
    """The name as kept, or None when the words are not a classification name."""
    name = fold(raw)
    name = re.sub(r"^其中[:：]", "", name)
    name = re.sub(r"[-－—─━_:：·.…]+$", "", name).lstrip("-－—_:：·.")
    if not (2 <= len(name) <= 40) or not _CJK.search(name) or re.search(r"\d", name):
        return None
    if re.search(r"[。；;，,、/]|万元|实施单位", name):
        return None
    if _NUMBERING.match(name) or name in _HEADINGS or name.endswith("合计") or name.startswith("合计"):
        return None
    return name


def codes_of_row(tokens: list[str]) -> list[tuple[str, str]]:
    """(code, name) pairs printed in one row of words (see the module docstring)."""
    out = []
    i = 0
    while i < len(tokens):
        m = _CODE.match(tokens[i])
        if not m:
            i += 1
            continue
        code, rest = m.group(1), (m.group(2) or m.group(3) or "")
        j = i + 1
        if len(code) == 3 and not rest:  # 类 / 款 / 项 in columns of their own
            while j < len(tokens) and _PART.match(tokens[j]) and len(code) < 7:
                code += tokens[j]
                j += 1
        name_parts = [rest] if rest else []
        while j < len(tokens) and not _NUMBER.match(tokens[j]) and not _CODE.match(tokens[j]):
            name_parts.append(tokens[j])
            j += 1
        name = clean_name("".join(name_parts)) if name_parts else None
        if name and len(code) in (3, 5, 7) and valid_code(code):
            out.append((code, name))
        i = max(j, i + 1)
    return out


class SplitColumns:
    """Codes printed in 类 / 款 / 项 columns with only the part of each level, under a
    header row ``类 款 项``::

        208 社会保障和就业支出      类 column: 208
            05 行政事业单位养老支出 款 column: 20805
               01 行政单位离退休    项 column: 2080501

    The column of a part is the header word nearest to it (within 25 pt); a part whose
    parent was not printed above it on the same table gives nothing."""

    def __init__(self) -> None:
        self.x: dict[str, float] | None = None
        self.cls: str | None = None
        self.kuan: str | None = None

    def feed(self, row: list[tuple]) -> list[tuple[str, str]]:
        texts = [w[4] for w in row]
        if {"类", "款", "项"} <= set(texts):
            self.x = {w[4]: (w[0] + w[2]) / 2 for w in row if w[4] in ("类", "款", "项")}
            self.cls = self.kuan = None
            return []
        if self.x is None or len(row) < 2 or not re.fullmatch(r"\d{2,3}", texts[0]):
            return []
        centre = (row[0][0] + row[0][2]) / 2
        level, x = min(self.x.items(), key=lambda kv: abs(kv[1] - centre))
        if abs(x - centre) > 25:
            return []
        parts = []
        for t in texts[1:]:
            if _NUMBER.match(t):
                break
            parts.append(t)
        name = clean_name("".join(parts)) if parts else None
        part = texts[0]
        if level == "类" and len(part) == 3:
            self.cls, self.kuan, code = part, None, part
        elif level == "款" and len(part) == 2 and self.cls:
            self.kuan = code = self.cls + part
        elif level == "项" and len(part) == 2 and self.kuan:
            code = self.kuan + part
        else:
            return []
        return [(code, name)] if name and valid_code(code) else []


def _pdf_rows(path: Path):
    import pymupdf

    from budgetlens.eval.coverage_pages import _rows, _words

    split = SplitColumns()
    with pymupdf.open(str(path)) as doc:
        for page in doc:
            for row in _rows(_words(page)):
                yield [w[4] for w in row], split.feed(row)


def _text_rows(path: Path):
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        tokens = [t for t in re.split(r"[\t ]+|\u3000", line.strip()) if t]
        if tokens:
            yield tokens, []


def _filings(shared: Path) -> list[tuple[Path, str, int | None]]:
    """(file, filing key, fiscal year) of every filing in the shared folders."""
    from budgetlens.eval.split import members

    body = {(m.collection, m.file): m.body for m in members().values()}
    out: list[tuple[Path, str, int | None]] = []
    manifest = shared / "corpus" / "manifest.tsv"
    if manifest.is_file():
        with manifest.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                p = shared / "corpus" / "docs" / r["file"]
                year = int(r["year"]) if r.get("year", "").isdigit() else None
                out.append((p, f"corpus|{r['entity']}|{year}", year))
    for p in sorted((shared / "real").rglob("*.pdf")) if (shared / "real").is_dir() else []:
        rel = p.relative_to(shared / "real").as_posix()
        m = re.search(r"_(20\d\d)_", p.name)
        year = int(m.group(1)) if m else None
        out.append((p, f"real|{body.get(('real', rel), p.stem)}|{year}", year))
    for p in sorted((shared / "seeds").glob("*.txt")) if (shared / "seeds").is_dir() else []:
        m = _YEAR.search(p.read_text(encoding="utf-8", errors="replace")[:2000])
        year = int(m.group(1)) if m else None
        out.append((p, f"seeds|{p.stem}|{year}", year))
    return out


def collect(files: list[tuple[Path, str, int | None]]) -> dict[str, dict[str, Seen]]:
    seen: dict[str, dict[str, Seen]] = defaultdict(lambda: defaultdict(Seen))
    for path, key, year in files:
        if not path.is_file():
            continue
        rows = _text_rows(path) if path.suffix == ".txt" else _pdf_rows(path)
        try:
            for tokens, split in rows:
                for code, name in set(codes_of_row(tokens)) | set(split):
                    s = seen[code][name]
                    s.filings.add(key)
                    if year:
                        s.years.add(year)
        except Exception as exc:  # one unreadable file is reported, the build goes on
            print(f"warning: {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
    return seen


def _merge_wrapped(names: dict[str, Seen]) -> dict[str, Seen]:
    """A name that is a strict prefix of other names of the code counts for the one of
    them seen in most filings (then the longest): ``机关事业单位基本养老保险缴费`` is a
    wrapped ``机关事业单位基本养老保险缴费支出``."""
    out = {n: Seen(set(s.years), set(s.filings)) for n, s in names.items()}
    for short in sorted(names, key=len):
        longer = [n for n in out if n != short and n.startswith(short)]
        if short in out and longer:
            target = max(longer, key=lambda n: (len(out[n].filings), len(n), n))
            out[target].years |= out[short].years
            out[target].filings |= out[short].filings
            del out[short]
    return out


def rows(seen: dict[str, dict[str, Seen]]) -> list[dict]:
    out = []
    for code in sorted(seen):
        names = _merge_wrapped(seen[code])
        confirmed = {n for n, s in names.items() if len(s.filings) >= 2}
        # with names confirmed by two filings, a one-filing variant is a misreading until
        # another filing prints it; without, every name counts
        judged = confirmed or set(names)
        latest = max((y for n in judged for y in names[n].years), default=None)
        by_year: dict[int, set[str]] = defaultdict(set)
        for n in judged:
            for y in names[n].years:
                by_year[y].add(n)
        conflicted = {n for ns in by_year.values() if len(ns) > 1 for n in ns}
        for name in sorted(names):
            s = names[name]
            if name not in judged:
                status = "unconfirmed"
            elif name in conflicted:
                status = "conflict"
            elif latest is not None and s.years and max(s.years) < latest:
                status = "former"
            else:
                status = "current"
            out.append({"code": code, "kind": "function" if code[0] == "2" else "economic",
                        "name": name, "status": status,
                        "years": ",".join(str(y) for y in sorted(s.years)), "filings": len(s.filings)})
    return out


def write(table: list[dict], files: list[tuple[Path, str, int | None]], out: Path) -> None:
    years = sorted({y for _, _, y in files if y})
    filings = len({k for _, k, _ in files})
    codes = len({r["code"] for r in table})
    checked = sum(1 for r in table if r["filings"] >= 2)
    header = [
        "# 政府收支分类科目 (function and economic classification) as printed in the filings",
        f"# built from {filings} filings of fiscal years {years[0]}-{years[-1]} "
        f"({', '.join(map(str, years))}): {codes} codes, {len(table)} code-name pairs, "
        f"{checked} seen in 2 or more filings." if years else "# built from no dated filing",
        "# INCOMPLETE: only codes these filings print; a code absent here may well exist.",
        "# status: current | former (only in older years; the code has a newer name) | conflict "
        "(two names in one year: no name is given for the code) | unconfirmed (printed in one "
        "filing while other filings agree on another name: likely a misreading)",
        "# regenerate: python -m budgetlens.eval.build_classification",
    ]
    lines = header + ["\t".join(("code", "kind", "name", "status", "years", "filings"))]
    lines += ["\t".join(str(r[k]) for k in ("code", "kind", "name", "status", "years", "filings")) for r in table]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build(shared: Path, out: Path, files: list[tuple[Path, str, int | None]] | None = None) -> list[dict]:
    files = files if files is not None else _filings(shared)
    table = rows(collect(files))
    write(table, files, out)
    return table


def main(argv: list[str] | None = None) -> int:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=root.parent / "shared")
    ap.add_argument("--out", type=Path, default=root / "schemas" / "data" / "classification.tsv")
    args = ap.parse_args(argv)
    table = build(args.shared, args.out)
    print(f"{len({r['code'] for r in table})} codes, {len(table)} code-name pairs, "
          f"{sum(r['filings'] >= 2 for r in table)} in 2+ filings -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
