"""What the app says in each language about things the reader could not settle: a filing
whose body could not be read, a check whose English message is missing or ends in a raw
status word, findings that rest on OCR text, and Streamlit's own words it replaces."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from budgetlens.render import unnamed
from budgetlens.schemas.filing import CheckResult

pytest.importorskip("streamlit")

from budgetlens.ui import chrome_css  # noqa: E402
from budgetlens.ui.explore import english_message  # noqa: E402
from budgetlens.ui.upload import ocr_findings  # noqa: E402


def test_a_filing_without_a_body_is_named_in_a_journalists_words():
    assert unnamed("scan3.pdf", scanned=True) == "未能识别单位的扫描件 scan3.pdf"
    assert unnamed("x.docx") == "未能识别单位的文件 x.docx"
    assert unnamed(scanned=True) == "未能识别单位的扫描件"  # when the file name is said beside it
    assert unnamed("scan3.pdf", scanned=True, en=True) == "scan3.pdf (a scan whose body could not be read)"


def _check(**kw) -> CheckResult:
    return CheckResult(check_id="line.composition.p3.支出", kind="line", **kw)


def test_an_english_message_never_shows_chinese_wording_or_a_raw_status():
    warned = _check(status="warn", severity="warning", difference=0.01, tolerance=0.02,
                    message_en="parts stated in the narrative: 685.07 vs 685.08: warn")
    assert english_message(warned) == "parts stated in the narrative: 685.07 vs 685.08: rounding"
    # only Chinese: a sentence from the check's numbers instead
    chinese = _check(status="fail", severity="error", expected=685.07, actual=690.0, difference=4.93,
                     message="叙述构成核对：基本支出 267.57 万元 + 项目支出 417.5 万元 = 685.07 万元，相差 4.93 万元。",
                     message_en="叙述构成核对：基本支出 267.57 万元 + 项目支出 417.5 万元 = 685.07 万元：fail")
    said = english_message(chinese)
    assert said == "Computed 685.07, printed 690.00: a difference of 4.93 (mismatch)."
    unnumbered = _check(status="skipped", message="叙述称运行经费 16.74 万元，未找到对应的表格。")
    assert english_message(unnumbered) == "Not checked (the check's own wording is in Chinese only)."
    english = _check(status="pass", message_en="income table (table 02), row 201: they agree.")
    assert english_message(english) == "income table (table 02), row 201: they agree."


def test_findings_on_scanned_pages_are_counted():
    checks = [_check(status="fail", severity="error", pages=[2]), _check(status="warn", pages=[1, 3]),
              _check(status="pass", pages=[2]), _check(status="skipped", pages=[2]),
              _check(status="fail", severity="error", pages=[3])]
    filing = SimpleNamespace(checks=checks)
    layout = SimpleNamespace(pages=[SimpleNamespace(number=1, source="text"), SimpleNamespace(number=2, source="ocr"),
                                    SimpleNamespace(number=3, source="text")])
    assert ocr_findings(filing, layout) == 1  # the fail on page 2; the others are on text pages or agree
    assert ocr_findings(filing, None) == 0


def test_streamlit_words_are_replaced_in_the_interface_language():
    zh, en = chrome_css("zh"), chrome_css("en")
    assert "content: '选择文件'" in zh and "content: '按回车键确认'" in zh and "content: '跳到正文'" in zh
    assert "每个文件不超过 200 MB" in zh and "与应用的连接已断开" in zh
    assert "content: 'Choose files'" in en and "200 MB per file" in en and "选择文件" not in en
    # every replaced element's own text is hidden, its children's too
    assert zh.count("font-size: 0 !important") == 5
