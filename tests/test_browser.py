"""End to end in a real headless browser: every view of the app, with screenshots.

Uses Debian's chromium through playwright's ``executable_path`` (no browser download).
The sample filings are ingested first, so citations open real page images; beside them
the text sample's next year (for the checks across a body's filings) and a generated PDF
with one planted wrong cell (for a failing check boxed on its page). Screenshots go to
``$BUDGETLENS_SCREENSHOT_DIR`` (default: a temporary folder), one or two per point of the
app: chat-front, chat-answer, chat-citation-page, text-citations, docx-row, docx-paragraph,
chat-candidates, explore, checks-across, checks-boxes, thousands, compare, upload-progress,
upload, english, english-chat, english-compare, follow-up-and-ranking, ranking-coverage,
not-found, connection-lost, first-run.
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
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SERVER_HOME: dict[str, Path] = {}
TWIN = "蘅溪区民政局"
SENT: dict[int, list[bytes]] = {}  # what the server sent each page (websocket frames)
CARD_TABLES: dict[str, int] = {}  # tables an upload card counted, by file name
# what never shows in the Chinese interface: internal ids (table and check ids such as T09,
# B05, document.entity.T09), English status, type and operation words, Python's None and
# nan, machine paths (the workspace lives under a temporary folder)
INTERNAL = re.compile(
    r"(?<![A-Za-z])(?:fail|failed|warn|warning|pass|skipped|final_accounts|budget|None|nan|NaN|extractive"
    r"|amount|procurement_total|lookup|change_pct|not_found|clarify|Deploy)(?![A-Za-z])"
    r"|(?<![A-Za-z0-9])[TB]\d{2}(?![0-9])|(?<![A-Za-z])(?:document|across|performance)\.[a-z_]"
    r"|(?<![\w.])/(?:tmp|work|home|root|usr|var)/")

# Streamlit's own English words (menu, running and connection status, file uploader,
# input hints, skip link): none may show in the Chinese interface. The toolbar that held
# the menu and the status words is off (client.toolbarMode = "minimal"); the rest are
# worded by the app's CSS (ui.chrome_css)
CHROME = re.compile(
    r"(?<![A-Za-z])(?:Rerun|Always rerun|Settings|Print|Record a screencast|Clear cache|About|Deploy|Running"
    r"|Stop|Stopping|Connecting|Please wait|Connection error|Is Streamlit still running|Upload|Drag and drop"
    r"|per file|Browse files|Add files|Press Enter|Skip to main content|File change|Choose an option"
    r"|No results|Error)(?![A-Za-z])")
# the Chinese interface's own words, which never show in the English one (filing content,
# such as row names and bodies, stays as printed)
ZH_UI = re.compile(r"不一致|口径差异|尾差|未核|已核验|理解为|核对|第 \d+ 页|份文件|未能识别|模式：|金额单位|主要数字|计入排名")
# what never shows in the English interface: ids, raw status words, Python's None, paths
INTERNAL_EN = re.compile(
    r"(?<![A-Za-z])(?:warn|fail|failed|skipped|final_accounts|None|nan|NaN|change_pct|not_found)(?![A-Za-z])"
    r"|(?<![A-Za-z0-9])[TB]\d{2}(?![0-9])|(?<![A-Za-z])(?:document|across|performance)\.[a-z_]"
    r"|(?<![\w.])/(?:tmp|work|home|root|usr|var)/")

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
    # a bureau whose name differs from the .docx sample's (蘅溪县民政局) by one character, so
    # 「蘅溪民政局」 means either; its totals run over 1,000 万元 (thousands separators)
    twin = base / "twin_bureau.pdf"
    twin.write_bytes(render(replace(make_figures(9), entity=TWIN, fiscal_year=2023), "ruled"))
    report = process([SAMPLES / "fx0001_ruled.pdf", SAMPLES / "fx0002_borderless.pdf", SAMPLES / "fx0003_docx.docx",
                      SAMPLES / "fx0004_text.txt", later, planted, twin], load(home))
    assert not report.failures
    port = _free_port()
    # the server's output goes to a file: a pipe nobody reads fills up and stops the server
    log = base / "streamlit.log"
    out = log.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],  # an edited source never stops a run with its prompt
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
    sent = SENT.setdefault(id(p), [])
    p.on("websocket", lambda ws: ws.on("framereceived", lambda frame: sent.append(frame)))
    p.goto(server, wait_until="domcontentloaded")
    p.get_by_text("已载入", exact=False).first.wait_for(timeout=60_000)
    yield p
    SENT.pop(id(p), None)
    p.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    d = Path(os.environ.get("BUDGETLENS_SCREENSHOT_DIR") or tmp_path_factory.mktemp("shots"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def _gold(name: str) -> dict:
    return json.loads((SAMPLES / name).with_suffix(".json").read_text(encoding="utf-8"))


# Streamlit marks its root element with the run's state and the connection's
_RUN_DONE = """() => { const a = document.querySelector("[data-testid='stApp']");
  return !!a && a.getAttribute('data-test-connection-state') === 'CONNECTED'
    && a.getAttribute('data-test-script-state') === 'notRunning'; }"""


def _settle(page) -> None:
    """Wait until Streamlit has finished the run (the app shows no running indicator of
    Streamlit's: its root element says whether a run is going on)."""
    page.wait_for_timeout(400)
    page.wait_for_function(_RUN_DONE, timeout=60_000)
    page.wait_for_timeout(600)


def _view(page, label: str) -> None:
    page.locator("section[data-testid='stSidebar']").get_by_text(label, exact=True).click()
    _settle(page)


# what the page shows beside its visible text: table cells (a data grid draws them on a
# canvas; its accessible copy holds the text), chart labels (SVG), expander titles and
# contents (also when closed), the options of select boxes
_HIDDEN_TEXT = """() => Array.from(document.querySelectorAll(
    "[data-testid='stDataFrame'], [data-testid='stVegaLiteChart'] svg, [data-testid='stExpander'],"
    + "[data-testid='stSelectbox'], [data-testid='stMultiSelect'], [role='listbox']"))
  .map(e => e.textContent).join("\\n")"""
# fields of the messages the server sends that are not shown (ids, URLs, settings)
_NOT_SHOWN = {"id", "form_id", "url", "theme", "query_param_key", "icon", "avatar", "name", "type", "tag",
              "deferred_file_id", "selection_mode", "column_order", "columns", "raw_value", "raw_values",
              "autocomplete", "alt", "spec", "selection_state", "selection_default", "data", "arrow_data",
              "datasets", "script_run_id", "page_script_hash"}


# the text a person sees: text nodes that are drawn (not hidden, not of size 0, not an
# icon's ligature name, not a screen-reader-only label) and the words CSS puts before or
# after an element
_VISIBLE = """() => {
  const shown = e => { for (let x = e; x && x !== document.documentElement; x = x.parentElement) {
      const s = getComputedStyle(x);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
      const r = x.getBoundingClientRect();
      if ((r.width <= 1 || r.height <= 1) && s.overflow !== 'visible') return false;
      if (s.clip && s.clip !== 'auto') return false;
    } return true; };
  const out = [];
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (w.nextNode()) {
    const n = w.currentNode, e = n.parentElement;
    if (!e || !n.textContent.trim() || e.closest("[data-testid='stIconMaterial'], script, style, noscript")) continue;
    if (parseFloat(getComputedStyle(e).fontSize) === 0 || !shown(e)) continue;
    out.push(n.textContent);
  }
  for (const e of document.querySelectorAll('*')) for (const p of ['::before', '::after']) {
    const c = getComputedStyle(e, p).content;
    if (c && c.startsWith('"') && c.length > 2 && shown(e)) out.push(c.slice(1, -1));
  }
  return out.join('\\n'); }"""


def _seen(page) -> str:
    """What a person sees on the page, Streamlit's chrome included."""
    return page.evaluate(_VISIBLE)


def _no_chrome(page) -> str:
    """Assert that none of Streamlit's own English shows (nor its toolbar, menu or running
    indicator, which say Stop / Running / Deploy); returns the text seen."""
    seen = _seen(page)
    found = sorted({m.group(0) for m in CHROME.finditer(seen)})
    assert not found, (found, [seen[max(0, m.start() - 60):m.end() + 60] for m in CHROME.finditer(seen)][:3])
    for testid in ("stToolbar", "stMainMenu", "stAppDeployButton", "stStatusWidget"):
        assert page.locator(f"[data-testid='{testid}']").count() == 0, testid
    return seen


def _english_only(page) -> str:
    """The English page's text, after asserting that no word of the Chinese interface, id,
    raw status word or path shows in it."""
    body = page.inner_text("body")
    assert page.locator("[data-testid='stException']").count() == 0, body[-2000:]
    for where, text in (("page", body), ("hidden", page.evaluate(_HIDDEN_TEXT))):
        for pattern in (ZH_UI, INTERNAL_EN):
            found = sorted({m.group(0) for m in pattern.finditer(text)})
            assert not found, (where, found, [text[max(0, m.start() - 60):m.end() + 60]
                                              for m in pattern.finditer(text)][:3])
    return body


def _arrow_text(data: bytes) -> list[str]:
    """A table as sent: its column names and its text cells."""
    import pyarrow as pa

    table = pa.ipc.open_stream(data).read_all()
    out = [c for c in table.column_names if not c.startswith("__index_level")]
    for col in table.columns:
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            out += [v for v in col.to_pylist() if v]
    return out


def _spec_text(spec) -> list[str]:
    """A chart's titles and labels as sent (axis and legend titles, tooltips)."""
    if isinstance(spec, dict):
        return [v for k, v in spec.items() if k in ("title", "text") and isinstance(v, str)] + [
            x for v in spec.values() for x in _spec_text(v)]
    return [x for v in spec for x in _spec_text(v)] if isinstance(spec, list) else []


def _message_text(msg) -> list[str]:
    """Every string an element sent for display: labels, options, texts, table cells, chart
    titles and data."""
    out: list[str] = []
    for field, value in msg.ListFields():
        if field.name == "spec":
            out += _spec_text(json.loads(value))
        if field.name in ("data", "arrow_data") and isinstance(value, bytes) and value:
            out += _arrow_text(value)
        if field.name in _NOT_SHOWN and field.type != field.TYPE_MESSAGE:
            continue
        for v in (value if isinstance(value, (list, tuple)) or type(value).__name__.startswith("Repeated")
                  else [value]):
            if field.type == field.TYPE_MESSAGE:
                out += _message_text(v)
            elif field.type == field.TYPE_STRING:
                out.append(v)
    return out


def _sent_text(page) -> list[str]:
    """What the server sent this page to show, from the websocket frames it received."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    out: list[str] = []
    for frame in SENT.get(id(page), []):
        msg = ForwardMsg.FromString(frame if isinstance(frame, bytes) else frame.encode())
        if msg.WhichOneof("type") == "delta":
            out += _message_text(msg.delta)
    return out


def _chinese_only(page) -> str:
    """The page's text, after asserting that no internal id, English status word or path
    shows anywhere: in the visible text, in table cells, chart labels, closed expanders and
    select options, nor in anything the server sent the page to show; and no error."""
    body = page.inner_text("body")
    assert page.locator("[data-testid='stException']").count() == 0, body[-2000:]
    for where, text in (("page", body), ("hidden", page.evaluate(_HIDDEN_TEXT)),
                        ("sent", "\n".join(_sent_text(page)))):
        shown = sorted({m.group(0) for m in INTERNAL.finditer(text)})
        context = [text[max(0, m.start() - 60):m.end() + 60] for m in INTERNAL.finditer(text)][:3]
        assert not shown, (where, shown, context)
    _no_chrome(page)
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


def _shot(page, path: Path, top=None, height: int = 1800) -> None:
    """A screenshot of what matters. The app's main area scrolls inside its own container,
    so a browser's full-page shot shows only the window: the window is made ``height``
    tall and, given ``top`` (a locator), scrolled so that element starts at its top."""
    page.set_viewport_size({"width": 1280, "height": height})
    page.wait_for_timeout(600)
    if top is not None:
        top.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_timeout(300)


def _turn(page, question: str):
    """The chat message that asked ``question`` (the last one, when asked twice)."""
    return page.locator("[data-testid='stChatMessage']").filter(has_text=question).last


def _open_tab(page, name: str, shows: str) -> None:
    """Open the tab ``name`` until ``shows`` is visible in it (a click landing during a
    rerun is lost: the tab's text stays hidden)."""
    for attempt in range(3):
        page.get_by_role("tab", name=name).click()
        try:
            page.get_by_text(shows, exact=False).locator("visible=true").first.wait_for(timeout=20_000)
            return
        except Exception:
            if attempt == 2:
                raise
            _settle(page)


def _reply(page, question: str):
    """The chat message answering ``question`` (the one after the last that asked it)."""
    messages = page.locator("[data-testid='stChatMessage']")
    texts = messages.all_inner_texts()
    asked = max(i for i, text in enumerate(texts) if text.strip().endswith(question))
    return messages.nth(asked + 1)


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
    assert "已载入 7 份文件" in body and "可以这样问" in body and "预算 0 份，决算 7 份" in body
    assert gold["entity"] in body  # the example questions name a loaded bureau
    _shot(page, shots / "chat-front.png", height=900)
    _ask(page, f"{gold['entity']}{gold['fiscal_year']}年公务接待费是多少？", f"为 {reception:g} 万元")
    citation = page.get_by_text("fx0001_ruled.pdf 第", exact=False).first
    citation.wait_for(timeout=30_000)
    citation.click()
    page.get_by_text("红框为引文位置", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    _shot(page, shots / "chat-answer.png", _turn(page, "年公务接待费是多少？"))
    body = _chinese_only(page)
    assert "已核验" in body and "离线抽取" in body
    # the quote wraps inside its box: never one clipped line
    quote = page.locator("[data-testid='stExpander'] [data-testid='stMarkdownContainer'] p").first
    assert quote.evaluate("e => getComputedStyle(e).whiteSpace") in ("normal", "pre-wrap", "pre-line", "break-spaces")
    assert quote.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    image = page.locator("[data-testid='stExpander'] img").first  # the cited page with the quote's box
    page.set_viewport_size({"width": 1280, "height": 2600})  # the whole page image, clear of the input box
    page.wait_for_timeout(600)
    image.scroll_into_view_if_needed()
    image.screenshot(path=str(shots / "chat-citation-page.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


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
    _shot(page, shots / "text-citations.png", _turn(page, "翠岫区民政局2021年公务接待费是多少？"))
    body = _chinese_only(page)
    assert "支出决算表（公开03表）" in body  # the row's table, named as printed
    assert "公务接待费支出决算 1.33万元" in body  # the cited paragraph itself


def _expander(page, pattern: str, first: bool = False):
    """The expander whose title matches ``pattern`` (a regular expression): the last one
    (the latest answer's), or the first."""
    found = page.locator("[data-testid='stExpander']").filter(
        has=page.locator("summary").filter(has_text=re.compile(pattern)))
    return found.first if first else found.last


def _grid_text(page, grid) -> str:
    """A data grid's cells as text (its accessible copy, filled once the grid is drawn)."""
    page.wait_for_function("g => /\\d/.test(g.textContent)", arg=grid.element_handle(), timeout=30_000)
    return grid.text_content()


def test_docx_citations_show_the_table_row_and_the_paragraph(page, shots):
    """Point 1: a .docx citation (no page image) opens on the table row the cell was read
    from, the cited cell marked, or on the paragraph between its neighbours."""
    _ask(page, "蘅溪县民政局2023年基本支出是多少？", "159.21")
    row = _expander(page, r"fx0003_docx\.docx 第 \d+ 页 .*「")  # a cell citation: table「row」column
    row.locator("summary").click()
    row.get_by_text("所在表格行：", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    assert "159.21" in _grid_text(page, row.locator("[data-testid='stDataFrame']").first)  # the row, as printed
    assert re.search(r"所在表格行：表\d+ \S+表（万元），第 \d+ 页", row.inner_text())  # its table, as printed
    row.scroll_into_view_if_needed()
    _shot(page, shots / "docx-row.png", _turn(page, "蘅溪县民政局2023年基本支出是多少？"))
    _ask(page, "蘅溪县民政局2023年公务接待费是多少？", "1.11")
    paragraph = _expander(page, r"fx0003_docx\.docx 第 \d+ 页 .*公务接待费支出决算")
    paragraph.locator("summary").click()
    paragraph.get_by_text("原文上下文", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    paragraph.scroll_into_view_if_needed()
    _shot(page, shots / "docx-paragraph.png", _turn(page, "蘅溪县民政局2023年公务接待费是多少？"))
    _chinese_only(page)
    cited = paragraph.locator("strong").first.inner_text()  # the cited paragraph, in bold
    assert "公务接待费支出决算 1.11万元" in cited
    assert len(paragraph.locator("p").all_inner_texts()) >= 3  # with what comes before and after


def test_an_unsure_answer_shows_what_it_understood_and_its_candidates(page, shots):
    """Point 1: 「蘅溪民政局」 fits two loaded bodies (蘅溪县民政局, the .docx sample, and
    蘅溪区民政局): no number; the chat says what it understood and lists both, each with
    its file and page, one click from that page; never 已核验."""
    _ask(page, "蘅溪民政局2023年公务接待费是多少？", "相近的候选")
    body = _chinese_only(page)
    understood = next(line for line in body.splitlines() if line.startswith("理解为："))
    assert "蘅溪县民政局" in understood and TWIN in understood and "年度：2023" in understood
    assert "已核验" not in body and not re.search(r"\d\s*万元", body.split("蘅溪民政局2023年公务接待费是多少？")[1])
    _expander(page, r"蘅溪县民政局 · fx0003_docx\.docx 第 \d+ 页").wait_for(timeout=30_000)  # each with its file and page
    twin = _expander(page, rf"{TWIN} · twin_bureau\.pdf 第 \d+ 页")
    twin.locator("summary").click()
    twin.locator("img").first.wait_for(timeout=30_000)  # its page, one click away
    _settle(page)
    _shot(page, shots / "chat-candidates.png", _turn(page, "蘅溪民政局2023年公务接待费是多少？"))


def test_units_and_years_with_tables_and_checks_across_filings(page, shots):
    """Point 2 (a unit's filings, key figures over the years with a chart, tables as
    printed) and point 3 (the checks across the body's filings, under both of them)."""
    _view(page, "单位与年度")
    page.get_by_text("主要数字", exact=False).first.wait_for(timeout=30_000)
    _pick(page, 0, "翠岫区民政局")
    # the figures over the years: a column a year in the table, and a chart (drawn for two years or more)
    page.locator("[data-testid='stVegaLiteChart'] svg").first.wait_for(timeout=30_000)
    chart = page.locator("[data-testid='stVegaLiteChart'] svg").first.text_content()
    assert "2021 决算" in chart and "2022 决算" in chart and "支出总计" in chart and "…" not in chart
    assert page.get_by_test_id("stSelectbox").nth(1).locator("input").input_value().startswith("2021 决算")
    two_sided = _expander(page, "表1 收入支出决算总表", first=True)
    two_sided.locator("summary").click()  # a two-sided table, kept two-sided: 收入 left, 支出 right
    _settle(page)
    grids = two_sided.locator("[data-testid='stDataFrame']")
    assert grids.count() == 2
    left, right = grids.nth(0).bounding_box(), grids.nth(1).bounding_box()
    assert abs(left["y"] - right["y"]) < 5 and right["x"] >= left["x"] + left["width"]
    assert "收入" in _grid_text(page, grids.nth(0)) and "支出" in _grid_text(page, grids.nth(1))
    _shot(page, shots / "explore.png", page.locator("h2").first, height=2000)
    _chinese_only(page)
    for year in ("2021", "2022"):  # the findings across the two filings, under each of them
        _pick(page, 1, f"{year} 决算 · fx0004_text")
        _open_tab(page, "核对结果", "与同一单位其他文件的核对：")
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
    _shot(page, shots / "checks-across.png", page.get_by_text("核对结果：", exact=False).first)


def test_a_failing_check_opens_its_page_boxed_and_exports(page, shots):
    """Point 3: Chinese statuses with counts, each with a sentence; the page image with
    every cell involved boxed; an export with every finding's page."""
    _view(page, "单位与年度")
    page.get_by_text("主要数字", exact=False).first.wait_for(timeout=30_000)
    _pick(page, 0, "箐岚县人民政府办公室")
    _open_tab(page, "核对结果", "核对结果：")
    page.get_by_text("所涉单元格已框出", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    body = _chinese_only(page)
    assert "核对结果：不一致 2，" in body and "planted_cell.pdf 第 12 页" in body
    assert page.locator("[data-testid='stImage'] img, [data-testid='stImage']").count() >= 1
    # every cell the check involves is boxed: the row's parts and its total, at least two
    boxed = [int(n) for n in re.findall(r"planted_cell\.pdf 第 \d+ 页（红框：所涉单元格 (\d+) 处）", body)]
    assert boxed and sum(boxed) >= 2, boxed
    with page.expect_download() as info:
        page.get_by_text("导出核对结果（Markdown）").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# 箐岚县人民政府办公室 2024 决算 核对结果")
    findings = [line for line in text.splitlines() if line.startswith("- **")]
    assert findings and all("（第 " in line for line in findings)  # every finding with its page
    assert "**不一致**（第 12 页）" in text and "T05" not in text
    # a finding's label cut for the page picker ends with …, never inside a number (it read
    # 「基本支出 167.78 + 项目支出 0 = 1（第 12 页）」 for 0 = 195.12)
    picked = page.get_by_test_id("stSelectbox").last.locator("input").input_value()
    said = re.sub(r"（第 [\d、]+ 页）$", "", picked)
    assert said != picked and (said.endswith("…") or len(said) <= 63) and not re.search(r"\d…$", said), picked
    page.get_by_text("所涉单元格已框出", exact=False).first.scroll_into_view_if_needed()
    _shot(page, shots / "checks-boxes.png", page.get_by_text("核对结果：", exact=False).first, height=2600)


def test_numbers_carry_thousands_separators_and_their_unit(page, shots):
    """Point 5: amounts print with thousands separators and their unit, in the key figures
    and in each table as printed (the twin bureau's totals run over 1,000 万元)."""
    _view(page, "单位与年度")
    page.get_by_text("主要数字", exact=False).first.wait_for(timeout=30_000)
    _pick(page, 0, TWIN)
    figures = _grid_text(page, page.locator("[data-testid='stDataFrame']").first)  # the key figures
    assert re.search(r"\d,\d{3}\.\d{2} 万元", figures), figures[:400]
    assert not re.search(r"(?<![\d,.])\d{4,}\.\d{2}", figures)  # never 1003.03
    summary = _expander(page, "收入支出决算总表", first=True)
    assert "（万元，第 " in summary.locator("summary").inner_text()  # the table's unit and page
    summary.locator("summary").click()
    _settle(page)
    cells = " ".join(_grid_text(page, g) for g in summary.locator("[data-testid='stDataFrame']").all())
    assert re.search(r"\d,\d{3}\.\d{2}", cells) and not re.search(r"(?<![\d,.])\d{4,}\.\d{2}", cells)
    _chinese_only(page)
    _shot(page, shots / "thousands.png", page.locator("h2").first, height=1600)


def test_compare_filters_by_year_scope_and_type_with_coverage(page, shots):
    """Point 2: a ranking filtered by year, scope and type, saying how many filings print
    the measure; a CSV download."""
    _view(page, "比较与排名")
    page.get_by_text("份文件载有此项", exact=False).first.wait_for(timeout=30_000)
    assert "/ 7 份文件载有此项" in page.inner_text("body")
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
    # the chart's labels whole: each bar names its unit, year, scope and type, never cut (…)
    chart = page.locator("[data-testid='stVegaLiteChart'] svg").first.text_content()
    assert "翠岫区民政局 2021 部门决算" in chart and "岫川县医疗保障局 2021 部门决算" in chart and "…" not in chart
    # sortable: the table comes largest first; a click on the 单位 header sorts it by unit
    grid = page.locator("[data-testid='stDataFrame']").first
    page.wait_for_function("g => g.textContent.includes('岫川县医疗保障局')", arg=grid.element_handle(), timeout=30_000)
    before = grid.text_content()
    assert before.index("翠岫区民政局") < before.index("岫川县医疗保障局")  # 1.33 万元 before 0.06 万元
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 40, box["y"] + 17)  # the first column's header
    page.wait_for_function("g => g.textContent.includes('↑')", arg=grid.element_handle(), timeout=30_000)
    after = grid.text_content()
    assert after.index("岫川县医疗保障局") < after.index("翠岫区民政局")  # 岫 before 翠
    _shot(page, shots / "compare.png", height=1000)


def test_upload_shows_each_file_stage_by_stage(page, shots, tmp_path):
    """Point 4: each file's name and stage while it is processed (OCR page k of n for a
    scan), then a card with key figures and the check summary."""
    from budgetlens.fixtures.figures import make_figures
    from budgetlens.fixtures.generator import render
    from budgetlens.fixtures.scan import sample_table_pdf, scan_pdf

    docx = tmp_path / "farm_bureau.docx"
    docx.write_bytes(render(make_figures(6), "docx"))
    data, _ = sample_table_pdf(seed=3, pages=3, rows=8)
    scan = tmp_path / "scan3.pdf"
    scan.write_bytes(scan_pdf(data, dpi=150))
    _view(page, "上传")
    # the uploader's own words are the app's: its button and size line (they said Upload
    # and "200MB per file • PDF, DOCX, TXT")
    seen = _no_chrome(page)
    assert "选择文件" in seen and "每个文件不超过 200 MB · PDF、DOCX、TXT" in seen, seen[-600:]
    page.locator("input[type='file']").set_input_files([str(docx), str(scan)])
    page.get_by_role("button", name="处理").click()
    page.get_by_text("scan3.pdf：OCR 识别第", exact=False).first.wait_for(timeout=180_000)
    # while it runs, the app's own line says which file and stage; Streamlit's indicator
    # (Running…, Stop) is not there at all
    assert page.locator("[data-testid='stApp']").get_attribute("data-test-script-state") == "running"
    seen = _no_chrome(page)
    assert re.search(r"scan3\.pdf：OCR 识别第 \d/3 页", seen), seen[-600:]
    _shot(page, shots / "upload-progress.png", height=1000)
    page.get_by_text("scan3.pdf：已添加", exact=False).first.wait_for(timeout=240_000)
    _settle(page)
    _shot(page, shots / "upload.png", height=1400)
    body = _chinese_only(page)
    assert "farm_bureau.docx：已添加" in body and "个表格" in body
    assert "OCR 识别完成（3 页）" in body and "（其中 OCR 3 页）" in body
    assert "一致" in body and "万元" in body  # the card's check summary and key figures
    # a scan whose body could not be read is said so, never 「（未识别单位）」; its findings
    # rest on OCR text, and the card says how many
    assert "未能识别单位的扫描件 scan3.pdf" in body and "未识别单位）" not in body
    findings = re.search(r"其中 (\d+) 项所依据的数字由 OCR 从扫描页识别", body)
    assert findings and int(findings.group(1)) > 0, body[-800:]
    # the card counts the tables as read, as the first-run report does (it counted a
    # scan's grids: 3 where the report said 1)
    CARD_TABLES["scan3.pdf"] = int(re.search(r"scan3\.pdf：已添加，3 页（其中 OCR 3 页），(\d+) 个表格", body).group(1))


def test_english_switch(page, shots):
    """Point 5: the same app in English, every view: no word of the Chinese interface, no
    id or raw status word (a narrative check's message once read 「…: warn」), and
    Streamlit's own words in English too. What the filings print (bodies, row names,
    quotes) stays as printed."""
    gold = _gold("fx0001_ruled.pdf")
    page.locator("section[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    page.get_by_text("filings loaded", exact=False).first.wait_for(timeout=30_000)
    question = f"{gold['entity']}{gold['fiscal_year']}年公务接待费是多少？"
    _ask(page, question, "Understood as")
    page.get_by_text("fx0001_ruled.pdf page", exact=False).first.click()
    page.get_by_text("red box: cited text", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    reply = _reply(page, question).inner_text()
    understood = next(line for line in reply.splitlines() if line.startswith("Understood as:"))
    assert f"body: {gold['entity']}" in understood and "operation: look-up" in understood, understood
    assert "Verified" in reply and "Mode: offline, extractive" in reply
    _english_only(page)
    _shot(page, shots / "english-chat.png", _turn(page, question), height=1400)
    _view(page, "Units & years")
    _pick(page, 0, "箐岚县人民政府办公室")
    _open_tab(page, "Checks", "Checks:")
    _settle(page)
    _shot(page, shots / "english.png", page.get_by_text("Checks:", exact=False).first, height=1400)
    body = _english_only(page)
    assert "Checks: mismatch 2, rounding" in body
    sentences = [line for line in body.splitlines() if re.match(r"(mismatch|rounding|scope difference) \(page", line)]
    assert sentences and all(line.rstrip().endswith((".", ")")) for line in sentences), sentences
    _view(page, "Compare & rank")
    page.get_by_text("filings print this", exact=False).first.wait_for(timeout=30_000)
    _settle(page)
    _english_only(page)
    # amounts carry their unit in English (they read 「1.84 万元」), and a bar's label keeps
    # its words apart (it read 「2023 departmentfinal accounts」)
    grid = _grid_text(page, page.locator("[data-testid='stDataFrame']").first)
    assert "10k yuan" in grid and "万元" not in grid, grid[:300]
    chart = page.locator("[data-testid='stVegaLiteChart'] svg").first.text_content()
    assert "department final accounts" in chart and "departmentfinal" not in chart, chart[:300]
    # a label for every bar, drawn (Vega hid every other one as too close)
    drawn = page.locator("[data-testid='stVegaLiteChart'] svg").first.evaluate(
        "s => [...s.querySelectorAll('text')].filter(t => t.textContent.includes('final accounts')"
        " && getComputedStyle(t).opacity !== '0' && t.getAttribute('opacity') !== '0').length")
    assert drawn == grid.count("final accounts") > 1, (drawn, grid[:300])
    _shot(page, shots / "english-compare.png", height=1000)
    _view(page, "Upload")
    seen = _seen(page)  # the uploader's words follow the language too
    assert "Choose files" in seen and "200 MB per file · PDF, DOCX, TXT" in seen and "选择文件" not in seen
    _english_only(page)


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
    _shot(page, shots / "follow-up-and-ranking.png", _turn(page, "那会议费呢？"), height=2600)
    body = _chinese_only(page)
    assert "会议费" in body and f"{meeting:g}" in body
    assert "排名" in body and "ranking" not in body  # the operation understood, in Chinese
    # the ranking's coverage over every loaded filing, one year's: the ones left out listed
    # by body, year, type and file (a body with two filings of other years twice)
    ranking = _reply(page, "哪个单位公务接待费最多？")
    covered = re.search(r"(\d+) / (\d+) 份已载入的文件计入排名", ranking.inner_text())
    assert covered and 0 < int(covered.group(1)) < int(covered.group(2)), ranking.inner_text()[-800:]
    left = int(covered.group(2)) - int(covered.group(1))
    left_out = _expander(page, rf"未计入的文件（{left} 份）")
    left_out.locator("summary").click()
    _settle(page)
    listed = left_out.inner_text()
    assert "翠岫区民政局 2021 决算 · fx0004_text.txt" in listed and "翠岫区民政局 2022 决算 · fx0004_text_2022.txt" in listed
    assert "年" in ranking.inner_text().split("比较了")[1][:12]  # 比较了 4 份2023年的文件: one year
    if CARD_TABLES:  # the uploaded scan, named in a journalist's words (it read 「（未识别单位） 决算」)
        assert "未能识别单位的扫描件 scan3.pdf" in listed and "未识别单位）" not in listed, listed
    _shot(page, shots / "ranking-coverage.png", ranking, height=1600)


def test_a_not_found_reply_says_what_it_understood_and_why(page, shots):
    """Point 1 (dead ends): a measure the filing does not print is declined in Chinese,
    naming the body, year and measure understood and the reason, never 已核验."""
    _ask(page, "岫川县教育局2023年基本支出中的物业费是多少？", "没有找到")
    reply = _reply(page, "岫川县教育局2023年基本支出中的物业费是多少？").inner_text()
    body = _chinese_only(page)
    assert "印出的行中没有写明“物业”的" in reply and "no printed row" not in body
    understood = next(line for line in reply.splitlines() if line.startswith("理解为："))
    assert "岫川县教育局" in understood and "2023" in understood
    assert "已核验" not in reply and "最接近的印出项" in reply
    _shot(page, shots / "not-found.png", _turn(page, "岫川县教育局2023年基本支出中的物业费是多少？"), height=1200)


def test_a_lost_connection_is_said_in_chinese(browser, server, shots):
    """Point 5: when the server stops answering, the page says so in Chinese (Streamlit's
    toolbar said "Connecting", and after a while opens "Connection error"). The page's
    websocket is closed under it and the server's health check refused, as when the
    server stops."""
    p = browser.new_page(viewport={"width": 1280, "height": 900})
    sockets: list = []

    def connect(ws) -> None:  # the first socket reaches the server; after it is closed, none
        if sockets:
            ws.close()
            return
        sockets.append(ws)
        ws.connect_to_server()

    try:
        p.route_web_socket(re.compile(r".*/_stcore/stream"), connect)
        p.goto(server, wait_until="domcontentloaded")
        p.get_by_text("已载入", exact=False).first.wait_for(timeout=60_000)
        _settle(p)
        assert p.locator("[data-testid='stApp']").evaluate("a => getComputedStyle(a, '::before').content") == "none"
        p.route(re.compile(r".*/_stcore/(health|host-config).*"), lambda route: route.abort())
        sockets[0].close()
        p.wait_for_function("() => document.querySelector(\"[data-testid='stApp']\")"
                            ".getAttribute('data-test-connection-state') !== 'CONNECTED'", timeout=30_000)
        p.wait_for_timeout(500)
        said = p.locator("[data-testid='stApp']").evaluate("a => getComputedStyle(a, '::before').content")
        assert said.startswith('"与应用的连接已断开，正在重新连接'), said
        seen = _no_chrome(p)
        assert "与应用的连接已断开" in seen
        p.screenshot(path=str(shots / "connection-lost.png"))
    finally:
        p.close()


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
    # a filing without a year or type says what it has, with no gap for what it lacks
    assert not [line for line in text.splitlines() if line.startswith("■") and "  " in line], text[:1500]
    assert "streamlit run app.py" in text and "budgetlens ask" in text
    assert "warning" not in (run.stdout + run.stderr).lower()
    # the answer cites where its value stands (a table named as printed, never T09, or the
    # sentence that prints it): the number answered is in the citation's quote
    assert "T09" not in text
    if CARD_TABLES:  # the upload card and the report say one count of tables
        line = re.search(r"■ scan3\.pdf：.*，(\d+) 个表格", text)
        assert line and int(line.group(1)) == CARD_TABLES["scan3.pdf"], (line, CARD_TABLES)
    answer = re.search(r"答：.*?(\d[\d,]*\.\d+) 万元", text)
    cited = re.search(r"\[1\] \S+ 第 \d+ 页 ?(.+)", text)
    assert answer and cited and answer.group(1) in cited.group(1), text[-1500:]
    p = browser.new_page(viewport={"width": 1100, "height": 900})
    p.set_content("<pre style='font-size:14px;white-space:pre-wrap'></pre>")
    p.locator("pre").evaluate("(el, t) => el.textContent = t", "$ budgetlens tour\n" + text)
    p.screenshot(path=str(shots / "first-run.png"), full_page=True)
    p.close()
