"""Consistency and why questions in other words give the same answer, and a question changed
in one thing (the figure, the year, the table, the direction of the change) gets another
answer or none — never the first one's verdict or reason (``qa.consistency.plain_check``,
``qa.sides``, ``qa.why.plain_why``, ``qa.followup.pointing``)."""

from __future__ import annotations

import pytest
from budgetlens.qa.consistency import plain_check
from budgetlens.qa.followup import pointing
from budgetlens.qa.sides import named_tables, side_years
from budgetlens.qa.why import own_years, plain_why

from qa_corpus import asker_over
from test_qa_engine import _filing


def test_ways_of_asking_whether_two_figures_agree_read_as_one():
    assert plain_check("说明里的机关运行经费444.39万元，和表8的行政经费，有没有出入？") == \
        "说明里的机关运行经费444.39万元，和表8的行政经费一致吗？"
    assert plain_check("“三公”经费总数和三个分项加起来一样吗？") == "“三公”经费总数和三个分项加起来一致吗？"
    assert plain_check("基本支出说占13.22%，和支出预算合计，两者对得上吗？") == "基本支出说占13.22%，和支出预算合计对得上吗？"
    assert plain_check("下降9.0%，这三个数自洽吗？") == "下降9.0%，这三个数一致吗？"
    assert plain_check("公务接待费有多少？") == "公务接待费有多少？"  # no check asked
    assert plain_check("今年和去年一样多吗？").endswith("一样多吗？")  # 一样多 is no check


def test_ways_of_asking_why_read_as_one():
    assert plain_why("公务接待费减少了，这是怎么回事？") == "公务接待费减少了，原因是什么？"
    assert plain_why("公务接待费因何减少？") == "公务接待费为什么减少？"
    assert plain_why("公务接待费是多少？") == "公务接待费是多少？"


def test_the_years_a_question_gives_its_own_side_not_the_ones_it_compares_with():
    assert side_years("说明里写0.27万元，和表13的2021年数一致吗？", 2022) == {2021}
    assert side_years("说明里的“三公”经费和表8里的上年数一致吗？", 2026) == {2025}
    assert side_years("比2025年减少380.65万元，和表上两年的数对得上吗？", 2026) == set()
    assert named_tables("和基本支出表一致吗？") == ["基本支出"] and named_tables("和表8一致吗？") == []
    assert own_years("2025年三公经费为什么比2024年多？") == {2025}
    assert own_years("三公经费为什么比2024年多？") == set() and own_years("与2025年相比为什么少了？") == set()


def test_a_follow_up_pointing_at_a_part_or_the_body_is_read_plainly():
    assert pointing("出国（境）那部分呢？") == "其中出国（境）呢？"
    assert pointing("那它的机关运行经费呢？") == "那机关运行经费呢？"
    assert pointing("那2024年呢？") == "那2024年呢？"


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(
        tmp_path_factory.mktemp("ws"),
        _filing("a" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00)),
        _filing("b" * 16, "澄岚县医疗保障局", 2022, (36.00, 28.00, 5.00, 3.00), change="比上年增加1.00万元"),
        _filing("d" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00)),
    )
    yield a
    a.close()


@pytest.mark.parametrize("ending", ["一致吗？", "是否一致？", "有没有出入？", "，两者对得上吗？", "相符吗？"])
def test_a_quoted_figure_is_checked_however_the_check_is_asked(asker, ending):
    a = asker.ask(f"澄岚县医保局2023年说明里写公务接待费4.10万元，和“三公”经费预算表{ending}")
    assert a.kind == "consistency" and "一致。" in a.answer and "不一致" not in a.answer
    assert {c.page for c in a.citations} == {9}


