"""The one seam to a language model: a langchain ``BaseChatModel`` built from settings.

``create_chat_model`` returns ``None`` when ``settings.llm`` is empty: the tool then runs
in extractive (rule) mode. A provider is an *endpoint* (base URL, key variable, default
structured-output method), never a class of ours: DeepSeek, Qwen and vLLM speak the
OpenAI protocol at another base URL; Ollama has its own langchain class.

``structured_call`` asks for output parsed into a pydantic model. Output that does not
validate is sent back with the error appended (a bounded re-ask); after the last try a
``ModelError`` keeps what the model sent. ``LLMCache`` stores validated answers on disk,
keyed by model, schema and messages, so a re-run makes no request.

``ALLOW_MODEL_REQUESTS`` is a global switch a test suite turns off (in ``conftest.py``)
so that no test can reach a model by accident; cache hits are still served.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ValidationError

from budgetlens.errors import ModelError, UsageError
from budgetlens.settings import Settings

M = TypeVar("M", bound=BaseModel)
Method = Literal["json_schema", "function_calling", "json_mode"]
METHODS: tuple[str, ...] = ("json_schema", "function_calling", "json_mode")
_METHOD_KEY = "budgetlens_method"  # where the factory records the method on the model
_RETRIES_KEY = "budgetlens_retries"  # ... and how often to re-ask invalid output
MAX_HTTP_RETRIES = 5

ALLOW_MODEL_REQUESTS = True


class ModelRequestsForbidden(UsageError):
    """A model request was attempted while ``ALLOW_MODEL_REQUESTS`` is off."""


@contextmanager
def override_allow_model_requests(allow: bool) -> Iterator[None]:
    """Switch model requests on or off inside a ``with`` block (tests)."""
    global ALLOW_MODEL_REQUESTS
    before = ALLOW_MODEL_REQUESTS
    ALLOW_MODEL_REQUESTS = allow
    try:
        yield
    finally:
        ALLOW_MODEL_REQUESTS = before


@dataclass(frozen=True)
class Provider:
    """Where a provider lives and how it is reached; data, not code."""

    protocol: Literal["openai", "ollama"]
    base_url_env: str
    key_env: str | None
    default_base_url: str | None = None
    key_required: bool = True
    base_url_required: bool = False
    method: Method = "json_schema"


PROVIDERS: dict[str, Provider] = {
    "openai": Provider("openai", "OPENAI_BASE_URL", "OPENAI_API_KEY"),
    "deepseek": Provider("openai", "DEEPSEEK_BASE_URL", "DEEPSEEK_API_KEY",
                         "https://api.deepseek.com", method="json_mode"),
    "qwen": Provider("openai", "DASHSCOPE_BASE_URL", "DASHSCOPE_API_KEY",
                     "https://dashscope.aliyuncs.com/compatible-mode/v1", method="json_mode"),
    "vllm": Provider("openai", "VLLM_BASE_URL", "VLLM_API_KEY", key_required=False,
                     base_url_required=True),
    "ollama": Provider("ollama", "OLLAMA_HOST", None, key_required=False),
}


def parse_llm_setting(value: str) -> tuple[str, str]:
    """``"provider:model"`` → ``(provider, model)``; a bare model name means openai."""
    provider, sep, name = value.strip().partition(":")
    if not sep:
        provider, name = "openai", provider
    provider = provider.strip().lower()
    if provider not in PROVIDERS:
        raise UsageError(f"unknown LLM provider {provider!r} in BUDGETLENS_LLM={value!r}; "
                         f"known: {', '.join(sorted(PROVIDERS))}")
    if not name.strip():
        raise UsageError(f"BUDGETLENS_LLM={value!r} names no model; use provider:model, "
                         "e.g. openai:gpt-4o-mini")
    return provider, name.strip()


def resolve_method(settings: Settings, provider: Provider) -> Method:
    method = (settings.llm_method or provider.method).strip()
    if method not in METHODS:
        raise UsageError(f"BUDGETLENS_LLM_METHOD={method!r} is not one of {', '.join(METHODS)}")
    return method  # type: ignore[return-value]


def missing_key_error(provider_name: str, provider: Provider) -> UsageError:
    return UsageError(
        f"BUDGETLENS_LLM uses {provider_name!r} but {provider.key_env} is not set. "
        f"Hint: export {provider.key_env}=..., or unset BUDGETLENS_LLM to run in "
        "extractive mode (no model).")


def create_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model ``settings.llm`` names, or ``None`` for extractive mode."""
    if not settings.llm.strip():
        return None
    provider_name, model_name = parse_llm_setting(settings.llm)
    provider = PROVIDERS[provider_name]
    method = resolve_method(settings, provider)
    base_url = os.environ.get(provider.base_url_env) or provider.default_base_url
    if provider.base_url_required and not base_url:
        raise UsageError(f"BUDGETLENS_LLM uses {provider_name!r} but {provider.base_url_env} "
                         f"is not set. Hint: export {provider.base_url_env}=http://host:port/v1")
    metadata = {_METHOD_KEY: method, _RETRIES_KEY: settings.llm_retries,
                "provider": provider_name}
    if provider.protocol == "ollama":
        return _ollama(model_name, base_url, settings, metadata)
    key = os.environ.get(provider.key_env) if provider.key_env else None
    if provider.key_required and not key:
        raise missing_key_error(provider_name, provider)
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=model_name,
        base_url=base_url,
        api_key=key or "EMPTY",
        timeout=settings.llm_timeout,
        max_retries=max(0, min(settings.llm_retries, MAX_HTTP_RETRIES)),
        temperature=0,
        metadata=metadata,
    )


