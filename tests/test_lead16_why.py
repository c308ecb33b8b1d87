"""A reason asked in other words (怎么解释的, 文件给的理由, 怎么减少这么多), of 部门预算收入 (the
narrative's 本部门收入预算), and of a filing named as its narrative (（部门预算说明）)."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县卫生健康委员会"
    pages = [
        text_page(1, f"{entity}2026年部门预算"),
        text_page(2, "一、部门预算收支增减变化情况2026年本部门收入预算3,324.76万元，比上年减少189.55万元，下降5.4%，"
                     "主要原因是医疗业务收入预算减少等。",
                  "统计信息事务（款）统计抽样调查（项）支出77.76万元，与上年相比减少3.05万元，减少3.77%。"
                  "主要原因是厉行节约，压减支出预算。")]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("e" * 16, entity, [], pages=pages))
    yield a
    a.close()


@pytest.mark.parametrize("question, reason", [
    ("澄岚县卫生健康委员会2026年的部门预算收入怎么减少这么多？", "医疗业务收入预算减少"),
    ("澄岚县卫生健康委员会2026年收入预算下降5.4%，文件给的理由是什么？", "医疗业务收入预算减少"),
    ("我看澄岚县卫生健康委员会预算里统计信息事务（款）统计抽样调查（项）减少3.77%，怎么解释的？", "厉行节约"),
    ("澄岚县卫生健康委员会2026年（部门预算说明）统计抽样调查（项）为什么减少了？", "厉行节约"),
])
def test_a_reason_asked_in_other_words_is_quoted(asker, question, reason):
    a = asker.ask(question)
    assert a.kind == "why" and reason in a.answer, a.answer
