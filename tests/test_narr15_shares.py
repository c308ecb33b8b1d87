"""A share the narrative states of one 功能分类 line checked against its whole: the whole the run of
shares it is listed in adds up to (a page listing two runs of shares of 总支出, each its own whole), the
whole's amount the question says after its words (占总支出1,000万元的0.56%), and a whole no table
prints that the narrative does (占11.6% of 一般公共预算当年拨款6838.41万元)."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县教育局"
    pages = [
        text_page(1, f"{entity}2026年部门决算"),
        text_page(2, "学校2026年度各项支出总计1,000.00万元，其中基本支出800.00万元，占支出总额80.00%；",
                  "项目支出200.00万元，占支出总额20.00%。",
                  "按照支出功能科目划分，教育支出900.00万元，占总支出的90.00%；",
                  "科学技术支出5.54万元，占总支出的0.56%；",
                  "社会保障和就业支出94.46万元，占总支出的9.45%。",
                  "学校2026年度财政拨款支出总计为500.00万元，其中基本支出400.00万元，占总支出的80.00%；",
                  "项目支出100.00万元，占总支出的20.00%。"),
        text_page(3, f"{entity}2026年一般公共预算当年拨款6838.41万元，比上年执行数减少772.20万元，下降10.1%。",
                  "社会保障和就业（类）支出796.52万元，占11.6%；",
                  "教育（类）支出6041.89万元，占87.4%。"),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("f" * 16, entity, [], pages=pages,
                                                           doc_type="final_accounts"))
    yield a
    a.close()


def _verdict(a) -> str | None:
    return (a.understood or {}).get("verdict")


@pytest.mark.parametrize("question, verdict", [
    ("澄岚县教育局2026年部门决算：教育支出900万元，说占总支出的90.00%，算下来对吗？", "pass"),
    # 5.54 ÷ 1,000 = 0.554%: printed 0.56% is off by more than its rounding
    ("澄岚县教育局2026年部门决算：科学技术支出5.54万元，说占总支出的0.56%，算下来对吗？", "fail"),
])
def test_a_share_is_of_the_whole_its_own_run_of_shares_adds_up_to(asker, question, verdict):
    a = asker.ask(question)
    assert a.kind == "consistency" and _verdict(a) == verdict, a.answer
    assert "1,000" in a.answer, a.answer  # the functional classes' whole, not the 财政拨款 run's 500


def test_the_whole_said_with_its_amount_after_its_words_is_the_whole(asker):
    a = asker.ask("澄岚县教育局2026年决算说明里，科学技术支出5.54万元占总支出1000万元的0.56%，这个比例准不准？")
    assert a.kind == "consistency" and _verdict(a) == "fail", a.answer


@pytest.mark.parametrize("line, rate, verdict", [
    ("社会保障和就业类支出796.52万元", "11.6", "pass"),
    ("教育类支出6041.89万元", "87.4", "fail"),  # 6,041.89 ÷ 6,838.41 = 88.35%: the filing's own misprint
])
def test_a_whole_only_the_narrative_prints_is_read_from_its_sentence(asker, line, rate, verdict):
    a = asker.ask(f"澄岚县教育局2026年{line}，占当年拨款的{rate}%，这个数核得上吗？")
    assert a.kind == "consistency" and _verdict(a) == verdict, a.answer
    assert "6,838.41" in a.answer or "6838.41" in a.answer, a.answer
