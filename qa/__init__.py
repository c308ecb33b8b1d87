"""Answering questions over the stored filings, with citations that can be checked.

    from budgetlens.qa import Asker
    asker = Asker(settings)          # opens the fact store (and the index lazily)
    answer = asker.ask("镇安县医保局2023年公务接待费是多少？")

Offline answers are extractive (templates + quotes); with ``settings.llm`` the model
words the answer and code verifies it (``qa.llm``).
"""

from __future__ import annotations

import re

from budgetlens.settings import Settings
from budgetlens.store import Store
from budgetlens.qa.answer import (
    Context,
    answer_compare,
    answer_consistency,
    answer_value,
    answer_why,
)
from budgetlens.qa.facts import lookup
from budgetlens.qa.understand import METRICS, Question, parse_question
from budgetlens.schemas.answer import Answer

# key figures the check messages never name, as a question names them
_MORE_FIGURES = {"procurement_total": ("政府采购预算总额",), "vehicles": ("公务用车车辆数",),
                 "vehicle_total_actual": ("公务用车购置及运行维护费",), "budget_execution_rate": ("预算执行率",)}

_KINDS = {"value": answer_value, "compare": answer_compare, "consistency": answer_consistency,
          "why": answer_why}


class Asker:
    def __init__(self, settings: Settings, *, llm=None, index=None):
        self.settings = settings
        self.store = Store(settings.db_path, readonly=True)  # a reader: writes nothing of the workspace
        self.llm = llm
        self._index = index
        self._engine = None
        self.refresh()

    def refresh(self) -> None:
        """Reload the list of documents (after an ingest)."""
        if self.store.empty_stand_in and self.settings.db_path.exists():  # the first ingest happened
            self.store.close()
            self.store = Store(self.settings.db_path, readonly=True)
            self._index = None
        self.documents = self.store.documents()
        self.entities = sorted({d.entity for d in self.documents if d.entity}, key=len, reverse=True)
        self.years = sorted({d.fiscal_year for d in self.documents if d.fiscal_year})

    @property
    def index(self):
        if self._index is None:
            from budgetlens.index import Index

            self._index = Index(self.settings, readonly=True)
        return self._index

    def understand(self, text: str) -> Question:
        return parse_question(text, self.entities, self.years)

    @property
    def engine(self):
        """The fact-index answerer (built from the stored filings on first use)."""
        if self._engine is None:
            from budgetlens.checks.names import FIGURES, column_name
            from budgetlens.index.facts import load
            from budgetlens.qa.engine import Engine

            index = load(self.store, self.settings.home / "facts-index.pkl",
                         column_label=lambda c: column_name(c)[0],
                         figure_label=lambda f: (FIGURES.get(f) or _MORE_FIGURES.get(f) or (f,))[0])
            self._engine = Engine(index)
            # filings read only by OCR: a left-out one whose body was not recognised is a 扫描件
            self._engine.scans = {d.doc_id for d in self.documents if d.pages and d.ocr_pages >= d.pages}
        return self._engine

    def conversation(self, state: dict | None = None) -> "Conversation":
        return Conversation(self, state)

    def ask(self, text: str, state=None) -> Answer:
        """The answer; ``state`` (an ``engine.State``) carries a conversation's last resolution."""
        answer, _ = self._ask(text, state)
        return self.gate(self._checked_sides(text, answer))

    def gate(self, answer: Answer) -> Answer:
        """The last gate (``qa.gate``): a number its citations do not account for is declined."""
        from budgetlens.qa.gate import gate

        if answer.kind in ("not_found", "clarify") or not answer.citations:
            return answer  # nothing stated: the fact index need not be opened
        return gate(answer, self.engine.docs)

    def _checked_sides(self, text: str, answer: Answer) -> Answer:
        """A consistency verdict kept only over the year and table asked (``qa.sides``)."""
        from budgetlens.qa.sides import guard

        if answer is None or answer.kind != "consistency":
            return answer
        metric = self.understand(text).metric
        return guard(self.engine, text, answer, metric.label if metric else None)

    def _ask(self, text: str, state=None, last: str = ""):
        from budgetlens.qa.followup import carry, placed, remember, unknown_body
        from budgetlens.qa.consistency import plain_check
        from budgetlens.qa.plan import plain_asking
        from budgetlens.qa.ranking import listed_ranking, plain_ranking
        from budgetlens.qa.why import plain_why

        # 工作区里所有无锡市…: the workspace is where every question looks; 为啥砍了 → 为什么减少了;
        # 谁最大 (no list) → 哪个单位最大
        plain = plain_ranking(plain_why(plain_check(plain_asking(text))))
        if plain != text:
            answer, new_state = self._ask(plain, state, last)
            answer.question = text
            return answer, new_state

        from budgetlens.qa.consistency import checked

        answer = listed_ranking(self.engine, text)  # 甲局、乙局、丙局，谁的…最高: each listed body resolved
        if answer is not None:
            from budgetlens.qa.engine import State

            # (the ranking asked is the conversation's: 那最少的呢？ / 那2025年呢？ re-ask it changed)
            return answer, State(names=[], operation="ranking", measure=text)
        answer = checked(self.engine, text)  # 说是增长11.94%，这个百分比对吗？ a quoted figure checked
        if answer is not None:
            from budgetlens.qa.engine import State

            return answer, State(names=(answer.understood or {}).get("entity", "").split(" / "),
                                 operation="consistency")
        from budgetlens.qa.fields import check_fields

        answer = check_fields(self.engine, self.store, text, state)  # 主管部门写的是本局吗？
        if answer is not None:
            from budgetlens.qa.engine import State

            return answer, State(names=[answer.understood["entity"]], operation="consistency")
        # 那省高院呢？ after 江苏省人民检察院: the conversation's place before a body said without it
        turn = placed(self.engine, text, state)
        if state is not None and unknown_body(self.engine, turn):
            state = None  # 那深圳市海关呢？: a body the filings do not print is not the last one
        asked = carry(self.engine, turn, state, last)  # a follow-up turn, completed from the last one
        answer, new_state = self.engine.ask(asked, state)
        if answer is not None and asked != text:
            answer.question = text
            # (上一年呢？ asked as 那2018年呢？: the gate reads the question as it was answered)
            answer.understood = {**(answer.understood or {}), "asked": asked}
        if answer is not None:  # 说占比45.06%，这个比例对吗？ computed from the printed operands, then compared
            from budgetlens.qa.consistency import computed_check

            answer = computed_check(text, answer) or answer
        remember(state, new_state, asked, answer)  # 机关运行经费呢？ is the measure the next turn means
        if answer is None and new_state.operation == "why":  # the statement of the change and its reason
            from budgetlens.qa.why import answer_why

            answer = answer_why(self.engine, self.store, text, state)
        elif answer is None and new_state.operation == "consistency":  # a table against its own note
            from budgetlens.qa.stated import check_note

            answer = check_note(self.engine, self.store, text, state)
        if answer is not None and self.llm is not None:
            from budgetlens.qa.agent import plan_answer, should_plan

            if should_plan(self.settings.llm_plan, answer):  # the model plans through tool calls
                return plan_answer(self.llm, self.engine, text, answer, self.settings, store=self.store), new_state
        if answer is not None:
            if self.llm is not None and answer.kind not in ("not_found", "clarify"):
                from budgetlens.qa.llm import llm_answer

                return llm_answer(self.llm, self.understand(text), answer, self.settings), new_state
            return answer, new_state
        return self._ask_rules(text, new_state), new_state

    def _ask_rules(self, text: str, state=None) -> Answer:
        q = self.understand(text)
        if state is not None and state.names:
            q.entities = [e for e in self.entities if any(n in e or e in n for n in state.names)] or q.entities
            q.unknown = None if q.entities else q.unknown
        if q.unknown:
            return Answer(question=text, answer=f"在这些文件中没有找到{q.unknown}的文件。", kind="not_found",
                          verified=True)
        if state is not None and state.operation == "consistency" and q.kind != "why":
            q.kind = "consistency"  # 是否等于 / 对得上吗: the plan read a consistency question
        quoted = [float(n.replace(",", "")) for n, unit in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元|%)", text)
                  if unit != "%"]
        if q.kind == "consistency" and (q.metric is None or re.search(r"\d\s*%", text)):
            return Answer(question=text, answer="没有认出要核对的是哪个数字。", kind="not_found", verified=True)
        ctx = Context(self.store, self.documents, self.index if q.kind == "why" else None)
        if q.kind == "consistency":
            # a number the question quotes: only the checks that print it answer
            extractive = answer_consistency(ctx, q, quoted)
            if quoted and not extractive.understood.get("verdict"):
                return Answer(question=text, answer="没有找到核对问题所引数字的检查。", kind="not_found",
                              verified=True)
        else:
            extractive = _KINDS[q.kind](ctx, q)
        if q.kind == "why" and extractive.kind == "why" and not _on_topic(text, extractive, q):
            return Answer(question=text, answer="在这些文件中没有找到说明这一变化原因的句子。", kind="not_found",
                          verified=True)
        if self.llm is None or extractive.kind == "not_found":
            return extractive
        from budgetlens.qa.llm import llm_answer

        return llm_answer(self.llm, q, extractive, self.settings)

    def close(self) -> None:
        self.store.close()


