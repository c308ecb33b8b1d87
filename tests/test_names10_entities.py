"""Bodies a question describes rather than names, bodies with two signboards, and 各是多少 over
several bodies: asked back with every body that fits (each figure cited when the question
asks each one's), never one of them picked."""

from __future__ import annotations

import pytest
from budgetlens.qa.resolve import _signboards

from qa_corpus import asker_over
from test_qa_engine import _filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    a = asker_over(
        home,
        _filing("a" * 16, "澄岚市退役军人事务局", 2023, (35.10, 28.00, 4.10, 3.00)),
        _filing("b" * 16, "岚州市退役军人服务中心", 2023, (12.00, 0.00, 7.00, 5.00)),
        _filing("c" * 16, "澄岚市水利局", 2023, (50.00, 40.00, 6.00, 4.00)),
        _filing("d" * 16, "岚州市水务局", 2023, (80.00, 50.00, 10.00, 20.00)),
        _filing("e" * 16, "澄岚市统计和大数据研究院（澄岚市统计数据管理中心）", 2023, (9.00, 0.00, 2.50, 6.50)),
        _filing("f" * 16, "澄岚市刑事科学技术研究院", 2023, (30.00, 10.00, 8.00, 12.00)),
        _filing("g" * 16, "澄岚市应急管理局", 2023, (60.00, 20.00, 10.00, 30.00)),
        _filing("h" * 16, "澄岚水产老干部活动室", 2023, (1.00, 0.00, 1.00, 0.00)),
        _filing("i" * 16, "澄岚市信访局", 2023, (3.00, 0.00, 3.00, 0.00)),
        _filing("j" * 16, "岚州市信访局", 2024, (4.00, 0.00, 4.00, 0.00)),
    )
    yield a
    a.close()


def _labels(answer) -> list[str]:
    return [c["label"] for c in answer.candidates]


@pytest.mark.parametrize("question, bodies", [
    ("退役军人那边2023年的“三公”经费是多少？", ["澄岚市退役军人事务局", "岚州市退役军人服务中心"]),
    ("2023年水利水务部门的公务接待费是多少？", ["澄岚市水利局", "岚州市水务局"]),
    ("澄岚那个研究院2023年公务接待费是多少？",
     ["澄岚市统计和大数据研究院（澄岚市统计数据管理中心）", "澄岚市刑事科学技术研究院"]),
])
def test_a_body_described_that_several_bodies_fit_is_asked_back_with_each(asker, question, bodies):
    a = asker.ask(question)
    assert a.kind == "clarify" and a.value is None
    assert sorted(_labels(a)) == sorted(bodies)


def test_a_description_one_body_fits_names_it(asker):
    a = asker.ask("澄岚市统计那边2023年公务接待费是多少？")
    assert a.kind == "value" and a.value == pytest.approx(2.50)


def test_a_description_no_body_fits_names_none(asker):
    a = asker.ask("教育部门2023年公务接待费是多少？")
    assert a.kind in ("not_found", "clarify") and a.value is None
    assert not any("水利" in lab or "退役" in lab for lab in _labels(a))


def test_each_name_of_a_body_with_two_signboards_names_it(asker):
    for name in ("澄岚市统计和大数据研究院", "澄岚市统计数据管理中心"):
        a = asker.ask(f"{name}2023年公务接待费是多少？")
        assert a.kind == "value" and a.value == pytest.approx(2.50), name
        assert a.citations and a.citations[0].path.endswith("eeeeeeeeeeeeeeee.pdf")


def test_two_signboards_are_read_only_from_a_bracketed_body_name():
    assert _signboards("上海市统计和大数据研究院（上海市统计数据管理中心）") == \
        ("上海市统计和大数据研究院", "上海市统计数据管理中心")
    assert _signboards("深圳市卫生健康委员会") == ()
    assert _signboards("中共深圳市委（含所属单位）") == ()


