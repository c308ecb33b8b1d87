"""The LLM seam: factory from settings, structured output with bounded re-ask, cache,
and the global switch that forbids model requests. Fake chat models only: no network."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, HumanMessage
from pydantic import BaseModel

from budgetlens import llm
from budgetlens.errors import ModelError, UsageError
from budgetlens.llm import (LLMCache, ModelRequestsForbidden, cache_key, create_chat_model,
                            override_allow_model_requests, structured_call)
from budgetlens.settings import Settings

pytestmark = pytest.mark.model_requests


class Figure(BaseModel):
    name: str
    value: float


class ToolFake(GenericFakeChatModel):
    """A fake whose replies are tool calls: what ``with_structured_output`` binds to."""

    calls: int = 0

    def bind_tools(self, tools: Any, **kwargs: Any) -> "ToolFake":
        return self

    def _generate(self, *args: Any, **kwargs: Any):
        self.calls += 1
        return super()._generate(*args, **kwargs)


def tool_message(args: dict, name: str = "Figure") -> AIMessage:
    return AIMessage(content="", tool_calls=[{"id": "c1", "name": name, "args": args}])


def fake(*messages: AIMessage) -> ToolFake:
    return ToolFake(messages=iter(messages))


ASK = [HumanMessage(content="收入总计 526.04 万元")]


# --- factory ------------------------------------------------------------------------


def test_empty_setting_means_extractive_mode():
    assert create_chat_model(Settings(llm="")) is None


def test_missing_key_is_a_usage_error_with_a_hint(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(UsageError) as info:
        create_chat_model(Settings(llm="openai:gpt-4o-mini"))
    assert "OPENAI_API_KEY" in str(info.value) and "Hint" in str(info.value)


@pytest.mark.parametrize("value", ["nosuch:model", "openai:", "  "])
def test_bad_setting(value, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    if not value.strip():
        assert create_chat_model(Settings(llm=value)) is None
        return
    with pytest.raises(UsageError):
        create_chat_model(Settings(llm=value))


def test_openai_model_takes_timeout_retries_and_base_url(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    model = create_chat_model(Settings(llm="openai:m1", llm_timeout=7.5, llm_retries=50))
    assert model.request_timeout == 7.5
    assert model.max_retries == llm.MAX_HTTP_RETRIES  # bounded
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert llm.method_of(model) == "json_schema"


def test_deepseek_is_a_base_url_not_code(monkeypatch):
    monkeypatch.setenv("DEEPSEEK_API_KEY", "k")
    monkeypatch.delenv("DEEPSEEK_BASE_URL", raising=False)
    model = create_chat_model(Settings(llm="deepseek:deepseek-chat"))
    assert type(model).__name__ == "ChatOpenAI"
    assert model.openai_api_base == llm.PROVIDERS["deepseek"].default_base_url
    assert llm.method_of(model) == "json_mode"
    monkeypatch.setenv("DEEPSEEK_BASE_URL", "http://127.0.0.1:8/v1")
    assert create_chat_model(Settings(llm="deepseek:x")).openai_api_base.endswith(":8/v1")


def test_method_setting_overrides_and_is_checked(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "x")
    model = create_chat_model(Settings(llm="openai:m", llm_method="function_calling"))
    assert llm.method_of(model) == "function_calling"
    with pytest.raises(UsageError):
        create_chat_model(Settings(llm="openai:m", llm_method="regex"))


def test_vllm_needs_a_base_url_but_no_key(monkeypatch):
    monkeypatch.delenv("VLLM_BASE_URL", raising=False)
    monkeypatch.delenv("VLLM_API_KEY", raising=False)
    with pytest.raises(UsageError, match="VLLM_BASE_URL"):
        create_chat_model(Settings(llm="vllm:qwen"))
    monkeypatch.setenv("VLLM_BASE_URL", "http://127.0.0.1:7/v1")
    assert create_chat_model(Settings(llm="vllm:qwen")).model_name == "qwen"


def test_ollama_model(monkeypatch):
    pytest.importorskip("langchain_ollama")
    model = create_chat_model(Settings(llm="ollama:qwen2.5", llm_timeout=3))
    assert type(model).__name__ == "ChatOllama"
    assert model.client_kwargs["timeout"] == 3


# --- structured output ----------------------------------------------------------------


def test_structured_call_parses_a_tool_call():
    model = fake(tool_message({"name": "income_total", "value": 526.04}))
    out = structured_call(model, Figure, ASK, retries=0)
    assert out == Figure(name="income_total", value=526.04)


def test_invalid_output_is_reasked_with_the_error_then_accepted():
    model = fake(tool_message({"name": "income_total", "value": "many"}),
                 tool_message({"name": "income_total", "value": 526.04}))
    out = structured_call(model, Figure, ASK, retries=2)
    assert out.value == 526.04
    assert model.calls == 2


def test_reask_is_bounded_and_raises_model_error_with_body():
    bad = [tool_message({"value": "x"}) for _ in range(5)]
    model = fake(*bad)
    with pytest.raises(ModelError) as info:
        structured_call(model, Figure, ASK, retries=2)
    assert model.calls == 3  # one ask + two re-asks
    assert '"value": "x"' in info.value.body


def test_reask_does_not_mutate_the_callers_messages():
    messages = list(ASK)
    model = fake(tool_message({"value": 1}), tool_message({"name": "a", "value": 1}))
    structured_call(model, Figure, messages, retries=1)
    assert messages == ASK


def test_cache_serves_a_second_call_without_the_model(tmp_path):
    cache = LLMCache(tmp_path / "llm.sqlite")
    model = fake(tool_message({"name": "income_total", "value": 526.04}))
    first = structured_call(model, Figure, ASK, cache=cache, retries=0)
    again = structured_call(model, Figure, ASK, cache=LLMCache(tmp_path / "llm.sqlite"),
                            retries=0)
    assert first == again and model.calls == 1 and len(cache) == 1


def test_cache_key_depends_on_model_schema_and_messages():
    class Other(BaseModel):
        name: str

    a, b = fake(), ToolFake(messages=iter([]), metadata={"x": "y"})
    base = cache_key(a, Figure, ASK)
    assert base == cache_key(b, Figure, ASK)  # same class and name: same model id
    assert base != cache_key(a, Other, ASK)
    assert base != cache_key(a, Figure, [HumanMessage(content="收入总计 526.05 万元")])


def test_model_requests_can_be_forbidden_but_cache_still_answers(tmp_path):
    cache = LLMCache(tmp_path / "c.sqlite")
    model = fake(tool_message({"name": "n", "value": 1.0}))
    with override_allow_model_requests(False):
        with pytest.raises(ModelRequestsForbidden):
            structured_call(model, Figure, ASK, cache=cache, retries=0)
        assert model.calls == 0
    structured_call(model, Figure, ASK, cache=cache, retries=0)
    with override_allow_model_requests(False):
        assert structured_call(model, Figure, ASK, cache=cache, retries=0).value == 1.0
    assert llm.ALLOW_MODEL_REQUESTS is True


def test_transport_failure_is_a_model_error():
    class Broken(ToolFake):
        def _generate(self, *args: Any, **kwargs: Any):
            raise ConnectionError("down")

    with pytest.raises(ModelError, match="down"):
        structured_call(Broken(messages=iter([])), Figure, ASK, retries=3)
