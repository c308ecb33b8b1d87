"""Ingestion: any filing (PDF, scan, .docx, text) into one ``schemas.Document``.

``read(path)`` sniffs the file by its bytes, not its name, refuses bad input with an
``InputError`` naming the file and the reason, and hands the bytes to one reader:

- ``ingest.pdf``   PDF text layer (PyMuPDF), tables from ruling lines or word positions;
                   pages without a usable text layer go to ``ingest.ocr``
- ``ingest.docx``  Word paragraphs and tables (python-docx)
- ``ingest.text``  plain text: wrapped lines repaired, tab/space tables kept as rows

This package never imports ``extract`` or anything downstream.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

from budgetlens import progress
from budgetlens.errors import (
    CorruptFileError,
    EmptyFileError,
    InputError,
    NoTextError,
    NotThisFormatError,
    UnsupportedTypeError,
)
from budgetlens.schemas.document import Document, Media

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".txt", ".text"}
# inside a folder, files that look like filings (or bad ones to report); a README.md or
# a gold .json beside the filings is not one. A file named explicitly is always read.
_FOLDER_SUFFIXES = SUPPORTED_SUFFIXES | {".doc", ".html", ".htm", ".png", ".jpg", ".jpeg"}


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(path: Path, data: bytes) -> Media:
    """The media type from the file's bytes; the name only breaks ties.

    Raises ``InputError`` for empty files, HTML or images named .pdf, and types the
    tool does not read.
    """
    name = str(path)
    if not data:
        raise EmptyFileError(name, "empty file (0 bytes)")
    head = data[:1024].lstrip()
    suffix = path.suffix.lower()
    if data[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        if suffix == ".docx" or b"word/" in data[:4096] or b"[Content_Types].xml" in data[:4096]:
            return "docx"
        raise UnsupportedTypeError(name, "a ZIP archive that is not a .docx")
    lowered = head[:256].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        kind = "an HTML page" if suffix != ".pdf" else "an HTML page named .pdf"
        raise NotThisFormatError(name, f"{kind}, not a filing (no %PDF header)")
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff" or data[:4] in (b"II*\x00", b"MM\x00*"):
        raise UnsupportedTypeError(name, "an image file; put scans in a PDF to ingest them")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if suffix == ".docx":  # Word keeps an encrypted .docx in this container: its reader says so
            return "docx"
        raise UnsupportedTypeError(name, "an old binary Office file (.doc/.xls); save it as .docx or PDF")
    if suffix == ".pdf":
        raise NotThisFormatError(name, "named .pdf but has no %PDF header")
    if suffix in {".docx"}:
        raise NotThisFormatError(name, "named .docx but is not a ZIP (Word) file")
    if _looks_like_text(data):
        return "text"
    raise UnsupportedTypeError(name, f"unsupported file type ({suffix or 'no suffix'})")


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Characters that fill budget narratives: a decoding that yields many of them is right.
_COMMON = set("的年支出收入预算决算万元部门单位财政拨款经费项目基本公用人员合计总计本上增减少比较情况说明"
              "一二三四五六七八九十中国省市县区局委办会政府工作资金事业运行管理服务费用其他")
_CANDIDATES = ("gb18030", "big5")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte of its ASCII."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > len(sample) // 8 and even < odd // 4:
        return "utf-16-le"
    if even > len(sample) // 8 and odd < even // 4:
        return "utf-16-be"
    return None


def _score(text: str) -> float:
    """Share of the text's CJK characters that are common in budget narratives."""
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    return sum(ch in _COMMON for ch in cjk) / len(cjk) if cjk else 0.0


