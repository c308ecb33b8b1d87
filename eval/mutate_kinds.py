"""Mutations of the journalists' questions that state no single value (``eval.mutate`` makes
those of lookups and computed values): consistency verdicts, why answers, rankings, the
operands of a difference / change, and short names that must be asked back.

- ``consistency`` ``year`` 2026年 → 2023年 (three years before the body's first filing) and
  ``body`` 湖州市… → 成都市… (a city no filing names) → decline; ``figure`` a quoted figure of a
  question whose gold verdict is 一致 changed in its units digit (6032.55 → 6033.55) → the verdict
  must be 不一致 (or a decline), never 一致;
- ``why`` ``year`` / ``body`` as above → decline (no sentence of another body or year quoted);
  ``direction`` 增加 ↔ 减少 (上升 ↔ 下降, 增长 ↔ 下降) → the false premise said or a decline,
  never the reason of the printed direction quoted as if it answered;
- ``ranking`` ``phantom`` one listed body (工信局 of 工信局、国资委、…) replaced by a body no filing
  names (档案局) → left out and said, never first;
- ``operand`` of a difference / change: ``year`` the last year asked (2025年 of 2026年…比2025年)
  moved to one not printed, ``body`` the last body's place (湖州卫健委 of 湖州市财政局…比湖州卫健委)
  moved to a city no filing names → decline;
- ``clarify`` ``measure`` a short name's question (商务局2026年公务接待费…) asked of another measure
  (“三公”经费) → still asked back, never answered from one of the bodies.
"""

from __future__ import annotations

import re

_DIRECTIONS = (("增加", "减少"), ("减少", "增加"), ("增长", "下降"), ("上升", "下降"), ("下降", "增长"),
               ("提高", "降低"), ("降低", "提高"), ("增幅", "降幅"), ("降幅", "增幅"))
_UP, _DOWN = ("增加", "增长", "上升", "提高", "增幅"), ("减少", "下降", "降低", "降幅")
# a premise said false: the answer says the filing shows the other direction, or no such change
PREMISE_RE = re.compile(r"问题说.{1,6}?，文件写的是|并非|不是|并没有|没有(?:增加|减少|增长|下降|上升)|实际(?:是|为)?(?:增加|减少|增长|下降|上升)|"
                        r"而是|前提|与问题(?:所说)?不符|未(?:增加|减少|增长|下降)")
# bodies no filing of the corpus is named by (checked against the workspace before use)
_PHANTOMS = ("档案局", "地震局", "粮食局", "侨务办公室", "人防办公室", "林业局", "海事局", "气象局")
_MEASURES = ("“三公”经费", "公务接待费", "机关运行经费")
_FIGURE_RE = re.compile(r"(?<![\d.,])(\d+\.\d+)(?=\s*(?:万元|亿元|元|%|％))")