def test_a_check_changed_in_one_thing_changes_its_answer(asker):
    # the figure: another verdict
    a = asker.ask("澄岚县医保局2023年说明里写公务接待费4.50万元，和“三公”经费预算表一致吗？")
    assert a.kind == "consistency" and "不一致" in a.answer
    # another year than the figure read: no verdict
    a = asker.ask("澄岚县医保局2023年说明里写公务接待费4.10万元，和“三公”经费预算表的2022年数一致吗？")
    assert a.kind == "not_found" and "2022年" in a.answer and "一致。" not in a.answer
    # another table than the one the figure stands in: no verdict
    a = asker.ask("澄岚县医保局2023年说明里写公务接待费4.10万元，和基本支出表一致吗？")
    assert a.kind == "not_found" and "基本支出表" in a.answer
    # another kind of filing (决算 where only 预算 is filed): no verdict
    a = asker.ask("澄岚县医保局2023年决算说明里写公务接待费4.10万元，和“三公”经费表一致吗？")
    assert a.kind == "not_found" and "一致。" not in a.answer


def test_parts_against_their_total_however_asked(asker):
    for q in ("澄岚县医保局2023年“三公”经费35.10万元，和出国、接待、公车三项加起来一致吗？",
              "澄岚县医保局2023年“三公”经费总数和三个分项加起来一样吗？",
              "澄岚县医保局2023年“三公”经费35.10万元，和出国、接待、公车三项加起来，有没有出入？"):
        a = asker.ask(q)
        assert a.kind == "consistency" and "= 35.10" in a.answer and len(a.citations) == 4, q


@pytest.mark.parametrize("q", ["澄岚县医保局2023年公务接待费为什么减少了？",
                               "澄岚县医保局2023年公务接待费减少了，这是怎么回事？",
                               "澄岚县医保局2023年公务接待费因何减少？",
                               "澄岚县医保局公务接待费为什么比2022年少了？"])
def test_a_why_asked_in_other_words_quotes_the_same_sentence(asker, q):
    a = asker.ask(q)
    assert a.kind == "why" and "比上年减少0.90万元，主要原因是压缩接待" in a.answer and "注意" not in a.answer


def test_a_why_changed_in_one_thing_is_challenged_or_declined(asker):
    a = asker.ask("澄岚县医保局2023年公务接待费为什么增加了？")  # a false premise: said so
    assert a.kind == "why" and a.answer.startswith("注意：问题说增加，文件写的是减少")
    a = asker.ask("澄岚县医保局2021年公务接待费为什么增加了？")  # no 2021 filing: not 2022's reason
    assert a.kind == "not_found" and "压缩接待" not in a.answer
    a = asker.ask("澄岚县医保局公务接待费为什么比2023年少了？")  # the year after: no filing
    assert a.kind == "not_found" and "2024年" in a.answer
    a = asker.ask("澄岚县医保局2023年行政运行为什么增加了？")  # a line no sentence explains
    assert a.kind == "not_found" and "压缩接待" not in a.answer