def _ollama(model_name: str, base_url: str | None, settings: Settings,
            metadata: dict[str, str]) -> BaseChatModel:
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:
        raise UsageError("BUDGETLENS_LLM uses 'ollama' but langchain-ollama is not installed. "
                         "Hint: pip install 'budgetlens[ollama]'") from exc
    return ChatOllama(model=model_name, base_url=base_url, temperature=0, metadata=metadata,
                      client_kwargs={"timeout": settings.llm_timeout})


# --- cache --------------------------------------------------------------------------


def model_id(model: BaseChatModel) -> str:
    """What identifies a model's answers: class, model name and endpoint."""
    name = getattr(model, "model_name", None) or getattr(model, "model", None) or ""
    base = getattr(model, "openai_api_base", None) or getattr(model, "base_url", None) or ""
    return f"{type(model).__name__}|{name}|{base}"


def _message_record(message: BaseMessage) -> dict[str, Any]:
    return {"type": message.type, "content": message.content}


def cache_key(model: BaseChatModel, schema: type[BaseModel],
              messages: Sequence[BaseMessage]) -> str:
    payload = {
        "model": model_id(model),
        "schema": schema.__name__,
        "json_schema": schema.model_json_schema(),
        "messages": [_message_record(m) for m in messages],
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class LLMCache:
    """Validated model answers on disk (sqlite), keyed by ``cache_key``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS answers "
                       "(key TEXT PRIMARY KEY, schema TEXT, model TEXT, body TEXT)")

    @classmethod
    def for_settings(cls, settings: Settings) -> "LLMCache":
        return cls(settings.cache_dir / "llm.sqlite")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def get(self, key: str) -> str | None:
        with self._lock, self._connect() as db:
            row = db.execute("SELECT body FROM answers WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, schema: str, model: str, body: str) -> None:
        with self._lock, self._connect() as db:
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                       (key, schema, model, body))

    def __len__(self) -> int:
        with self._lock, self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])


# --- structured output with a bounded re-ask ----------------------------------------


@dataclass(frozen=True)
class _Attempt:
    parsed: BaseModel | None
    raw_text: str
    error: str


def method_of(model: BaseChatModel) -> Method:
    method = (getattr(model, "metadata", None) or {}).get(_METHOD_KEY, "json_schema")
    return method if method in METHODS else "json_schema"  # type: ignore[return-value]


def json_schema_of(schema: type[BaseModel]) -> dict[str, Any]:
    """The JSON schema sent to the model. Passing a dict (not the class) keeps parsing
    ours: the reply comes back as data, we validate it, and a failure keeps the raw text
    for the re-ask. Servers get a plain (non-strict) schema, which local ones accept."""
    return {"title": schema.__name__, **schema.model_json_schema()}


def _schema_instruction(schema: type[BaseModel]) -> SystemMessage:
    text = json.dumps(schema.model_json_schema(), ensure_ascii=False)
    return SystemMessage(content="Reply with one JSON object only, valid against this JSON "
                                 f"schema:\n{text}")


def _raw_text(raw: Any) -> str:
    if isinstance(raw, AIMessage):
        if raw.tool_calls:
            return json.dumps(raw.tool_calls[0].get("args", {}), ensure_ascii=False)
        if raw.invalid_tool_calls:  # arguments that were not JSON, kept as sent
            return str(raw.invalid_tool_calls[0].get("args") or "")
        return raw.text if isinstance(raw.content, list) else str(raw.content)
    return "" if raw is None else str(raw)


def _strip_fence(text: str) -> str:
    """The JSON inside a ```json fence, or the text itself."""
    t = text.strip()
    if t.startswith("```"):
        t = t.split("\n", 1)[1] if "\n" in t else ""
        t = t[: t.rfind("```")] if t.rstrip().endswith("```") else t
    return t.strip()


def _attempt(runnable: Any, schema: type[BaseModel], messages: list[BaseMessage]) -> _Attempt:
    """One request; parse failures come back as data, transport failures raise."""
    try:
        out = runnable.invoke(messages)
    except ValidationError as exc:  # the client parsed the content itself
        bad = exc.errors()[0].get("input", "") if exc.errors() else ""
        return _Attempt(None, bad if isinstance(bad, str) else json.dumps(bad, default=str),
                        str(exc))
    except (ValueError, json.JSONDecodeError) as exc:
        return _Attempt(None, "", str(exc))
    raw = out.get("raw")
    raw_text = _raw_text(raw)
    if isinstance(raw, AIMessage) and raw.response_metadata.get("finish_reason") == "length":
        return _Attempt(None, raw_text, "the reply was cut off (finish_reason=length)")
    if out.get("parsing_error") is not None:
        return _Attempt(None, raw_text, str(out["parsing_error"]))
    parsed = out.get("parsed")
    if isinstance(raw, AIMessage) and not raw.tool_calls:
        # langchain's JSON parser completes truncated JSON; a cut-off list must not pass
        try:
            parsed = json.loads(_strip_fence(raw_text))
        except json.JSONDecodeError as exc:
            return _Attempt(None, raw_text, f"invalid JSON: {exc}")
    if isinstance(parsed, schema):
        return _Attempt(parsed, raw_text, "")
    if isinstance(parsed, dict):  # json_mode over a dict schema, or a loose parser
        try:
            return _Attempt(schema.model_validate(parsed), raw_text, "")
        except ValidationError as exc:
            return _Attempt(None, raw_text, str(exc))
    return _Attempt(None, raw_text, "the reply held no structured output")


def _reask(messages: list[BaseMessage], attempt: _Attempt) -> list[BaseMessage]:
    """A new message list: the bad reply, then the error and a request to fix it."""
    fix = HumanMessage(content=(
        "Your reply did not validate against the schema:\n"
        f"{attempt.error[:2000]}\n"
        "Reply again with the corrected JSON object only."))
    return [*messages, AIMessage(content=attempt.raw_text[:8000]), fix]


def structured_call(model: BaseChatModel, schema: type[M], messages: Sequence[BaseMessage], *,
                    cache: LLMCache | None = None, retries: int | None = None) -> M:
    """``schema`` parsed from the model's reply to ``messages``, re-asked at most ``retries``
    times on invalid output; raises ``ModelError`` (with the last body) after that.

    ``retries`` defaults to the ``llm_retries`` the model was built with.
    """
    if retries is None:
        recorded = (getattr(model, "metadata", None) or {}).get(_RETRIES_KEY)
        retries = int(recorded) if recorded is not None else Settings().llm_retries
    messages = list(messages)
    key = cache_key(model, schema, messages) if cache is not None else ""
    if cache is not None and (hit := cache.get(key)) is not None:
        try:
            return schema.model_validate_json(hit)
        except ValidationError:
            pass  # a stale entry (schema changed): ask again
    if not ALLOW_MODEL_REQUESTS:
        raise ModelRequestsForbidden("model requests are switched off (ALLOW_MODEL_REQUESTS)")
    method = method_of(model)
    if method == "json_mode":
        messages = [_schema_instruction(schema), *messages]
    try:
        runnable = model.with_structured_output(json_schema_of(schema), method=method,
                                                include_raw=True)
    except NotImplementedError as exc:
        raise UsageError(f"{type(model).__name__} offers no structured output") from exc
    provider = str((getattr(model, "metadata", None) or {}).get("provider", ""))
    conversation = messages
    attempt = _Attempt(None, "", "no request made")
    for _ in range(max(0, retries) + 1):
        try:
            attempt = _attempt(runnable, schema, conversation)
        except Exception as exc:  # transport, HTTP status, timeout: the endpoint's fault
            raise ModelError(f"model request failed: {exc}", provider=provider,
                             body=str(exc)) from exc
        if attempt.parsed is not None:
            if cache is not None:
                cache.put(key, schema.__name__, model_id(model),
                          attempt.parsed.model_dump_json())
            return attempt.parsed  # type: ignore[return-value]
        conversation = _reask(conversation, attempt)
    raise ModelError(f"model output did not validate as {schema.__name__} after "
                     f"{max(0, retries) + 1} tries: {attempt.error[:300]}",
                     provider=provider, body=attempt.raw_text)


# --- plain text (answers' wording) ---------------------------------------------------


def _as_messages(messages: Sequence[BaseMessage | tuple[str, str]]) -> list[BaseMessage]:
    out: list[BaseMessage] = []
    for m in messages:
        if isinstance(m, BaseMessage):
            out.append(m)
        else:
            role, content = m
            out.append(SystemMessage(content=content) if role == "system" else
                       AIMessage(content=content) if role in ("ai", "assistant") else HumanMessage(content=content))
    return out


def text_call(model: BaseChatModel, messages: Sequence[BaseMessage | tuple[str, str]], *,
              cache: LLMCache | None = None) -> str:
    """The model's plain-text reply to ``messages``, through the same guard and cache as
    ``structured_call``: a cache hit makes no request; with ``ALLOW_MODEL_REQUESTS`` off a
    request raises ``ModelRequestsForbidden``; any failure of the endpoint raises
    ``ModelError`` (never swallowed here: the caller reports it as its fallback reason)."""
    messages = _as_messages(messages)
    try:  # what else tells two models of one class apart (a fake's scripted replies, say)
        params = json.dumps(model._identifying_params, sort_keys=True, default=str)
    except Exception:
        params = ""
    payload = {"model": model_id(model), "params": params, "schema": "text",
               "messages": [_message_record(m) for m in messages]}
    key = hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
                         .encode("utf-8")).hexdigest()
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit
    if not ALLOW_MODEL_REQUESTS:
        raise ModelRequestsForbidden("model requests are switched off (ALLOW_MODEL_REQUESTS)")
    provider = str((getattr(model, "metadata", None) or {}).get("provider", ""))
    try:
        reply = model.invoke(messages)
    except Exception as exc:  # transport, HTTP status, timeout: the endpoint's fault
        raise ModelError(f"model request failed: {type(exc).__name__}: {exc}", provider=provider,
                         body=str(exc)) from exc
    content = reply.content if isinstance(reply, BaseMessage) else reply
    text = content if isinstance(content, str) else (reply.text if isinstance(reply, AIMessage) else str(content))
    if cache is not None and text.strip():
        cache.put(key, "text", model_id(model), text)
    return text