def kind_mutations(q: dict, ws, make, free_year, other_city) -> list:
    """The mutations of one question of another kind. ``make(kind, variant, question, expect,
    detail="")`` builds one; ``free_year`` is a year no filing of the question's body covers
    (None when unknown); ``other_city`` a city no filing names."""
    text, kind = q["question"], q["kind"]
    out: list = []

    def add(k, variant, new, expect, detail=""):
        if new != text:
            out.append(make(k, variant, new, expect, detail))

    said = re.findall(r"20\d\d(?=年)", text)
    city = re.search(r"([\u4e00-\u9fff]{2,4}?)市", text)
    if kind in ("consistency", "why"):
        if free_year and len(set(said)) >= 1:
            add(kind, "year", text.replace(said[0] + "年", f"{free_year}年"), "decline")
        if city and other_city:
            add(kind, "body", text.replace(city.group(0), other_city, 1), "decline")
    if kind == "consistency" and q.get("expect_status") == "pass":
        m = _FIGURE_RE.search(text)
        if m:  # the units digit changed (16.85 → 17.85): no rounding makes it the printed figure
            whole, dot, frac = m.group(1).partition(".")
            new = whole[:-1] + str((int(whole[-1]) + 1) % 10) + dot + frac
            add(kind, "figure", text[:m.start(1)] + new + text[m.end(1):], "fail")
    if kind == "why":
        gold = f"{q.get('passage_contains') or ''}{q.get('note') or ''}"
        for have, other in _DIRECTIONS:
            if have in text:
                # a question whose premise is false already (增加 asked, 减少 printed) is not flipped
                if not any(w in gold for w in (_UP if other in _UP else _DOWN)):
                    add(kind, "direction", text.replace(have, other, 1), "premise", q.get("passage_contains") or "")
                break
    if kind == "ranking":
        listed = re.search(r"[（(]?((?:[\u4e00-\u9fff（）()]{2,30}、){1,}[\u4e00-\u9fff（）()]{2,30}?)(?:[）)]|这|\d|，|,|的|20\d\d)", text)
        if listed:
            items = listed.group(1).split("、")
            # a middle item: the first and last may carry the words around the list
            target = next((i for i, it in enumerate(items[1:-1], 1) if it.endswith("局")), None)
            phantom = next((p for p in _PHANTOMS if not any(p in n for n in ws.names)), None)
            if target is not None and phantom:
                items[target] = phantom
                new = text[:listed.start(1)] + "、".join(items) + text[listed.end(1):]
                add(kind, "phantom", new, "rank", phantom)
    if kind in ("difference", "change"):
        if free_year and said:
            at = text.rfind(said[-1] + "年")
            add("operand", "year", text[:at] + f"{free_year}年" + text[at + 5:], "decline")
        stem = city.group(1) if city else ""
        if stem and other_city and text.count(stem) >= 2:
            at = text.rfind(stem)
            tail = text[at + len(stem):]
            new_stem = other_city.rstrip("市")
            add("operand", "body", text[:at] + new_stem + tail, "decline")
    if kind == "clarify":
        named = next((w for w in _MEASURES if w in text or w.replace("“", "").replace("”", "") in text), None)
        if named:
            other = next(w for w in _MEASURES if w != named)
            src = named if named in text else named.replace("“", "").replace("”", "")
            add(kind, "measure", text.replace(src, other, 1), "ask")
    return out


def judge_kind(m, answer, declined: set) -> tuple[str, str]:
    """One mutated answer of another kind judged (``eval.mutate.classify`` for these expects)."""
    said = _sq(answer.answer) + "".join(_sq(c.quote) for c in answer.citations)
    gone = answer.kind in declined or (answer.value is None and not answer.citations and not answer.table)
    verdict = (answer.understood or {}).get("verdict")
    if m.expect == "ask":
        if answer.kind == "clarify":
            return "right", "asked back"
        if gone:
            return "not_found", f"declined ({answer.kind}) a question to ask back"
        return "confident_wrong", f"answered ({answer.kind}) a short name of several bodies"
    if m.expect == "rank":
        top = _sq(answer.table[0].entity) if answer.table else ""
        if gone:
            return "not_found", f"declined ({answer.kind})"
        if m.detail and m.detail in top:
            return "confident_wrong", f"a body in no filing ({m.detail}) ranked first"
        if m.detail in said or (answer.understood or {}).get("not_resolved"):
            return "right", "the body in no filing left out and said"
        return "wrong", f"{m.detail} left out without saying so"
    if gone:
        return "right", f"declined ({answer.kind})"
    if m.expect == "fail":
        if verdict == "fail":
            return "right", "the changed figure found 不一致"
        if verdict == "口径差异":
            return "right", "口径差异"
        if verdict == "pass":
            return "confident_wrong", "the changed figure found 一致"
        return "wrong", f"no verdict ({answer.kind})"
    if m.expect == "premise":
        if PREMISE_RE.search(_sq(answer.answer)):
            return "right", "the false premise said"
        if m.detail and _sq(m.detail) in said:
            return "confident_wrong", "the reason of the printed direction quoted as the answer"
        return "wrong", "a reason quoted for a change the filing does not state"
    # decline expected: a verdict or a reason stated of another body or year
    if verdict in ("pass", "fail") or answer.kind == "why" or answer.value is not None or answer.table:
        return "confident_wrong", f"stated an answer ({answer.kind}{', ' + verdict if verdict else ''})"
    return "wrong", f"stated an answer ({answer.kind}) without declining"


def _sq(text: str) -> str:
    return re.sub(r"\s+", "", text or "")
