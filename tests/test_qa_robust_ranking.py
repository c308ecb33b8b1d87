"""Rankings over listed bodies however the list is placed, party bodies and names printed with
a second name in brackets resolved, two bodies joined by 和, and a “三公” total ranked from its
three parts where a filing prints only those (``qa.listed``, ``qa.rank_parts``)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from budgetlens.qa.listed import list_first, listed, pair_as_list, unbracket
from budgetlens.qa.plan import rewrite
from budgetlens.qa.resolve import Resolver

from qa_corpus import asker_over, ruled_grid, text_block
from test_qa_engine import _filing


def _eng(*names: str):
    docs = [SimpleNamespace(doc_id=f"{i:016x}", entity=n, names=[]) for i, n in enumerate(names)]
    return SimpleNamespace(resolver=Resolver(docs))


_SZ = _eng("深州市城市管理和综合执法局", "深州市财政局", "深州市司法局", "中共深州市委宣传部",
           "深州市统计和大数据研究院（深州市统计数据管理中心）", "深州市规划和自然资源局宝安管理局",
           "深州市规划和自然资源局盐田管理局", "深州市审计局")


def test_the_place_is_put_before_a_list_that_does_not_start_with_it():
    q = "城市管理和综合执法局、财政局、宣传部这3个深州部门里，2026年谁的“三公”经费最高？"
    assert list_first(_SZ, q).startswith("深州城市管理和综合执法局、财政局、宣传部")
    got = listed(_SZ, rewrite(q))
    assert got["names"] == ["深州市城市管理和综合执法局", "深州市财政局", "中共深州市委宣传部"]
    assert not got["missing"] and not got["ambiguous"]


def test_a_year_or_level_word_between_the_place_and_the_first_item_is_moved_after_the_list():
    q = "深州2026年财政局、司法局、审计局这3个部门中，哪个部门的预算收入最少？"
    moved = list_first(_SZ, q)
    assert moved.startswith("深州财政局、司法局、审计局这3个部门中，2026年")
    assert listed(_SZ, rewrite(q))["names"] == ["深州市财政局", "深州市司法局", "深州市审计局"]
    q = "深州市级部门城市管理和综合执法局、财政局里，2026年政府采购最少的是哪个？"
    assert listed(_SZ, rewrite(q))["names"] == ["深州市城市管理和综合执法局", "深州市财政局"]


def test_a_bracketed_list_with_a_bracketed_name_inside_is_put_first():
    q = "深州这3家单位（审计局、统计和大数据研究院（深州市统计数据管理中心）、财政局）的2026年单位预算里，哪家最多？"
    out = unbracket(_SZ, q)
    assert out.startswith("深州审计局、统计和大数据研究院（深州市统计数据管理中心）、财政局，")
    got = listed(_SZ, rewrite(out))
    assert sorted(got["names"]) == sorted(["深州市审计局", "深州市统计和大数据研究院（深州市统计数据管理中心）", "深州市财政局"])
    # the name said without its bracketed second name is the same body
    got = listed(_SZ, rewrite("深州市审计局、统计和大数据研究院，谁的“三公”经费最多？"))
    assert sorted(got["names"]) == sorted(["深州市审计局", "深州市统计和大数据研究院（深州市统计数据管理中心）"])


def test_a_listed_body_no_filing_prints_stays_missing():
    got = listed(_SZ, rewrite("深州市审计局、财政局、气象局，谁的“三公”经费最多？"))
    assert got["names"] == ["深州市审计局", "深州市财政局"] and got["missing"] == ["气象局"]


def test_two_bodies_joined_by_he_are_split_only_between_bodies():
    q = "深州市规划和自然资源局宝安管理局和盐田管理局，2026年谁的部门预算收入多？"
    assert pair_as_list(_SZ, q) == "深州市规划和自然资源局宝安管理局、盐田管理局，2026年谁的部门预算收入最多？"
    assert pair_as_list(_SZ, "深州市规划和自然资源局宝安管理局2026年收入多少？") == \
        "深州市规划和自然资源局宝安管理局2026年收入多少？"  # no 谁 / 哪: no ranking


def _parts_only(doc_id: str, entity: str, year: int, outbound: float, car: float, reception: float):
    """A filing whose “三公” table prints the three parts and no total."""
    doc, f = _filing(doc_id, entity, year, (0.0, outbound, reception, car))
    grid = ruled_grid([["项目", "预算数"], ["因公出国（境）费", f"{outbound:.2f}"],
                       ["公务用车购置及运行维护费", f"{car:.2f}"], ["公务接待费", f"{reception:.2f}"]],
                      page=9, title="财政拨款支出预算表（部分）")
    doc.tables = [t for t in doc.tables if "三公" not in " ".join(ln.text for ln in t.title_lines)] + [grid]
    return doc, f


def _cars(filing: tuple, n: int) -> tuple:
    """The filing with a sentence saying how many cars the body has."""
    doc, f = filing
    doc.pages[5].blocks.append(text_block(f"截至上年底，本部门共有车辆{n}辆，其中一般公务用车{n}辆。"))
    return doc, f


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(
        tmp_path_factory.mktemp("ws"),
        _cars(_filing("a" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00)), 12),
        _cars(_filing("b" * 16, "澄岚县卫生健康委员会", 2023, (50.00, 40.00, 6.00, 4.00)), 30),
        _parts_only("c" * 16, "澄岚县财政局", 2023, 40.00, 30.00, 20.00),
    )
    yield a
    a.close()


def test_a_three_public_total_is_ranked_from_its_parts_where_only_they_are_printed(asker):
    a = asker.ask("澄岚县公安局、卫健委、财政局，2023年谁的“三公”经费最多？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县财政局" and a.value == pytest.approx(90.0)
    assert "（40 + 30 + 20）" in a.answer and a.verified  # the sum shown, each part cited
    assert len(a.citations) == 5 and len(a.understood["covered"]) == 3
    a = asker.ask("澄岚县公安局、卫健委、财政局，2023年谁的公务接待费最多？")  # a part: read as printed
    assert a.table[0].entity == "澄岚县财政局" and a.value == pytest.approx(20.0)


def test_two_bodies_asked_who_spends_more_are_ranked(asker):
    a = asker.ask("澄岚县公安局和卫健委，2023年谁的公务接待费多？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局" and a.value == pytest.approx(10.0)
    assert len(a.understood["covered"]) == 2


def test_a_gloss_in_brackets_is_no_part_of_the_measure_and_cars_are_counted(asker):
    a = asker.ask("澄岚县公安局、卫健委、财政局，2023年公务接待费（请客吃饭）谁最多？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县财政局" and a.value == pytest.approx(20.0)
    a = asker.ask("澄岚县公安局和卫健委，2023年谁的公车最多？")  # no 费: the cars, not their cost
    assert a.kind == "compare" and a.unit == "辆" and a.table[0].entity == "澄岚县卫生健康委员会"
    assert a.value == pytest.approx(30.0)
    a = asker.ask("澄岚县公安局和卫健委，2023年谁的公务用车购置及运行维护费最多？")  # 费: the cost
    assert a.unit == "万元" and a.table[0].entity == "澄岚县公安局"


def test_the_words_counting_the_list_are_no_part_of_the_measure(asker):
    for q in ("澄岚县公安局、卫健委这些县级部门，2023年谁的公务接待费最高？",
              "澄岚县公安局、卫健委这2个县级部门，2023年谁的公务接待费最高？"):
        a = asker.ask(q)
        assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局", q


@pytest.mark.parametrize("last", ["垫底", "倒数第一", "最省", "排名最后"])
def test_the_last_place_said_in_other_words_is_the_lowest(asker, last):
    a = asker.ask(f"澄岚县公安局、卫健委、财政局，2023年谁的公务接待费{last}？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县卫生健康委员会" and a.value == pytest.approx(6.0)


@pytest.mark.parametrize("first", ["位居榜首", "排名第一", "花得最多"])
def test_the_first_place_said_in_other_words_is_the_highest(asker, first):
    a = asker.ask(f"澄岚县公安局、卫健委、财政局，2023年谁的公务接待费{first}？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县财政局" and a.value == pytest.approx(20.0)


def test_a_direction_said_without_zui_is_the_one_ranked(asker):
    a = asker.ask("澄岚县公安局、卫健委2023年公务接待费哪家少一些？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县卫生健康委员会"
    a = asker.ask("澄岚县公安局和卫健委2023年的公务接待费哪个多？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局"
    from budgetlens.qa.ranking import plain_ranking

    q = "澄岚县公安局2023年哪个部门的公务接待费是多少？"  # 多少 asks a value, not a direction
    assert plain_ranking(q) == q
