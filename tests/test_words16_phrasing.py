"""How a reporter phrases a question, read as the filings print it: the reader's own lead
(我在看X的2026年部门预算，/ 想问下), 有几万元 asking an amount, 在…上安排 naming the line, the measure
said first and the body after it (职工养老保险这块，X2026年预算是多少), a lay phrase glossed with the
printed line in brackets (人头费（在职人员经费）), lay words of lines filings print under one name
(办公用品, 开会, 出差, 工会, 职工养老保险, 收入总盘子), the unit asked after the question (用元。), how
to compute it (按印出的金额算，保留两位小数) and 怎么解释 asking why."""

from __future__ import annotations

import pytest

from budgetlens.qa.plan import make_plan, plain_asking, rewrite
from qa_corpus import asker_over, ruled_grid, stored_pdf


@pytest.mark.parametrize("asked, plain", [
    ("我在看澄岚统计局的二〇二六年部门预算，项目支出安排了多少万元？", "澄岚统计局的2026年部门预算，项目支出安排了多少万元？"),
    ("我看澄岚高院2018年预算里行政运行增加100%，怎么解释的？", "澄岚高院2018年预算里行政运行增加100%，怎么解释的？"),
    ("想问下澄岚财政局二〇二六年基本支出多少钱（万元）？", "澄岚财政局2026年基本支出多少钱（万元）？"),
])
def test_the_readers_own_lead_names_nothing(asked, plain):
    assert plain_asking(asked) == plain


def test_i_saw_a_report_stays_what_it_says():
    assert plain_asking("我看到澄岚局2026年支出减少了，为什么？").startswith("我看到")


@pytest.mark.parametrize("asked, plain", [
    ("澄岚局2026年固定资产金额有几万元？", "澄岚局2026年固定资产金额有多少万元？"),
    ("澄岚局2026年公车运行维护费有几元？", "澄岚局2026年公车运行维护费有多少元？"),
])
def test_a_few_ten_thousands_asks_the_amount(asked, plain):
    assert plain_asking(asked) == plain


def test_a_few_cars_stays_a_count():
    assert plain_asking("澄岚局有几辆公车？") == "澄岚局有几辆公车？"


def test_the_line_spent_on_is_named_without_its_preposition():
    assert "局职工基本医疗保险缴费安排了" in plain_asking("2026年澄岚局在职工基本医疗保险缴费上安排了多少万元？")
    # 在职人员经费 is a line's own name
    assert "在职人员经费上" in plain_asking("澄岚局在职人员经费上安排了多少？")


@pytest.mark.parametrize("asked", ["澄岚水利局2026年其他收入增长率是多少？按印出的金额算，保留两位小数。",
                                   "澄岚民政局2021年公务接待费降幅多少？按印出来的金额算到两位小数。",
                                   "澄岚高院2019年行政运行（项）支出增长了百分之几？用印出的金额重算。"])
def test_how_to_compute_it_is_no_word_of_the_measure(asked):
    assert not any(w in plain_asking(asked) for w in ("印出", "小数", "重算"))


def test_how_to_compute_it_said_first_is_no_word_of_the_measure():
    assert plain_asking("按印出来的金额算，澄岚发改委提租补贴（项）增幅是多少？") == "澄岚发改委提租补贴（项）增幅是多少？"


@pytest.mark.parametrize("asked, said", [
    ("职工养老保险这块，澄岚事务中心2026年预算是多少元？", "澄岚事务中心2026年机关事业单位基本养老保险缴费预算是多少元"),
    ("一般公共预算财政拨款支出，澄岚经信委2026年跟上年比变了百分之多少？",
     "澄岚经信委2026年一般公共预算财政拨款支出跟上年比变了百分之多少"),
    ("给退休人员（行政单位离退休）这块，澄岚工务署2026年预算是多少万元？", "澄岚工务署2026年行政单位离退休预算是多少万元"),
])
def test_a_measure_said_before_the_body_is_read_after_its_year(asked, said):
    assert said in rewrite(asked)


def test_a_measure_said_before_a_reason_asked_stays_where_it_is_said():
    asked = "住房改革支出（款）提租补贴（项）这一项，澄岚政协办公厅2017年（部门预算说明）为啥涨了？"
    assert rewrite(asked).startswith("住房改革支出")


def test_two_years_compared_with_gen_and_a_difference_asked_is_a_difference():
    assert make_plan("澄岚办公厅政府采购预算，2018年跟2017年比是多了还是少了？差多少万元？").operation == "difference"


def test_a_body_said_before_its_year_is_no_fronted_measure():
    assert rewrite("澄岚市财政局，2026年支出是多少？").startswith("澄岚市财政局,2026年")


def test_a_change_against_the_year_before_said_with_gen_is_a_change():
    assert make_plan("澄岚局2026年其他收入跟上年比变了百分之多少？").operation == "change_pct"


