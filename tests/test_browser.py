"""End to end in a real headless browser: every view of the app, with screenshots.

Uses Debian's chromium through playwright's ``executable_path`` (no browser download).
The sample filings are ingested first, so citations open real page images. Screenshots
go to ``$BUDGETLENS_SCREENSHOT_DIR`` (default: a temporary folder), one per view:
chat-answer, explore, checks, compare, upload, english.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {proc.stdout.read() if proc.stdout else ''}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError("streamlit did not start")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A streamlit server over a workspace holding the two sample PDFs and the text sample."""
    from budgetlens.pipeline import process
    from budgetlens.settings import load

    home = tmp_path_factory.mktemp("browser") / "home"
    env = {**os.environ, "BUDGETLENS_HOME": str(home), "BUDGETLENS_EMBEDDING": "hash"}
    env.pop("BUDGETLENS_LLM", None)
    os.environ["BUDGETLENS_EMBEDDING"] = "hash"
    report = process([SAMPLES / "fx0001_ruled.pdf", SAMPLES / "fx0002_borderless.pdf", SAMPLES / "fx0004_text.txt"],
                     load(home))
    assert not report.failures
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(port, proc)
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    p = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    p.goto(server, wait_until="domcontentloaded")
    p.get_by_text("已载入", exact=False).first.wait_for(timeout=60_000)
    yield p
    p.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    d = Path(os.environ.get("BUDGETLENS_SCREENSHOT_DIR") or tmp_path_factory.mktemp("shots"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def _gold(name: str) -> dict:
    return json.loads((SAMPLES / name).with_suffix(".json").read_text(encoding="utf-8"))


def _settle(page) -> None:
    """Wait until Streamlit has finished the run (its running indicator is gone)."""
    page.wait_for_timeout(400)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="hidden", timeout=60_000)
    page.wait_for_timeout(600)


def _view(page, label: str) -> None:
    page.locator("section[data-testid='stSidebar']").get_by_text(label, exact=True).click()
    _settle(page)


def test_chat_front_page_answer_and_citation(page, shots):
    gold = _gold("fx0001_ruled.pdf")
    t09 = next(t for t in gold["tables"] if t["table_id"] == "T09")
    reception = next(r for r in t09["rows"] if r["key"] == "actual")["cells"]["reception"]
    body = page.inner_text("body")
    assert "已载入 3 份文件" in body and "可以这样问" in body
    assert gold["entity"] in body  # the example questions name a loaded bureau
    box = page.locator("textarea").first
    box.fill(f"{gold['entity']}{gold['fiscal_year']}年公务接待费是多少？")
    box.press("Enter")
    page.get_by_text(f"为 {reception:g} 万元", exact=False).first.wait_for(timeout=60_000)
    citation = page.get_by_text("fx0001_ruled.pdf 第", exact=False).first
    citation.wait_for(timeout=30_000)
    citation.click()
    page.get_by_text("红框为引文位置", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    page.screenshot(path=str(shots / "chat-answer.png"), full_page=True)
    body = page.inner_text("body")
    assert "已核验" in body and "离线抽取" in body and "extractive" not in body
    assert page.locator("img").count() >= 1  # the cited page with the quote's box


def test_units_and_years_with_tables_checks_and_export(page, shots):
    gold = _gold("fx0001_ruled.pdf")
    _view(page, "单位与年度")
    page.get_by_text("主要数字", exact=False).first.wait_for(timeout=30_000)
    unit = page.get_by_test_id("stSelectbox").first
    unit.locator("input").click()
    unit.locator("input").fill(gold["entity"])
    page.get_by_role("option", name=gold["entity"]).first.click(timeout=60_000)
    _settle(page)
    page.get_by_text("公开", exact=False).first.wait_for(timeout=30_000)
    page.screenshot(path=str(shots / "explore.png"), full_page=True)
    page.get_by_role("tab", name="核对结果").click()
    page.get_by_text("核对结果：", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    body = page.inner_text("body")
    assert "一致" in body and "fail" not in body and "warn" not in body
    with page.expect_download() as info:
        page.get_by_text("导出核对结果（Markdown）").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith(f"# {gold['entity']}")
    page.screenshot(path=str(shots / "checks.png"), full_page=True)


def test_compare_shows_its_coverage(page, shots):
    _view(page, "比较与排名")
    page.get_by_text("份文件载有此项", exact=False).first.wait_for(timeout=30_000)
    body = page.inner_text("body")
    assert "3 / 3 份文件载有此项" in body or "/ 3 份文件载有此项" in body
    _settle(page)
    page.screenshot(path=str(shots / "compare.png"), full_page=True)


def test_upload_reports_each_file(page, shots, tmp_path):
    _view(page, "上传")
    page.locator("input[type='file']").set_input_files(str(SAMPLES / "fx0003_docx.docx"))
    page.get_by_role("button", name="处理").click()
    page.get_by_text("fx0003_docx.docx：已添加", exact=False).first.wait_for(timeout=120_000)
    _settle(page)
    page.screenshot(path=str(shots / "upload.png"), full_page=True)
    body = page.inner_text("body")
    assert "个表格" in body and "added" not in body


def test_english_switch(page, shots):
    page.locator("section[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    page.get_by_text("filings loaded", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    page.screenshot(path=str(shots / "english.png"), full_page=True)


def test_a_follow_up_and_a_ranking_with_its_coverage(page, shots):
    gold = _gold("fx0001_ruled.pdf")
    t09 = next(t for t in gold["tables"] if t["table_id"] == "T09")
    meeting = next(r for r in t09["rows"] if r["key"] == "actual")["cells"]["meeting"]
    box = page.locator("textarea").first
    box.fill(f"{gold['entity']}{gold['fiscal_year']}年公务接待费是多少？")
    box.press("Enter")
    page.get_by_text("理解为", exact=False).first.wait_for(timeout=60_000)
    _settle(page)
    box = page.locator("textarea").first
    box.fill("那会议费呢？")  # only makes sense with the turn before
    box.press("Enter")
    page.get_by_text(f"{meeting:g} 万元", exact=False).first.wait_for(timeout=60_000)
    _settle(page)
    box = page.locator("textarea").first
    box.fill("哪个单位公务接待费最多？")
    box.press("Enter")
    page.get_by_text("比较了", exact=False).first.wait_for(timeout=60_000)
    _settle(page)
    page.screenshot(path=str(shots / "follow-up-and-ranking.png"), full_page=True)
    body = page.inner_text("body")
    assert "会议费" in body and f"{meeting:g}" in body
    assert "排名" in body and "ranking" not in body  # the operation understood, in Chinese
