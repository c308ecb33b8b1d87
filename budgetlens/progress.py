"""Where one document's processing has got to, told to whoever is listening.

The work reports its stage with ``report(stage, done, total)`` wherever it is (the PDF
reader, the OCR loop, the pipeline); the caller that wants to show progress listens
with ``listening(sink)``. Nobody listening: a report costs a lookup and does nothing.
The listener is a context variable, so two sessions of the app in two threads never
hear each other's files. Across the child process a document is read in, the child
listens by sending each ``Step`` up its result pipe and the parent hands it on
(``budgetlens.limits.Child``)::

    with listening(print):
        read("scan.pdf")
    → Step(stage='read', done=0, total=3)
    → Step(stage='ocr', done=0, total=3)
    → Step(stage='ocr', done=1, total=3)  … Step(stage='ocr', done=3, total=3)

Stages, in order: ``read`` (pages of the text layer), ``ocr`` (pages done of those
without one), ``tables``, ``checks``, ``index``. ``describe`` words a step for a person:
``Step('ocr', 1, 3)`` → 「OCR 识别第 2/3 页」 (the page being read), "OCR page 2 of 3".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

STAGES = ("read", "ocr", "tables", "checks", "index")


@dataclass(frozen=True)
class Step:
    stage: str  # one of STAGES
    done: int = 0  # pages done of ``total`` (read, ocr); 0 for the other stages
    total: int = 0


Sink = Callable[[Step], None]
_SINK: ContextVar[Sink | None] = ContextVar("budgetlens_progress", default=None)


def report(stage: str, done: int = 0, total: int = 0) -> None:
    """Tell the listener (if any) that the work is at ``stage``. A listener that fails
    never stops the work: progress is a courtesy."""
    sink = _SINK.get()
    if sink is None:
        return
    try:
        sink(Step(stage, done, total))
    except Exception:  # noqa: BLE001 - a broken display must not fail a filing
        pass


def listening() -> bool:
    return _SINK.get() is not None


@contextmanager
def listen(sink: Sink | None) -> Iterator[None]:
    """Send every ``report`` made in this context (this thread) to ``sink``."""
    token = _SINK.set(sink)
    try:
        yield
    finally:
        _SINK.reset(token)


_WORDS = {
    "read": ("读取文本", "reading"),
    "ocr": ("OCR 识别", "OCR"),
    "tables": ("识别表格", "finding tables"),
    "checks": ("核对", "running checks"),
    "index": ("建立索引", "indexing"),
}


def describe(step: Step, lang: str = "zh") -> str:
    """A step in words: Step('ocr', 1, 3) → 'OCR 识别第 2/3 页' (en: 'OCR page 2 of 3');
    Step('read', 0, 14) → '读取文本（14 页）'; Step('ocr', 3, 3) → 'OCR 识别完成（3 页）'."""
    zh, en = _WORDS.get(step.stage, (step.stage, step.stage))
    if step.stage == "ocr" and step.total:
        if step.done >= step.total:
            return f"{zh}完成（{step.total} 页）" if lang != "en" else f"{en} done ({step.total} pages)"
        k = step.done + 1
        return f"{zh}第 {k}/{step.total} 页" if lang != "en" else f"{en} page {k} of {step.total}"
    if step.stage == "read" and step.total:
        return f"{zh}（{step.total} 页）" if lang != "en" else f"{en} ({step.total} pages)"
    return zh if lang != "en" else en
