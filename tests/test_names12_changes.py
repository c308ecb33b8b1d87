"""Changes asked across bodies and years: a ranking counted from a base (比上年…砍得最多) ranks
each body's change, never the level, and declines when the way is not read; each body's change
is read from its own filings of other years; a change computed from two years cites the
filing's own statement of it; two bodies compared by name (前者比后者, 市委宣传部 without 中共,
…比重庆市… which is no 比重)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from budgetlens.qa.plan import make_plan
from budgetlens.qa.resolve import Resolver
from qa_corpus import asker_over
from test_qa_engine import _filing

_NO_CHANGE = "与去年口径相同"  # a sentence stating the figure and no change


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(
        tmp_path_factory.mktemp("ws"),
        # 公务接待费: 公安局 10.00 (2022: 12.50 → −2.50), 水利局 6.00 (stated −0.90), 统计局 4.00 (+1.50)
        _filing("a" * 16, "澄岚县公安局", 2023, (30.00, 10.00, 10.00, 10.00), change=_NO_CHANGE),
        _filing("b" * 16, "澄岚县公安局", 2022, (32.50, 10.00, 12.50, 10.00), change=_NO_CHANGE),
        _filing("1" * 16, "澄岚县公安局", 2021, (31.00, 10.00, 11.00, 10.00), change=_NO_CHANGE),
        _filing("c" * 16, "澄岚县水利局", 2023, (20.00, 8.00, 6.00, 6.00), change="比上年减少0.90万元"),
        _filing("d" * 16, "澄岚县统计局", 2023, (10.00, 3.00, 4.00, 3.00), change="比上年增加1.50万元"),
        # 会议 two years of one body, the later one stating the change as well
        _filing("e" * 16, "澄岚县审计局", 2023, (9.00, 3.00, 5.00, 1.00), change="比上年增加1.00万元"),
        _filing("f" * 16, "澄岚县审计局", 2022, (8.00, 3.00, 4.00, 1.00), change=_NO_CHANGE),
        _filing("0" * 16, "中共澄岚县委宣传部", 2023, (7.00, 2.00, 3.00, 2.00), change=_NO_CHANGE),
    )
    yield a
    a.close()


@pytest.mark.parametrize("verb", ["砍得最多", "压得最多", "削减得最多", "下调最多"])
def test_a_ranking_by_a_cut_ranks_each_bodys_change_read_from_its_own_filings(asker, verb):
    a = asker.ask(f"澄岚县公安局、水利局、统计局，2023年公务接待费比上年{verb}的是哪家？")
    # 公安局's change is read from its 2022 filing (its 2023 one states none): −2.50 leads
    assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局"
    assert a.value == pytest.approx(-2.50) and "比上年" in a.answer


@pytest.mark.parametrize("asked", ["比上年变得最离谱的是哪家", "降得最离谱的是哪家", "哪家翻倍了"])
def test_a_ranking_whose_change_or_way_is_not_read_is_declined(asker, asked):
    a = asker.ask(f"澄岚县公安局、水利局、统计局，2023年公务接待费{asked}？")
    assert a.kind == "not_found" and a.value is None  # never the level (公安局 10.00) in its place


@pytest.mark.parametrize("asked, first, value", [
    ("降得最狠的是哪家", "澄岚县公安局", -2.50),
    ("缩水最多的是谁", "澄岚县公安局", -2.50),
    ("哪家变化最大", "澄岚县公安局", -2.50),  # the size of the change, either way
    ("涨得最猛的是哪家", "澄岚县统计局", 1.50),
])
def test_a_change_said_with_a_word_of_degree_ranks_the_change(asker, asked, first, value):
    a = asker.ask(f"澄岚县公安局、水利局、统计局，2023年公务接待费{asked}？")
    assert a.kind == "compare" and a.table[0].entity == first and a.value == pytest.approx(value)


def test_the_most_of_a_rise_where_none_rose_says_so(asker):
    a = asker.ask("澄岚县公安局和澄岚县水利局，2023年公务接待费谁增加得最多？")
    assert a.table[0].entity == "澄岚县水利局" and a.value == pytest.approx(-0.90)
    assert "都没有比上年增加" in a.answer


def test_a_change_computed_from_two_years_cites_the_filings_own_statement(asker):
    # (财政拨款…: the 三公 table's cells of both years, page 9; the narrative states the change, page 5)
    a = asker.ask("澄岚县审计局2023年财政拨款公务接待费比上年多了多少？")
    assert a.kind == "compare" and a.value == pytest.approx(1.00)
    assert any("比上年增加1.00万元" in c.quote and c.page == 5 for c in a.citations)
    assert "第5页也写明比上年增加 1 万元" in a.answer


def test_the_former_and_the_latter_are_the_two_bodies_named(asker):
    a = asker.ask("澄岚县公安局和澄岚县统计局2023年的公务接待费，前者比后者多多少万元？")
    assert a.kind == "compare" and a.value == pytest.approx(6.00) and len(a.citations) == 2


def test_a_party_body_said_without_its_party_word_beside_another_body(asker):
    a = asker.ask("澄岚县委宣传部2023年公务接待费比澄岚县统计局少多少万元？")
    assert a.kind == "compare" and a.value == pytest.approx(1.00)
    r = Resolver([SimpleNamespace(doc_id=f"{i:016x}", entity=n, names=[])
                  for i, n in enumerate(["中共深州市委宣传部", "深州市审计局", "中共深州市委组织部"])])
    res = r.resolve("深州市委宣传部2026年机关运行经费比深州市审计局多多少？")
    assert sorted(res.names) == ["中共深州市委宣传部", "深州市审计局"]
    assert r.resolve("中共深州市委宣传部2026年机关运行经费").rest.strip().startswith("2026")


def test_a_place_after_bi_is_no_share():
    assert make_plan("2026年重庆经信委的委托业务费比重庆市水利局多多少万元？", 2).operation == "difference"
    assert make_plan("2026年重庆市水利局的委托业务费占支出的比重是多少？", 1).operation == "share"


@pytest.mark.parametrize("asked", ["平均每人的公务接待费最多的是哪家", "公务接待费预算执行率最高的是哪家",
                                   "公务接待费和会议费加起来最多的是哪家"])
def test_a_ranking_by_a_figure_no_filing_prints_is_declined(asker, asked):
    a = asker.ask(f"澄岚县公安局、水利局、统计局，2023年{asked}？")
    assert a.kind == "not_found" and a.value is None  # never 公安局's 公务接待费 (10.00) in its place


def test_years_counted_back_from_the_conversations_year_or_the_latest_filed(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县公安局2023年公务接待费是多少？").value == pytest.approx(10.00)
    assert conv.ask("前年呢？").value == pytest.approx(11.00)  # 2021, never 2023's figure again
    conv = asker.conversation()
    conv.ask("澄岚县公安局2023年公务接待费是多少？")
    assert conv.ask("再往前一年呢？").value == pytest.approx(12.50)
    # a whole question: counted from the latest year filed (2023), as 今年 is
    assert asker.ask("澄岚县公安局前年公务接待费是多少？").value == pytest.approx(11.00)
    assert asker.ask("澄岚县公安局明年公务接待费是多少？").kind == "not_found"


@pytest.mark.parametrize("first_turn, turn, first, value", [
    ("谁最多", "那最少的呢？", "澄岚县统计局", 4.00),  # the other way round
    ("谁最多", "最少的是谁？", "澄岚县统计局", 4.00),
    # another measure, where the last one is said: 因公出国（境）费 least (3.00), not 公务接待费 (4.00)
    ("谁最少", "那因公出国（境）费呢？", "澄岚县统计局", 3.00),
])
def test_a_turn_after_a_ranking_asks_the_ranking_again_changed(asker, first_turn, turn, first, value):
    conv = asker.conversation()
    assert conv.ask(f"澄岚县公安局、水利局、统计局，2023年公务接待费{first_turn}？").kind == "compare"
    a = conv.ask(turn)
    assert a.kind == "compare" and a.table[0].entity == first and a.value == pytest.approx(value)


def test_a_body_after_a_ranking_is_no_measure(asker):
    conv = asker.conversation()
    conv.ask("澄岚县公安局、水利局、统计局，2023年公务接待费谁最多？")
    a = conv.ask("那审计局呢？")
    assert not (a.kind == "compare" and a.table)  # never a ranking of a measure named 审计局


@pytest.mark.parametrize("turn, value", [("减少了多少？", 2.50), ("变化多少？", -2.50), ("少了多少？", 2.50)])
def test_a_change_asked_with_no_measure_is_the_last_figures(asker, turn, value):
    conv = asker.conversation()
    assert conv.ask("澄岚县公安局2023年公务接待费是多少？").value == pytest.approx(10.00)
    a = conv.ask(turn)
    assert a.kind == "compare" and a.value == pytest.approx(value)