def test_each_body_s_figure_is_answered_and_cited_when_the_question_asks_each(asker):
    a = asker.ask("2023年水利水务部门的公务接待费各是多少？先说是哪家的。")
    assert a.kind == "clarify" and a.value is None and a.verified
    assert sorted(_labels(a)) == ["岚州市水务局", "澄岚市水利局"]
    assert "澄岚市水利局 6 万元" in a.answer and "岚州市水务局 10 万元" in a.answer
    assert sorted(c.path.rsplit("/", 1)[-1] for c in a.citations) == ["cccccccccccccccc.pdf", "dddddddddddddddd.pdf"]
    values = {c["label"]: c["value"] for c in a.candidates}
    assert values == {"澄岚市水利局": pytest.approx(6.00), "岚州市水务局": pytest.approx(10.00)}


def test_each_of_two_listed_bodies_is_answered(asker):
    a = asker.ask("澄岚市水利局和岚州市水务局2023年公务接待费分别是多少？")
    assert a.answer.startswith("各单位的数如下") and len(a.citations) == 2
    a = asker.ask("澄岚市水利局和岚州市水务局2023年公务接待费哪个最多？")  # an order asked: a ranking
    assert a.kind == "compare" and a.table[0].entity == "岚州市水务局"


@pytest.fixture(scope="module")
def twin_asker(tmp_path_factory):
    """A body's full filing without its “三公” table, and the same filing's tables alone, whose
    pages name the body only in their heading line (部门：…)."""
    from budgetlens.schemas.document import Line

    full = _filing("p" * 16, "澄岚县审计局", 2023, (35.10, 28.00, 4.10, 3.00), admin=120.5)
    full[0].tables = full[0].tables[:1]  # no “三公” table in the full filing
    twin = _filing("q" * 16, "", 2023, (35.10, 28.00, 4.10, 3.00), admin=99.0)
    for page in twin[0].pages:
        page.lines = [Line(text="支出预算表"), Line(text="部门：澄岚县审计局 单位：万元")]
    a = asker_over(tmp_path_factory.mktemp("twins"), full, twin,
                   _filing("r" * 16, "澄岚县统计局", 2023, (12.00, 0.00, 7.00, 5.00)))
    yield a
    a.close()


def test_a_tables_only_twin_answers_what_its_full_filing_does_not_print(twin_asker):
    a = twin_asker.ask("澄岚县审计局2023年“三公”经费预算是多少？")
    assert a.kind == "value" and a.value == pytest.approx(35.10)
    assert a.citations[0].path.endswith("qqqqqqqqqqqqqqqq.pdf")


def test_the_full_filing_answers_first_and_the_twin_is_no_second_filing(twin_asker):
    a = twin_asker.ask("澄岚县审计局2023年行政运行支出是多少？")
    assert a.kind == "value" and a.value == pytest.approx(120.5)
    assert a.citations[0].path.endswith("pppppppppppppppp.pdf")
    a = twin_asker.ask("澄岚县审计局行政运行支出是多少？")  # no year: still one filing, nothing to ask back
    assert a.kind == "value" and a.value == pytest.approx(120.5)


def test_a_listed_body_printed_with_its_place_less_the_level_word_is_ranked(asker):
    a = asker.ask("2023年，澄岚市水利局、刑事科学技术研究院、水产老干部活动室，谁的公务接待费最多？")
    assert a.kind == "compare" and [r.entity for r in a.table] == ["澄岚市刑事科学技术研究院", "澄岚市水利局",
                                                                   "澄岚水产老干部活动室"]


def test_a_name_two_bodies_fit_is_asked_back_when_one_s_next_filing_may_print_the_year(asker):
    a = asker.ask("信访局2023年公务接待费是多少？")  # 岚州's 2024 budget prints 2023 in its 上年 column
    assert a.kind == "clarify" and a.value is None
    assert sorted(_labels(a)) == ["岚州市信访局", "澄岚市信访局"]
    a = asker.ask("信访局2024年公务接待费是多少？")  # 澄岚 files no 2024 or 2025 budget
    assert a.kind == "value" and a.value == pytest.approx(4.00)


