"""Answering questions over the stored filings, with citations that can be checked.

    from budgetlens.qa import Asker
    asker = Asker(settings)          # opens the fact store (and the index lazily)
    answer = asker.ask("镇安县医保局2023年公务接待费是多少？")

Offline answers are extractive (templates + quotes); with ``settings.llm`` the model
words the answer and code verifies it (``qa.llm``).
"""

from __future__ import annotations

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

_KINDS = {"value": answer_value, "compare": answer_compare, "consistency": answer_consistency,
          "why": answer_why}


class Asker:
    def __init__(self, settings: Settings, *, llm=None, index=None):
        self.settings = settings
        self.store = Store(settings.db_path, readonly=True)  # a reader: writes nothing of the workspace
        self.llm = llm
        self._index = index
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

    def ask(self, text: str) -> Answer:
        q = self.understand(text)
        if q.unknown:
            return Answer(question=text, answer=f"在这些文件中没有找到{q.unknown}的文件。", kind="not_found",
                          verified=True)
        ctx = Context(self.store, self.documents, self.index if q.kind == "why" else None)
        extractive = _KINDS[q.kind](ctx, q)
        if self.llm is None or extractive.kind == "not_found":
            return extractive
        from budgetlens.qa.llm import llm_answer

        return llm_answer(self.llm, q, extractive, self.settings)

    def close(self) -> None:
        self.store.close()


def ask(text: str, settings: Settings, llm=None) -> Answer:
    asker = Asker(settings, llm=llm)
    try:
        return asker.ask(text)
    finally:
        asker.close()


__all__ = ["Asker", "ask", "Answer", "Question", "METRICS", "lookup"]
