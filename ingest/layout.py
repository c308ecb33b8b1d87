"""Reading-order helpers every reader shares: section headings and blocks.

Headings of Chinese budget documents are numbered in four levels:
``第一部分`` (1), ``一、`` (2), ``（一）`` (3), ``1.`` / ``1、`` (4). A numbered line is
only a heading when it is short; a long numbered line is a list item of narrative.
"""

from __future__ import annotations

import re

from budgetlens.ingest.normalize import fold, squash
from budgetlens.schemas.document import Block, Line

_CN_NUM = "一二三四五六七八九十百零〇"
_HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^第[{_CN_NUM}\d]+(部分|部|章|篇)")),
    (2, re.compile(rf"^[{_CN_NUM}]+[、.．]")),
    (3, re.compile(rf"^[（(][{_CN_NUM}]+[)）]")),
    (4, re.compile(r"^\d{1,2}(?:[、.．](?!\d)|\s)")),
]
MAX_HEADING_CHARS = 40


def heading_level(text: str) -> int | None:
    """The heading level of a line, or None when it reads as body text."""
    t = squash(text)
    if not t or len(t) > MAX_HEADING_CHARS:
        return None
    # a heading does not end like a sentence and holds no amount
    if t[-1] in "。；;，," or re.search(r"\d+\.\d+", fold(t)):
        return None
    for level, pattern in _HEADING_PATTERNS:
        if pattern.match(fold(t) if level == 4 else t):
            return level
    return None


def build_blocks(lines: list[Line]) -> list[Block]:
    """Group narrative lines into heading and paragraph blocks, in the order given.

    A paragraph ends at a heading, or where a line ends a sentence (。) and is followed
    by a gap; readers that know more (vertical gaps on a PDF page) may split further.
    """
    blocks: list[Block] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            blocks.append(Block(kind="text", text="".join(l.text for l in current),
                                bbox=_union([l.bbox for l in current]), lines=list(current)))
            current.clear()

    for line in lines:
        level = heading_level(line.text)
        if level is not None:
            flush()
            blocks.append(Block(kind="heading", text=line.text, bbox=line.bbox,
                                lines=[line], heading_level=level))
            continue
        current.append(line)
        if line.text.rstrip().endswith("。"):
            flush()
    flush()
    return blocks


def _union(boxes):
    boxes = [b for b in boxes if b is not None]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


union_bbox = _union
