"""Probes: a question one thing away from one the answerer gets right is declined, asked
back or answered exactly, never answered with a neighbouring number.

The filings are small real-shaped ones (a 部门 budget printing no 本级, with a 支出 table
whose 行政运行 stands under two 款, a 三公 table printing 公务用车购置及运行费, and narrative
sentences stating changes), asked through ``Asker`` as the CLI and the app do.
"""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Document, Line, Page
from budgetlens.schemas.filing import Filing, Source

from qa_corpus import asker_over, ruled_grid, text_block


def _filing(doc_id: str, entity: str, year: int, *, cover: str, sentences: dict[int, list[str]],
            tables: list) -> tuple[Document, Filing]:
    pages = [Page(number=p, source="text", lines=[Line(text=cover)] if p == 1 else []) for p in range(1, 13)]
    for p, texts in sentences.items():
        pages[p - 1].blocks.extend(text_block(t) for t in texts)
    path = f"/filings/{doc_id}.pdf"
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages, tables=tables)
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=12, media="pdf"),
                    entity=entity, fiscal_year=year, doc_type="budget")
    return document, filing


def _department() -> tuple[Document, Filing]:
    """澄岚县水利局's 2026 部门预算: no 本级 anywhere, 行政运行 under 2010301 and 2130101."""
    spending = ruled_grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                           ["201", "一般公共服务支出", "300.00", "300.00", "0.00"],
                           ["2010301", "行政运行", "300.00", "300.00", "0.00"],
                           ["213", "农林水支出", "1,200.00", "700.00", "500.00"],
                           ["2130101", "行政运行", "700.00", "700.00", "0.00"],
                           ["2130106", "水利工程建设", "500.00", "0.00", "500.00"],
                           ["", "合计", "1,500.00", "1,000.00", "500.00"]],
                          page=7, title="支出预算总表")
    three = ruled_grid([["项目", "预算数"],
                        ["“三公”经费", "175.00"],
                        ["因公出国（境）费", "169.00"],
                        ["公务用车购置及运行费", "4.00"],
                        ["公务接待费", "2.00"]],
                       page=9, title="财政拨款“三公”经费预算表")
    basic = ruled_grid([["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
                        ["30209", "物业管理费", "492.70", "0.00", "492.70"]],
                       page=5, title="一般公共预算基本支出表")
    project = ruled_grid([["科目编码", "科目名称", "预算"],
                          ["30209", "物业管理费", "246.65"]],
                         page=6, title="项目支出表")
    sentences = {
        4: ["政府性基金预算拨款收入0万元，与上年相比减少300万元，主要原因是专项债券资金调整。"],
        10: ["公务用车购置费0万元，比上年减少12.00万元，主要原因是本年无车辆更新计划。"],
        11: ["公务接待费2.00万元，比上年减少0.50万元，主要原因是压缩接待。"],
        12: ["2026年，澄岚县水利局政府采购支出总额407.45万元，其中政府采购货物支出179.54万元，"
             "政府采购服务支出227.91万元。"],
        3: ["截至2025年12月，本部门共有车辆6辆，其中机要通信用车1辆。"],
        2: ["本部门人员编制52人，其中行政编制40人。"],
    }
    return _filing("a" * 16, "澄岚县水利局", 2026, cover="2026年澄岚县水利局部门预算", sentences=sentences,
                   tables=[spending, three, basic, project])


def _final_account() -> tuple[Document, Filing]:
    """澄岚县财政局's 2025 部门决算: its income table prints the amounts received, no budget column."""
    income = ruled_grid([["项目", "决算数"],
                         ["一、财政拨款收入", "2,430.15"],
                         ["二、事业收入", "1,363.85"],
                         ["本年收入合计", "3,794.00"]],
                        page=3, title="收入决算表")
    doc, f = _filing("b" * 16, "澄岚县财政局", 2025, cover="2025年澄岚县财政局部门决算", sentences={},
                     tables=[income])
    return doc, f.model_copy(update={"doc_type": "final_accounts"})


def _other_place() -> tuple[Document, Filing]:
    """云溪县水利局's 2025 部门预算: a body like the first, of another place and year."""
    three = ruled_grid([["项目", "预算数"], ["“三公”经费", "9.00"], ["公务接待费", "3.00"]],
                       page=9, title="财政拨款“三公”经费预算表")
    return _filing("c" * 16, "云溪县水利局", 2025, cover="2025年云溪县水利局部门预算", sentences={}, tables=[three])


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _department(), _final_account(), _other_place())
    yield a
    a.close()


