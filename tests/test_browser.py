"""End to end in a real headless browser: start the app, ask, see an answer with a citation.

Uses Debian's chromium through playwright's ``executable_path`` (no browser download).
A real sample filing is ingested first, so the citation opens a real page image.
The screenshot is saved to ``$BUDGETLENS_SCREENSHOT_DIR`` (default: the test's tmp dir).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


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


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
def test_question_in_the_browser_shows_an_answer_with_a_citation(settings, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    import json

    from budgetlens.pipeline import process

    sample = ROOT / "samples" / "fx0001_ruled.pdf"
    gold = json.loads(sample.with_suffix(".json").read_text(encoding="utf-8"))
    t09 = next(t for t in gold["tables"] if t["table_id"] == "T09")
    reception = next(r for r in t09["rows"] if r["key"] == "actual")["cells"]["reception"]
    report = process([sample], settings)
    assert not report.failures
    question = f"{gold['entity']}{gold['fiscal_year']}年公务接待费是多少？"
    port = _free_port()
    env = {**os.environ, "BUDGETLENS_HOME": str(settings.home), "BUDGETLENS_EMBEDDING": "hash"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    shot_dir = Path(os.environ.get("BUDGETLENS_SCREENSHOT_DIR", tmp_path))
    shot_dir.mkdir(parents=True, exist_ok=True)
    shot = shot_dir / "chat-answer.png"
    try:
        _wait_for(port, proc)
        with playwright.sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                      "--disable-background-networking", "--disable-component-update", "--disable-sync"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
            box = page.get_by_placeholder("例如：镇安县医保局2023年公务接待费是多少？")
            box.wait_for(timeout=60_000)
            box.fill(question)
            box.press("Enter")
            page.get_by_text(f"为 {reception:g} 万元", exact=False).first.wait_for(timeout=60_000)
            citation = page.get_by_text("fx0001_ruled.pdf 第", exact=False).first
            citation.wait_for(timeout=30_000)
            citation.click()
            page.get_by_text("红框为引文位置", exact=False).first.wait_for(timeout=30_000)
            page.wait_for_timeout(800)
            page.screenshot(path=str(shot), full_page=True)
            images = page.locator("img").count()
            body = page.inner_text("body")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert gold["entity"] in body and f"{reception:g}" in body
    assert "已核验" in body
    assert images >= 1  # the cited page, rendered with the quote's box outlined
    assert shot.exists() and shot.stat().st_size > 10_000
