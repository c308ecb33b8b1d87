"""Narrative text as sentences that can be cited: paragraphs joined back, offsets kept.

Readers give lines; a sentence may run over several of them (hard wraps, a blank line in
the middle of a sentence, a page break). This module joins the narrative lines of a
``Document`` into paragraphs, gives each paragraph a *reading* (full-width folded,
whitespace between Chinese characters dropped, converter markup such as ``[bookmark: …]``
dropped) with a map from every reading offset back to the printed text, and splits the
reading into sentences. A span found in the reading is turned back into a ``Citation``:
the page and the box of the lines it covers, and the printed text, whitespace-normalised.

Table rows are never narrative: lines inside table blocks (or, without blocks, lines
holding a tab) are left out, so a figure is never read from a table as a statement.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.layout import heading_level, union_bbox
from ingest.normalize import fold, squash
from schemas.document import BBox, Document, Line
from schemas.filing import Citation

_MARKUP = re.compile(r"\[bookmark:[^\]]*\]")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,3}\s*(?:页)?[-—–\s]*$")
_SENTENCE_END = "。！？!?"
# a short unpunctuated line naming a document or a part ends its paragraph
_TITLE = re.compile(r"^[^，。；,;]{2,30}(?:决算|预算|公开|报告|说明|概况)$")
_ASCII_WORD = re.compile(r"[0-9A-Za-z.%]")


@dataclass(frozen=True)
class LineSpan:
    """Where one source line sits in a paragraph's printed text."""

    start: int
    end: int
    page: int
    bbox: BBox | None


@dataclass(frozen=True)
class Paragraph:
    """Narrative lines joined: ``text`` as printed (lines joined by newlines) and its reading."""

    text: str
    reading: str
    to_text: tuple[int, ...]  # reading offset -> printed offset (one extra entry at the end)
    lines: tuple[LineSpan, ...]
    section: str  # the headings above the paragraph, outermost first, joined by " / "

    def cite(self, start: int, end: int) -> Citation:
        """The citation of reading span ``[start, end)``: page, box and printed quote."""
        t0, t1 = self.to_text[start], self.to_text[max(start, end - 1)] + 1
        covered = [ls for ls in self.lines if ls.start < t1 and ls.end > t0] or [self.lines[0]]
        page = covered[0].page
        boxes = [ls.bbox for ls in covered if ls.page == page and ls.bbox is not None]
        box = union_bbox(boxes)
        return Citation(page=page, bbox=list(box) if box else None, quote=squash(self.text[t0:t1]))


@dataclass(frozen=True)
class Sentence:
    paragraph: Paragraph
    start: int  # reading offsets
    end: int

    @property
    def text(self) -> str:
        return self.paragraph.reading[self.start:self.end]


def clean_heading(text: str) -> str:
    return squash(_MARKUP.sub("", text))


def _narrative_lines(document: Document) -> list[tuple[Line, int, bool]]:
    """(line, page, is_heading) for every narrative line, in reading order."""
    out: list[tuple[Line, int, bool]] = []
    for page in document.pages:
        if page.blocks:
            for block in page.blocks:
                if block.kind == "table":
                    continue
                for line in block.lines:
                    is_heading = block.kind == "heading" or heading_level(clean_heading(line.text)) is not None
                    out.append((line, page.number, is_heading))
        else:
            for line in page.lines:
                if "\t" in line.text.strip():
                    continue
                out.append((line, page.number, heading_level(clean_heading(line.text)) is not None))
    return out


def _reading(text: str) -> tuple[str, tuple[int, ...]]:
    """Fold, drop markup and whitespace (kept as one space only between two ASCII words)."""
    drop = [False] * len(text)
    for m in _MARKUP.finditer(text):
        for i in range(m.start(), m.end()):
            drop[i] = True
    # fold() reads 。 as a decimal point (right inside numbers); here it ends a sentence
    folded = "".join("。" if ch == "。" else f for ch, f in zip(text, fold(text)))
    chars: list[str] = []
    index: list[int] = []
    pending_space = wrapped = False
    for i, ch in enumerate(folded):
        if drop[i]:
            continue
        if ch.isspace():
            pending_space = True
            wrapped = wrapped or ch == "\n"
            continue
        if pending_space and chars and _ASCII_WORD.match(chars[-1]) and _ASCII_WORD.match(ch):
            # a number cut by a hard wrap ("526." / "04") is one number; two digit runs
            # on either side of a space or a wrap otherwise stay two numbers
            if not (wrapped and (chars[-1] in ".," or ch in ".,")):
                chars.append(" ")
                index.append(i - 1)
        pending_space = wrapped = False
        chars.append(ch)
        index.append(i)
    index.append(len(text))
    return "".join(chars), tuple(index)


def paragraphs(document: Document) -> list[Paragraph]:
    """Narrative paragraphs: lines joined until a sentence ends or a heading comes.

    Running heads and page numbers (short lines repeated three or more times, ``-16-``)
    are skipped without ending the paragraph, so a sentence cut by a page break is whole.
    """
    items = _narrative_lines(document)
    counts = Counter(squash(line.text) for line, _, _ in items)
    out: list[Paragraph] = []
    headings: dict[int, str] = {}
    current: list[tuple[Line, int]] = []

    def section() -> str:
        return " / ".join(headings[k] for k in sorted(headings))

    def flush() -> None:
        if not current:
            return
        parts: list[str] = []
        spans: list[LineSpan] = []
        pos = 0
        for line, page in current:
            if parts:
                parts.append("\n")
                pos += 1
            spans.append(LineSpan(pos, pos + len(line.text), page, line.bbox))
            parts.append(line.text)
            pos += len(line.text)
        text = "".join(parts)
        reading, to_text = _reading(text)
        if reading:
            out.append(Paragraph(text, reading, to_text, tuple(spans), section()))
        current.clear()

    for line, page, is_heading in items:
        text = squash(line.text)
        if not text:
            continue
        if _PAGE_NUMBER.match(text) or (counts[text] >= 3 and len(text) <= 40 and not is_heading):
            continue
        if is_heading:
            flush()
            cleaned = clean_heading(line.text)
            level = heading_level(cleaned) or 2
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = cleaned
            continue
        current.append((line, page))
        if text[-1] in _SENTENCE_END or _TITLE.search(text):
            flush()
    flush()
    return out


def sentences(paragraph: Paragraph) -> list[Sentence]:
    """The paragraph's reading cut after each 。！？ (the paragraph's end ends the last)."""
    out: list[Sentence] = []
    start = 0
    for i, ch in enumerate(paragraph.reading):
        if ch in _SENTENCE_END:
            if i + 1 > start:
                out.append(Sentence(paragraph, start, i + 1))
            start = i + 1
    if start < len(paragraph.reading):
        out.append(Sentence(paragraph, start, len(paragraph.reading)))
    return out
