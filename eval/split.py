"""The one development / test split every measurement uses.

Every filing of ``../shared/corpus``, ``../shared/real`` and ``../shared/seeds`` belongs to
exactly one part, ``dev`` or ``test``, recorded in ``eval/split.tsv`` (kept in the
repository, so the split never moves when a folder grows). Rules are written looking only
at ``dev``; figures are reported for both.

How the split was drawn (``python -m budgetlens.eval.split --write``):

- the unit of the split is a **publishing body within its city or group** (the corpus
  manifest's ``entity``; for ``real`` the bureau named in the file name), so the filings of
  one bureau for several years, or a filing and its tables-only twin, never sit on both
  sides;
- within each city (corpus) or folder (real), bodies are ordered by the sha256 of their
  name and taken into ``test`` until about one filing in three is there
  (``round(n / 3)``; a city with one filing stays in ``dev``);
- questions go with their filing; a question over several filings is ``test`` when any
  of them is.

A filing not in the file is an error (`part_of` raises), never silently ``dev``.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SPLIT_FILE = Path(__file__).with_name("split.tsv")
FIELDS = ("collection", "file", "group", "body", "part")


@dataclass(frozen=True)
class Member:
    collection: str  # corpus | real | seeds
    file: str  # path relative to the collection's folder
    group: str  # city (corpus) or folder (real, seeds)
    body: str  # publishing body: the unit kept on one side
    part: str  # dev | test


def _order(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()


def _assign(members: list[tuple[str, str, str, str]]) -> list[Member]:
    """``members`` are (collection, file, group, body); bodies are drawn per group."""
    by_group: dict[str, dict[str, list[tuple[str, str, str, str]]]] = defaultdict(lambda: defaultdict(list))
    for m in members:
        by_group[m[2]][m[3]].append(m)
    out: list[Member] = []
    for group in sorted(by_group):
        bodies = by_group[group]
        n = sum(len(v) for v in bodies.values())
        want = round(n / 3) if n > 1 else 0
        taken = 0
        for body in sorted(bodies, key=_order):
            part = "test" if taken < want and taken + len(bodies[body]) <= max(want, 1) else "dev"
            if part == "test":
                taken += len(bodies[body])
            out.extend(Member(c, f, g, b, part) for c, f, g, b in bodies[body])
    return sorted(out, key=lambda m: (m.collection, m.file))


_REAL_BODY = re.compile(r"^(?P<body>.+?)_(?:19|20)\d\d(?:_|\.)")


def _real_body(name: str) -> str:
    m = _REAL_BODY.match(name)
    return m.group("body") if m else Path(name).stem


def draw(shared: Path) -> list[Member]:
    rows: list[tuple[str, str, str, str]] = []
    with (shared / "corpus" / "manifest.tsv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            rows.append(("corpus", f"docs/{r['file']}", r["city"], r["entity"]))
    for p in sorted((shared / "real").rglob("*.pdf")):
        rel = p.relative_to(shared / "real").as_posix()
        rows.append(("real", rel, rel.split("/")[0], _real_body(p.name)))
    for p in sorted((shared / "seeds").glob("*.txt")):
        rows.append(("seeds", p.name, "seeds", p.stem))
    return _assign(rows)


def write(members: list[Member], path: Path = SPLIT_FILE) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(FIELDS)
        for m in members:
            w.writerow([m.collection, m.file, m.group, m.body, m.part])


@lru_cache(maxsize=1)
def members() -> dict[tuple[str, str], Member]:
    with SPLIT_FILE.open(encoding="utf-8") as fh:
        return {(r["collection"], r["file"]): Member(**r) for r in csv.DictReader(fh, delimiter="\t")}


def part_of(path: str | Path) -> str:
    """``dev`` or ``test`` for a file under ``shared/{corpus,real,seeds}``; raises
    ``KeyError`` for a file the split does not list."""
    parts = Path(path).resolve().parts
    for i in range(len(parts) - 1, -1, -1):
        if parts[i] in ("corpus", "real", "seeds"):
            key = (parts[i], "/".join(parts[i + 1:]))
            if key in members():
                return members()[key].part
    raise KeyError(f"{path}: not in eval/split.tsv")


def files(collection: str, part: str | None = None) -> list[Member]:
    return [m for m in members().values() if m.collection == collection and (part is None or m.part == part)]


def _summary(ms: list[Member]) -> str:
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for m in ms:
        counts[(m.collection, m.group)][m.part == "test"] += 1
    return "\n".join(f"{c}\t{g}\tdev {d}\ttest {t}" for (c, g), (d, t) in sorted(counts.items()))


if __name__ == "__main__":
    shared = Path(__file__).resolve().parents[2] / "shared"
    drawn = draw(shared)
    if "--write" in sys.argv:
        write(drawn)
    print(_summary(drawn))
