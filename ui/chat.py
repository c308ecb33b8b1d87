"""The chat, the app's front page: what is loaded, example questions taken from it, and
answers with their computation, candidates and one-click citations."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import streamlit as st

from budgetlens.render import doc_type_word
from budgetlens.store import DocRecord, Store
from budgetlens.ui.common import lang, show_citation, unit_name
from budgetlens.ui.text import amount, doc_type, mode, plain, t


_OPERATIONS = {"lookup": ("查数", "look-up"), "difference": ("差额", "difference"), "sum": ("合计", "sum"),
               "change": ("增减", "change"), "change_pct": ("增减幅度", "change in %"), "share": ("占比", "share"),
               "ranking": ("排名", "ranking"), "consistency": ("核对", "check"), "why": ("原因", "why"),
               "clarify": ("需指明", "needs a choice"), "not_found": ("未找到", "not found")}
_VERDICT = {"pass": ("一致", "agrees"), "fail": ("不一致", "mismatch")}
# what the answer understood, in the order shown, each with its name
_UNDERSTOOD = (("entity", ("单位", "body")), ("year", ("年度", "year")), ("scope", ("口径", "scope")),
               ("measure", ("指标", "measure")), ("operation", ("运算", "operation")),
               ("unit", ("金额单位", "unit")), ("verdict", ("核对结果", "check")),
               ("filing_year", ("所据文件年度", "filing year")))


def understood_text(parts: dict, en: bool = False) -> str:
    """What an answer understood, each part named, in the interface's language; internal
    values never show ({'operation': 'change_pct', 'verdict': 'fail'} → '运算：增减幅度；核对结果：
    不一致'). Parts without a name here (the model's plan, the files covered) are left out."""
    shown = []
    for key, names in _UNDERSTOOD:
        value = parts.get(key)
        if value in (None, "", []):
            continue
        if key == "operation":
            value = _OPERATIONS.get(str(value), (None, None))[1 if en else 0]
        elif key == "verdict":
            value = _VERDICT.get(str(value), (None, None))[1 if en else 0]
        elif isinstance(value, (list, tuple)):
            value = "、".join(map(str, value))
        if value is not None:
            shown.append(f"{names[1]}: {value}" if en else f"{names[0]}：{value}")
    return ("; " if en else "；").join(shown)


def loaded_summary(records: list[DocRecord]) -> str:
    units = {unit_name(r) for r in records}
    years = sorted({r.fiscal_year for r in records if r.fiscal_year})
    span = (f"{years[0]}–{years[-1]} 年" if len(years) > 1 else f"{years[0]} 年") if years else "—"
    if lang() == "en":
        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "—")
    return t("loaded", lang(), n=len(records), units=len(units), years=span,
             b=sum(r.doc_type == "budget" for r in records), f=sum(r.doc_type == "final_accounts" for r in records))


def example_questions(records: list[DocRecord], n: int = 3) -> list[str]:
    """Questions about filings that are actually loaded (never a bureau that is not)."""
    out: list[str] = []
    named = [r for r in records if r.entity and r.fiscal_year]
    for r in named[:n]:
        kind = doc_type_word(r.doc_type)
        out.append(f"{r.entity}{r.fiscal_year}年公务接待费{kind}是多少？")
    if len(named) > 1:
        out.append(f"{named[0].fiscal_year}年哪个单位“三公”经费最多？")
    return out[: n + 1]


def show_answer(store: Store, answer) -> None:
    st.markdown(plain(answer.answer))
    understood = getattr(answer, "understood", None)
    parts: dict = {}
    if understood:
        parts = understood if isinstance(understood, dict) else understood.model_dump(exclude_none=True)
        text = understood_text(parts, lang() == "en")
        if text:
            st.caption(t("understood", lang(), u=text))
    steps = getattr(answer, "computation", None)
    if steps:
        with st.expander(t("computation", lang())):
            for step in steps:
                st.text(str(step))
    candidates = getattr(answer, "candidates", None) or []
    if candidates:
        st.caption(t("candidates", lang()))
        for i, c in enumerate(candidates, 1):
            show_candidate(store, i, c)
    numbers = bool(answer.citations) and answer.value is not None or bool(answer.table)
    if answer.verified and numbers:
        badge = t("verified", lang())
    elif answer.unverified_numbers:
        badge = t("unverified", lang(), n="、".join(answer.unverified_numbers))
    else:
        badge = ""
    st.caption(" · ".join(x for x in (badge, t("mode", lang(), m=mode(answer.mode, lang()))) if x))
    if answer.table:
        df = pd.DataFrame([{t("unit", lang()): r.entity, t("year", lang()): r.fiscal_year,
                            t("value", lang()): amount(r.value, r.unit, lang=lang()), t("wan", lang()): round(r.value_wan, 2)}
                           for r in answer.table])
        st.dataframe(df, hide_index=True, use_container_width=True,  # 0.00, never 0, in the sortable column
                     column_config={t("wan", lang()): st.column_config.NumberColumn(format="%.2f")})
        _coverage(store, parts)
    for i, c in enumerate(answer.citations, 1):
        show_citation(store, i, c)


def coverage(records: list[DocRecord], parts: dict) -> tuple[int, list[str]] | None:
    """A ranking's coverage over every loaded filing: how many it ranked, and each filing
    it left out as a journalist names it (body, year, type, file), so that a first place
    is read against what was not compared::

        (4, ['岫川县医疗保障局 2021 决算 · fx0002_borderless.pdf', '未能识别单位的扫描件 scan3.pdf 决算', …])
    """
    covered = set(parts.get("covered") or [])
    if not covered:
        return None
    left = [r for r in records if r.path not in covered]
    names = [" ".join(x for x in (r.entity or unit_name(r), str(r.fiscal_year or ""),
                                  doc_type(r.doc_type, lang()) if r.doc_type else "") if x)
             + (f" · {r.name}" if r.entity else "")
             for r in sorted(left, key=lambda r: (r.entity or "", r.fiscal_year or 0, r.name))]
    return len(records) - len(left), names


def _coverage(store: Store, parts: dict) -> None:
    found = coverage(store.documents(), parts)
    if found is None:
        return
    n, left = found
    st.caption(t("ranked_cover", lang(), n=n, total=n + len(left)))
    if left:
        with st.expander(t("ranked_left_out", lang(), n=len(left))):
            for name in left:
                st.text(name)


def show_candidate(store: Store, i: int, c: dict) -> None:
    """One candidate (an entity or a printed row the question may mean): its label, value
    and page, opening like a citation on the page (boxed) or the row in its context."""
    cite = dict(c.get("citation") or {})
    if not cite.get("path") or not cite.get("page"):
        st.text(f"· {c.get('label', '')}")
        return
    value = c.get("value")
    label = f"{c.get('label', '')}" + (f"（{amount(value, c.get('unit') or '', lang=lang())}）" if value is not None else "")
    show_citation(store, i, SimpleNamespace(
        doc_id=cite.get("doc_id", ""), path=cite["path"], page=cite["page"], bbox=cite.get("bbox"),
        quote=cite.get("quote") or "", where=cite.get("where") or ""), title=label)


def chat_view(asker) -> None:
    st.header(t("chat", lang()))
    records = asker.store.documents()
    if not records:
        st.info(t("empty", lang()))
    else:
        st.caption(loaded_summary(records))
        examples = example_questions(records)
        if examples:
            st.caption(t("examples", lang()) + "　" + "　".join(f"「{q}」" for q in examples))
    history = st.session_state.setdefault("history", [])
    for question, answer in history:
        with st.chat_message("user"):
            st.text(question)
        with st.chat_message("assistant"):
            show_answer(asker.store, answer)
    hint = (example_questions(records, 1) or ["…"])[0]
    question = st.chat_input(t("ask_placeholder", lang(), q=hint))
    if question:
        # follow-ups (那2024年呢？) reuse what the previous turn resolved
        conversation = st.session_state.get("conversation")
        if conversation is None or getattr(conversation, "asker", None) is not asker:
            conversation = st.session_state["conversation"] = asker.conversation()
        with st.spinner(t("asking", lang())):  # the app's own running line (no toolbar)
            answer = conversation.ask(question)
        history.append((question, answer))
        with st.chat_message("user"):
            st.text(question)
        with st.chat_message("assistant"):
            show_answer(asker.store, answer)

