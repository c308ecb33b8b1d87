"""Why questions in the shapes the fresh development set asked: a measure named with asides
(反而 / 这一项 / 从零 / 单位预算的 / …的钱), a change said as 猛增 / 锐减, 主要是哪些单位减的 as a
why, the line of a fund's money (…收入安排的城市建设支出); a numbered list whose later items
state their change without 比上年 (each item's reason its own, never the neighbour's); a
line's name broken over two blocks; an amount the same as the year before's (与上年数一致)
answering a premise of change."""

from __future__ import annotations

import pytest
from budgetlens.qa.why import measure_words, plain_why

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县民政局"
    pages = [
        text_page(1, f"{entity}2026年部门预算"),
        text_page(2, "⑤老年福利（2081002）269.99万元，较上年减少3,198.10万元，主要原因是将运营奖励经费调整至养老服务科目核算。",
                  "⑥养老服务（2081006）3,000.00万元，增加3,000.00万元，主要原因是新设养老服务科目承接运营奖励。",
                  "⑦殡葬（2081004）120.00万元，较上年增加20.00万元，主要原因是公益性公墓建设。"),
        text_page(3, "5.国有土地使用权出让收入安排的支出（款）城市建设支出",
                  "（项）支出67,808万元，与上年相比减少57,761.58万元，减少46%。",
                  "主要原因是重点基础设施建设项目资金部分来源调整为一般公共预算。",
                  "6.国有土地使用权出让收入安排的支出（款）农村基础设施建",
                  "设支出（项）支出0万元，与上年相比减少10,450.42万元，减少100%。",
                  "主要原因是乡村道路项目资金来源调整。"),
        text_page(4, "1.因公出国（境）费预算支出106万元，与上年数一致。",
                  "2.会议费预算支出180.63万元，较上年增加132.54万元，增加的主要原因是督察回头看会议增加。",
                  "3.公务接待费预算5.13万元，比上年减少5.31万元，主要原因是研究院预算减少2.44万元，社科院减少1.79万元。",
                  "4.公务用车购置及运行维护费210.95万元，比上年减少95.5万元，主要原因是车辆报废更新减少。",
                  "5.公务用车运行维护费27.50万元，较上年增加27.50万元，增加的主要原因是运行维护费列入年初预算。",
                  "本部门机关运行经费安排2,611.42万元，比上年增加42.5万元，主要原因是新增一网统管平台升级项目。",
                  "6.培训费为0.86万元，和2025年相比预算减低0.27万元，主要原因是过紧日子。"),
        # a paragraph over three pages, broken mid-word (下降的主要原 / 因是…)
        text_page(6, "8.行政运行（2010101）500万元，较上年增加10万元，主要原因是人员增加；9.培训支出（2050803）140.26万元，较上年"),
        text_page(7, "减少30.56万元，下降17.89%，下降的主要原"),
        text_page(8, "因是：严格落实要求，压缩培训支出；10.行政单位离退休（2080501）146.88万元，较上年增加37.51万元，"
                  "增长的主要原因是退休人数增加。"),
        text_page(9, "其中：1 机关事业单位职业年金缴费支出（2080506）235.30万元，较上年减少2.49万元，主要原因是：下属单位人员变动。"),
        text_page(10, "9.人大事务（款）其他人大事务（项）支出580万元，与上",
                  "年相比增加480万元，增长480%。",
                  "主要原因是新增立法研究所办公用房专项经费。"),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("e" * 16, entity, [], pages=pages))
    yield a
    a.close()


@pytest.mark.parametrize("rest, measure", [
    ("机关运行经费反而多了42.5万元,原因是啥?", "机关运行经费"),
    ("老年福利这一项少了3198.10万元,是什么原因?", "老年福利"),
    ("公务用车运行维护费从零变成27.5万元,原因是什么?", "公务用车运行维护费"),
    ("单位预算的财政拨款减少,原因是什么?", "财政拨款"),
    ("会议费猛增132.54万元,原因是什么?", "会议费"),
    ("土地出让收入安排的城市建设支出少了5.7亿多,原因?", "城市建设支出"),
    # the words that name the line stay
    ("部门预算收入为什么增加?", "部门预算收入"),
    ("项目支出预算为什么比2017年少了?", "项目支出预算"),
])
def test_the_measure_is_read_past_its_asides(rest, measure):
    assert measure_words(rest) == measure


