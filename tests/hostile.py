"""A corpus of hostile inputs, built by code: broken and disguised PDFs, .docx bombs and
riddles, text in every encoding, files that are not files, and names made to forge lines,
escape the terminal or break the file system.

``build(folder)`` writes every kind into ``folder`` and returns ``[(Kind, path)]``; a
kind's ``expect`` is ``"ok"`` (a clear success: stored) or a regular expression the one
``error:`` line of that file must match (besides naming the file).
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from pdfs import SIMPLE_FILING, text_pdf

AS_ROOT = os.geteuid() == 0
MAX_PAGES = 40  # the page limit the suite runs with (BUDGETLENS_MAX_PAGES)
MAX_BYTES = 4 << 20  # the size limit it runs with (BUDGETLENS_MAX_BYTES)
DOCX_PART_MB = 4  # the .docx part limit it runs with (BUDGETLENS_DOCX_MAX_PART_MB)
ENV = {"BUDGETLENS_MAX_PAGES": str(MAX_PAGES), "BUDGETLENS_MAX_BYTES": str(MAX_BYTES),
       "BUDGETLENS_DOCX_MAX_PART_MB": str(DOCX_PART_MB)}


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[Path, int], Path]  # (folder, serial) -> the path to hand over
    expect: str  # "ok", or a regex the error line matches


SIMPLIFIED = "{n}号县财政局\n2023年部门决算说明\n本年收入合计{n}26.04万元，支出总计{n}26.04万元。\n其中基本支出160.72万元。\n"
TRADITIONAL = "{n}號縣財政局\n2023年部門決算說明\n本年收入合計{n}26.04萬元，支出總計{n}26.04萬元。\n"


def _text(n: int) -> str:
    return SIMPLIFIED.format(n=n)


def _file(name: str, data: bytes | Callable[[int], bytes]) -> Callable[[Path, int], Path]:
    def make(folder: Path, n: int) -> Path:
        path = folder / name
        path.write_bytes(data(n) if callable(data) else data)
        return path
    return make


def _pdf(n: int) -> bytes:
    return text_pdf(SIMPLE_FILING + [[f"第 {n} 号补充说明"]])


def _mutate_pdf(fn: Callable[[bytes], bytes]) -> Callable[[int], bytes]:
    return lambda n: fn(_pdf(n))


def _bad_xref(data: bytes) -> bytes:
    """startxref points into the middle of nowhere: MuPDF rebuilds the table."""
    head, _, tail = data.rpartition(b"startxref")
    return head + b"startxref\n12\n%%EOF\n"


def _garbled_xref(data: bytes) -> bytes:
    return data.replace(b"xref", b"xrex").replace(b"/Root", b"/Rooo")


def _encrypted(n: int) -> bytes:
    doc = pymupdf.open(stream=_pdf(n), filetype="pdf")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    doc.close()
    return data


def _pdf_objects(objects: list[bytes]) -> bytes:
    """A hand-made PDF with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _zero_pages(n: int) -> bytes:
    return _pdf_objects([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])


def _page_tree_loop(n: int) -> bytes:
    return _pdf_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                         b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def _bad_stream(n: int) -> bytes:
    """One page whose content stream claims Flate but holds garbage."""
    return _pdf_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                         b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                         b"<< /Length 16 /Filter /FlateDecode >>\nstream\n" + b"\x13\x37" * 8 + b"\nendstream"])


def _many_pages(n: int) -> bytes:
    doc = pymupdf.open()
    for _ in range(MAX_PAGES + 5):
        doc.new_page()
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def _image_pdf(width: int, height: int, page: tuple[float, float] = (595, 842)) -> bytes:
    """A page that is one grey image (declared ``width`` × ``height``, compressed)."""
    import zlib

    row = b"\xff" * width
    # past 10^8 pixels the stream is short: the declared size is what a reader must not trust
    raw = zlib.compress(row * (64 if width * height > 10**8 else height), 9)
    w, h = page
    content = b"q %g 0 0 %g 0 0 cm /Im1 Do Q" % (w, h)
    return _pdf_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>" % (w, h),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (width, height, len(raw))
        + raw + b"\nendstream",
    ])


def _png(n: int) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), False)
    pix.set_rect(pix.irect, (255, 255, 255))
    return pix.tobytes("png")


def _jpeg(n: int) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 20, 20), False)
    pix.set_rect(pix.irect, (250, 250, 250))
    return pix.tobytes("jpg")


