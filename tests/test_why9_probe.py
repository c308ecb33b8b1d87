"""The why probe's sentence finder on hand-written pages (raw page text, as PyMuPDF gives
it: lines broken mid-sentence, page numbers at the foot), its questions and its judge."""

from __future__ import annotations

from types import SimpleNamespace

from budgetlens.eval.probe_why import (Filing, judge, printed_body, questions, short_form, single,
                                       statements)

_PAGE_1 = """二、“三公”经费安排情况
2026年“三公”经费预算40.00万元，比上年减少6.00万元，下降13.0%，主要原因是
落实过紧日子要求。其中：因公出国（境）费10.00万元，比上年增加2.00万元，主要原因是
新增一批境外招商团组；公务接待费8.00万元，比上年减少3.00万元，主要原因是接待批次压减；
公务用车运行维护费22.00万元，比上年减少5.00万元，主要原因是两辆老旧车辆报废。
机关运行经费安排60.00万元，比上年减少4.00万元，主要原因是厉
- 3 -
"""
_PAGE_2 = """行节约压减办公费。
一般公共预算支出300.00万元，其中：工资福利支出120.00万元，较上年增加9.00万元，主要原因是调资。
会议费12.00万元，比上年增加1.00万元，主要原因是培训费比上年减少2.00万元后调剂。
机关运行经费预算6.71万元，支出决算6.27万元。支出决算比上年减少0.44万元，主要原因是压缩开支。
项目支出400.00万元，比2023年增加20.00万元，主要原因是旧口径。
"""


def _found():
    return statements([_PAGE_1, _PAGE_2], "corpus/docs/x.pdf", 2026)


def test_each_part_of_one_paragraph_gets_its_own_reason():
    by = {s.measure: s for s in _found()}
    assert by["三公经费"].reason.startswith("落实过紧日子要求") and by["三公经费"].direction == -1
    assert by["因公出国（境）费"].reason.startswith("新增一批境外招商团组") and by["因公出国（境）费"].direction == 1
    assert by["公务接待费"].reason == "接待批次压减"
    assert by["公务用车运行维护费"].reason == "两辆老旧车辆报废"
    assert by["公务接待费"].change == "比上年减少3.00万元"


def test_a_reason_a_page_breaks_is_read_across_the_page_number():
    s = next(s for s in _found() if s.measure == "机关运行经费")
    assert s.reason.startswith("厉行节约压减办公费") and s.page == 1


def test_lines_the_probe_cannot_tell_are_left_out():
    measures = [s.measure for s in _found()]
    assert "一般公共预算财政拨款支出" not in measures  # the change is of 工资福利支出, an item of its list
    assert "培训费" not in measures  # a change told inside 会议费's reason
    assert "支出总计" not in measures  # 支出决算 of the 机关运行经费 line before
    assert "项目支出" not in measures  # compared with 2023, not the year before 2026


def test_a_measure_explained_twice_differently_has_no_gold():
    found = statements(["公务接待费8万元，比上年减少3万元，主要原因是接待批次压减。",
                        "公务接待费8万元，比上年减少3万元，主要原因是会议合并召开。",
                        "会议费5万元，比上年增加1万元，主要原因是会议次数增加。"], "f", 2026)
    assert [s.measure for s in single(found)] == ["会议费"]


def test_body_names_and_questions():
    assert printed_body(["深圳市统计局", "深圳市统计局", "统计局"], "深圳市统计局\n2026年部门预算") == "深圳市统计局"
    assert printed_body(["上海普陀_商务委员会", "上海普陀商务委员会", "商务委员会"],
                        "预算单位：上海市普陀区商务委员会\n2025年部门预算") == "上海市普陀区商务委员会"
    assert short_form("深圳市统计局") == "深圳统计局" and short_form("中共烟台市委宣传部") == "中共烟台市委宣传部"
    f = Filing(path=None, file="corpus/docs/x.pdf", body="澄岚市商务局", year=2026)
    qs = questions(f, single(_found()), "dev")
    asked = [q for q in qs if q.variant != "premise"]
    assert len({q.variant for q in asked}) == 4  # 为什么 / 为啥 / 原因是什么 / 咋
    premise = next(q for q in qs if q.variant == "premise" and q.measure == "公务接待费")
    assert "增加" in premise.question and premise.direction == -1
    assert any(q.question.startswith("澄岚商务局") for q in qs)


def _answer(text, kind="why"):
    """An answer quoting what it says (a decline cites nothing)."""
    quotes = [] if kind == "not_found" else [text]
    return SimpleNamespace(answer=text, kind=kind, citations=[SimpleNamespace(quote=q) for q in quotes])


def test_judge():
    f = Filing(path=None, file="f", body="澄岚市商务局", year=2026)
    qs = questions(f, single(_found()), "dev")
    q = next(q for q in qs if q.variant != "premise" and q.measure == "公务接待费")
    p = next(q for q in qs if q.variant == "premise" and q.measure == "公务接待费")
    right = _answer("说明：“公务接待费8.00万元，比上年减少3.00万元，主要原因是接待批次 压减。”")
    neighbour = _answer("说明：“公务用车运行维护费22.00万元，比上年减少5.00万元，主要原因是两辆老旧车辆报废。”")
    declined = _answer("在这些文件中没有找到说明变化原因的句子。", kind="not_found")
    assert judge(q, right)[0] == "right"
    assert judge(q, neighbour)[0] == "wrong"
    assert judge(q, declined)[0] == "not_found"
    assert judge(p, _answer("注意：问题说增加，文件写的是减少。" + right.answer))[0] == "right"
    assert judge(p, right)[0] == "wrong"  # the reason of a fall given for a rise
    assert judge(p, _answer("注意：问题说增加，文件写的是减少。" + neighbour.answer))[0] == "wrong"
    assert judge(p, declined)[0] == "right"
