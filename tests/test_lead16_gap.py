"""A change asked as a gap (跟去年比呢，差多少？) is answered by its size, the direction said in
words, whether the filing states the change or the two years are read from two filings; a
change asked signed (增减了多少) keeps its sign."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over
from test_qa_engine import _filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    # 公务接待费 4.10 万元, 比上年减少0.90万元; 行政运行 120.50 (2026) against 150.00 (2025)
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   _filing("c" * 16, "澄岚县水利局", 2026, (30.00, 8.00, 4.10, 10.00),
                           change="比上年减少0.90万元，下降18.00%"),
                   _filing("d" * 16, "澄岚县水利局", 2025, (36.00, 8.00, 5.00, 10.00), admin=150.0,
                           change="比上年增加1.00万元"))
    yield a
    a.close()


@pytest.mark.parametrize("line, size", [("公务接待费", 0.9), ("行政运行", 29.5)])
def test_a_gap_asked_after_a_line_is_its_size(asker, line, size):
    conv = asker.conversation()
    conv.ask(f"澄岚县水利局2026年{line}是多少？")
    a = conv.ask("跟去年比呢，差多少？")
    assert (a.unit, a.value) == ("万元", pytest.approx(size)), a.answer
    assert "减少" in a.answer


def test_a_change_asked_signed_keeps_its_sign(asker):
    a = asker.ask("澄岚县水利局2026年行政运行比上年增减了多少万元？")
    assert a.value == pytest.approx(-29.5), a.answer