def test_follow_ups_pointing_at_a_part_and_at_the_body(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县公安局2023年“三公”经费是多少？").value == pytest.approx(80.0)
    assert conv.ask("公务接待那部分呢？").value == pytest.approx(10.0)
    conv = asker.conversation()
    assert conv.ask("澄岚县公安局2023年公务接待费是多少？").value == pytest.approx(10.0)
    assert conv.ask("那它的因公出国（境）费呢？").value == pytest.approx(50.0)


def test_agreement_is_said_only_when_every_quoted_figure_was_compared():
    from types import SimpleNamespace

    from budgetlens.qa.sides import guard
    from budgetlens.schemas.answer import Answer, AnswerCitation

    quote = "2022年本部门“三公”经费预算支出16.84万元，较上年增加14.99万元（810.27%）"
    answer = Answer(question="", kind="consistency", understood={"verdict": "pass"},
                    answer=f"澄岚县工信局2022年的说明（第14页）写：“{quote}”[1]。按这句话，上年即 16.84 − 14.99 = 1.85 万元，"
                           "幅度 14.99 ÷ 1.85 = 810.27%。一致。",
                    citations=[AnswerCitation(doc_id="a" * 16, path="/f.pdf", page=14, quote=quote)])
    eng = SimpleNamespace(docs={"a" * 16: SimpleNamespace(fiscal_year=2022, doc_type="budget")})
    asked = "澄岚县工信局2022年“三公”经费{}万元，较上年增加14.99万元，写的增长810.27%，算得对吗？"
    assert guard(eng, asked.format("16.84"), answer) is answer
    assert guard(eng, asked.format("16.84").replace("14.99万元", "149900元"), answer) is answer  # the same in 元
    out = guard(eng, asked.format("18.52"), answer)  # the sentence's arithmetic holds, the question's figure is not its
    assert out.kind == "not_found" and "18.52" in out.answer and "verdict" not in out.understood
    # a 决算 asked of a 预算 filing: no verdict either
    out = guard(eng, "澄岚县工信局2022年决算“三公”经费16.84万元，较上年增加14.99万元，写的增长810.27%，算得对吗？", answer)
    assert out.kind == "not_found" and "决算" in out.answer


def test_about_how_much_is_not_which_way():
    from budgetlens.qa.why import _DOWN, _UP

    assert _DOWN.search("为什么比上年少了46万多？") and not _UP.search("为什么比上年少了46万多？")
    assert _UP.search("为什么多了一千多万？") and not _DOWN.search("为什么多了一千多万？")


def test_a_stated_change_against_the_two_years_own_filings(asker):
    q = "澄岚县医保局2023年部门预算说公务接待费比上年减少{}万元，和2022年、2023年两年预算里的公务接待费对得上吗？"
    a = asker.ask(q.format("0.9"))  # 5.00 in the 2022 filing, 4.10 in the 2023 one
    assert a.kind == "consistency" and a.understood["verdict"] == "pass" and "4.10 − 5 = -0.90" in a.answer
    assert {c.doc_id for c in a.citations} == {"a" * 16, "b" * 16}
    a = asker.ask(q.format("1.5"))
    assert a.kind == "consistency" and a.understood["verdict"] == "fail"


def test_a_total_and_its_parts_said_in_one_sentence(tmp_path):
    from qa_corpus import text_block

    def with_sentence(sentence: str, doc_id: str, name: str):
        doc, f = _filing(doc_id, name, 2023, (80.00, 50.00, 10.00, 20.00))
        doc.pages[6].blocks.append(text_block(sentence))
        return doc, f

    a = asker_over(tmp_path,
                   with_sentence("2023年机关运行经费预算总计30万元，其中：办公经费10万元，公务接待费5万元，公务用车运行维护费15万元。",
                                 "a" * 16, "澄岚县公安局"),
                   with_sentence("2023年机关运行经费预算总计30万元，其中：办公经费10万元，公务接待费5万元，公务用车运行维护费14万元。",
                                 "b" * 16, "澄岚县水利局"))
    try:
        from budgetlens.qa.said_parts import said_parts

        q = "{}2023年机关运行经费预算总计30万元，和办公经费、公务接待费、公车运维费三项加起来一致吗？"
        got = said_parts(a.engine, q.format("澄岚县公安局"), [(30.0, "万元")], ["a" * 16], ["澄岚县公安局"], {})
        assert got.kind == "consistency" and "10 + 5 + 15 = 30" in got.answer and got.understood["verdict"] == "pass"
        got = said_parts(a.engine, q.format("澄岚县水利局"), [(30.0, "万元")], ["b" * 16], ["澄岚县水利局"], {})
        assert got.understood["verdict"] == "fail" and "相差 1" in got.answer and got.verified
        # no sentence says a total of 31: nothing to check; nor when no sum is asked
        assert said_parts(a.engine, q, [(31.0, "万元")], ["a" * 16], ["澄岚县公安局"], {}) is None
        assert said_parts(a.engine, "机关运行经费总计30万元对吗？", [(30.0, "万元")], ["a" * 16], ["澄岚县公安局"], {}) is None
        # and however the question reaches it, the verdict is the same
        assert a.ask(q.format("澄岚县水利局")).understood["verdict"] == "fail"
    finally:
        a.close()


def test_a_why_never_quotes_a_neighbouring_lines_reason(tmp_path):
    from budgetlens.qa.why import core_words

    from qa_corpus import text_block

    doc, f = _filing("a" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00))
    doc.pages[6].blocks.append(text_block("公务用车运行维护费预算3.00万元，比上年增加1.00万元，主要原因是接收调拨车辆。"))
    doc.pages[6].blocks.append(text_block("部门预算支出800.00万元，比上年增加50.00万元，主要原因是人员经费增加。"))
    a = asker_over(tmp_path, (doc, f))
    try:
        got = a.ask("澄岚县医保局2023年公务用车运行维护费为什么增加了？")
        assert got.kind == "why" and "接收调拨车辆" in got.answer
        for q in ("澄岚县医保局2023年公务用车购置费为什么增加了？",  # 购置 is not 运行维护
                  "澄岚县医保局2023年国有资本经营预算支出为什么增加了？"):  # nor the whole budget's change
            got = a.ask(q)
            assert got.kind == "not_found" and "接收调拨车辆" not in got.answer and "人员经费增加" not in got.answer, q
    finally:
        a.close()
    assert core_words("公务用车购置费") == "公务用车购置" and core_words("国有资本经营预算支出") == "国有资本经营"
    assert core_words("收支预算") == "" and core_words("决算里其他收入") == "其他收入"