# --- .docx ---------------------------------------------------------------------------

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
       'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
         'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
         'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_of(body_xml: str, doctype: str = "", parts: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx whose body is ``body_xml`` (paragraph XML), with an optional DOCTYPE."""
    document = (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{_W}">'
                f"<w:body>{body_xml}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
        for name, data in (parts or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def paragraphs(lines: list[str]) -> str:
    return "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)


def _docx(n: int) -> bytes:
    return docx_of(paragraphs(_text(n).splitlines()))


def _docx_xxe(n: int) -> bytes:
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return docx_of(paragraphs([*_text(n).splitlines(), "&xxe;"]), doctype)


def _docx_laughs(n: int) -> bytes:
    ents = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 9))
    return docx_of(paragraphs([*_text(n).splitlines(), "&a8;"]), f"<!DOCTYPE w:document [{ents}]>")


def _docx_bomb(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("word/document.xml", b" " * ((DOCX_PART_MB + 1) << 20))
    return buf.getvalue()


def _docx_without_document(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
    return buf.getvalue()


def _docx_garbage(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", bytes(range(256)) * 8)
    return buf.getvalue()


def _zip_of_garbage(n: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/junk.bin", os.urandom(64) + b"%d" % n)
    return buf.getvalue()


def _docx_bad_crc(n: int) -> bytes:
    data = bytearray(docx_of(paragraphs(_text(n).splitlines())))
    at = data.find(b"word/document.xml") + len(b"word/document.xml") + 8  # inside its compressed bytes
    data[at] ^= 0xFF
    return bytes(data)


def _docx_empty(n: int) -> bytes:
    return docx_of("<w:p/>" * 3)


def _docx_deep_tables(n: int) -> bytes:
    cell = "<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>"
    inner = f"<w:tbl><w:tr>{cell}</w:tr></w:tbl>"
    for _ in range(40):
        inner = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    return docx_of(paragraphs(_text(n).splitlines()) + inner)


# --- files that are not files ------------------------------------------------------------

def _symlink_loop(folder: Path, n: int) -> Path:
    a, b = folder / "loop-a.pdf", folder / "loop-b.pdf"
    a.symlink_to(b.name)
    b.symlink_to(a.name)
    return a


def _dangling(folder: Path, n: int) -> Path:
    p = folder / "dangling.pdf"
    p.symlink_to("nowhere-at-all.pdf")
    return p


def _link_to_good(folder: Path, n: int) -> Path:
    target = folder / "link-target.txt"
    target.write_text(_text(n), encoding="utf-8")
    p = folder / "a-link.txt"
    p.symlink_to(target.name)
    return p


def _directory(folder: Path, n: int) -> Path:
    p = folder / "x.pdf"
    p.mkdir()
    return p


def _fifo(folder: Path, n: int) -> Path:
    p = folder / "pipe.txt"
    os.mkfifo(p)
    return p


def _device(folder: Path, n: int) -> Path:
    return Path("/dev/zero")


def _unreadable(folder: Path, n: int) -> Path:
    p = folder / "locked.txt"
    p.write_text(_text(n), encoding="utf-8")
    p.chmod(0)
    return p


def _too_big(folder: Path, n: int) -> Path:
    p = folder / "huge.txt"
    with p.open("wb") as fh:  # sparse: costs no disk
        fh.truncate(MAX_BYTES + 1)
    return p


def _missing(folder: Path, n: int) -> Path:
    return folder / "never-written.pdf"


# --- names ---------------------------------------------------------------------------------

def _named(name: str | bytes, content: Callable[[int], bytes]) -> Callable[[Path, int], Path]:
    def make(folder: Path, n: int) -> Path:
        raw = os.fsencode(folder) + b"/" + (name if isinstance(name, bytes) else name.encode("utf-8"))
        with open(raw, "wb") as fh:
            fh.write(content(n))
        return Path(os.fsdecode(raw))
    return make


def _long_name(folder: Path, n: int) -> Path:
    return folder / ("决" * 100 + ".txt")  # 304 bytes: longer than a file name may be


def _enc(encoding: str, template: str = SIMPLIFIED) -> Callable[[int], bytes]:
    return lambda n: template.format(n=n).encode(encoding)


def _utf8(n: int) -> bytes:
    return _text(n).encode("utf-8")


def _empty(n: int) -> bytes:
    return b""


KINDS: list[Kind] = [
    # PDFs
    Kind("good PDF", _file("good.pdf", _pdf), "ok"),
    Kind("PDF of 0 bytes", _file("zero.pdf", b""), "empty"),
    Kind("PDF cut in half", _file("half.pdf", _mutate_pdf(lambda d: d[: len(d) // 2])), "truncated"),
    Kind("PDF header only", _file("header.pdf", b"%PDF-1.7\n"), "truncated"),
    Kind("PDF header then garbage", _file("garbage.pdf", lambda n: b"%PDF-1.4\n" + os.urandom(2000) + b"\n%%EOF\n"),
         "not a readable PDF"),
    Kind("PDF with a bad startxref", _file("badxref.pdf", _mutate_pdf(_bad_xref)), "ok"),
    Kind("PDF with a garbled xref and root", _file("garbled.pdf", _mutate_pdf(_garbled_xref)), "ok"),  # rebuilt
    Kind("encrypted PDF", _file("locked.pdf", _encrypted), "encrypted"),
    Kind("PDF of zero pages", _file("nopages.pdf", _zero_pages), "no pages"),
    Kind("PDF whose page tree loops", _file("treeloop.pdf", _page_tree_loop), "cycle in page tree"),
    Kind("PDF page with a corrupt stream", _file("badstream.pdf", _bad_stream), "no text"),
    Kind("PDF past the page limit", _file("many.pdf", _many_pages), f"more than the limit of {MAX_PAGES}"),
    Kind("image-only blank PDF", _file("blank-scan.pdf", lambda n: _image_pdf(300, 420)), "no text"),
    Kind("PDF with a 40000x40000 image", _file("bomb-image.pdf", lambda n: _image_pdf(40000, 40000)),
         "40000×40000 pixels"),
    Kind("PDF with a 200-inch page", _file("huge-page.pdf", lambda n: _image_pdf(100, 100, (14400, 14400))),
         "million pixels"),
    Kind("PNG named .pdf", _file("photo.pdf", _png), "image file"),
    Kind("JPEG named .pdf", _file("photo2.pdf", _jpeg), "image file"),
    Kind("HTML named .pdf", _file("page.pdf", lambda n: b"<!DOCTYPE html><html><body>404</body></html>"), "HTML"),
    Kind("PostScript named .pdf", _file("print.pdf", lambda n: b"%!PS-Adobe-3.0\n%%EOF\n"), "no %PDF header"),
    Kind("old Office file named .pdf", _file("old.pdf", lambda n: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + bytes([n])),
         "old binary Office"),
    Kind("PNG", _file("scan.png", _png), "image file"),
    # .docx
    Kind("good .docx", _file("good.docx", _docx), "ok"),
    Kind(".docx named .pdf", _file("word.pdf", _docx), "ok"),
    Kind(".docx zip bomb", _file("bomb.docx", _docx_bomb), f"over the {DOCX_PART_MB} MiB limit"),
    Kind(".docx without document.xml", _file("nodoc.docx", _docx_without_document),
         "not a readable .docx \\(missing part"),
    Kind(".docx whose document.xml is garbage", _file("junkxml.docx", _docx_garbage), "not a readable .docx \\(XMLSyntaxError"),
    Kind(".docx that is a zip of garbage", _file("zipjunk.docx", _zip_of_garbage), "not a readable .docx \\(missing part"),
    Kind(".docx with a bad CRC", _file("crc.docx", _docx_bad_crc), "Bad CRC-32"),
    Kind(".docx cut in half", _file("cut.docx", lambda n: _docx(n)[: len(_docx(n)) // 2]), "not a readable .docx"),
    Kind(".docx with an external entity", _file("xxe.docx", _docx_xxe), "ok"),  # never resolved (a test looks)
    Kind(".docx of a billion laughs", _file("laughs.docx", _docx_laughs), "entity amplification"),
    Kind(".docx with no text", _file("blank.docx", _docx_empty), "no text"),
    Kind(".docx of nested tables", _file("nested.docx", _docx_deep_tables), "ok"),
    Kind("text named .docx", _file("text.docx", _utf8), "not a ZIP"),
    Kind("encrypted .docx", _file("secret.docx", lambda n: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + bytes([n])),
         "encrypted"),
    Kind(".xlsx", _file("sheet.xlsx", lambda n: b"PK\x03\x04" + b"\0" * 64 + b"xl/workbook.xml"), "not a .docx"),
    # text
    Kind("UTF-8 text", _file("utf8.txt", _utf8), "ok"),
    Kind("UTF-8 text with a BOM", _file("utf8bom.txt", _enc("utf-8-sig")), "ok"),
    Kind("UTF-16 LE with a BOM", _file("utf16le.txt", lambda n: b"\xff\xfe" + _text(n).encode("utf-16-le")), "ok"),
    Kind("UTF-16 BE with a BOM", _file("utf16be.txt", lambda n: b"\xfe\xff" + _text(n).encode("utf-16-be")), "ok"),
    Kind("UTF-16 without a BOM", _file("utf16.txt", _enc("utf-16-le")), "ok"),
    Kind("UTF-32 with a BOM", _file("utf32.txt", _enc("utf-32")), "ok"),
    Kind("GBK text", _file("gbk.txt", _enc("gbk")), "ok"),
    Kind("GB18030 text", _file("gb18030.txt", lambda n: (_text(n) + "𠀀").encode("gb18030")), "ok"),
    Kind("Big5 text", _file("big5.txt", _enc("big5", TRADITIONAL)), "ok"),
    Kind("whitespace-only text", _file("blank.txt", lambda n: b" \n\t\r\n   \n"), "only whitespace"),
    Kind("ideographic spaces only", _file("blank2.txt", lambda n: "\u3000\u3000\n".encode("utf-8")), "only whitespace"),
    Kind("text with NUL bytes", _file("nul.txt", lambda n: _utf8(n).replace(b"\n", b"\n\x00\x00")),
         "unsupported file type"),
    Kind("random bytes named .txt", _file("random.txt", lambda n: random.Random(n).randbytes(4000)),
         "unsupported file type"),
    Kind("a 200 KB line", _file("longline.txt", lambda n: (_text(n).replace("\n", "。") + "甲" * 70_000).encode()),
         "ok"),
    Kind("HTML named .txt", _file("page.txt", lambda n: b"<html><body>hi</body></html>"), "HTML"),
    Kind("ANSI escapes inside the text", _file("ansi-inside.txt", lambda n: ("\x1b[31m" + _text(n)).encode()), "ok"),
    Kind("text past the size limit", _too_big, f"too large \\({MAX_BYTES + 1} bytes"),
    # not files
    Kind("a symlink loop", _symlink_loop, "a symbolic link loop"),
    Kind("a dangling symlink", _dangling, "no such file"),
    Kind("a symlink to a filing", _link_to_good, "ok"),
    Kind("a folder named x.pdf", _directory, "a folder|no filings in this folder"),
    Kind("a FIFO", _fifo, "not a regular file"),
    Kind("/dev/zero", _device, "not a regular file"),
    Kind("a path that does not exist", _missing, "no such file"),
    # as root chmod 000 does not stop reading: then it is a success
    Kind("a file without read permission", _unreadable, "ok" if AS_ROOT else "Permission denied"),
    # names
    Kind("a newline and a forged error in the name", _named("x\nerror: forged.txt", _empty), "empty"),
    Kind("ANSI escapes in the name", _named("\x1b[31mred\x1b[0m.txt", _utf8), "ok"),
    Kind("a C1 escape in the name", _named("c1\u009b31m.txt", _empty), "empty"),
    Kind("a right-to-left override in the name", _named("evil\u202etxt.pdf", _empty), "empty"),
    Kind("a name of dots", _named("...pdf", _empty), "empty"),
    Kind("'..' inside the name", _named("a..b.txt", _utf8), "ok"),
    Kind("a name of 304 bytes", _long_name, "name too long"),
    Kind("a name of 255 bytes", _named("名" * 83 + "x.txt", _utf8), "ok"),
    Kind("a name that is not UTF-8", _named(b"bad\xff\xfename.txt", _empty), "empty"),
    Kind("a filing named in GBK bytes", _named("财政局决算".encode("gbk") + b".txt", _utf8), "ok"),
    Kind("a name starting with a dash", _named("-rf.txt", _utf8), "ok"),
    Kind("a carriage return in the name", _named("cr\rerror: x.txt", _empty), "empty"),
]


def build(folder: Path) -> list[tuple[Kind, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    return [(kind, kind.make(folder, n)) for n, kind in enumerate(KINDS, 1)]