def test_the_exact_question_is_answered(asker):
    a = asker.ask("澄岚县水利局2026年公务接待费预算是多少万元？")
    assert a.kind == "value" and a.value == pytest.approx(2.0)
    assert {c.page for c in a.citations} & {9, 11}


def test_a_year_the_filing_does_not_cover_is_not_found(asker):
    a = asker.ask("澄岚县水利局2024年公务接待费预算是多少万元？")
    assert a.kind == "not_found" and a.value is None


def test_own_level_asked_of_a_department_filing_printing_no_benji_is_declined(asker):
    """本级 / （本级） asked, and the filing is a 部门预算 that never prints 本级: its number is the
    department's (its units included), so it is not stated as the body's own."""
    for q in ("澄岚县水利局（本级）2026年公务接待费预算是多少万元？", "澄岚县水利局本级2026年公务接待费预算是多少万元？",
              "澄岚县水利局2026年单位预算中公务接待费是多少万元？"):
        a = asker.ask(q)
        assert a.kind == "not_found" and a.value is None, q
        assert "本级" in a.answer
        assert any(c["citation"]["page"] in (9, 11) for c in a.candidates)  # the department's rows offered



def test_a_figure_of_the_own_level_with_other_units_is_not_the_own_levels():
    """本级1家行政单位以及…3家参公事业单位的机关运行经费: the 本级 named with its units, so the
    figure is the department's, not the own level's; 本级 alone names the own level."""
    from types import SimpleNamespace

    from budgetlens.index.facts import Fact
    from budgetlens.qa.engine import Engine
    from budgetlens.qa.wording import Match

    def own(quote):
        fact = Fact(doc_id="d", kind="sentence", table=0, title="", row="机关运行经费财政拨款预算", code="", col="",
                    value=598.67, unit="万元", page=11, bbox=None, quote=quote, year=None, col_index=0, key=None,
                    canon_row="机关运行经费财政拨款预算")
        eng = SimpleNamespace(docs={"d": SimpleNamespace(scope="部门", names=["湖州市财政局"])})
        plan = SimpleNamespace(norm="湖州市财政局（本级）2026年机关运行经费是多少")
        return Engine._not_own(eng, plan, Match(score=100, fact=fact, span=(0, 6), label="机关运行经费"), ["d"])

    assert own("本级1家行政单位以及市财政票据管理中心3家参公事业单位的机关运行经费财政拨款预算598.67万元") is not None
    assert own("本级1家行政单位和3家参公事业单位的机关运行经费598.67万元") is not None
    assert own("局本级机关运行经费财政拨款预算598.67万元") is None

def test_an_item_printed_under_two_classes_is_asked_back_with_both_codes(asker):
    """行政运行 stands under 2010301 (300.00) and 2130101 (700.00): neither its 合计 nor its 项目支出
    0.00 (printed alike under both) answers 行政运行; each code is offered with its page."""
    a = asker.ask("澄岚县水利局2026年行政运行支出是多少？")
    assert a.kind == "not_found" and a.value is None
    assert "〔2010301〕" in a.answer and "〔2130101〕" in a.answer
    b = asker.ask("澄岚县水利局2026年行政运行的项目支出是多少？")
    assert b.value is None
    c = asker.ask("澄岚县水利局2026年2130101行政运行支出是多少？")  # the code says which
    assert c.value == pytest.approx(700.0) and c.citations[0].page == 7


def test_a_stated_change_is_read_beside_the_measure_not_beside_the_same_number(asker):
    """公务用车购置费 0 万元 is stated on page 10 with its change (−12.00); 政府性基金预算拨款收入
    0 万元 on page 4 with another (−300): the change asked is the first."""
    a = asker.ask("澄岚县水利局2026年公务用车购置费比上年变化多少万元？")
    assert a.value == pytest.approx(-12.0)
    assert all(c.page != 4 for c in a.citations)


