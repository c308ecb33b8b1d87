"""Why answers over layouts and phrasings the earlier rules missed: a line's heading with its
change and reason in the sentences after it (上年执行数为…，本年预算安排…，比上年执行数减少…。
主要原因是：…), a measure whose generic middle word (资金, 单位) splits it, a change verb
that ends a heading line with its amount on the next, a bracket holding the parts' own
changes before the total's reason, 怎么增加了 / 原因何在 asked, and a premise the question
states with its amount."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Block, Line, Page

from qa_corpus import asker_over, stored_pdf


def _page(number: int, *texts: str, kinds: tuple[str, ...] = ()) -> Page:
    blocks = []
    for i, t in enumerate(texts):
        box = (50, 100 + 60 * i, 500, 150 + 60 * i)
        kind = kinds[i] if i < len(kinds) else "text"
        blocks.append(Block(kind=kind, text=t, bbox=box, lines=[Line(text=t, bbox=box)]))
    return Page(number=number, source="text", blocks=blocks)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    pages = [
        _page(1, "澄岚县福利院2024年单位预算"),
        _page(2, "财政拨款支出主要内容如下：1. “社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”"
                 "53.84万元，主要用于退休人员生活补贴。2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，"
                 "比2023年预算执行数减少1.39%。主要原因是：有退休人员去世。",
              "2. “社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”76.76万元，"
              "主要用于养老保险费用。2023年当年预算执行数为70.70万元，2024年预算安排76.76万元，比2023年预算执行数增加8.57%。"
              "主要原因是：缴费基数调整。"),
        _page(3, "2．其他资金收入预算总计 15 万元。与上年相比增加", "9.45 万元，增长 170.27 %。主要是因代发绩效工资增加等。",
              "（二）支出预算总计 17996.68 万元。", kinds=("heading", "text", "heading")),
        _page(4, "2024年“三公”经费399.88万元，比上年增加20.82万元，主要原因是公务用车购置及运行维护费用增加。"
                 "其中：因公出国（境）费25.16万元，比上年增加0万元，主要原因是与上年持平；"
                 "公务用车购置及运行维护费364.17万元（公务用车购置费18万元，比上年增加18万元；"
                 "公务用车运行维护费346.17万元，比上年增加3.02万元。）比上年增加21.02万元，增长6.1%，"
                 "主要原因是：一是1台公务用车已达强制报废使用年限，按规定更新购置；二是增加社会化保障开支；"
                 "公务接待费10.55万元，比上年减少0.2万元，主要原因是压减公务接待计划。",
              "2024年委托业务费478.2万元，比上年增加49.27万元，增长11.5%，主要原因是食堂管理费用列入委托业务费科目。"),
        _page(5, "1.会议费。2024年预算数16.80万元，较2023年年初预算减少27.07万元，主要是根据主管部门审核情况安排会议。",
              "2024年本年预算收入390,140.45万元，与上年相比减少1,106.89万元，其中：财政拨款收入减少6,331.03万元，"
              "一是因为压减；事业收入增加2,110.3 万元，主要是科研事业收入增加；其他收入增加3,113.84万元，"
              "主要是附属单位上缴收入增加。",
              "（二）公务用车购置及运行费70.60万元，比2023年预算增加61.00万元，主要原因是根据规定更新购置车辆。"
              "其中：公务用车购置费61.00万元，比2023年预算增加61.00万元，主要原因是更新购置车辆；"),
    ]
    a = asker_over(home, stored_pdf("a" * 16, "澄岚县福利院", [], pages=pages, year=2024))
    yield a
    a.close()


@pytest.mark.parametrize("question, reason, not_said", [
    # the line's heading, then its two years and change, then its reason
    ("澄岚县福利院2024年事业单位离退休支出减少是什么原因？", "有退休人员去世", ("缴费基数调整",)),
    ("澄岚县福利院2024年机关事业单位基本养老保险缴费支出为什么增加？", "缴费基数调整", ("有退休人员去世",)),
    # 其他资金收入: 资金 is generic, 其他 and 收入 are each named; the amount on the line after 增加
    ("澄岚县福利院2024年其他资金收入咋涨了170%？", "代发绩效工资增加", ()),
    # the parts' own changes in brackets, then the total's change and reason
    ("澄岚县福利院2024年公务用车购置及运行维护费为什么增加？", "强制报废使用年限", ("压减公务接待计划",)),
    # 怎么增加了 is a why; 原因何在 with 一下 before the change
    ("澄岚县福利院2024年委托业务费怎么增加了？", "食堂管理费用列入委托业务费科目", ()),
    ("澄岚县福利院2024年委托业务费一下多了四十多万，原因何在？", "食堂管理费用列入委托业务费科目", ()),
    # a heading line, then 2024年预算数… whose subject is only a year and 预算数
    ("澄岚县福利院2024年会议费为什么减少了？", "根据主管部门审核情况安排会议", ()),
    # an item of a list the paragraph opened with the whole's change and 其中
    ("澄岚县福利院2024年其他收入为啥增加了三千多万？", "附属单位上缴收入增加", ("科研事业收入增加",)),
    ("澄岚县福利院2024年事业收入为什么增加？", "科研事业收入增加", ("附属单位上缴收入增加",)),
    # 公车费用 is the whole line of official cars, not its 购置费 part
    ("澄岚县福利院2024年公车费用为什么涨了61万？", "根据规定更新购置车辆", ()),
])
def test_the_reason_is_found(asker, question, reason, not_said):
    a = asker.ask(question)
    assert a.kind == "why", a.answer
    assert reason in a.answer, a.answer
    for other in not_said:
        assert other not in a.answer, a.answer


def test_the_change_a_question_states_with_its_amount_is_its_premise(asker):
    a = asker.ask("先说背景：澄岚县福利院2024年委托业务费减少了49.27万元。为什么会增加？")
    assert a.answer.startswith("注意：问题说减少，文件写的是增加"), a.answer
    b = asker.ask("澄岚县福利院2024年委托业务费增加了49.27万元，为什么？")
    assert b.kind == "why" and not b.answer.startswith("注意"), b.answer