@pytest.mark.parametrize("question, want", [
    ("某局2026年计划买几辆？", "购置车辆数"),
    ("某局2026年打算购置多少辆公务用车？", "购置车辆数"),
    ("哪家计划买车最多？", "购置车辆数最多"),
    ("某局有几辆公车？", "公务用车车辆数"),  # the cars held, not bought
])
def test_the_cars_to_be_bought_are_not_the_cars_held(question, want):
    from budgetlens.qa.plan import rewrite

    assert want in rewrite(question)
    if "买" in question or "购" in question:
        assert "公务用车车辆数" not in rewrite(question)


def test_a_ranking_counts_a_body_and_its_tables_only_twin_once(twin_asker):
    a = twin_asker.ask("2023年哪个单位“三公”经费预算最多？")
    assert a.kind == "compare" and [r.entity for r in a.table] == ["澄岚县审计局", "澄岚县统计局"]
    assert "未能识别" not in a.answer


@pytest.mark.parametrize("turn, want", [
    ("这个合多少元？", "那是多少元呢？"),
    ("这笔钱折合多少亿元？", "那是多少亿元呢？"),
    ("换算成万元是多少？", "那是多少万元呢？"),
    ("其中公务接待费是多少元？", "其中公务接待费是多少元？"),  # a measure of its own: not the last figure
])
def test_the_last_figure_asked_in_another_unit(turn, want):
    from budgetlens.qa.followup import pointing

    assert pointing(turn) == want


def test_a_follow_up_asks_the_last_figure_in_another_unit(asker):
    from budgetlens.qa import Conversation

    chat = Conversation(asker)
    assert chat.ask("澄岚市水利局2023年公务接待费是多少？").value == pytest.approx(6.00)
    a = chat.ask("这个合多少元？")
    assert a.kind == "value" and a.unit == "元" and a.value == pytest.approx(60000)


@pytest.mark.parametrize("text, want", [
    ("2026年买公车（公务用车购置费）谁花得最多", "2026年公务用车购置费谁花得最多"),
    ("买公车的钱（公务用车购置费）是多少", "公务用车购置费是多少"),
    ("公务接待费（请客吃饭）是多少", "公务接待费（请客吃饭）是多少"),  # a gloss of a printed name stays
    ("人员经费（工资福利支出）多少", "人员经费（工资福利支出）多少"),  # two printed names: neither is a gloss
])
def test_a_colloquial_phrase_glossed_with_the_printed_name_is_that_name(text, want):
    from budgetlens.qa.plan import plain_gloss

    assert plain_gloss(text) == want


def test_a_listed_body_inside_a_parent_is_named_by_its_own_words():
    from budgetlens.index.facts import DocInfo
    from budgetlens.qa.resolve import Resolver, listed_bodies

    bodies = {"a": "澄岚市公安局", "b": "澄岚市规划和自然资源局宝安管理局", "c": "澄岚市水务局"}
    r = Resolver([DocInfo(d, f"/{d}.pdf", d, e, 2026, "budget", "部门", ()) for d, e in bodies.items()])
    got = listed_bodies(r, "澄岚公安局、宝安管理局、水务局，谁的公务接待费最多？")
    assert got["names"] == ["澄岚市公安局", "澄岚市规划和自然资源局宝安管理局", "澄岚市水务局"] and not got["missing"]


def test_a_prefix_of_one_body_followed_by_another_body_s_words_is_not_that_body():
    from budgetlens.index.facts import DocInfo
    from budgetlens.qa.resolve import Resolver

    bodies = {"a": "澄岚市生态环境局", "b": "澄岚市公安局"}
    r = Resolver([DocInfo(d, f"/{d}.pdf", d, e, 2026, "budget", "部门", ()) for d, e in bodies.items()])
    assert r.resolve("澄岚生态档案局2026年三公经费").names == []  # 档案局 is another body
    assert r.resolve("澄岚生态环境局2026年三公经费").names == ["澄岚市生态环境局"]
    assert r.resolve("澄岚公安那边2026年三公经费").names == ["澄岚市公安局"]
