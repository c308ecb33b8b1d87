"""Comparisons and rankings across filings, filtered by measure, year, scope (部门 / 单位)
and type (预算 / 决算), saying how many filings print the measure and which do not."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from budgetlens.qa import METRICS, lookup
from budgetlens.store import Store
from budgetlens.ui.common import lang, scope, unit_name
from budgetlens.ui.text import amount, doc_type, t


def compare_view(store: Store) -> None:
    st.header(t("compare", lang()))
    records = store.documents()
    if not records:
        st.info(t("empty", lang()))
        return
    metrics = {m.label: m for _, actual, budget in METRICS for m in (actual, budget)
               if m is not None and (m.cells or m.kind == "amount")}
    every = t("all", lang())
    c1, c2, c3, c4 = st.columns([2, 1, 1, 1])
    label = c1.selectbox(t("metric", lang()), list(metrics), key="compare_metric")
    years = sorted({r.fiscal_year for r in records if r.fiscal_year}, reverse=True)
    year = c2.selectbox(t("year", lang()), [every, *years], key="compare_year")
    scopes = {r.doc_id: scope(store, r) for r in records}
    level = c3.selectbox(t("scope", lang()), [every, *sorted(set(scopes.values()))], key="compare_scope",
                         format_func=lambda k: k if k == every else scope_label(k))
    kinds = sorted({r.doc_type for r in records if r.doc_type})
    kind = c4.selectbox(t("doc_type", lang()), [every, *kinds], key="compare_type",
                        format_func=lambda k: k if k == every else doc_type(k, lang()))
    chosen = [r for r in records if (year == every or r.fiscal_year == year)
              and (level == every or scopes[r.doc_id] == level)
              and (kind == every or r.doc_type == kind)]
    rows, left_out = [], []
    for rec in chosen:
        fact = lookup(store, rec, metrics[label], with_checks=False)
        if fact is None:
            left_out.append(unit_name(rec))
            continue
        rows.append({t("unit", lang()): unit_name(rec), t("year", lang()): rec.fiscal_year,
                     t("scope", lang()): scope_label(scopes[rec.doc_id]),
                     t("doc_type", lang()): doc_type(rec.doc_type, lang()),
                     t("value", lang()): amount(fact.value, fact.unit, lang=lang()), t("wan", lang()): round(fact.value_wan, 4),
                     t("page", lang()): fact.page, t("file", lang()): rec.name})
    st.caption(t("coverage", lang(), n=len(rows), m=len(chosen)))
    if left_out:
        st.caption(t("left_out", lang(), names="、".join(sorted(set(left_out)))))
    if not rows:
        st.info(t("none_print", lang()))
        return
    df = pd.DataFrame(rows).sort_values(t("wan", lang()), ascending=False)
    # one bar per filing: a unit with two filings in the selection is told apart by year and type
    df["label"] = (df[t("unit", lang())] + " " + df[t("year", lang())].astype(str) + " "
                   + df[t("scope", lang())] + (" " if lang() == "en" else "") + df[t("doc_type", lang())])
    st.dataframe(df.drop(columns=["label"]), hide_index=True, use_container_width=True)
    st.altair_chart(_bars(df, t("wan", lang())), use_container_width=True)
    st.download_button(t("download", lang()), df.drop(columns=["label"]).to_csv(index=False).encode("utf-8-sig"),
                       file_name=f"{label}.csv", mime="text/csv")


def scope_label(value: str) -> str:
    """部门 / 单位 as the filings print it; in English 'department' / 'unit'."""
    return {"部门": "department", "单位": "unit"}.get(value, value) if lang() == "en" else value


def _bars(df: pd.DataFrame, value: str) -> alt.Chart:
    """Horizontal bars in ranking order, with whole labels (a unit name is never cut)."""
    return alt.Chart(df).mark_bar().encode(
        x=alt.X(f"{value}:Q", title=value, axis=alt.Axis(format=",.2f")),
        # every bar named: Vega drops labels it finds too close (it showed every other one)
        y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=480, labelOverlap=False)),
        tooltip=[alt.Tooltip("label:N", title=t("filing", lang())), alt.Tooltip(f"{value}:Q", format=",.2f")],
    ).properties(height=max(160, 34 * len(df)))