def test_a_summary_of_the_filings_checks_is_a_verdict_only_for_the_key_figure_asked():
    from types import SimpleNamespace

    from budgetlens.qa.sides import guard
    from budgetlens.schemas.answer import Answer

    eng = SimpleNamespace(docs={})

    def summary(counts: str) -> Answer:
        return Answer(question="", kind="consistency", answer=f"澄岚县医疗保障局2023年预算：{counts}。",
                      understood={"verdict": "pass"})

    q = "澄岚县医保局文字说明里的机关运行经费和表里的数一致吗？"
    two = summary("0 项不一致，0 项尾差，2 项一致")
    assert guard(eng, q, two, "机关运行经费") is two
    # 国有资本经营预算支出 read as the key figure 支出总计: its checks say nothing of the line asked
    out = guard(eng, "澄岚县医保局文字说明里的国有资本经营预算支出和表里的数一致吗？", two, "支出总计")
    assert out.kind == "not_found" and "verdict" not in out.understood
    assert guard(eng, q, two, None).kind == "not_found"  # no key figure recognised: all the checks counted
    out = guard(eng, q, summary("0 项不一致，0 项尾差，0 项一致"), "机关运行经费")  # no check counted
    assert out.kind == "not_found"


@pytest.mark.parametrize("down", ["下调了", "降了", "缩减了", "变少了", "降低了"])
def test_a_why_said_with_other_words_for_the_change(asker, down):
    a = asker.ask(f"澄岚县医保局2023年公务接待费{down}，是什么原因？")
    assert a.kind == "why" and "主要原因是压缩接待" in a.answer and "注意" not in a.answer
    a = asker.ask(f"澄岚县医保局2023年公务接待费{down.replace('下调', '上调').replace('降低', '提高').replace('降', '涨').replace('缩减', '增多').replace('变少', '变多')}，是什么原因？")
    assert a.kind == "why" and a.answer.startswith("注意：问题说增加，文件写的是减少")


def test_two_tables_naming_two_measures_give_no_verdict(asker):
    from budgetlens.qa.consistency import _side_measure

    assert _side_measure("基本支出经济分类表里的公务接待费") == "公务接待费"
    assert _side_measure("和“三公”经费表里的公务接待费金额") == "公务接待费"
    assert _side_measure("和“三公”经费表里的“三公”经费合计") == "三公经费" and _side_measure("和表8") == ""
    a = asker.ask("澄岚县医保局一般公共预算支出预算表里的行政运行，和“三公”经费预算表里的公务接待费一致吗？")
    assert "verdict" not in (a.understood or {}) and "一致。" not in a.answer