@pytest.mark.parametrize("asked, printed", [
    ("澄岚政府办公厅2026年人头费（在职人员经费）和公用经费相差多少万？", "2026年在职人员经费和公用经费"),
    ("澄岚医保局2023年资本性支出里买电脑等办公设备（办公设备购置）花了多少万元？", "资本性支出里办公设备购置"),
    ("澄岚政府办公厅2026年表里，委托别人办事（委托业务）占商品和服务支出的几成？", "委托业务占商品和服务支出"),
    ("澄岚卫健委给退休人员（行政单位离退休）预算多少？", "澄岚卫健委行政单位离退休预算"),
])
def test_a_lay_phrase_glossed_in_brackets_is_the_bracketed_line(asked, printed):
    assert printed in rewrite(asked)


@pytest.mark.parametrize("asked", ["澄岚公安局（本级）2026年项目支出是多少？", "澄岚住建局住房改革支出（款）住房公积金（项）预算多少？",
                                   "澄岚财务会计综合管理事务中心（澄岚财政科学研究所）2026年收入是多少？"])
def test_a_bracket_of_a_level_or_a_body_stays(asked):
    t = rewrite(asked)
    assert "（" in t


@pytest.mark.parametrize("asked, printed", [
    ("澄岚事务中心2026年收入总盘子有几万元？", "收入总计"),
    ("开会这块，澄岚高院2019年预算是多少元？", "会议费"),
    ("澄岚政协办公厅2019年出差打算花多少钱？", "差旅费"),
    ("工会这块，澄岚人大办公厅2019年预算是多少万元？", "工会经费"),
    ("澄岚检察院2019年给职工交养老保险预算多少？", "机关事业单位基本养老保险缴费"),
    ("澄岚医保局2022年行政单位职工看病医保打算花多少钱？", "行政单位医疗"),
    ("办公用品这块，澄岚检察院2017年预算是多少万元？", "办公费"),
    ("修修补补（维修维护）这块，澄岚交警局2026年预算是多少元？", "维修（护）费"),
])
def test_a_lay_word_is_the_one_line_filings_print_for_it(asked, printed):
    assert printed in rewrite(asked)


@pytest.mark.parametrize("asked", ["澄岚总工会2026年支出是多少？", "澄岚局2026年企业职工基本养老保险补助是多少？",
                                   "澄岚局2026年纸制文具及办公用品采购是多少？"])
def test_a_lay_word_inside_another_name_stays(asked):
    t = rewrite(asked)
    assert "工会经费" not in t and "机关事业单位" not in t and "办公费" not in t


@pytest.mark.parametrize("asked", ["澄岚高院2018年办公用品打算花多少钱？用元。", "用元说呢？", "住房公积金多少？以元计。",
                                   "换成元是多少？"])
def test_the_unit_said_after_the_question_is_asked(asked):
    assert make_plan(asked).unit == "元"


@pytest.mark.parametrize("asked", ["我看澄岚局预算里行政运行（项）增加16.88%，怎么解释的？", "澄岚局支出减少了，作何解释？",
                                   "澄岚宣传部2026年支出预算下降13.5%，文件给的理由是什么？"])
def test_how_is_it_explained_asks_why(asked):
    assert make_plan(asked).operation == "why"


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    grid = ruled_grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                       ["302", "商品和服务支出", "500.00", "300.00", "200.00"],
                       ["30201", "办公费", "138.00", "100.00", "38.00"],
                       ["30211", "差旅费", "20.00", "20.00", "0.00"],
                       ["30215", "会议费", "12.00", "12.00", "0.00"],
                       ["30228", "工会经费", "8.00", "8.00", "0.00"]], 2, "一般公共预算支出表（按经济分类）")
    doc, f = stored_pdf("v" * 16, "澄岚市检察院", [grid], pages=3, year=2026)
    a = asker_over(tmp_path_factory.mktemp("ws"), (doc, f))
    yield a
    a.close()


def test_office_supplies_are_the_office_line_never_another(asker):
    a = asker.ask("办公用品这块，澄岚市检察院2026年预算是多少万元？")
    assert a.value == pytest.approx(138)


def test_office_supplies_in_yuan_said_after_the_question(asker):
    a = asker.ask("澄岚市检察院2026年办公用品打算花多少钱？用元。")
    assert a.value == pytest.approx(1380000)


@pytest.mark.parametrize("asked, value", [("我在看澄岚市检察院的2026年部门预算，差旅费安排了多少万元？", 20),
                                          ("澄岚市检察院2026年开会有几万元？", 12),
                                          ("工会这块，澄岚市检察院2026年预算是多少万元？", 8)])
def test_reporters_words_reach_the_printed_line(asker, value, asked):
    assert asker.ask(asked).value == pytest.approx(value)
