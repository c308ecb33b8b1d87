"""Rankings by a change (比上年增加最多, 增幅最大, 减少最多): each body's change computed from this
year's figure and the change its filing states, never its level ranked in its place."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over
from test_qa_engine import _filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(
        tmp_path_factory.mktemp("ws"),
        # 公务接待费 10.00 (+2.00), 6.00 (−0.90), 4.00 (+1.50): the levels rank 公安局 first throughout
        _filing("a" * 16, "澄岚县公安局", 2023, (30.00, 10.00, 10.00, 10.00), change="比上年增加2.00万元"),
        _filing("b" * 16, "澄岚县水利局", 2023, (20.00, 8.00, 6.00, 6.00), change="比上年减少0.90万元"),
        _filing("c" * 16, "澄岚县统计局", 2023, (10.00, 3.00, 4.00, 3.00), change="比上年增加1.50万元"),
    )
    yield a
    a.close()


@pytest.mark.parametrize("asked, first, value, unit", [
    ("比上年增加最多的是哪家", "澄岚县公安局", 2.00, "万元"),
    ("谁的增幅最大", "澄岚县统计局", 60.00, "%"),
    ("比上年减少最多的是谁", "澄岚县水利局", -0.90, "万元"),
])
def test_a_ranking_by_a_change_ranks_each_body_s_change(asker, asked, first, value, unit):
    a = asker.ask(f"澄岚县公安局、水利局、统计局，2023年公务接待费{asked}？")
    assert a.kind == "compare" and a.table[0].entity == first
    assert a.value == pytest.approx(value, abs=0.01) and a.unit == unit
    assert len(a.citations) == 6 and a.verified  # this year's figure and the change, for each body


def test_a_level_ranking_is_not_read_as_a_change(asker):
    a = asker.ask("澄岚县公安局、水利局、统计局，2023年公务接待费谁最少？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县统计局" and a.value == pytest.approx(4.00)


def test_a_listed_body_not_found_leaves_the_first_change_open(asker):
    a = asker.ask("澄岚县公安局、水利局、档案局、统计局，2023年公务接待费比上年增加最多的是哪家？")
    assert a.kind == "clarify" and a.value is None
    assert "档案局没有找到文件" in a.answer
    assert [c["label"] for c in a.candidates][0] == "澄岚县公安局"
