"""End to end in a real headless browser: every view of the app, with screenshots.

Uses Debian's chromium through playwright's ``executable_path`` (no browser download).
The sample filings are ingested first, so citations open real page images; beside them
the text sample's next year (for the checks across a body's filings) and a generated PDF
with one planted wrong cell (for a failing check boxed on its page). Screenshots go to
``$BUDGETLENS_SCREENSHOT_DIR`` (default: a temporary folder), one or two per point of the
app: chat-answer, text-citations, explore, checks-across, checks-boxes, compare,
upload-progress, upload, english, follow-up-and-ranking, first-run.
"""

from __future__ import annotations

import json
import os
import re
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
SERVER_HOME: dict[str, Path] = {}
# what never shows in the Chinese interface: internal ids, English status and type words,
# machine paths (the workspace lives under a temporary folder)
INTERNAL = ("fail", "warn", "pass", "skipped", "final_accounts", "budget", "None", "extractive",
            "procurement_total", "/tmp", "T09", "T03", "T05")

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text(errors='replace')[-4000:]}")
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

    from budgetlens.fixtures.figures import make_figures, plant_error
    from budgetlens.fixtures.generator import render

    base = tmp_path_factory.mktemp("browser")
    home = base / "home"
    env = {**os.environ, "BUDGETLENS_HOME": str(home), "BUDGETLENS_EMBEDDING": "hash"}
    env.pop("BUDGETLENS_LLM", None)
    os.environ["BUDGETLENS_EMBEDDING"] = "hash"
    # the text sample's bureau a year later (same figures, so its 比上年 changes disagree)
    later = base / "fx0004_text_2022.txt"
    later.write_text((SAMPLES / "fx0004_text.txt").read_text(encoding="utf-8")
                     .replace("2021", "2022").replace("2020", "2021"), encoding="utf-8")
    planted = base / "planted_cell.pdf"  # one cell of 公开05表 printed wrong
    planted.write_bytes(render(plant_error(make_figures(11), "cell", 11)[0], "ruled"))
    report = process([SAMPLES / "fx0001_ruled.pdf", SAMPLES / "fx0002_borderless.pdf", SAMPLES / "fx0004_text.txt",
                      later, planted], load(home))
    assert not report.failures
    port = _free_port()
    # the server's output goes to a file: a pipe nobody reads fills up and stops the server
    log = base / "streamlit.log"
    out = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(port, proc, log)
        SERVER_HOME["home"] = home
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        out.close()
        # an OCR worker that re-ran the app would log Streamlit's bare-mode warning (it did, 84 times)
        assert "missing ScriptRunContext" not in log.read_text(errors="replace")


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


def _chinese_only(page) -> str:
    """The page's text, after asserting no internal id, English status word or path shows."""
    body = page.inner_text("body")
    shown = [w for w in INTERNAL if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z0-9])", body)]
    assert not shown, shown
    return body


def _pick(page, index: int, option: str) -> None:
    """Choose ``option`` in the ``index``-th select box of the page."""
    box = page.get_by_test_id("stSelectbox").nth(index)
    for attempt in range(3):  # a rerun may close the list under the pointer: open it again
        box.locator("input").click()
        box.locator("input").fill(option)
        try:
            page.get_by_role("option", name=option).first.click(timeout=20_000)
            break
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            _settle(page)
    _settle(page)
    assert box.locator("input").input_value().startswith(option)


def _ask(page, question: str, wait_for: str) -> None:
    box = page.locator("textarea").first
    box.fill(question)
    box.press("Enter")
    page.get_by_text(wait_for, exact=False).first.wait_for(timeout=60_000)
    _settle(page)


