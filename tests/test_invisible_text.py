"""Invisible text (render mode 3): dropped on a born-digital page, read on a searchable
scan, whose OCR layer is invisible by design."""

from __future__ import annotations

import io

import pymupdf
from PIL import Image

from budgetlens.ingest import read


def _words(path) -> str:
    return " ".join(line.text for page in read(path).pages for line in page.lines)


def test_hidden_text_on_a_born_digital_page_is_not_read(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 100), "2023年收入总计526.04万元。", fontsize=12, fontname="china-s")
    page.insert_text((72, 140), "收入总计999.99万元", fontsize=12, fontname="china-s",
                     render_mode=3)
    path = tmp_path / "hidden.pdf"
    doc.save(path)
    text = _words(path)
    assert "526.04" in text and "999.99" not in text


def test_the_ocr_layer_of_a_searchable_scan_is_read(tmp_path):
    img = Image.new("RGB", (1240, 1754), "white")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, stream=buf.getvalue())
    for k, line in enumerate(["2023年部门决算说明", "本年收入合计526.04万元，支出总计526.04万元。",
                              "其中基本支出160.72万元，项目支出365.32万元。"]):
        page.insert_text((72, 100 + 30 * k), line, fontsize=12, fontname="china-s",
                         render_mode=3)
    path = tmp_path / "scan.pdf"
    doc.save(path)
    text = _words(path)
    assert "526.04" in text and "365.32" in text
