"""Text filings in the encodings they come in: UTF-8 (with or without BOM), UTF-16 (with
or without BOM), GBK/GB18030 and Big5; whitespace-only files are refused as empty."""

from __future__ import annotations

import pytest

from budgetlens.errors import EmptyFileError
from budgetlens.ingest import guess_encoding, read

SIMPLIFIED = ("2023年部门决算说明\n本年收入合计526.04万元，支出总计526.04万元。"
              "其中基本支出160.72万元，项目支出365.32万元。\n")
TRADITIONAL = ("2023年部門決算說明\n本年收入合計526.04萬元，支出總計526.04萬元。"
               "其中基本支出160.72萬元，項目支出365.32萬元。\n")


@pytest.mark.parametrize("encoding,text", [
    ("utf-8", SIMPLIFIED), ("utf-8-sig", SIMPLIFIED), ("utf-16", SIMPLIFIED), ("utf-16-le", SIMPLIFIED),
    ("utf-16-be", SIMPLIFIED), ("gbk", SIMPLIFIED), ("gb18030", SIMPLIFIED), ("big5", TRADITIONAL),
])
def test_each_encoding_is_read_as_written(tmp_path, encoding, text):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    document = read(path)
    got = "".join(line.text for page in document.pages for line in page.lines)
    assert "526.04" in got and ("部门决算说明" in got or "部門決算說明" in got)


def test_a_bom_less_utf16_file_is_read_with_a_warning(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(SIMPLIFIED.encode("utf-16-le"))
    assert guess_encoding(path.read_bytes()) == ("utf-16-le", False)
    assert any("encoding guessed" in w for w in read(path).warnings)


def test_gbk_and_big5_are_told_apart_with_certainty():
    assert guess_encoding(SIMPLIFIED.encode("gbk")) == ("gb18030", True)
    assert guess_encoding(TRADITIONAL.encode("big5")) == ("big5", True)


@pytest.mark.parametrize("content", [b" \n\t\r\n  ", "\u3000\n".encode("utf-8"), " \n".encode("utf-16")])
def test_whitespace_only_is_refused_as_empty(tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    with pytest.raises(EmptyFileError, match="only whitespace"):
        read(path)


def test_a_fifo_or_a_device_is_refused_without_being_opened(tmp_path):
    import os

    from budgetlens.errors import UnsupportedTypeError

    import threading

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def unblock():  # if the reader opened the pipe it would block: give it an end, so the test fails, not hangs
        fd = os.open(fifo, os.O_WRONLY)
        os.close(fd)

    guard = threading.Timer(10, unblock)
    guard.daemon = True
    guard.start()
    try:
        with pytest.raises(UnsupportedTypeError, match="not a regular file"):
            read(fifo)
    finally:
        guard.cancel()
    with pytest.raises(UnsupportedTypeError, match="not a regular file"):
        read("/dev/zero")


def test_big5_that_reads_as_gbk_too_is_stored_with_a_warning(tmp_path):
    """Short Big5 text decodes as GB18030 as well, with no more common characters either
    way: the guess is uncertain, and the document says so rather than keep quiet mojibake."""
    path = tmp_path / "tw.txt"
    path.write_bytes("臺灣資料\n甲乙丙丁\n".encode("big5"))
    assert guess_encoding(path.read_bytes())[1] is False
    assert any("encoding guessed" in w for w in read(path).warnings)