def test_chat_front_page_answer_and_citation(page, shots):
    """Point 1: what is loaded, examples from it, an answer whose PDF citation opens the
    page with the quote's box."""
    gold = _gold("fx0001_ruled.pdf")
    t09 = next(t for t in gold["tables"] if t["table_id"] == "T09")
    reception = next(r for r in t09["rows"] if r["key"] == "actual")["cells"]["reception"]
    body = page.inner_text("body")
    assert "已载入 5 份文件" in body and "可以这样问" in body and "预算 0 份，决算 5 份" in body
    assert gold["entity"] in body  # the example questions name a loaded bureau
    page.screenshot(path=str(shots / "chat-front.png"), full_page=True)
    _ask(page, f"{gold['entity']}{gold['fiscal_year']}年公务接待费是多少？", f"为 {reception:g} 万元")
    citation = page.get_by_text("fx0001_ruled.pdf 第", exact=False).first
    citation.wait_for(timeout=30_000)
    citation.click()
    page.get_by_text("红框为引文位置", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    page.screenshot(path=str(shots / "chat-answer.png"), full_page=True)
    body = _chinese_only(page)
    assert "已核验" in body and "离线抽取" in body
    image = page.locator("[data-testid='stExpander'] img").first  # the cited page with the quote's box
    image.screenshot(path=str(shots / "chat-citation-page.png"))


def test_text_and_docx_citations_show_their_place(page, shots):
    """Point 1: a .txt citation opens on its table row (the cited cell marked) or on its
    paragraph between its neighbours."""
    _ask(page, "翠岫区民政局2021年基本支出是多少？", "397.29")
    page.get_by_text("fx0004_text.txt 第 1 页", exact=False).first.click()
    page.get_by_text("所在表格行", exact=False).first.wait_for(timeout=30_000)
    _ask(page, "翠岫区民政局2021年公务接待费是多少？", "1.33")
    page.get_by_text("fx0004_text.txt 第 1 页", exact=False).last.click()
    page.get_by_text("原文上下文", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    page.screenshot(path=str(shots / "text-citations.png"), full_page=True)
    body = _chinese_only(page)
    assert "支出决算表（公开03表）" in body  # the row's table, named as printed
    assert "公务接待费支出决算 1.33万元" in body  # the cited paragraph itself


def test_units_and_years_with_tables_and_checks_across_filings(page, shots):
    """Point 2 (a unit's filings, key figures over the years with a chart, tables as
    printed) and point 3 (the checks across the body's filings, under both of them)."""
    _view(page, "单位与年度")
    page.get_by_text("主要数字", exact=False).first.wait_for(timeout=30_000)
    _pick(page, 0, "翠岫区民政局")
    # the figures over the years: a column a year in the table, and a chart (drawn for two years or more)
    page.locator("[data-testid='stVegaLiteChart']").first.wait_for(timeout=30_000)
    assert page.get_by_test_id("stSelectbox").nth(1).locator("input").input_value().startswith("2021 决算")
    page.get_by_text("收入支出决算总表", exact=False).first.click()  # a two-sided table, kept two-sided
    _settle(page)
    page.screenshot(path=str(shots / "explore.png"), full_page=True)
    _chinese_only(page)
    for year in ("2021", "2022"):  # the findings across the two filings, under each of them
        _pick(page, 1, f"{year} 决算 · fx0004_text")
        page.get_by_role("tab", name="核对结果").click()
        page.get_by_text("与同一单位其他文件的核对：", exact=False).first.wait_for(timeout=30_000)
        _settle(page)
        body = _chinese_only(page)
        assert "口径差异 2" in body or "尾差 2" in body or "不一致 2" in body  # the two 比上年 findings
        with page.expect_download() as info:  # the export carries them too, with their messages
            page.get_by_text("导出核对结果（Markdown）").click()
        text = Path(info.value.path()).read_text(encoding="utf-8")
        assert "## 与同一单位其他文件：口径差异 2 项" in text and "推得上年" in text
        page.get_by_role("tab", name="表格").click()
    page.get_by_role("tab", name="核对结果").click()
    _settle(page)
    page.get_by_text("与同一单位其他文件的核对：", exact=False).first.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "checks-across.png"), full_page=True)


def test_a_failing_check_opens_its_page_boxed_and_exports(page, shots):
    """Point 3: Chinese statuses with counts, each with a sentence; the page image with
    every cell involved boxed; an export with every finding's page."""
    _view(page, "单位与年度")
    page.get_by_text("主要数字", exact=False).first.wait_for(timeout=30_000)
    _pick(page, 0, "箐岚县人民政府办公室")
    page.get_by_role("tab", name="核对结果").click()
    page.get_by_text("核对结果：", exact=False).first.wait_for(timeout=30_000)
    page.get_by_text("所涉单元格已框出", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    body = _chinese_only(page)
    assert "核对结果：不一致 2，" in body and "planted_cell.pdf 第 12 页" in body
    assert page.locator("[data-testid='stImage'] img, [data-testid='stImage']").count() >= 1
    with page.expect_download() as info:
        page.get_by_text("导出核对结果（Markdown）").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# 箐岚县人民政府办公室 2024 决算 核对结果")
    findings = [line for line in text.splitlines() if line.startswith("- **")]
    assert findings and all("（第 " in line for line in findings)  # every finding with its page
    assert "**不一致**（第 12 页）" in text and "T05" not in text
    page.get_by_text("所涉单元格已框出", exact=False).first.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "checks-boxes.png"), full_page=True)