def guess_encoding(data: bytes) -> tuple[str, bool]:
    """(encoding, certain) of a text file: a BOM decides (UTF-8, UTF-16, UTF-32); else
    UTF-16 by its NUL pattern; else UTF-8 when it decodes; else GB18030 (which covers GBK)
    or Big5, whichever yields more of the characters budget narratives are made of. The
    guess is uncertain when both decode and score close, or nothing decodes cleanly."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, True
    if (utf16 := _utf16_without_bom(data)) is not None:
        return utf16, False
    sample = data[:65536]
    try:
        sample.decode("utf-8")
        return "utf-8", True
    except UnicodeDecodeError as exc:
        if len(data) > len(sample) and exc.start >= len(sample) - 4:
            return "utf-8", True  # a multi-byte character cut at the sample's end
    scored = []
    for encoding in _CANDIDATES:
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError as exc:
            if not (len(data) > len(sample) and exc.start >= len(sample) - 4):
                continue
            text = sample[:exc.start].decode(encoding)
        scored.append((_score(text), encoding))
    if not scored:
        return "utf-8", False
    scored.sort(reverse=True)
    best, encoding = scored[0]
    certain = best >= 0.2 and (len(scored) == 1 or best - scored[1][0] >= 0.1)
    return encoding, certain


def _looks_like_text(data: bytes) -> bool:
    if any(data.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(data):
        return True
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", *_CANDIDATES):
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # a multi-byte character cut at the sample's end is still text
            if len(data) > len(sample) and exc.start >= len(sample) - 4:
                return True
    return False


def decode_text(data: bytes) -> str:
    encoding, _ = guess_encoding(data)
    return data.decode(encoding, errors="replace")


def read(path: str | Path, settings=None) -> Document:
    """Read one filing into a ``Document``. Raises ``InputError`` for bad input."""
    from budgetlens.settings import Settings

    settings = settings or Settings()
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        # a FIFO or a device (/dev/zero) would block or never end: never opened
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe, socket or device)"
        raise UnsupportedTypeError(str(path), kind)
    size = info.st_size
    if size > settings.max_bytes:
        raise InputError(str(path), f"file too large ({size} bytes > {settings.max_bytes})")
    data = path.read_bytes()
    media = sniff(path, data)
    sha = sha256_of(data)
    progress.report("read")
    if media == "pdf":
        from budgetlens.ingest.pdf import read_pdf

        if b"%%EOF" not in data[-4096:]:
            raise CorruptFileError(str(path), "truncated PDF (the file does not end with %%EOF)")

        document = read_pdf(path, data, sha, settings)
    elif media == "docx":
        from budgetlens.ingest.docx import read_docx

        document = read_docx(path, data, sha, settings)
    else:
        from budgetlens.ingest.text import read_text

        encoding, certain = guess_encoding(data)
        text = data.decode(encoding, errors="replace")
        if not text.strip():
            raise EmptyFileError(str(path), "the text file holds only whitespace")
        document = read_text(path, text, sha, settings)
        if not certain:
            document.warnings.append(f"text encoding guessed as {encoding}; check the characters read")
    if not any(line.text.strip() for page in document.pages for line in page.lines) and not document.tables:
        ocr = document.ocr_pages
        detail = f"{document.n_pages} page(s), {ocr} read by OCR" if media == "pdf" else media
        raise NoTextError(str(path), f"no text found ({detail})")
    return document


def _is_dir(p: Path) -> bool:
    try:  # pathlib raises for a name too long or a path it may not search
        return stat.S_ISDIR(os.stat(p).st_mode)
    except (OSError, ValueError):
        return False


def _is_file(p: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(p).st_mode)
    except (OSError, ValueError):
        return False


def text_path(path: str | Path) -> str:
    """A path as text that can be stored and printed: a name that is not UTF-8 (one from an
    old Windows archive, in GBK) keeps its odd bytes as ``\\xNN``; any other is unchanged.

    text_path(os.fsdecode(b"/in/\\xb2\\xc6.txt"))  → '/in/\\xb2\\xc6.txt'"""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def cannot_open(path: Path) -> str | None:
    """Why ``path`` cannot be read as a filing, before opening it (a FIFO would block,
    /dev/zero never ends), or ``None`` for a regular file::

        "no such file" · "a symbolic link loop" · "file name too long" · "a folder"
        "not a regular file (a pipe, socket or device)" · "cannot read: Permission denied"
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        known = {errno.ENOENT: "no such file", errno.ELOOP: "a symbolic link loop",
                 errno.ENAMETOOLONG: "file name too long"}
        return known.get(exc.errno or 0, f"cannot read: {exc.strerror or exc}")
    except ValueError as exc:  # a NUL in the path
        return f"not a usable path ({exc})"
    if stat.S_ISDIR(info.st_mode):
        return "a folder"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a pipe, socket or device)"
    return None


def iter_inputs(paths: list[str | Path]) -> list[Path]:
    """Files named, and files under folders named (recursively), in a stable order.

    Hidden files and the tool's own workspace are skipped inside folders; a file named
    explicitly is always returned so that its error can be reported.
    """
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if _is_dir(p):
            for child in sorted(p.rglob("*")):
                rel = child.relative_to(p)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file() and child.suffix.lower() in _FOLDER_SUFFIXES:
                    out.append(child)
        else:
            out.append(p)
    seen, unique = set(), []
    for p in out:
        key = os.path.realpath(p) if _is_file(p) else str(p)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


__all__ = ["read", "sniff", "iter_inputs", "cannot_open", "text_path", "sha256_of", "decode_text", "guess_encoding", "InputError"]
