"""Verdicts on figures the narrative states over more than one sentence: a change stated in the
sentence after its amount, a list of parts running over the sentences after its total (or
numbered after a 如下), and a “三公” total whose parts each have a sentence of their own."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Page

from qa_corpus import asker_over, stored_pdf, text_page


def _over(tmp_path_factory, doc_id: str, entity: str, pages: list[Page]):
    """An answerer over one filing of ``entity`` made of ``pages`` (its cover page first)."""
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   stored_pdf(doc_id, entity, [], pages=[text_page(1, f"{entity}2026年部门预算"), *pages]))
    yield a
    a.close()


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    yield from _over(tmp_path_factory, "a" * 16, "澄岚县政协办公室", [
        text_page(2, "1.住房保障（类）支出1,093.52万元，主要用于缴纳住房公积金。",
              "与上年相比增加466.32万元，增长74.35%。",
              "此外，基本支出预算数为5,916.27万元。",
              "与上年相比增加498.72万元，增长19.21%。",
              "项目支出预算数为300.00万元。",
              "公务接待费支出决算比上年减少0.36万元，下降26.47%。"),
        text_page(3, "2026年本部门一般公共预算支出1000.00万元，其中：工资福利支出（301）600.00万元，较上年增加10.00万元。",
              "商品和服务支出（302）300.00万元，较上年增加5.00万元。",
              "对个人和家庭的补助支出（303）100.00万元，较上年减少1.00万元。",
              "2026年本部门一般公共预算支出1000.00万元，其中：机关工资福利支出（501）500.00万元；",
              "机关商品和服务支出（502）250.00万元；",
              "对个人和家庭的补助（509）200.00万元；",
              "其他支出(399)40.00万元。"),
        text_page(4, "支出预算1,200.00万元，其中：财政拨款支出预算950.00万元，比上年增加0.46万元。",
              "财政拨款支出主要内容如下：1.“社会保障和就业支出（类）事业单位离退休（项）”500.00万元，主要用于退休人员。",
              "2025年当年预算执行数为480.00万元",
              "2.“住房保障支出（类）住房公积金（项）”480.00万元，主要用于公积金缴费。"),
        text_page(5, "2026年财政拨款“三公”经费预算100.22万元，较上年减少17.20万元。",
              "因公出国（境）费用。2026年预算数77.20万元，较上年增加5.20万元。",
              "公务接待费。2026年预算数1.00万元，较上年增加0万元。",
              "公务用车购置和运行维护费。2026年预算数22.02万元，较上年减少20.00万元。")])


def _verdict(answer) -> str | None:
    return (answer.understood or {}).get("verdict")


def test_a_change_stated_in_the_sentence_after_its_amount_is_checked_with_that_amount(asker):
    a = asker.ask("澄岚县政协办公室2026年住房保障（类）支出1,093.52万元，较上年增加466.32万元，增长74.35%，请核一下这个增幅。")
    assert a.kind == "consistency" and _verdict(a) == "pass", a.answer
    assert "1,093.52 − 466.32 = 627.20" in a.answer and a.verified
    # 9.21% is what 498.72 on 5,417.55 gives: the printed 19.21% fails, quoted or not
    a = asker.ask("澄岚县政协办公室2026年基本支出5,916.27万元、比上年增加498.72万元，说明中讲增长19.21%，这个算得对吗？")
    assert a.kind == "consistency" and _verdict(a) == "fail" and "9.21%" in a.answer, a.answer
    # the sentence before names another measure (项目支出): no amount is borrowed from it
    a = asker.ask("澄岚县政协办公室2026年公务接待费比上年减少0.36万元，说是下降26.47%，是真的吗？")
    assert _verdict(a) is None, a.answer


def test_a_list_of_parts_running_over_the_sentences_after_its_total(asker):
    a = asker.ask("澄岚县政协办公室2026年按部门预算经济分类的三大类支出之和，是否等于一般公共预算支出1000.00万元？")
    assert a.kind == "consistency" and _verdict(a) == "pass", a.answer
    assert "600 + 300 + 100 = 1,000" in a.answer and len(a.citations) == 3 and a.verified
    # the other classification's list of the same total, of four items, sums to 990
    a = asker.ask("澄岚县政协办公室2026年按政府预算经济分类列的4项支出，加起来等于一般公共预算支出1000.00万元吗？")
    assert _verdict(a) == "fail" and "500 + 250 + 200 + 40 = 990" in a.answer and len(a.citations) == 4, a.answer
    a = asker.ask("澄岚县政协办公室2026年一般公共预算支出1000.00万元，各项加起来一致吗？")
    assert _verdict(a) is None, a.answer  # no count said, two lists that disagree: which one is not known


def test_a_numbered_list_is_added_against_the_total_its_opening_names(asker):
    a = asker.ask("澄岚县政协办公室2026年财政拨款支出950.00万元，编制说明列出的两项主要内容加总后与之相符吗？")
    assert a.kind == "consistency" and _verdict(a) == "fail", a.answer
    assert "500 + 480 = 980" in a.answer and "相差 30" in a.answer and a.verified
    assert "480.00" not in a.answer.split("=")[0]  # the line between (2025年当年预算执行数为480.00万元) is no item


def test_three_public_parts_each_in_a_sentence_of_their_own(asker):
    a = asker.ask("澄岚县政协办公室2026年“三公”经费合计，与因公出国（境）、公务接待、公车三项之和是否相符？")
    assert a.kind == "consistency" and _verdict(a) == "pass", a.answer
    assert "77.20" in a.answer and "22.02" in a.answer and len(a.citations) == 4


@pytest.fixture(scope="module")
def sums(tmp_path_factory):
    yield from _over(tmp_path_factory, "s" * 16, "澄岚县司法局", [
        text_page(2, "本部门当年一般公共预算“三公”经费预算支出80.11万元，较上年减少4.70万元。",
              "公务接待费3.01万元，较上年增加0.70万元；",
              "公务用车运行维护费77.10万元，较上年减少5.40万元。",
              "2.支出预算减少98,780.12万元，其中基本支出增加71.22万元，项目支出减少98,851.34万元。",
              "13.培训支出（2050803）66.53万元，较上年减少67.92万元，下降50.52%；",
              "本部门当年一般公共预算培训费预算支出66.53万元，较上年减少68.92万元，下降50.88%。",
              "本部门当年一般公共预算会议费预算支出12.00万元，较上年减少3.00万元。",
              "7.会议费（3020215）12.00万元，较上年减少3.00万元；",
              "支出预算总计1000.00万元，其中基本支出600.00万元，项目支出300.00万元，单位预留机动经费100.00万元。"),
        text_page(3, "2026年“三公”经费预算合计29.30万元，其中：因公出国（境）费0万元，公务接待费3.30万元，公务用车购置及运行维护费26万元。",
              "与上年对比，“三公”经费预算较上年总体降低38.17万元（56.57），主要原因是公务用车改革。")])


def test_a_sum_stated_in_the_questions_own_figures_is_checked_when_each_is_printed(sums):
    a = sums.ask("澄岚县司法局2026年“三公”经费80.11万元，说明里讲公务接待费3.01万元、公务用车运行维护费77.10万元，"
                 "出国和购车都是0，这几项加起来对得上总数吗？")
    assert a.kind == "consistency" and _verdict(a) == "pass" and "3.01" in a.answer and a.verified, a.answer
    a = sums.ask("澄岚县司法局2026年支出预算：基本支出增加71.22万元、项目支出减少98,851.34万元，净减少额是不是98,780.12万元？")
    assert _verdict(a) == "pass" and "71.22[1] − 98,851.34[1]" in a.answer and len(a.citations) == 1, a.answer
    # the total said last, after 总计: not the first amount
    a = sums.ask("澄岚县司法局2026年基本支出600.00万元、项目支出300.00万元、单位预留机动经费100.00万元，三者之和与总计1000.00万元一致吗？")
    assert _verdict(a) == "pass" and "600[1] + 300[1] + 100[1] = 1,000" in a.answer, a.answer
    # a figure the filing does not print (3.02): no verdict on it
    a = sums.ask("澄岚县司法局2026年“三公”经费80.11万元，说明里讲公务接待费3.02万元、公务用车运行维护费77.10万元，加起来对得上吗？")
    assert a.kind == "not_found" and "3.02 万元" in a.answer and _verdict(a) is None, a.answer


def test_a_change_said_after_a_list_is_of_the_total_its_words_name(sums):
    # the sentence before lists 26万元 last; the change is of the “三公”经费预算 (29.30), its rate bare in brackets
    a = sums.ask("澄岚县司法局2026年“三公”经费预算29.30万元，较上年降低38.17万元，括号里写56.57，这个降幅对吗？")
    assert a.kind == "consistency" and _verdict(a) == "pass", a.answer
    assert "29.30 + 38.17 = 67.47" in a.answer and "56.57%" in a.answer


def test_two_passages_stating_one_amount_with_different_changes(sums):
    a = sums.ask("澄岚县司法局2026年功能科目“培训支出（2050803）”写66.53万元，“三公”部分又说培训费66.53万元，"
                 "可两处的减少额一个是67.92万元一个是68.92万元，能对上吗？")
    assert a.kind == "consistency" and _verdict(a) == "fail", a.answer
    assert "134.45" in a.answer and "135.45" in a.answer and len(a.citations) == 2 and a.verified
    a = sums.ask("澄岚县司法局2026年会议费两处都写12.00万元，一个说较上年减少3.00万元，另一个说减少3.00万元，这两处对得上吗？")
    assert _verdict(a) is None, a.answer  # one change quoted twice: not two passages to compare
