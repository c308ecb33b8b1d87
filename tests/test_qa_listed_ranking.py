"""Rankings over bodies listed after one place (澄岚县城管局、医保局、卫健委和公安局，谁的…最高):
each short form is matched against the names the filings print, the place carries over,
a short form matching two bodies asks which, one matching none is named, and a ranking by
a share computes each body's share."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from budgetlens.qa.resolve import Resolver, listed_bodies

from test_qa_engine import _filing
from qa_corpus import asker_over


def _resolver(*names: str) -> Resolver:
    return Resolver([SimpleNamespace(doc_id=f"{i:016x}", entity=n, names=[]) for i, n in enumerate(names)])


def test_listed_short_forms_take_the_place_and_match_the_printed_names():
    r = _resolver("深州市城市管理和综合执法局", "深州市财政局", "深州市发展和改革委员会", "深州市公安局",
                  "深州市公安局交通管理局", "中共深州市委宣传部", "深州市人民政府口岸办公室", "深州市市场监督管理局")
    got = listed_bodies(r, "深州市城管局、财政局、发改委、公安局、口岸办、市场监管局和市委宣传部，2026年谁的公务接待费最高？")
    assert got["names"] == ["深州市城市管理和综合执法局", "深州市财政局", "深州市发展和改革委员会", "深州市公安局",
                            "深州市人民政府口岸办公室", "深州市市场监督管理局", "中共深州市委宣传部"]
    assert not got["missing"] and not got["ambiguous"]
    assert "公务接待费" in got["rest"] and "城管局" not in got["rest"]
    # 交警局 is what journalists call the 公安局交通管理局; a name in brackets is tried first
    got = listed_bodies(r, "深州市公安局、交警局这几家，2026年谁的政府采购预算最多？")
    assert got["names"] == ["深州市公安局", "深州市公安局交通管理局"]
    got = listed_bodies(r, "深州市财政局、交通局（公安局交通管理局），谁的“三公”经费最多？")
    assert got["names"] == ["深州市财政局", "深州市公安局交通管理局"]


def test_a_sub_body_takes_the_first_ones_parent_and_the_last_item_splits_only_when_it_must():
    r = _resolver("深州市规划和自然资源局宝安管理局", "深州市规划和自然资源局盐田管理局", "深州市审计局",
                  "深州市自然资源和规划局", "深州市文化广电旅游体育局", "中共深州市委宣传部")
    got = listed_bodies(r, "深州规划和自然资源局宝安管理局、盐田管理局、审计局这几家，哪家公务接待费最少？")
    assert got["names"] == ["深州市规划和自然资源局宝安管理局", "深州市规划和自然资源局盐田管理局", "深州市审计局"]
    got = listed_bodies(r, "深州市审计局、自然资源和规划局，谁的“三公”经费最多？")
    assert got["names"] == ["深州市审计局", "深州市自然资源和规划局"]  # 和 inside a name stays
    got = listed_bodies(r, "深州市审计局、文广旅体局和市委宣传部，谁的“三公”经费最多？")
    assert got["names"] == ["深州市审计局", "深州市文化广电旅游体育局", "中共深州市委宣传部"]


def test_a_short_form_of_two_bodies_is_ambiguous_and_one_of_none_is_missing():
    r = _resolver("深州市城市管理和综合执法局", "深州市城市更新和土地整备局", "深州市财政局")
    got = listed_bodies(r, "深州市财政局、城局、气象局，谁的“三公”经费最多？")
    assert got["names"] == ["深州市财政局"] and got["missing"] == ["气象局"]
    assert got["ambiguous"] == [("城局", ["深州市城市管理和综合执法局", "深州市城市更新和土地整备局"])]
    assert listed_bodies(r, "深州市财政局2026年“三公”经费是多少？") is None


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    a = asker_over(
        home,
        _filing("a" * 16, "澄岚县城市管理和综合执法局", 2023, (35.10, 28.00, 4.10, 3.00)),
        _filing("b" * 16, "澄岚县卫生健康委员会", 2023, (50.00, 40.00, 6.00, 4.00)),
        _filing("c" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00)),
        _filing("d" * 16, "澄岚县公安局交通管理局", 2023, (90.00, 30.00, 12.00, 48.00)),
    )
    yield a
    a.close()


def test_a_listed_ranking_answers_with_every_body_resolved(asker):
    a = asker.ask("澄岚县城管局、卫健委、公安局和交警局，2023年谁的公务接待费最高？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局交通管理局" and a.value == pytest.approx(12.0)
    assert len(a.understood["covered"]) == 4 and a.verified
    assert [r.entity for r in a.table] == ["澄岚县公安局交通管理局", "澄岚县公安局", "澄岚县卫生健康委员会",
                                           "澄岚县城市管理和综合执法局"]
    a = asker.ask("澄岚县城管局、卫健委、公安局这几家，2023年“三公”经费排前三的是哪几家？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局"


def test_a_listed_body_not_found_is_named_and_no_first_place_is_stated(asker):
    a = asker.ask("澄岚县城管局、卫健委、气象局，2023年谁的公务接待费最高？")
    assert a.kind == "clarify" and a.value is None and "气象局没有找到文件" in a.answer
    assert a.understood["not_resolved"] == ["气象局"]
    assert [c["label"] for c in a.candidates] == ["澄岚县卫生健康委员会", "澄岚县城市管理和综合执法局"]


def test_a_ranking_by_a_share_computes_each_bodys_share(asker):
    a = asker.ask("澄岚县城管局、卫健委、公安局和交警局，2023年因公出国（境）费占“三公”经费的比重谁最高？")
    # 卫健委 40 ÷ 50 = 80.00% over 城管局 28 ÷ 35.10 = 79.77%, 公安局 62.50% and 交警局 33.33%
    assert a.kind == "compare" and a.unit == "%" and a.table[0].entity == "澄岚县卫生健康委员会"
    assert a.value == pytest.approx(80.0) and "40 ÷ 50" in a.answer and a.verified
    assert len(a.citations) == 8  # each share's part and whole


def test_a_list_ends_before_li_and_its_items_drop_their_scope():
    r = _resolver("深州市气象局", "深州市信访局", "深州市交通运输局", "深州市住房和城乡建设局")
    got = listed_bodies(r, "深州气象局、信访局里，哪个部门的机关运行经费最少？")
    assert got["names"] == ["深州市气象局", "深州市信访局"] and not got["missing"]
    got = listed_bodies(r, "深州市交通局本级、住建局本级的2026年单位预算，谁的政府采购预算最多？")
    assert got["names"] == ["深州市交通运输局", "深州市住房和城乡建设局"] and "单位预算" in got["rest"]


def test_a_follow_up_naming_another_body_keeps_the_measure(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县公安局2023年公务接待费是多少？").value == pytest.approx(10.0)
    a = conv.ask("那澄岚县卫健委呢？")
    assert a.kind == "value" and a.value == pytest.approx(6.0) and a.question == "那澄岚县卫健委呢？"
    a = conv.ask("那澄岚县城管局呢？")  # and again, from the turn that switched
    assert a.value == pytest.approx(4.10)


def test_a_why_question_saying_more_where_the_filing_says_less_is_challenged():
    from budgetlens.qa.why import _DOWN, _UP

    assert _UP.search("培训费为什么比上年多？") and not _UP.search("培训费比上年多少？")
    assert _DOWN.search("培训费为什么比上年少？") and not _DOWN.search("培训费比上年多少？")