def test_purchase_and_running_is_one_line_under_either_name(asker):
    for q in ("澄岚县水利局2026年公务用车购置及运行维护费预算是多少万元？",
              "澄岚县水利局2026年公务用车购置及运行费预算是多少万元？"):
        a = asker.ask(q)
        assert a.value == pytest.approx(4.0) and a.citations[0].page == 9, q
    a = asker.ask("澄岚县水利局2026年公务用车运行维护费预算是多少万元？")
    assert a.value is None  # the filing prints no line of running costs alone


def test_a_small_figure_in_yi_yuan_keeps_its_digits(asker):
    a = asker.ask("澄岚县水利局2026年因公出国（境）费预算是多少亿元？")
    assert a.unit == "亿元" and a.value == pytest.approx(0.0169)
    assert "0.0169 亿元" in a.answer and a.verified


def test_a_declined_answer_says_the_measure_it_understood(asker):
    a = asker.ask("澄岚县水利局2026年差旅费预算是多少万元？")
    assert a.kind == "not_found"
    assert a.understood["entity"] == "澄岚县水利局" and a.understood["year"] == 2026
    assert "差旅费" in a.understood["measure"]
    assert a.understood.get("scope")


def test_a_final_accounts_budget_column_asked_is_never_the_amount_received(asker):
    """决算中…的年初预算: the question names the filing (决算) and the column (年初预算); a final
    account printing only what was received does not answer it."""
    a = asker.ask("澄岚县财政局2025年部门决算中财政拨款收入是多少万元？")
    assert a.value == pytest.approx(2430.15) and a.citations[0].page == 3
    b = asker.ask("澄岚县财政局2025年部门决算中财政拨款收入的年初预算是多少万元？")
    assert b.kind == "not_found" and b.value is None
    assert any(c["citation"]["page"] == 3 for c in b.candidates)


def test_a_sum_of_listed_parts_never_adds_the_whole_they_are_printed_under(asker):
    """政府采购的货物支出和服务支出: 政府采购 says where the parts stand; the 总额 printed before
    其中 is no operand (407.45 + 179.54 was once answered)."""
    a = asker.ask("澄岚县水利局2026年政府采购的货物支出和服务支出加起来是多少？")
    assert a.value == pytest.approx(407.45)
    assert {c.page for c in a.citations} == {12}
    assert "179.54" in a.answer and "227.91" in a.answer


# --- the body: a place no filing is of is never another place's body ---------------------------------

_BODIES = {"g1": "广州市水务局", "g2": "深圳市水务局", "g3": "烟台市大数据局", "g4": "深圳市公安局",
           "g5": "中共深圳市委宣传部", "g6": "中共烟台市委宣传部"}


@pytest.fixture(scope="module")
def resolver():
    from budgetlens.index.facts import DocInfo
    from budgetlens.qa.resolve import Resolver

    return Resolver([DocInfo(d, f"/{d}.pdf", d, e, 2026, "budget", "部门", ()) for d, e in _BODIES.items()])


@pytest.mark.parametrize("question, unknown", [
    ("北京水务局2026年“三公”经费预算有多少？", "北京水务局"),  # a place we hold none of
    ("北京大数据局2026年“三公”经费预算有多少？", "北京大数据局"),  # one body of that name, elsewhere
    ("广州公安局2026年公务接待费预算是多少万元？", "广州公安局"),  # a place we hold, said without 市
])
def test_a_body_of_a_place_no_filing_is_of_is_unknown(resolver, question, unknown):
    res = resolver.resolve(question)
    assert res.names == [] and res.unknown == unknown


def test_a_body_word_alone_still_names_every_body_of_that_name(resolver):
    assert set(resolver.resolve("水务局2026年的机关运行经费是多少？").names) == {"广州市水务局", "深圳市水务局"}
    assert len(resolver.resolve("市委宣传部2026年部门预算收入有多少？").names) == 2  # 市委 is no place
    res = resolver.resolve("大数据局2026年“三公”经费预算有多少？")
    assert res.names == ["烟台市大数据局"] and "大数据局" not in res.rest  # the body, not the measure


# --- the words journalists use ---------------------------------------------------------------------

@pytest.mark.parametrize("asked, printed", [
    ("其中公车花多少？", "公务用车购置及运行维护费"),
    ("公车经费多少？", "公务用车购置及运行维护费"),
    ("出国（境）的钱占几成？", "因公出国（境）费"),
    ("各项支出决算总计多少亿元？", "支出总计决算"),
    ("收入预算合计是多少？", "收入预算合计"),  # printed so in a budget's narrative
])
def test_journalists_words_are_rewritten_to_the_printed_line(asked, printed):
    from budgetlens.qa.plan import rewrite

    assert printed in rewrite(asked)


