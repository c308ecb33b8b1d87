"""The answer evaluation on a subset of the question set (seeds corpus, every kind).

Gold answers were read from the seed text by hand (eval/questions/questions.json); the
system must answer at least 90% of them correctly and cite the right page and quote for
every lookup it gets right. The judging itself is tested on hand-made answers.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.eval.answers import GoldQuestion, evaluate_answers, judge, load_questions, summarise
from budgetlens.schemas.answer import Answer, AnswerCitation, AnswerRow

QUESTIONS = Path(__file__).resolve().parents[1] / "eval" / "questions" / "questions.json"
SUBSET = ("s01", "s04", "s06", "s08", "s09", "s14", "s17", "s23", "s24", "s28", "s29", "s30",
          "s32", "s35", "s36", "s38", "s39", "s41")


def test_question_set_is_well_formed():
    questions = load_questions(QUESTIONS)
    assert len(questions) >= 40
    assert len({q.id for q in questions}) == len(questions)
    kinds = {q.kind for q in questions}
    assert kinds == {"value", "compare", "consistency", "why", "not_found"}
    for q in questions:
        if q.kind == "value":
            assert q.value is not None and q.unit and q.pages and q.quote_contains, q.id
        elif q.kind == "compare":
            assert q.answer_contains, q.id
        elif q.kind == "consistency":
            assert q.expect_status in {"pass", "fail"}, q.id
        elif q.kind == "why":
            assert q.passage_contains, q.id
        else:
            assert q.not_found, q.id


def test_seed_gold_values_are_printed_in_the_seeds(seeds_dir):
    """Each seed lookup's gold quote and value occur in some seed (a typo in gold fails)."""
    text = "".join("".join(p.read_text(encoding="utf-8").split()) for p in sorted(seeds_dir.glob("*.txt")))
    text = text.replace(",", "")
    for q in load_questions(QUESTIONS):
        if q.corpus == "seeds" and q.kind == "value":
            assert q.quote_contains.replace(",", "") in text, q.id
        if q.corpus == "seeds" and q.kind == "why":
            assert q.passage_contains in text, q.id


def _cite(page: int, quote: str) -> AnswerCitation:
    return AnswerCitation(doc_id="d", path="p", page=page, quote=quote)


def test_judge_scores_value_page_and_quote():
    q = GoldQuestion(id="x", question="?", kind="value", corpus="c", value=2251.27, unit="万元",
                     page=[16, 4], quote_contains="2,251.27")
    good = Answer(question="?", answer="2,251.27 万元[1]", value=2251.27, unit="万元",
                  citations=[_cite(4, "收入总计 2251.27 万元")], verified=True)
    assert judge(q, good).correct and judge(q, good).cited_right
    wrong_page = good.model_copy(update={"citations": [_cite(3, "收入总计 2251.27 万元")]})
    assert not judge(q, wrong_page).correct and judge(q, wrong_page).cited_right is False
    wrong_value = good.model_copy(update={"value": 2251.72})
    assert not judge(q, wrong_value).correct
    in_yuan = good.model_copy(update={"value": 22512700.0, "unit": "元"})
    assert judge(q, in_yuan).correct


def test_judge_other_kinds():
    rank = GoldQuestion(id="r", question="?", kind="compare", corpus="c", answer_contains="乙局")
    rows = [AnswerRow(entity="乙局", value=2, unit="万元", value_wan=2, citation=1),
            AnswerRow(entity="甲局", value=1, unit="万元", value_wan=1, citation=2)]
    assert judge(rank, Answer(question="?", answer="", kind="compare", table=rows)).correct
    assert not judge(rank, Answer(question="?", answer="", kind="compare", table=rows[::-1])).correct
    nf = GoldQuestion(id="n", question="?", kind="not_found", corpus="c", not_found=True)
    assert judge(nf, Answer(question="?", answer="没有找到", kind="not_found")).correct
    guessed = Answer(question="?", answer="1 万元", value=1.0, citations=[_cite(1, "1")])
    assert not judge(nf, guessed).correct
    cons = GoldQuestion(id="k", question="?", kind="consistency", corpus="c", expect_status="fail")
    failing = Answer(question="?", answer="1 项不一致", kind="consistency", checks=[{"status": "fail"}])
    assert judge(cons, failing).correct
    assert not judge(cons, failing.model_copy(update={"checks": [{"status": "warn"}]})).correct
    why = GoldQuestion(id="w", question="?", kind="why", corpus="c", passage_contains="压缩开支")
    assert judge(why, Answer(question="?", answer="", kind="why", citations=[_cite(1, "主要原因是压缩\n开支。")])).correct
    s = summarise([judge(why, Answer(question="?", answer="", kind="why"), 0.2)])
    assert s["n"] == 1 and s["correct"] == 0 and s["seconds_p50"] == 0.2


@pytest.mark.slow
def test_seed_subset_answers_are_correct_and_cite_the_right_page(settings, seeds_dir, tmp_path):
    questions = [q for q in load_questions(QUESTIONS) if q.id in SUBSET]
    assert {q.kind for q in questions} == {"value", "compare", "consistency", "why", "not_found"}
    subset = tmp_path / "subset.json"
    subset.write_text('{"questions": [' + ",".join(q.model_dump_json(exclude_defaults=True) for q in questions)
                      + "]}", encoding="utf-8")
    result = evaluate_answers(subset, settings, {"seeds": sorted(seeds_dir.glob("*.txt"))})
    wrong = [(q["id"], q["reason"]) for q in result["questions"] if not q["correct"]]
    overall = result["overall"]
    assert overall["n"] == len(SUBSET)
    assert overall["accuracy"] >= 0.9, wrong
    value = result["per_kind"]["value"]
    assert value["cited_right"] == value["cited_total"], wrong
    assert result["ingest"]["seeds"]["documents"] == 5


@pytest.mark.slow
@pytest.mark.model_requests
def test_llm_answers_side_by_side_never_lose_a_verified_answer(settings, seeds_dir, tmp_path):
    """A model that invents a number on every question: each answer falls back to the
    verified extractive one, so the LLM column scores what the rule column scores."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    questions = [q for q in load_questions(QUESTIONS) if q.id in SUBSET and q.kind == "value"]
    subset = tmp_path / "subset.json"
    subset.write_text('{"questions": [' + ",".join(q.model_dump_json(exclude_defaults=True) for q in questions)
                      + "]}", encoding="utf-8")
    corpora = {"seeds": sorted(seeds_dir.glob("*.txt"))}
    rules = evaluate_answers(subset, settings, corpora)
    liar = FakeListChatModel(responses=["数额为 98765.43 万元。[1]"] * 100)
    worded = evaluate_answers(subset, settings, corpora, llm=liar)
    assert worded["overall"]["correct"] == rules["overall"]["correct"] == len(questions)
    assert all(q["verified"] for q in worded["questions"])
