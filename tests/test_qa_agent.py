"""The model plans an answer through tool calls over the fact index (``qa.agent``).

Two ways, both offline: langchain fake chat models (``GenericFakeChatModel`` fed
``AIMessage``s with tool calls, and a fake that reads its tool results), and ``ChatOpenAI``
against the local OpenAI-protocol stub scripted to call tools. A model that invents a
number, calls a tool we do not offer, sends bad arguments or loops never gets its number
shown as verified; the offline answer stands.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from openai_stub import loopback_only, openai_stub, openai_stub_server  # noqa: F401 (fixtures)

from budgetlens.qa import Asker
from budgetlens.qa.agent import MAX_STEPS, plan_answer, should_plan
from budgetlens.schemas.answer import Answer
from budgetlens.schemas.document import Block, Document, Grid, GridCell, Line, Page
from budgetlens.schemas.filing import CellValue, Citation, Filing, Row, Source, Table
from budgetlens.settings import load
from budgetlens.store import Store

pytestmark = pytest.mark.model_requests  # fakes and a loopback stub, through the one seam

ENTITY = "澄岚县医疗保障局"
QUESTION = "澄岚县医保局2023年招待客人花了多少万元？"


def _grid(rows: list[list[str]], page: int, title: str) -> Grid:
    cells = [GridCell(row=r, col=c, text=text, page=page, bbox=(50.0 + 60 * c, 100.0 + 20 * r,
                                                                   100.0 + 60 * c, 115.0 + 20 * r))
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Grid(kind="ruled", pages=[page], n_rows=len(rows), n_cols=len(rows[0]), cells=cells, header_rows=1,
                title_lines=[Line(text=title), Line(text="单位：万元")])


def _filing(doc_id: str, year: int, reception: float, outbound: float) -> tuple[Document, Filing]:
    t09 = _grid([["项目", "合计"],
                 ["“三公”经费", f"{reception + outbound:.2f}"],
                 ["其中：（一）因公出国（境）支出", f"{outbound:.2f}"],
                 ["（二）公务接待费支出", f"{reception:.2f}"]], page=9, title="财政拨款“三公”经费预算表")
    sentence = f"公务接待费预算{reception:.2f}万元，主要用于接待上级检查。"
    pages = [Page(number=p, source="text", lines=[Line(text=f"{ENTITY}{year}年部门预算")] if p == 1 else [])
             for p in range(1, 10)]
    pages[4].blocks.append(Block(kind="text", text=sentence, bbox=(50, 300, 500, 320),
                                 lines=[Line(text=sentence, bbox=(50, 300, 500, 320))]))
    path = f"/filings/{doc_id}.pdf"
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages, tables=[t09])
    quote = f"{year}年 {reception + outbound:.2f} {outbound:.2f} {reception:.2f}"
    keyed = Table(table_id="T09", title="财政拨款“三公”经费预算表", unit="万元", pages=[9], rows=[
        Row(key="budget", label="预算数", cells={"reception": CellValue(value=reception, citation=Citation(
            page=9, bbox=[50.0, 100.0, 300.0, 115.0], quote=quote))})])
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=9, media="pdf"),
                    entity=ENTITY, fiscal_year=year, doc_type="budget", tables=[keyed])
    return document, filing


@pytest.fixture
def asker(tmp_path):
    # the model plans every question here, whatever the offline engine makes of it
    settings = load(tmp_path / "ws", llm_plan="always")
    store = Store(settings.db_path)
    for doc, f in (_filing("a" * 16, 2023, 4.10, 28.00), _filing("b" * 16, 2022, 5.00, 30.00)):
        store.put(doc, f, path=doc.path, extractor_version="test")
    store.close()
    a = Asker(settings)
    yield a
    a.close()


class ToolFake(GenericFakeChatModel):
    """langchain's fake chat model, given tool calling: its replies are scripted. Its name
    keeps the answers of two scripts apart in the answer cache."""

    model_name: str = "tool-fake"

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        return self


class ReadingFake(BaseChatModel):
    """A fake whose reply is worked out from the conversation (as a model reads tool results)."""

    model_name: str
    steps: list[Any]
    seen: list[list[BaseMessage]] = []
    bound: list[Any] = []

    @property
    def _llm_type(self) -> str:
        return "reading-fake"

    def bind_tools(self, tools: Any, **kwargs: Any) -> Any:
        self.bound.append(tools)
        return self

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        self.seen.append(list(messages))
        step = self.steps[min(len(self.seen) - 1, len(self.steps) - 1)]
        message = step(messages) if callable(step) else step
        return ChatResult(generations=[ChatGeneration(message=message)])


def _call(name: str, args: dict, n: int = 0) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"c{n}", "type": "tool_call"}])


def _facts(text: str) -> list[dict]:
    data = json.loads(text)
    return data if isinstance(data, list) else [data]


def _pick(messages: list, row_word: str, year: int | None = None) -> dict:
    """The fact a tool result showed whose row names ``row_word`` (a grid cell, of ``year``)."""
    for m in reversed(messages):
        content = m.content if isinstance(m, BaseMessage) else m.get("content")
        role = m.type if isinstance(m, BaseMessage) else m.get("role")
        if role != "tool" or not content or '"error"' in content[:20]:
            continue
        for f in _facts(content):
            if row_word in f.get("row", "") and (year is None or f.get("year") == year) and f.get("page") == 9:
                return f
    raise AssertionError(f"no fact of {row_word} was shown")


SEARCH = {"query": "公务接待费", "entity": "澄岚县医保局", "year": 2023}


NOT_FOUND = Answer(question=QUESTION, answer="在这些文件中没有找到问题所问的数字。", kind="not_found", verified=True)


def test_when_the_model_plans():
    assert should_plan("unsure", NOT_FOUND) and not should_plan("off", NOT_FOUND)
    unverified = Answer(question="q", answer="12.5 万元", value=12.5, verified=False)
    assert should_plan("unsure", unverified)
    assert not should_plan("unsure", unverified.model_copy(update={"verified": True}))
    assert should_plan("always", unverified.model_copy(update={"verified": True}))
    assert not should_plan("always", NOT_FOUND.model_copy(update={"kind": "clarify"}))  # which body? asked back
    assert not should_plan("always", None)  # why / consistency: the passage and check paths answer


def test_a_fake_that_reads_its_tool_results_answers_verified(asker):
    def final(messages):
        f = _pick(messages, "公务接待")
        return AIMessage(content=f"{ENTITY}2023年公务接待费为 {f['value']:.2f} 万元（第{f['page']}页）[{f['id']}]。")

    model = ReadingFake(model_name="reads", steps=[_call("search_facts", SEARCH), final])
    asker.llm = model
    a = asker.ask(QUESTION)
    assert (a.mode, a.verified, a.value, a.unit) == ("llm", True, 4.10, "万元")
    assert [c.page for c in a.citations] == [9] and "[1]" in a.answer  # markers renumbered
    assert a.understood["plan"][0]["tool"] == "search_facts"
    tools = [m for m in model.seen[1] if isinstance(m, ToolMessage)]
    assert len(tools) == 1 and "4.1" in tools[0].content


def test_a_keyed_cell_is_read_through_the_store(asker):
    cell = {"doc_id": "a" * 16, "table_id": "T09", "row_key": "budget", "col": "reception"}

    def final(messages):
        shown = json.loads(messages[-1].content)
        assert shown["key"] == "T09/budget/reception" and shown["value"] == 4.10
        return AIMessage(content=f"2023年公务接待费预算为 4.10 万元[{shown['id']}]。")

    asker.llm = ReadingFake(model_name="cells", steps=[_call("get_cell", {**cell, "col": "nothing"}, 1),
                                                      _call("get_cell", cell, 2), final])
    a = asker.ask(QUESTION)
    assert a.mode == "llm" and a.verified and a.value == 4.10 and a.citations[0].page == 9
    assert [s["tool"] for s in a.understood["plan"]] == ["get_cell", "get_cell"]
    assert json.loads(asker.llm.seen[1][-1].content) == {"error": "no such cell"}


def test_a_computed_change_is_verified_from_its_cited_operands(asker):
    def compute(messages):
        now, before = _pick(messages, "公务接待", 2023), _pick(messages, "公务接待", 2022)
        return _call("compute", {"operation": "change", "fact_ids": [before["id"], now["id"]]}, 3)

    def final(messages):
        now, before = _pick(messages, "公务接待", 2023), _pick(messages, "公务接待", 2022)
        return AIMessage(content=f"2023年公务接待费 4.10 万元[{now['id']}]，2022年 5.00 万元[{before['id']}]，"
                                 f"减少 0.90 万元。")

    asker.llm = ReadingFake(model_name="computes", steps=[
        _call("search_facts", SEARCH, 1), _call("search_facts", {**SEARCH, "year": 2022}, 2), compute, final])
    a = asker.ask("澄岚县医保局2023年招待客人的钱比上年少了多少万元？")
    assert a.mode == "llm" and a.verified and a.kind == "compare"
    assert a.value == pytest.approx(-0.90) and len(a.citations) == 2
    # the same sentence without the second operand cited: 0.90 is no longer a result of cited facts
    def half(messages):
        now = _pick(messages, "公务接待", 2023)
        return AIMessage(content=f"2023年公务接待费 4.10 万元[{now['id']}]，比上年减少 0.90 万元。")

    asker.llm = ReadingFake(model_name="half", steps=[
        _call("search_facts", SEARCH, 1), _call("search_facts", {**SEARCH, "year": 2022}, 2), compute, half])
    b = asker.ask("澄岚县医保局2023年招待客人的钱比上年少了多少万元？")
    assert b.mode == "extractive" and "0.90" not in b.answer
    assert any(c["check_id"] == "llm.rejected" and "0.90" in c["message"] for c in b.checks)


def test_an_invented_number_is_never_shown_as_verified(asker):
    asker.llm = ToolFake(model_name="invents", messages=iter([_call("search_facts", SEARCH),
                                        AIMessage(content="公务接待费为 7.77 万元[1]。")]))
    a = asker.ask(QUESTION)
    assert a.mode == "extractive" and "7.77" not in a.answer and a.value != 7.77
    assert any(c["check_id"] == "llm.rejected" and "7.77" in c["message"] for c in a.checks)
    # offline found nothing: "not sure", with the facts the model looked at as candidates
    model = ToolFake(model_name="invents-again", messages=iter([_call("search_facts", SEARCH),
                                                               AIMessage(content="公务接待费为 7.77 万元[1]。")]))
    a = plan_answer(model, asker.engine, QUESTION, NOT_FOUND, asker.settings)
    assert a.kind == "not_found" and not a.value and "7.77" not in a.answer
    assert any("公务接待" in c["label"] and c["citation"]["page"] == 9 for c in a.candidates)
    # a fact the model was never shown is no citation
    asker.llm = ToolFake(model_name="cites-unseen", messages=iter([AIMessage(content="公务接待费为 4.10 万元[5]。")]))
    a = asker.ask(QUESTION)
    assert a.mode == "extractive" and "never shown" in a.checks[-1]["message"]


def test_unknown_tools_and_bad_arguments_are_answered_with_errors(asker):
    def final(messages):
        errors = [m.content for m in messages if isinstance(m, ToolMessage) and '"error"' in m.content]
        assert len(errors) == 3, errors  # each mistake got its error back
        f = _pick(messages, "公务接待")
        return AIMessage(content=f"公务接待费为 {f['value']:.2f} 万元[{f['id']}]。")

    bad = AIMessage(content="", tool_calls=[
        {"name": "drop_table", "args": {"table": "facts"}, "id": "c1", "type": "tool_call"},
        {"name": "compute", "args": {"operation": "explode", "fact_ids": [1]}, "id": "c2", "type": "tool_call"},
        {"name": "search_facts", "args": {"entity": "澄岚县医保局"}, "id": "c3", "type": "tool_call"}])
    asker.llm = ReadingFake(model_name="clumsy", steps=[bad, _call("search_facts", SEARCH, 4), final])
    a = asker.ask(QUESTION)
    assert a.mode == "llm" and a.verified and a.value == 4.10


def test_a_model_that_loops_is_stopped_after_a_bounded_number_of_steps(asker):
    model = ReadingFake(model_name="loops", steps=[_call("search_facts", SEARCH)])
    asker.llm = model
    a = asker.ask(QUESTION)
    assert len(model.seen) == MAX_STEPS
    assert a.mode == "extractive"
    assert any(f"within {MAX_STEPS}" in c["message"] for c in a.checks)
    repeated = [m.content for m in model.seen[-1] if isinstance(m, ToolMessage)]
    assert "already" in repeated[-1]  # the same call again is answered with a reminder


def test_a_model_without_tool_calling_keeps_the_offline_answer(asker):
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    asker.llm = FakeListChatModel(responses=["公务接待费为 4.10 万元[1]。"])
    a = asker.ask(QUESTION)
    assert a.mode == "extractive"
    assert any(c["check_id"] == "llm.error" for c in a.checks)


def test_settings_choose_when_the_model_plans(asker):
    model = ReadingFake(model_name="never", steps=[AIMessage(content="x")])
    asker.llm = model
    asker.settings = asker.settings.scoped(llm_plan="off")
    asker.ask(QUESTION)
    assert model.bound == []  # no tools offered, no planning


# --- the same over HTTP: ChatOpenAI against the local stub ------------------------------


@pytest.fixture
def http_model(asker, openai_stub):  # noqa: F811
    from budgetlens.llm import create_chat_model

    model = create_chat_model(asker.settings.scoped(llm="openai:stub-planner", llm_retries=0))
    asker.llm = model
    return model


def _tool_messages(body: dict) -> list[dict]:
    return [m for m in body["messages"] if m.get("role") == "tool"]


def test_http_planned_answer_with_tool_calls(asker, http_model, openai_stub, loopback_only):  # noqa: F811
    openai_stub.enqueue_tool_call("search_facts", SEARCH)

    def final(body):
        f = _pick(body["messages"], "公务接待")
        return f"{ENTITY}2023年公务接待费为 {f['value']:.2f} 万元[{f['id']}]。"

    openai_stub.enqueue_script(final)
    a = asker.ask(QUESTION)
    assert (a.mode, a.verified, a.value) == ("llm", True, 4.10) and a.citations[0].page == 9
    first = openai_stub.requests[0].body
    assert {t["function"]["name"] for t in first["tools"]} == {"search_facts", "get_cell", "compute"}
    assert len(openai_stub.requests) == 2 and openai_stub.pending() == 0
    assert all(addr[0] in ("127.0.0.1", "localhost") for addr in loopback_only if not isinstance(addr, str))


def test_http_invented_number_is_rejected(asker, http_model, openai_stub):  # noqa: F811
    openai_stub.enqueue_tool_call("search_facts", SEARCH)
    openai_stub.enqueue_script(lambda body: f"公务接待费为 41.00 万元[{_pick(body['messages'], '公务接待')['id']}]。")
    a = asker.ask(QUESTION)
    assert a.mode == "extractive" and not (a.verified and a.value == 41.0) and "41.00" not in a.answer
    assert any(c["check_id"] == "llm.rejected" for c in a.checks)


def test_http_unknown_tool_and_malformed_arguments_are_handled(asker, http_model, openai_stub):  # noqa: F811
    openai_stub.enqueue_tool_call("shell", {"cmd": "rm -rf /"})
    openai_stub.enqueue_tool_call("search_facts", "{not json")
    openai_stub.enqueue_tool_calls([("compute", {"operation": "lookup", "fact_ids": [99]})])
    openai_stub.enqueue_tool_call("search_facts", SEARCH)
    openai_stub.enqueue_script(lambda body: f"公务接待费为 4.10 万元[{_pick(body['messages'], '公务接待')['id']}]。")
    a = asker.ask(QUESTION)
    assert a.mode == "llm" and a.verified and a.value == 4.10
    bodies = [r.body for r in openai_stub.requests]
    errors = [json.loads(m["content"])["error"] for m in _tool_messages(bodies[3])]
    assert len(errors) == 3 and "no tool named 'shell'" in errors[0]
    assert "JSON" in errors[1] and "unknown fact ids" in errors[2]


def test_http_loop_is_bounded(asker, http_model, openai_stub):  # noqa: F811
    for n in range(MAX_STEPS + 3):
        openai_stub.enqueue_tool_call("search_facts", {**SEARCH, "k": 1 + n % 3})
    a = asker.ask(QUESTION)
    assert len(openai_stub.requests) == MAX_STEPS and openai_stub.pending() == 3
    assert a.mode == "extractive"


def test_http_error_keeps_the_offline_answer(asker, http_model, openai_stub):  # noqa: F811
    openai_stub.enqueue_error(500, "down")
    a = asker.ask(QUESTION)
    assert a.mode == "extractive"
    assert any(c["check_id"] == "llm.error" for c in a.checks)


def test_a_planned_answer_is_cached(asker, http_model, openai_stub):  # noqa: F811
    openai_stub.enqueue_tool_call("search_facts", SEARCH)
    openai_stub.enqueue_script(lambda body: f"公务接待费为 4.10 万元[{_pick(body['messages'], '公务接待')['id']}]。")
    first = asker.ask(QUESTION)
    again = asker.ask(QUESTION)  # nothing queued: a request would get HTTP 500
    assert first.mode == again.mode == "llm" and first.answer == again.answer
    assert len(openai_stub.requests) == 2