def test_compare_filters_by_year_scope_and_type_with_coverage(page, shots):
    """Point 2: a ranking filtered by year, scope and type, saying how many filings print
    the measure; a CSV download."""
    _view(page, "比较与排名")
    page.get_by_text("份文件载有此项", exact=False).first.wait_for(timeout=30_000)
    assert "/ 5 份文件载有此项" in page.inner_text("body")
    _pick(page, 1, "2021")
    _pick(page, 2, "部门")
    _pick(page, 3, "决算")
    page.get_by_text("2 / 2 份文件载有此项", exact=False).first.wait_for(timeout=30_000)
    body = _chinese_only(page)
    assert "翠岫区民政局" in body and "岫川县医疗保障局" in body and "岫川县教育局" not in body
    with page.expect_download() as info:
        page.get_by_text("下载 CSV").click()
    csv = Path(info.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert csv[0].startswith("单位,年度,范围,类型,数值") and len(csv) == 3
    page.screenshot(path=str(shots / "compare.png"), full_page=True)


def test_upload_shows_each_file_stage_by_stage(page, shots, tmp_path):
    """Point 4: each file's name and stage while it is processed (OCR page k of n for a
    scan), then a card with key figures and the check summary."""
    from budgetlens.fixtures.scan import sample_table_pdf, scan_pdf

    data, _ = sample_table_pdf(seed=3, pages=3, rows=8)
    scan = tmp_path / "scan3.pdf"
    scan.write_bytes(scan_pdf(data, dpi=150))
    _view(page, "上传")
    page.locator("input[type='file']").set_input_files([str(SAMPLES / "fx0003_docx.docx"), str(scan)])
    page.get_by_role("button", name="处理").click()
    page.get_by_text("scan3.pdf：OCR 识别第", exact=False).first.wait_for(timeout=180_000)
    page.screenshot(path=str(shots / "upload-progress.png"), full_page=True)
    page.get_by_text("scan3.pdf：已添加", exact=False).first.wait_for(timeout=240_000)
    _settle(page)
    page.screenshot(path=str(shots / "upload.png"), full_page=True)
    body = _chinese_only(page)
    assert "fx0003_docx.docx：已添加" in body and "个表格" in body
    assert "OCR 识别完成（3 页）" in body and "（其中 OCR 3 页）" in body
    assert "一致" in body and "万元" in body  # the card's check summary and key figures


def test_english_switch(page, shots):
    """Point 5: the same app in English."""
    page.locator("section[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    page.get_by_text("filings loaded", exact=False).first.wait_for(timeout=30_000)
    _view(page, "Units & years")
    _pick(page, 0, "箐岚县人民政府办公室")
    page.get_by_role("tab", name="Checks").click()
    page.get_by_text("Checks:", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    page.screenshot(path=str(shots / "english.png"), full_page=True)
    body = page.inner_text("body")
    assert "mismatch" in body.lower() or "Mismatch" in body
    assert "不一致" not in body.split("Checks:")[1].splitlines()[0]  # statuses in English


def test_a_follow_up_and_a_ranking_with_its_coverage(page, shots):
    """Point 1 and 7: a follow-up that uses the turn before; a ranking with its coverage."""
    gold = _gold("fx0001_ruled.pdf")
    t09 = next(t for t in gold["tables"] if t["table_id"] == "T09")
    meeting = next(r for r in t09["rows"] if r["key"] == "actual")["cells"]["meeting"]
    reception = next(r for r in t09["rows"] if r["key"] == "actual")["cells"]["reception"]
    _ask(page, f"{gold['entity']}{gold['fiscal_year']}年公务接待费是多少？", "理解为")
    _ask(page, "那会议费呢？", f"{meeting:g} 万元")  # only makes sense with the turn before
    _ask(page, f"{gold['entity']}{gold['fiscal_year']}年会议费比公务接待费多多少？", "相差")
    body = _chinese_only(page)
    assert f"{meeting:g} − {reception:g} = {meeting - reception:.2f} 万元" in body  # the computation, shown
    assert "差额" in body  # the operation understood, in Chinese
    _ask(page, "哪个单位公务接待费最多？", "比较了")
    page.screenshot(path=str(shots / "follow-up-and-ranking.png"), full_page=True)
    body = _chinese_only(page)
    assert "会议费" in body and f"{meeting:g}" in body
    assert "排名" in body and "ranking" not in body  # the operation understood, in Chinese


def test_first_run_report(browser, server, shots):
    """Point 6: what the demo ends with (``budgetlens tour``): per filing a few key figures
    with their pages and the check summary, one question answered with its citation, the
    next commands. Shown in the browser as the terminal prints it."""
    cli = Path(sys.executable).with_name("budgetlens")
    env = {**os.environ, "BUDGETLENS_HOME": str(SERVER_HOME["home"]), "BUDGETLENS_EMBEDDING": "hash"}
    run = subprocess.run([str(cli), "tour"], capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    text = run.stdout
    assert "■ fx0001_ruled.pdf：岫川县教育局 2023 决算" in text and "（第 " in text
    assert "核对：" in text and "问：" in text and "答：" in text
    assert "streamlit run app.py" in text and "budgetlens ask" in text
    assert "warning" not in (run.stdout + run.stderr).lower()
    # the answer cites where the value stands: the 三公 table, named as printed (never T09), or
    # the narrative sentence that prints the same figure
    assert "T09" not in text
    assert "“三公”经费支出决算表（公开09表）「决算数」公务接待费" in text or "公务接待费支出决算1.84万元" in text
    p = browser.new_page(viewport={"width": 1100, "height": 900})
    p.set_content("<pre style='font-size:14px;white-space:pre-wrap'></pre>")
    p.locator("pre").evaluate("(el, t) => el.textContent = t", "$ budgetlens tour\n" + text)
    p.screenshot(path=str(shots / "first-run.png"), full_page=True)
    p.close()
