"""Why answers over hand-made filings whose narrative puts several lines' changes in one
paragraph: the reason quoted is that of the measure and year asked, never a neighbouring
line's; a false premise is said; a reason a page break cuts (its printed page number read
into it) is read whole."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Block, Line, Page

from qa_corpus import asker_over, stored_pdf


def _page(number: int, *texts: str, heading: str = "") -> Page:
    blocks = [Block(kind="heading", text=heading, bbox=(50, 60, 500, 80))] if heading else []
    for i, t in enumerate(texts):
        box = (50, 100 + 60 * i, 500, 150 + 60 * i)
        blocks.append(Block(kind="text", text=t, bbox=box, lines=[Line(text=t, bbox=box)]))
    return Page(number=number, source="text", blocks=blocks)


_THREE_PUBLIC = ("2026年“三公”经费预算共40.00万元，比上年减少6.00万元，下降13.0%，主要原因是落实过紧日子要求。"
                 "其中：因公出国（境）费10.00万元，比上年增加2.00万元，主要原因是新增一批境外招商团组；"
                 "公务接待费8.00万元，比上年减少3.00万元，主要原因是接待批次压减；"
                 "公务用车运行维护费22.00万元，比上年减少5.00万元，主要原因是两辆老旧车辆报废。")


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    pages = [
        _page(1, "澄岚县商务局2026年部门预算"),
        _page(2, "2026年本部门收入预算900.00万元，比上年增加50.00万元，增长5.9%，主要原因是新增招商专项经费。"
                 "支出预算900.00万元，比上年增加50.00万元，增长5.9%，主要原因是人员经费调增。",
              "基本支出预算数为500.00万元，与上年相比增加30.00万元。主要原因是在职人员增加。"
              "项目支出预算数为400.00万元，与上年相比增加20.00万元，主要原因是招商活动项目增加。",
              heading="一、收支预算增减变化情况"),
        _page(3, _THREE_PUBLIC, "机关运行经费安排60.00万元，比上年减少4.00万元，主要原因是厉—3—", heading="二、“三公”经费"),
        _page(4, "行节约压减办公费。", "会议费12.00万元。具体情况如下：1．培训费预算支出6.00万元，比上年预算减少1.50万元，"
                                    "主要原因是培训班次合并。"),
    ]
    built = stored_pdf("f" * 16, "澄岚县商务局", [], pages=pages)
    listed = [
        _page(1, "澄岚县国有资产监督管理委员会2022年部门预算"),
        _page(2, "2022年本部门预算收入2518.06万元，比上年减少3083.36万元，主要原因是公租房公司项目预算不在我委列示；"
                 "2022年本部门预算支出2518.06万元，比上年减少3083.36万元，主要原因是公租房公司项目预算不在我委列示。",
              "本部门其他收入与上年比较发生较大差异的原因是债务收入减少。"),
        _page(3, "2022年本部门当年一般公共预算支出2518.06万元，其中：（1）行政运行（2010101）1232.81万元，较上年减少136.51万元，"
                 "原因是增加两名退休人员，工资福利减少；（2）一般行政管理事务（2010102）268.85万元，较上年增加28.01万元，"
                 "原因是转业干部增加。"),
    ]
    a = asker_over(home, built, stored_pdf("e" * 16, "澄岚县国有资产监督管理委员会", [], pages=listed, year=2022))
    yield a
    a.close()


@pytest.mark.parametrize("question, reason, not_said", [
    ("澄岚县商务局2026年公务接待费为什么减少了？", "接待批次压减", ("两辆老旧车辆报废", "境外招商团组")),
    ("澄岚商务局2026年公车运维费为啥少了？", "两辆老旧车辆报废", ("接待批次压减",)),
    ("澄岚县商务局2026年因公出国（境）费增加的原因是什么？", "新增一批境外招商团组", ("接待批次压减",)),
    ("澄岚县商务局2026年支出预算为什么增加？", "人员经费调增", ("新增招商专项经费",)),
    ("澄岚县商务局2026年收入预算咋多了？", "新增招商专项经费", ("人员经费调增",)),
    ("澄岚县商务局2026年项目支出为什么比上年增加？", "招商活动项目增加", ("在职人员增加",)),
    ("澄岚县商务局2026年基本支出为什么增加了？", "在职人员增加", ("招商活动项目增加",)),
])
def test_the_reason_of_the_line_asked_not_its_neighbours(asker, question, reason, not_said):
    a = asker.ask(question)
    assert a.kind == "why", a.answer
    assert reason in a.answer, a.answer
    for other in not_said:
        assert other not in a.answer, a.answer
    assert not a.answer.startswith("注意")


def test_a_false_premise_is_said_and_the_printed_direction_quoted(asker):
    a = asker.ask("澄岚县商务局2026年公务接待费为什么比上年增加了？")
    assert a.answer.startswith("注意：问题说增加，文件写的是减少"), a.answer
    assert "比上年减少3.00万元" in a.answer
    assert a.understood["premise"] == "contradicted"


def test_a_reason_broken_by_a_page_and_its_number_is_read_whole(asker):
    a = asker.ask("澄岚县商务局2026年机关运行经费为什么减少了？")
    assert a.kind == "why" and "厉行节约压减办公费" in a.answer, a.answer
    assert "—3—" not in a.answer


def test_a_numbered_item_after_an_announcement_names_its_own_line(asker):
    a = asker.ask("澄岚县商务局2026年培训费为什么减少？")
    assert "培训班次合并" in a.answer and "会议费12.00万元" not in a.answer, a.answer
    b = asker.ask("澄岚县商务局2026年会议费为什么减少？")
    assert "培训班次合并" not in b.answer, b.answer


@pytest.mark.parametrize("question, reason, not_said", [
    ("澄岚县国资委2022年的支出为啥少了？", "公租房公司项目预算不在我委列示", ("退休人员",)),
    ("澄岚县国资委2022年行政运行为什么减少？", "增加两名退休人员", ("公租房", "转业干部")),
    ("澄岚县国资委2022年一般行政管理事务为什么增加了？", "转业干部增加", ("退休人员",)),
])
def test_a_total_and_the_items_listed_after_it_are_told_apart(asker, question, reason, not_said):
    a = asker.ask(question)
    assert a.kind == "why" and reason in a.answer, a.answer
    for other in not_said:
        assert other not in a.answer, a.answer


def test_a_change_whose_direction_the_filing_does_not_say_is_not_confirmed(asker):
    a = asker.ask("澄岚县国资委2022年其他收入为什么大幅增加？")
    assert a.answer.startswith("注意：问题说增加，文件这句并没有写明是增加还是减少"), a.answer
    assert "债务收入减少" in a.answer and a.understood["premise"] == "unstated"
