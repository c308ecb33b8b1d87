"""The last gate (``qa.gate`` with ``qa.gate_kinds``) on answers that state no single value:
comparisons, rankings, consistency verdicts and why answers. Answers are built by hand, as
the answerer returns them, over three filings' records."""

from __future__ import annotations

from budgetlens.index.facts import DocInfo
from budgetlens.qa.gate import gate
from budgetlens.qa.gate_kinds import years_asked
from budgetlens.schemas.answer import Answer, AnswerCitation, AnswerRow

DOCS = {
    "gz": DocInfo("gz", "/f/gz.pdf", "gz.pdf", "广州市水务局", 2026, "budget", "部门", ("广州市水务局",)),
    "ws": DocInfo("ws", "/f/ws.pdf", "ws.pdf", "无锡市商务局", 2026, "budget", "部门", ("无锡市商务局",)),
    "wt": DocInfo("wt", "/f/wt.pdf", "wt.pdf", "无锡市统计局", 2026, "budget", "部门", ("无锡市统计局",)),
}


def _cite(doc: str, quote: str, where: str = "", page: int = 9) -> AnswerCitation:
    return AnswerCitation(doc_id=doc, path=DOCS[doc].path, page=page, quote=quote, entity=DOCS[doc].entity, where=where)


def _ranking(question: str, order: list[str]) -> Answer:
    cites = [_cite(d, f"{10 - i}.00", "B09「预算数」合计", page=9 + i) for i, d in enumerate(order)]
    rows = [AnswerRow(entity=DOCS[d].entity, fiscal_year=2026, value=10 - i, unit="万元", value_wan=10 - i,
                      citation=i + 1) for i, d in enumerate(order)]
    return Answer(question=question, answer="…", kind="compare", citations=cites, table=rows, verified=True,
                  understood={"operation": "ranking", "measure": "“三公”经费"})


def test_a_ranking_whose_first_place_the_question_lists_is_kept():
    a = _ranking("无锡市2026年这几份部门预算（统计局、商务局）中，“三公”经费最多的是哪个部门？", ["ws", "wt"])
    assert gate(a, DOCS) is a
    b = _ranking("在无锡市统计局和商务局两家里，2026年“三公”经费谁最多？", ["ws", "wt"])
    assert gate(b, DOCS) is b


def test_a_ranking_whose_first_place_is_no_listed_body_or_of_another_year_is_declined():
    # 档案局 is in no filing: the first place must not be a body the question does not list
    a = _ranking("无锡市档案局、统计局、水利局2026年谁的“三公”经费最多？", ["ws", "wt"])
    out = gate(a, DOCS)
    assert out.kind == "not_found" and out.understood["gate"] == ["body:无锡市商务局"]
    assert "不能据这些文件排出所问的名次" in out.answer and len(out.candidates) == 2
    b = _ranking("无锡市统计局、商务局2019年谁的“三公”经费最多？", ["ws", "wt"])
    assert gate(b, DOCS).understood["gate"] == ["year:2019年"]


def _verdict(question: str, quotes: list[str], verdict: str = "pass", text: str = "…一致。") -> Answer:
    return Answer(question=question, answer=text, kind="consistency", verified=True,
                  citations=[_cite("gz", q) for q in quotes],
                  understood={"operation": "consistency", "verdict": verdict})


def test_a_verdict_of_one_is_kept_only_over_the_figures_the_question_quotes():
    said = "机关运行经费16.84万元，较上年增加14.99万元（810.27%）"
    kept = _verdict("广州市水务局2026年机关运行经费16.84万元，较上年增加14.99万元，增长810.27%，算得对吗？", [said])
    assert gate(kept, DOCS) is kept
    # 16.85 asked, 16.84 printed: 一致 is no answer to the figure asked
    out = gate(_verdict("广州市水务局2026年机关运行经费16.85万元，较上年增加14.99万元，对吗？", [said]), DOCS)
    assert out.kind == "not_found" and out.understood["gate"] == ["figure:16.85"]
    assert "不能据这些文件判断是否一致" in out.answer
    # a figure the answer computed from the printed cells (2,552.50 − 2,171.85) accounts for the question's
    computed = _verdict("广州市水务局2026年“三公”经费比2025年减少380.65万元，对得上吗？", ["2,552.50", "2,171.85"],
                        text="2,171.85 − 2,552.50 = -380.65 万元，即减少 380.65 万元，一致。")
    assert gate(computed, DOCS) is computed
    # 不一致 stated over a figure not printed is the verdict the question needs
    fail = _verdict("广州市水务局2026年机关运行经费16.85万元，对吗？", [said], verdict="fail", text="不一致。")
    assert gate(fail, DOCS) is fail


def test_a_verdict_or_reason_of_another_body_or_year_is_declined():
    said = "机关运行经费16.84万元，较上年增加14.99万元（810.27%）"
    other = gate(_verdict("成都市应急管理综合行政执法监督局2026年机关运行经费16.84万元对吗？", [said]), DOCS)
    assert other.kind == "not_found" and any(g.startswith("body") for g in other.understood["gate"])
    why = Answer(question="广州市水务局2019年机关运行经费为什么增加？", answer="广州市水务局2026年的说明：…", kind="why",
                 citations=[_cite("gz", "机关运行经费比上年增加14.99万元，主要原因是新增办公用房。")],
                 understood={"operation": "why"})
    out = gate(why, DOCS)
    assert out.kind == "not_found" and out.understood["gate"] == ["year:2019年"]
    assert out.answer.startswith("文件没有给出所问的原因")
    asked = Answer(**{**why.model_dump(), "question": "广州市水务局2026年机关运行经费为什么增加？"})
    assert gate(asked, DOCS).kind == "why"


def test_every_year_and_body_of_a_comparison_is_cited():
    cites = [_cite("gz", "2026年 12.00", "B09「预算数」合计"), _cite("ws", "2026年 10.00", "B09「预算数」合计")]
    both = Answer(question="广州市水务局2026年“三公”经费比无锡市商务局多多少万元？", answer="…", value=2.0, unit="万元",
                  kind="value", citations=cites, verified=True, understood={"operation": "difference"})
    assert gate(both, DOCS) is both
    moved = Answer(**{**both.model_dump(), "question": "广州市水务局2026年“三公”经费比成都市商务局多多少万元？"})
    assert gate(moved, DOCS).understood["gate"] == ["body:成都市商务局"]
    one = [_cite("gz", "2026年 12.00", "B09「预算数」合计"), _cite("gz", "2025年 10.00", "B09「上年预算数」合计")]
    change = Answer(question="广州市水务局2026年“三公”经费比2025年多多少万元？", answer="…", value=2.0, unit="万元",
                    kind="value", citations=one, verified=True, understood={"operation": "change"})
    assert gate(change, DOCS) is change  # 2025: the 2026 budget's 上年 column
    year = Answer(**{**change.model_dump(), "question": "广州市水务局2026年“三公”经费比2022年多多少万元？"})
    assert gate(year, DOCS).understood["gate"] == ["year:2022年"]


def test_the_years_a_question_asks():
    assert years_asked("万里街道2023到2024年政府采购预算变化了多少万元？") == {2023, 2024}
    assert years_asked("深圳市统计局2026年 “三公”经费与2025 年相比") == {2025, 2026}
    assert years_asked("上年的公务接待费是多少？") == set()