def _on_topic(text: str, answer: Answer, q: Question) -> bool:
    """A reason quoted for a why question must speak of what was asked: some four characters
    of the question (less its body's name and the question words) in a quoted sentence."""
    t = re.sub(r"[\s“”\"]", "", text)
    for e in q.entities:
        t = t.replace(e, "")
    t = re.sub(r"20\d\d年?|为什么|为何|原因|怎么|比上年|比上一年|与上年|增加了?|减少了?|少了|多了|是|的|呢|？|\?", "|", t)
    words = {t[i:i + 4] for i in range(len(t) - 3) if "|" not in t[i:i + 4]}
    words |= {t[i:i + 3] for i in range(len(t) - 2) if "|" not in t[i:i + 3] and not re.search(r"[省市县区局委办]", t[i:i + 3])}
    quotes = "".join(re.sub(r"\s", "", c.quote) for c in answer.citations)
    return any(w in quotes for w in words)


class Conversation:
    """Turns that reuse what the previous turn resolved (那2024年呢？ / 和上年比呢？)."""

    def __init__(self, asker: Asker, state: dict | None = None):
        from budgetlens.qa.engine import State

        self.asker = asker
        self.state = State.from_dict(state) if state else State()
        self.last = (state or {}).get("last", "")  # the previous turn's words (其中差旅费呢？: a part asked)
        # the previous turn's answer: a part after a part is read from its list
        self.last_answer: Answer | None = _stored_answer((state or {}).get("last_answer"))
        self.in_parts = bool((state or {}).get("in_parts"))  # the last turn was a part of a whole (``qa.same_list``)
        # the last figure asked of a line itself (not a change, not a conversion): said beside a
        # change converted by a bare 用元说是多少？ (``followup.in_other_unit``)
        self.level_answer: Answer | None = _stored_answer((state or {}).get("level_answer"))
        # the figures asked of a line itself, latest last: 两家差多少？ sets the last two apart
        self.figures: list[Answer] = [a for a in map(_stored_answer, (state or {}).get("figures") or []) if a]

    def ask(self, text: str) -> Answer:
        from budgetlens.qa.same_list import read_from_list, same_list

        from budgetlens.qa.followup import in_other_unit, line_in_unit, two_apart

        # the last figure in another unit (换成元呢？ / 服务类换成元是多少？ after 那服务类呢？): that figure,
        # converted
        answer = (in_other_unit(text, self.last_answer, self.level_answer)
                  or line_in_unit(text, self.last, self.last_answer))
        if answer is None:  # 两家差多少？: the last two bodies' figures of the line, set apart
            answer = two_apart(text, self.figures)
        # among the parts of a whole (其中差旅费呢？ → 会议费多少元？): read from the same list; a part
        # said with 其中 is first read where the last figure stands (…支出总计237,100万元，其中基本支出…:
        # the part of that whole, not the same words of another table's whole)
        if answer is None and (self.in_parts or text.lstrip().startswith("其中")):
            answer = same_list(self.asker.engine, text, self.last_answer, among_parts=self.in_parts)
        listed = answer is not None
        if answer is None and self.state.operation == "ranking":
            from budgetlens.qa.followup import after_ranking

            # 那最少的呢？ / 那2025年呢？ / 那会议费呢？ after a ranking: the ranking asked again, changed
            again = after_ranking(self.asker.engine, text, self.state, self.last_answer)
            if again != text:
                answer, self.state = self.asker._ask(again, None, "")
                answer = self.asker._checked_sides(again, answer)
                answer = answer.model_copy(update={"question": text, "understood": {**(answer.understood or {}),
                                                                                     "asked": again}})
        if answer is None:
            answer, self.state = self.asker._ask(text, self.state, self.last)
            answer = self.asker._checked_sides(text, answer)
            if answer.kind in ("not_found", "clarify") and text.lstrip().startswith("其中"):
                listed_answer = same_list(self.asker.engine, text, self.last_answer)  # 其中服务类占了多少钱？
                answer, listed = (listed_answer, True) if listed_answer is not None else (answer, False)
        answer = self.asker.gate(answer)
        self.in_parts = answer.kind == "value" and (listed or text.lstrip().startswith("其中")
                                                    or read_from_list(answer))
        self.last, self.last_answer = text, answer
        if answer.kind == "value" and "converted_from" not in (answer.understood or {}):
            self.level_answer = answer
            self.figures = [*self.figures[-3:], answer]
        return answer

    def to_dict(self) -> dict:
        """What a session keeps between two ``ask --session`` calls: the state, the last turn's
        words and, when it gave a figure, its answer and whether it was a part of a whole (the
        next 其中会议费呢？ is read from the same list, as in one process)."""
        out = {**self.state.to_dict(), "last": self.last, "in_parts": self.in_parts}
        if self.last_answer is not None and self.last_answer.kind in ("value", "compare"):
            out["last_answer"] = self.last_answer.model_dump(mode="json")
        if self.level_answer is not None:
            out["level_answer"] = self.level_answer.model_dump(mode="json")
        if self.figures:
            out["figures"] = [a.model_dump(mode="json") for a in self.figures[-2:]]
        return out


def _stored_answer(data) -> Answer | None:
    """A session file's last answer, or None when it holds none or one this version cannot read."""
    if not isinstance(data, dict):
        return None
    try:
        return Answer.model_validate(data)
    except ValueError:
        return None


def ask(text: str, settings: Settings, llm=None) -> Answer:
    asker = Asker(settings, llm=llm)
    try:
        return asker.ask(text)
    finally:
        asker.close()


__all__ = ["Asker", "Conversation", "ask", "Answer", "Question", "METRICS", "lookup"]
