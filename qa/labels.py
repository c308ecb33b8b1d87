"""A printed label said in other words than printed: its words in another order (救助流浪乞讨人员
for 流浪乞讨人员救助), or with 的 between them (公务用车的运行维护 for 公务用车运行维护).

A label's words are its jieba words (``label_words``; 的, 和, 与, 及 are no words of their own);
the question says the label apart (``said_apart``) when one stretch of it says every word of the
label, each once, and nothing else but 的 / 之 / 和 / 与 / 及 between them. Among a filing's labels
the question says apart, the one whose words cover the longest stretch names the measure; two
different labels covering the same stretch name none (``label_said_apart`` returns them both, as
candidates). ``in_printed_words`` rewrites the question with the label as printed in that stretch,
so the rows are then matched as when the question copies the label.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from budgetlens.index.lexical import jieba_words

_JOINERS = "的之和与及"
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=65536)
def label_words(label: str) -> tuple[str, ...]:
    """A label's words (jieba), less the joining words 的 / 和 / 与 / 及.

    >>> label_words("流浪乞讨人员救助")
    ('流浪', '乞讨', '人员', '救助')
    """
    return tuple(w for w in jieba_words(label) if w.strip() and w not in _JOINERS and _CJK_RE.search(w))


@dataclass(frozen=True)
class SaidApart:
    label: str  # the label as compared (canon)
    start: int  # the stretch of the question that says its words
    end: int


def said_apart(cq: str, label: str) -> SaidApart | None:
    """The stretch of ``cq`` saying every word of ``label`` once, in any order, with only joining
    words between them, when it is not the label as printed; None otherwise."""
    words = label_words(label)
    if len(words) < 2 or label in cq or any(w not in cq for w in words):
        return None
    spots = [[m.start() for m in re.finditer(re.escape(w), cq)] for w in words]
    if any(len(s) > 3 for s in spots):
        return None  # a word said again and again: no one stretch is the label's
    best = None
    for starts in itertools.product(*spots):
        spans = sorted((s, s + len(w)) for s, w in zip(starts, words))
        if any(a[1] > b[0] for a, b in zip(spans, spans[1:])):
            continue  # two words on the same characters
        if any(cq[a[1]:b[0]].strip(_JOINERS) for a, b in zip(spans, spans[1:])):
            continue  # other words between them: another measure's, or a qualifier
        start, end = spans[0][0], spans[-1][1]
        if best is None or end - start < best.end - best.start:
            best = SaidApart(label, start, end)
    if best is None or cq[best.start:best.end] == label:
        return None
    return best


def label_said_apart(cq: str, labels) -> list[SaidApart]:
    """The labels of ``labels`` that ``cq`` says apart over its longest such stretch: one label
    names the measure; more than one (different labels on the same words) name none."""
    found = [s for s in (said_apart(cq, lab) for lab in set(labels) if len(lab) >= 3) if s is not None]
    if not found:
        return []
    # a stretch inside another's says part of a longer label (人员救助 within 流浪乞讨人员救助)
    found = [s for s in found if not any(t is not s and t.start <= s.start and s.end <= t.end
                                         and (t.end - t.start) > (s.end - s.start) for t in found)]
    widest = max(s.end - s.start for s in found)
    return sorted((s for s in found if s.end - s.start == widest), key=lambda s: s.label)


def in_printed_words(cq: str, said: SaidApart) -> str:
    """``cq`` with the stretch saying ``said.label`` apart replaced by the label as printed, padded
    with 的 to keep the question's length (the spans of its other words stay where they were)."""
    stretch = said.end - said.start
    if len(said.label) > stretch:
        return cq  # the label prints a joining word the question leaves out: no room for it
    return cq[:said.start] + said.label + "的" * (stretch - len(said.label)) + cq[said.end:]
