"""The national 政府收支分类科目 as the filings print it: codes, names, years.

The data (``schemas/data/classification.tsv``) is built by
``python -m budgetlens.eval.build_classification`` from the code + name rows printed in
the shared filings, and is **incomplete**: a code no filing printed is not in it. Two
classifications share the file:

- function (支出功能分类科目): 类 3 digits, 款 5, 项 7 (``2010101`` 行政运行);
- economic (部门 / 政府预算支出经济分类): ``301`` 工资福利支出, ``30101`` 基本工资, and
  the 7-digit sub-codes some filings print; ``5xx`` codes are the government's.

Each (code, name) has a status: ``current``; ``former`` (seen only in years before the
code's latest name: ``20805`` 行政事业单位离退休, now 行政事业单位养老支出);
``conflict`` (two names printed for the code in one year: no name is given);
``unconfirmed`` (one filing's variant where other filings agree on another name).
Nothing is guessed: a name the data does not hold gives no code.

This module imports nothing of the project's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

DATA = Path(__file__).with_name("data") / "classification.tsv"

Kind = Literal["function", "economic"]
Status = Literal["current", "former", "conflict", "unconfirmed"]


@dataclass(frozen=True)
class Entry:
    code: str
    kind: Kind
    name: str
    status: Status
    years: tuple[int, ...]
    filings: int


def normalise(name: str) -> str:
    """A name as compared: full-width folded, no spaces, quotes or brackets' spacing,
    numbering (``一、``, ``1.``) and a 类/款/项 suffix removed: ``（一）行政运行（项）`` →
    ``行政运行``."""
    t = unicodedata.normalize("NFKC", name)
    t = re.sub(r"\s+", "", t).replace("\u3000", "")
    t = re.sub(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d+[、.])", "", t)
    t = re.sub(r"\((?:类|款|项)\)$", "", t)
    return t.strip("“”\"'")


class Classification:
    """Look-ups over the entries of one data file."""

    def __init__(self, entries: list[Entry], header: list[str] | None = None):
        self.entries = entries
        self.header = header or []
        self._by_code: dict[str, list[Entry]] = {}
        self._by_name: dict[str, list[Entry]] = {}
        for e in entries:
            self._by_code.setdefault(e.code, []).append(e)
            self._by_name.setdefault(normalise(e.name), []).append(e)

    @classmethod
    def load(cls, path: Path = DATA) -> Classification:
        entries, header = [], []
        with path.open(encoding="utf-8") as fh:
            columns: list[str] | None = None
            for line in fh:
                line = line.rstrip("\n")
                if line.startswith("#"):
                    header.append(line[1:].strip())
                    continue
                if not line:
                    continue
                parts = line.split("\t")
                if columns is None:
                    columns = parts
                    continue
                row = dict(zip(columns, parts))
                entries.append(Entry(code=row["code"], kind=row["kind"], name=row["name"],  # type: ignore[arg-type]
                                     status=row["status"],  # type: ignore[arg-type]
                                     years=tuple(int(y) for y in row["years"].split(",") if y),
                                     filings=int(row["filings"])))
        return cls(entries, header)

    def __contains__(self, code: str) -> bool:
        return code in self._by_code

    def __len__(self) -> int:
        return len(self._by_code)

    def kind(self, code: str) -> Kind | None:
        """``function`` or ``economic`` by the code's form (2xx… / 3xx…, 5xx…), for any
        well-formed code of 3, 5 or 7 digits, listed or not; None otherwise."""
        if not re.fullmatch(r"\d{3}(?:\d{2}){0,2}", code or ""):
            return None
        return "function" if code[0] == "2" else "economic" if code[0] in "35" else None

    def entries_of(self, code: str) -> list[Entry]:
        return list(self._by_code.get(code, []))

    def name_of(self, code: str, year: int | None = None) -> str | None:
        """The code's name: the current one, or for ``year`` the one printed that year
        (a former name for an old year). None when the code is not listed, when its
        names conflict, or when no name was printed for that year."""
        entries = [e for e in self._by_code.get(code, []) if e.status != "unconfirmed"]
        if year is not None:
            named = {e.name for e in entries if year in e.years}
            if len(named) == 1 and not any(e.status == "conflict" and year in e.years for e in entries):
                return named.pop()
            if named:
                return None
        current = [e for e in entries if e.status == "current"]
        return current[0].name if len(current) == 1 else None

    def codes_for(self, name: str) -> list[str]:
        """Codes printed with this name (exactly, else after ``normalise``), current
        and former; an unknown name gives an empty list, never a near match."""
        exact = [e.code for e in self.entries if e.name == name and e.status != "unconfirmed"]
        if not exact:
            exact = [e.code for e in self._by_name.get(normalise(name), []) if e.status != "unconfirmed"]
        return sorted(set(exact))

    def is_former(self, code: str, name: str) -> bool:
        """True when ``name`` was this code's name in older filings only."""
        n = normalise(name)
        return any(e.status == "former" and normalise(e.name) == n for e in self._by_code.get(code, []))

    def children(self, code: str) -> list[str]:
        """Listed codes one level below: 201 → 20101, 20102 …; 20101 → 2010101 …"""
        width = len(code) + 2
        return sorted(c for c in self._by_code if len(c) == width and c.startswith(code))

    def parent(self, code: str) -> str | None:
        return code[:-2] if len(code) in (5, 7) else None


@lru_cache(maxsize=1)
def default() -> Classification:
    """The shipped data."""
    return Classification.load(DATA)


def name_of(code: str, year: int | None = None) -> str | None:
    return default().name_of(code, year)


def codes_for(name: str) -> list[str]:
    return default().codes_for(name)


def is_former(code: str, name: str) -> bool:
    return default().is_former(code, name)


def children(code: str) -> list[str]:
    return default().children(code)


def kind(code: str) -> Kind | None:
    return default().kind(code)