# --- tool calling (a model that plans through our tools) ------------------------------


def _tool_message_record(message: BaseMessage) -> dict[str, Any]:
    """What identifies one message of a tool-calling conversation: its content, and the
    calls it makes or answers (their names, arguments and ids)."""
    record = _message_record(message)
    calls = getattr(message, "tool_calls", None)
    if calls:
        record["tool_calls"] = [{"name": c.get("name"), "args": c.get("args"), "id": c.get("id")}
                                for c in calls]
    call_id = getattr(message, "tool_call_id", None)
    if call_id:
        record["tool_call_id"] = call_id
    return record


def tool_call(model: BaseChatModel, messages: Sequence[BaseMessage], tools: Sequence[Any], *,
              cache: LLMCache | None = None) -> AIMessage:
    """One step of a tool-calling conversation: the model's reply to ``messages`` with
    ``tools`` bound (langchain's ``bind_tools``), an ``AIMessage`` that either calls tools
    (``tool_calls``, or ``invalid_tool_calls`` for arguments that were not JSON) or answers
    in text. The same guard and cache as ``text_call``: a cache hit makes no request; with
    ``ALLOW_MODEL_REQUESTS`` off a request raises ``ModelRequestsForbidden``; a failing
    endpoint raises ``ModelError``; a model class without tool calling ``UsageError``."""
    from langchain_core.messages import message_to_dict, messages_from_dict
    from langchain_core.utils.function_calling import convert_to_openai_tool

    try:
        params = json.dumps(model._identifying_params, sort_keys=True, default=str)
    except Exception:
        params = ""
    payload = {"model": model_id(model), "params": params, "schema": "tools",
               "tools": [convert_to_openai_tool(t) for t in tools],
               "messages": [_tool_message_record(m) for m in messages]}
    key = hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str)
                         .encode("utf-8")).hexdigest()
    if cache is not None and (hit := cache.get(key)) is not None:
        try:
            cached = messages_from_dict([json.loads(hit)])[0]
            if isinstance(cached, AIMessage):
                return cached
        except (ValueError, KeyError, TypeError):
            pass  # an unreadable entry: ask again
    if not ALLOW_MODEL_REQUESTS:
        raise ModelRequestsForbidden("model requests are switched off (ALLOW_MODEL_REQUESTS)")
    provider = str((getattr(model, "metadata", None) or {}).get("provider", ""))
    try:
        bound = model.bind_tools(list(tools))
    except NotImplementedError as exc:
        raise UsageError(f"{type(model).__name__} offers no tool calling") from exc
    try:
        reply = bound.invoke(list(messages))
    except Exception as exc:  # transport, HTTP status, timeout: the endpoint's fault
        raise ModelError(f"model request failed: {type(exc).__name__}: {exc}", provider=provider,
                         body=str(exc)) from exc
    if not isinstance(reply, AIMessage):
        reply = AIMessage(content=str(getattr(reply, "content", reply)))
    if cache is not None:
        cache.put(key, "tools", model_id(model), json.dumps(message_to_dict(reply), ensure_ascii=False,
                                                             default=str))
    return reply
