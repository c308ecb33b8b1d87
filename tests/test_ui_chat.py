"""The chat's coverage of a ranking agrees with the answer it stands under.

A ranking compares one year's filings. The answer says how many filings it left out
(另有 N 份未计入) and the chat lists each of them under its table (未计入的文件（N 份）).
A body with two filings of other years counted once in the answer and twice in the list
(另有 1 份 over 2 listed): N counts filings, each body is named once.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from budgetlens.pipeline import process
from budgetlens.qa import Asker
from budgetlens.settings import load
from budgetlens.ui.chat import coverage

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    base = tmp_path_factory.mktemp("ranking")
    text = (SAMPLES / "fx0004_text.txt").read_text(encoding="utf-8")
    files = []
    # one body in 2021 and 2022, two others in 2023: the ranking takes 2023
    for name, body, year in (("a2021.txt", "翠岫区民政局", 2021), ("a2022.txt", "翠岫区民政局", 2022),
                             ("b2023.txt", "岚岫县统计局", 2023), ("c2023.txt", "岚岫县档案局", 2023)):
        path = base / name
        path.write_text(text.replace("翠岫区民政局", body).replace("2021", str(year))
                        .replace("2020", str(year - 1)), encoding="utf-8")
        files.append(path)
    settings = load(base / "home").scoped(embedding="hash")
    assert not process(files, settings).failures
    a = Asker(settings)
    yield a
    a.close()


def test_a_rankings_left_out_count_is_the_list_the_chat_shows(asker):
    a = asker.ask("哪个单位公务接待费最多？")
    assert a.kind == "compare" and {r.fiscal_year for r in a.table} == {2023}, a.answer
    said = re.search(r"比较了 (\d+) 份2023年的文件，另有 (\d+) 份未计入（没有2023年的文件：([^）]*)）", a.answer)
    assert said, a.answer
    assert said.group(3) == "翠岫区民政局"  # the body once, for its two filings
    ranked, left = coverage(asker.store.documents(), a.understood)
    assert (ranked, len(left)) == (int(said.group(1)), int(said.group(2))) == (2, 2)
    assert left == ["翠岫区民政局 2021 决算 · a2021.txt", "翠岫区民政局 2022 决算 · a2022.txt"]