def test_cars_listed_among_other_lines_stay_a_word_for_the_check():
    from budgetlens.qa.plan import rewrite

    assert "公务用车购置及运行维护费" not in rewrite("“三公”经费308万元，和出国、接待、公车几项加起来一致吗？")


def test_a_share_asked_in_tenths_is_a_share():
    from budgetlens.qa.wholes import share_segments
    from budgetlens.qa.plan import make_plan

    assert make_plan("“三公”经费里，出国（境）的钱占几成？").operation == "share"
    (pa, pb), (wa, wb), nested = share_segments("三公经费里因公出国境费占几成")
    assert nested and (wa, wb) == (0, 4)


def test_an_amount_spent_asked_of_a_budget_is_never_its_budget_row(asker):
    """执行数 / 实际支出 asked of a 部门预算: the budget it prints is not what was spent."""
    a = asker.ask("澄岚县水利局2026年公务接待费执行数是多少万元？")
    assert a.kind == "not_found" and a.value is None
    assert "执行" in a.answer


def test_a_measure_printed_in_both_parts_and_never_summed_is_no_answer_unless_a_part_is_asked(asker):
    """物业管理费 492.70 in the 基本支出 table and 246.65 in the 项目支出 table, their sum printed
    nowhere: 物业管理费 alone is neither; 基本支出中的 / 项目支出中的 name one."""
    a = asker.ask("澄岚县水利局2026年物业管理费是多少万元？")
    assert a.kind == "not_found" and a.value is None
    assert {c["citation"]["page"] for c in a.candidates} >= {5, 6}
    assert asker.ask("澄岚县水利局2026年基本支出中的物业管理费是多少万元？").value == pytest.approx(492.70)
    assert asker.ask("澄岚县水利局2026年项目支出中的物业管理费是多少万元？").value == pytest.approx(246.65)


def test_two_bodies_whose_latest_filings_are_of_different_years_are_not_compared_unasked(asker):
    a = asker.ask("澄岚县水利局和云溪县水利局的公务接待费相差多少？")
    assert a.kind == "not_found" and a.value is None
    assert "2025" in a.answer and "2026" in a.answer
    assert len(a.candidates) == 2  # each body's figure, with its page


def test_counts_are_answered_in_their_own_unit_never_as_an_amount(asker):
    """几辆公车 / 共有多少辆车 read the count of cars (截至2025年12月 in a 2026 budget), 编制多少人
    the staff count; an amount is never converted into 人."""
    for q in ("澄岚县水利局现在有几辆公车？", "澄岚县水利局2026年共有多少辆车？"):
        a = asker.ask(q)
        assert a.value == pytest.approx(6.0) and a.unit == "辆" and a.citations[0].page == 3, q
    b = asker.ask("澄岚县水利局的人员编制有多少人？")
    assert b.value == pytest.approx(52.0) and b.unit == "人"
    c = asker.ask("澄岚县水利局2026年公务接待费多少人？")
    assert c.value is None


def test_a_follow_up_naming_its_own_measure_is_what_the_next_turn_is_about(asker):
    from budgetlens.qa import Conversation

    conv = Conversation(asker)
    assert conv.ask("澄岚县水利局2026年因公出国（境）费预算是多少万元？").value == pytest.approx(169.0)
    assert conv.ask("公务接待费呢？").value == pytest.approx(2.0)
    a = conv.ask("比上年少了多少？")  # the change stated beside 公务接待费, not beside 因公出国（境）费
    assert a.value == pytest.approx(0.5) or a.value == pytest.approx(-0.5)
    assert any(c.page == 11 for c in a.citations)


def test_a_difference_of_counts_keeps_its_asking_word():
    from budgetlens.qa.plan import make_plan

    plan = make_plan("甲局比乙局2026年多多少辆车？", 2)
    assert plan.operation == "difference" and plan.unit == "辆" and "公务用车车辆数" in plan.norm


def test_spent_more_is_a_difference():
    from budgetlens.qa.plan import make_plan

    assert make_plan("政府采购里，工程比货物多花了多少万元？").operation == "difference"
    assert make_plan("会议费花了多少？").operation == "lookup"