def test_which_parts_moved_is_asked_as_a_why():
    assert plain_why("接待费比2021年少了5.31万元，主要是哪些单位减的？").endswith("，原因是什么？")
    assert plain_why("接待费是多少？") == "接待费是多少？"


@pytest.mark.parametrize("question, passage, not_quoted", [
    ("澄岚县民政局2026年老年福利这一项少了3198.10万元，是什么原因？", "调整至养老服务科目核算", "新设养老服务科目"),
    # a later item with no 比上年 is a statement of its own: its reason, not the item's before
    ("澄岚县民政局2026年养老服务为什么增加了？", "新设养老服务科目", "调整至养老服务科目核算"),
    ("澄岚县民政局2026年土地出让收入安排的城市建设支出少了5.7亿多，原因？", "重点基础设施建设项目", "乡村道路"),
    ("澄岚县民政局2026年农村基础设施建设支出为什么减少？", "乡村道路", "重点基础设施"),
    ("澄岚县民政局2026年会议费猛增132.54万元，原因是什么？", "督察回头看", "研究院"),
    ("澄岚县民政局2026年接待费比2025年少了5.31万元，主要是哪些单位减的？", "研究院预算减少", "督察"),
    ("澄岚县民政局2026年公车（购置和运维）钱少了95.5万元，是怎么回事？", "车辆报废更新", "列入年初预算"),
    ("澄岚县民政局2026年公车运维费从零变成27.5万元，怎么回事？", "列入年初预算", "车辆报废"),
    ("澄岚县民政局2026年机关运行经费反而多了42.5万元，原因是啥？", "一网统管", "督察"),
    # 和2025年相比…减低: a change on the year before
    ("澄岚县民政局2026年培训费比2025年少了0.27万元，为啥？", "过紧日子", "一网统管"),
    # a line whose sentence a block broke after 与上
    ("澄岚县民政局2026年“其他人大事务”一下多了480万元，钱用到哪儿去了、为什么增加？", "立法研究所", "一网统管"),
    ("澄岚县民政局2026年培训支出为什么比上年减少？", "压缩培训支出", "退休人数"),
    # an item numbered 1 with a space and no mark after it names its line
    ("澄岚县民政局2026年机关事业单位职业年金缴费支出为啥少了？", "下属单位人员变动", "一网统管"),
])
def test_the_reason_of_the_line_asked(asker, question, passage, not_quoted):
    a = asker.ask(question)
    quotes = "".join(c.quote for c in a.citations)
    assert a.kind == "why" and passage in quotes and not_quoted not in quotes, a.answer


def test_an_amount_the_same_as_the_year_before_answers_a_premise_of_change(asker):
    a = asker.ask("澄岚县民政局2026年出国（境）费为啥涨了？")
    assert a.kind == "why" and "持平" in a.answer and "与上年数一致" in a.citations[0].quote, a.answer
    assert a.understood["premise"] == "contradicted"


def test_the_why_probe_asks_about_a_line_named_with_its_code_and_skips_a_reason_run_into_a_table():
    from budgetlens.eval.probe_why import statements

    pages = ["⑤老年福利（2081002）269.99万元，较上年减少3,198.10万元，主要原因是将运营奖励经费调整至养老服务科目核算。"
             "住房公积金（2210201）605.29万元，较上年减少68.62万元，主要原因是随着部分人一般公共预算拨款支出（按功能科目分）"
             "金额（万元）员转隶，本年度在职人数减少。"]
    found = statements(pages, "f", 2026)
    assert [(s.measure, s.direction) for s in found] == [("老年福利", -1)]
    assert found[0].distinctive.startswith("将运营奖励经费")


def test_the_way_said_after_why_is_the_premise(asker):
    # …多了480万元，钱用到哪儿去了、为什么减少？: 哪儿 asks where (no ranking), 为什么减少 the premise
    a = asker.ask("澄岚县民政局2026年“其他人大事务”一下多了480万元，钱用到哪儿去了、为什么减少？")
    assert a.kind == "why" and a.understood["premise"] == "contradicted" and "问题说减少" in a.answer, a.answer
    a = asker.ask("澄岚县民政局2026年“其他人大事务”一下多了480万元，钱用到哪儿去了、为什么增加？")
    assert a.kind == "why" and a.understood["premise"] == "consistent", a.answer


def test_where_is_no_ranking_word():
    from budgetlens.qa.ranking import plain_ranking

    assert plain_ranking("钱用到哪儿去了、为什么减少？") == "钱用到哪儿去了、为什么减少？"
    assert plain_ranking("哪个单位少？").endswith("最少？")
