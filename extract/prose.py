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

A figure is cited with the sentence that states it (``statement_bounds``): from the
sentence start to its end (。；), so that what the sentence says next to the figure
(占 30.55%, 完成年初预算的 95%, 减少 166.35 万元，下降 24.02%) is in the quote. A sentence
that opens with 其中 is read with the sentence before it, which names the whole. Long
sentences are cut at clause boundaries to about ``QUOTE_CHARS`` characters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from budgetlens.ingest.layout import heading_level, union_bbox
from budgetlens.ingest.normalize import CONVERTER_MARKUP, fold, squash
from budgetlens.schemas.document import BBox, Document, Line
from budgetlens.schemas.filing import Citation

_MARKUP = CONVERTER_MARKUP  # a document read before the text reader dropped it still holds it
# a line carrying a sentence's punctuation is prose, however often the filing repeats it:
# "0.83%。主要原因是根据相关文件要求，基数标准有所调整。" closes the same sentence in three
# sections of a filing and is no running head
_PROSE_MARK = re.compile(r"[。，；,;]")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,3}\s*(?:页)?[-—–\s]*$")
_SENTENCE_END = "。！？!?"
# a short unpunctuated line naming a document or a part ends its paragraph
_TITLE = re.compile(r"^[^，。；,;]{2,30}(?:决算|预算|公开|报告|说明|概况)$")
# a heading run into its first sentence, cut by a wrap before any amount: "（一）机关运行经费。2026
# 年一般公共预算财政拨款运行" / "经费679.08万元，…": the heading names the section, the line opens its text
_RUN_IN = re.compile(r"^(.{2,30}?)。(?=.{2,})")
_ASCII_WORD = re.compile(r"[0-9A-Za-z.%]")
_WS = re.compile(r"\s+")

QUOTE_CHARS = 120  # a cited statement is cut at a clause boundary beyond this length
_AFTER_CHARS = 60  # how far past the figure a statement may run
_STARTS = "。！？!?"  # a statement starts after these …
_ENDS = "。；;！？!?"  # … and ends before these
_CLAUSE = "，,；;：:、"
_BACK_REFERENCE = "其中"  # refers to the whole named in the sentence before


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

    def cite(self, start: int, end: int, value: tuple[int, int] | None = None) -> Citation:
        """The citation of reading span ``[start, end)``: page, box and printed quote.

        ``value`` (reading offsets of the cited number inside the span) becomes the
        citation's ``span``: where the number sits in the whitespace-normalised quote.
        """
        t0, t1 = self.to_text[start], self.to_text[max(start, end - 1)] + 1
        covered = [ls for ls in self.lines if ls.start < t1 and ls.end > t0] or [self.lines[0]]
        page = covered[0].page
        boxes = [ls.bbox for ls in covered if ls.page == page and ls.bbox is not None]
        box = union_bbox(boxes)
        quote = squash(self.text[t0:t1])
        span = None
        if value is not None and start <= value[0] < value[1] <= end:
            v0, v1 = self.to_text[value[0]], self.to_text[value[1] - 1] + 1
            head = _WS.sub(" ", self.text[t0:v0]).lstrip()
            number = _WS.sub(" ", self.text[v0:v1])
            if quote[len(head):len(head) + len(number)] == number:
                span = [len(head), len(head) + len(number)]
        return Citation(page=page, bbox=list(box) if box else None, quote=quote, span=span)


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

    Running heads and page numbers (short lines repeated three or more times with no
    sentence punctuation, ``-16-``) are skipped without ending the paragraph, so a sentence cut by a page break is whole.
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
        if _PAGE_NUMBER.match(text) or (counts[text] >= 3 and len(text) <= 40 and not is_heading
                                         and not _PROSE_MARK.search(text)):
            continue
        if is_heading:
            flush()
            cleaned = clean_heading(line.text)
            run_in = _RUN_IN.match(cleaned)
            cleaned = run_in.group(1) if run_in else cleaned
            level = heading_level(cleaned) or 2
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = cleaned
            if not run_in:
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


def _clause_break(reading: str, i: int) -> bool:
    """Whether ``reading[i]`` ends a clause (a comma between digits is a thousands mark)."""
    ch = reading[i]
    if ch not in _CLAUSE:
        return False
    digits = 0 < i < len(reading) - 1 and reading[i - 1].isdigit() and reading[i + 1].isdigit()
    return not (ch == "," and digits)


def _sentence_start(reading: str, pos: int) -> int:
    while pos > 0 and reading[pos - 1] not in _STARTS:
        pos -= 1
    return pos


def statement_bounds(reading: str, start: int, end: int) -> tuple[int, int]:
    """The reading span citing a figure stated at ``[start, end)``: its sentence.

    The span runs from the sentence start (after 。！？; the sentence before too when this
    one opens with 其中) to the next 。 or ；, never shorter than ``[start, end)``. Beyond
    ``_AFTER_CHARS`` after the figure, or ``QUOTE_CHARS`` in all, it is cut at a clause
    boundary (，；：、) so that a long enumeration stays readable.
    """
    stop = end
    while stop < len(reading) and reading[stop] not in _ENDS:
        stop += 1
    if stop - end > _AFTER_CHARS:
        cuts = [i for i in range(end, end + _AFTER_CHARS) if _clause_break(reading, i)]
        stop = cuts[-1] if cuts else end
    first = _sentence_start(reading, start)
    if first > 0 and reading.startswith(_BACK_REFERENCE, first):
        before = _sentence_start(reading, first - 1)
        if stop - before <= QUOTE_CHARS:
            first = before
    if stop - first > QUOTE_CHARS:
        fits = [i + 1 for i in range(first, start) if _clause_break(reading, i)
                and stop - (i + 1) <= QUOTE_CHARS]
        first = fits[0] if fits else start
    return min(first, start), max(stop, end)
