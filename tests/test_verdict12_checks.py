"""Verdicts in the shapes the development sets and the consistency probe's new shapes asked:
是一个数吗 as a check; a 完成 / 执行率 % of a budget; a share whose whole the question quotes; a
total stated alone with its parts listed in the next sentence; a list after 其中 a page broke;
a rate the sentence as read does not print; a total's change with its parts' changes quoted —
and a figure the filing does not print for the sentence declined. A final account asked why it
fell short of (or overran) its budget takes its direction from the printed amounts."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县医保局"
    pages = [
        text_page(1, f"{entity}2026年部门决算"),
        text_page(2, "学校2026年度财政拨款支出总计为237,100.00万元，其中基本支出199,015.13万元，占总支出的83.94%；",
                  "本年一般公共预算收入1,136.23万元，占100%；",
                  "本年单位预算1,136.23万元，其中：基本支出1,136.23万元，占100%；"),
        text_page(3, "（二）公用经费 54.75 万元。",
                  "办公费 6.86 万元、印刷费 0.75 万元、差旅费 0.2 万元、培训费 9.72 万元、其他交通费用 37.22 万元。"),
        text_page(4, "3. 医疗保障管理事务（款）行政运行（项）。",
                  "年初预算 598.25 万元，支出决算 699.64 万元，完成年初预算的 116.95%。"
                  "决算数与年初预算数的差异原因：本年在职人员较年初预算增加，人员经费增加。",
                  "4. 住房改革支出（款）住房公积金（项）。",
                  "年初预算 70 万元，支出决算 50.81 万元，完成年初预算的 72.59%。"
                  "决算数与年初预算数的差异原因：档案数字化加工服务项目废标。"),
        text_page(5, "2026年政府性基金预算当年拨款27600.00万元，比上年执行数减少23387.95万元，下降"),
        text_page(6, "2026年政府采购支出预算总额2744.84万元，其中：拟采6"),
        text_page(7, "购货物支出303.4万元、拟购买服务支出2441.44万元。",
                  "科技成果转化扩散（2060404）支出77696.10万元，比上年增加23996.10万元，主要是局机关科技发展专项资金"
                  "较上年增加24000万元，计划管理费减少3.90万元。"),
        text_page(8, "6. 卫生健康支出（类）医疗保障管理事务（款）医疗经办事务（项）。年初预算 49.3 万元，支出决算 48.96 万元，"
                  "完成年初预算的 99.3%。决算数小于年初预算数的主要原因是业务经费减少。"),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("d" * 16, entity, [], pages=pages,
                                                           doc_type="final_accounts"))
    yield a
    a.close()


def _verdict(answer) -> str | None:
    return (answer.understood or {}).get("verdict")


@pytest.mark.parametrize("question, verdict", [
    # a share the question gives with its whole (说占…): the part ÷ the whole the sentence prints
    ("澄岚县医保局2026年财政拨款支出237,100万元，基本支出199,015.13万元说占83.94%，比例对吗？", "pass"),
    ("澄岚县医保局2026年财政拨款支出237,100万元，基本支出199,015.13万元说占84.94%，比例对吗？", "fail"),
    # a 完成预算 % said as 完成 / 执行率
    ("澄岚县医保局2026年行政运行，年初预算598.25万元、决算699.64万元，说完成116.95%，对吗？", "pass"),
    ("澄岚县医保局2026年行政运行，年初预算598.25万元、决算699.64万元，预算执行率117.95%，对吗？", "fail"),
    # a total stated alone, its parts the next sentence (its count said)
    ("澄岚县医保局2026年公用经费54.75万元，后面列的办公费、印刷费……其他交通费用这5项加起来对得上吗？", "pass"),
    # a list after 其中 that a page broke (its page number read at the break)
    ("澄岚县医保局2026年政府采购支出预算2744.84万元，其中列的2项加起来对得上吗？", "pass"),
    # the rate the sentence as read does not print (the page cut it): the question's, checked on the amounts
    ("澄岚县医保局2026年政府性基金当年拨款27600万元，比上年执行数少23387.95万元，下降45.9%，对得上吗？", "pass"),
    ("澄岚县医保局2026年政府性基金当年拨款27600万元，比上年执行数少23387.95万元，下降46.9%，对得上吗？", "fail"),
    # a total's change and the parts' changes the question quotes
    ("澄岚县医保局2026年科技成果转化扩散增加23996.10万元，说明讲科技发展专项资金多24000万、计划管理费少3.90万，对得上吗？",
     "pass"),
])
def test_verdicts_in_more_shapes(asker, question, verdict):
    a = asker.ask(question)
    assert a.kind == "consistency" and _verdict(a) == verdict, a.answer


def test_a_share_is_read_in_the_sentence_naming_its_part(asker):
    # two sentences print 1,136.23万元 占100%: the 基本支出 one is the one asked about
    a = asker.ask("澄岚县医保局2026年单位预算1,136.23万元，基本支出1,136.23万元说占100%，比例对吗？")
    assert _verdict(a) == "pass" and "基本支出" in a.citations[0].quote, a.answer


@pytest.mark.parametrize("question", [
    # a level the sentence of that change does not print
    "澄岚县医保局2026年政府性基金当年拨款27700万元，比上年执行数少23387.95万元，下降45.9%，对得上吗？",
    # a part's change the filing does not print
    "澄岚县医保局2026年科技成果转化扩散增加23996.10万元，说明讲科技发展专项资金多24000万、计划管理费少4.90万，对得上吗？",
    # a total the filing does not print with that list
    "澄岚县医保局2026年公用经费55.75万元，后面列的办公费、印刷费……其他交通费用这5项加起来对得上吗？",
    # a count the list does not have
    "澄岚县医保局2026年公用经费54.75万元，后面列的这14项加起来对得上吗？",
])
def test_figures_not_printed_get_no_verdict(asker, question):
    a = asker.ask(question)
    assert _verdict(a) != "pass", a.answer


@pytest.mark.parametrize("question, verdict", [
    ("烟台市教育局说明里写的政府采购预算，和政府采购预算表，数字能对上吗？", "和政府采购预算表对得上吗"),
    ("烟台市教育局说明里写的政府采购预算，和政府采购预算表，核对一下？", "和政府采购预算表对得上吗"),
    ("住房公积金（项）前后两处写的金额，是否相符？", "金额一致吗"),
    ("万里街道2024年说明里公务接待费1.35万元，和经济分类表里的公务接待费是一个数吗？", "一致"),
    ("那两个数是同一个数吗？", "一致"),
    ("是一回事吗？", "一致"),
])
def test_is_it_one_number_asks_a_check(question, verdict):
    from budgetlens.qa.consistency import plain_check

    assert verdict in plain_check(question)


@pytest.mark.parametrize("question, premise", [
    ("澄岚县医保局2026年行政运行决算为什么比年初预算少？", True),  # 699.64 printed against 598.25: it overran
    ("澄岚县医保局2026年行政运行为什么没花完预算？", True),
    ("澄岚县医保局2026年行政运行决算为什么比年初预算多？", False),
    ("澄岚县医保局2026年住房公积金为什么没花完预算？", False),  # 50.81 of 70: it fell short, as asked
])
def test_a_final_account_against_its_budget_takes_the_printed_direction(asker, question, premise):
    a = asker.ask(question)
    assert a.kind == "why", a.answer
    said = "问题说决算比预算少，文件写的是决算比预算多" in a.answer
    assert said == premise, a.answer
    assert "差异原因" in "".join(c.quote for c in a.citations)


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    entity = "澄岚县政协办公室"
    older = [text_page(1, f"{entity}2017年部门预算"),
             text_page(2, "2017年本部门一般公共预算会议费预算支出1,094.62万元。",
                       "2017年“三公”经费预算支出47.91万元。")]
    newer = [text_page(1, f"{entity}2018年部门预算"),
             text_page(2, "2018年本部门一般公共预算会议费预算支出884.16万元，比上年预算减少210.46万元。",
                       "2018年“三公”经费预算支出37.91万元，比上年预算减少10万元。",
                       "2018年机关运行经费5619.31万元，比上年增加4032.99万元，增加254.23%。",
                       "无锡市统计局2018年度部门预算公开（1）一般公共服务支出（类）支出2,404.17万元，主要用于开展统计事务而发生的支出。"
                       "与上年相比增加223.26万元，增长10.24%。主要原因是新增第四次全国农业普查经费预算。",
                       "2018年支出比上年增加1,000.00万元，主要是教育支出增加900.00万元、科技支出增加150.00万元、"
                       "社保支出减少50.00万元。")]
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   stored_pdf("e" * 16, entity, [], pages=older, year=2017),
                   stored_pdf("f" * 16, entity, [], pages=newer, year=2018))
    yield a
    a.close()


@pytest.mark.parametrize("question, verdict", [
    # the year before the change implies, against the year before's own filing
    ("澄岚县政协办公室2018年会议费884.16万元，称比上年预算少210.46万元，和2017年预算里的会议费对得上吗？", "pass"),
    ("澄岚县政协办公室2018年会议费884.16万元，称比上年预算少200.46万元，和2017年预算里的会议费对得上吗？", None),
    # two years' figures quoted, each read in that year's own filing
    ("澄岚县政协办公室2018年“三公”37.91万元、说比2017年预算少10万元，可2017年那份写的是47.91万元，两份一致吗？", "pass"),
    ("澄岚县政协办公室2018年“三公”37.91万元、说比2017年预算少10万元，可2017年那份写的是48.91万元，两份一致吗？", None),
    # 4,032.99 ÷ 1,586.32 = 254.24%: 254.23% only within the amounts' rounding — 一致 within rounding,
    # 有问题吗 read as a check
    ("澄岚县政协办公室2018年机关运行经费5619.31万元，比上年多4032.99万元，说增加254.23%，这个百分比有问题吗？", "pass"),
    # (254.24% is what the amounts give, but the filing prints 254.23%: the question's 说 is not the filing's)
    ("澄岚县政协办公室2018年机关运行经费5619.31万元，比上年多4032.99万元，说增加254.24%，这个百分比有问题吗？", "fail"),
    ("澄岚县政协办公室2018年机关运行经费5619.31万元，比上年多4032.99万元，说增加255.23%，这个百分比有问题吗？", "fail"),
    # an item's number after the heading on the same line is not the first figure of its subject
    ("澄岚县政协办公室2018年一般公共服务支出2,404.17万元，比上年增加223.26万元，增长10.24%，这组数据自洽吗？", "pass"),
    # the unit said once, on the total; every figure read as an amount, or no verdict
    ("澄岚县政协办公室2018年支出比上年多1,000万元，分项是教育多900、科技多150、社保少50，合起来是这个数吗？", "pass"),
    ("澄岚县政协办公室2018年支出比上年多1,000万元，分项是教育多900、科技多150、社保少60，合起来是这个数吗？", None),
])
def test_verdicts_across_two_years_and_within_rounding(two_years, question, verdict):
    a = two_years.ask(question)
    assert _verdict(a) == verdict, a.answer
    if verdict is not None:
        assert a.kind == "consistency", a.answer
    if "254.23%" in question:
        assert "四舍五入误差内一致" in a.answer, a.answer


def test_a_reason_of_an_item_numbered_after_its_heading(two_years):
    a = two_years.ask("澄岚县政协办公室2018年一般公共服务支出为啥增加了223.26万元？")
    assert a.kind == "why" and "农业普查" in "".join(c.quote for c in a.citations), a.answer


def test_a_gap_said_as_smaller_than_its_budget_is_a_reason_of_the_line_before(asker):
    a = asker.ask("澄岚县医保局2026年医疗经办事务为什么没花完预算？")
    assert a.kind == "why" and "业务经费减少" in "".join(c.quote for c in a.citations), a.answer
    a = asker.ask("澄岚县医保局2026年医疗经办事务决算为什么比年初预算多？")
    assert "问题说决算比预算多，文件写的是决算比预算少" in a.answer, a.answer


@pytest.mark.parametrize("question", [
    "澄岚县医保局2026年医疗经办事务为什么比上年减少？",
    "澄岚县医保局2026年住房公积金为什么比上年增加？",
])
def test_the_reason_of_a_gap_against_the_budget_is_no_reason_of_a_change_on_the_year_before(asker, question):
    a = asker.ask(question)
    assert a.kind == "not_found" and "决算与预算的差异" in a.answer, a.answer
