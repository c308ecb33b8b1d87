"""Score the answerer on the journalists' question sets (``eval/questions/journalists_*.json``).

Every filing the questions name sits in ONE workspace (``eval.jws`` builds it); each
question is asked as a new user would (a ``followup`` as a conversation, turn by turn)
and judged into one of four outcomes:

- ``right``: what the issue calls right —
  a value within rounding in the unit asked (lookups: equal at 2 decimals, and a citation
  on the page where the value stands, in the file the question is about; computed kinds —
  difference, sum, change, share — within 0.011 of the value computed from the printed
  operands, e.g. 35.86 % for 7,816.49 / 21,796.12); a ranking that names the right first
  place and says which filings it covered; a why answer that quotes the sentence giving
  the reason (``passage_contains``); a consistency verdict equal to ``expect_status``;
  ``not_found`` for what the filings do not print; ``clarify`` offering every candidate;
- ``wrong``: a wrong number, name, verdict or passage stated as the answer (the outcome
  the issue counts as "wrong answers stated as fact");
- ``not_found``: the answer declined (``not_found`` or ``clarify``) where the filings do
  print an answer;
- ``incomplete``: the right value without what must come with it (a lookup not citing
  the page, a ranking not saying which filings it covered, a clarify missing candidates).

    python -m budgetlens.eval.journalists --home /tmp/jws --out OUT [--part dev] [FILES...]

writes ``OUT/scores.json`` (summary per part and kind, p50/p95 seconds, every question's
outcome and why) and ``OUT/report.md`` (the same as tables).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from budgetlens.schemas.answer import Answer

OUTCOMES = ("right", "wrong", "not_found", "incomplete")
COMPUTED = {"difference", "sum", "change", "share"}
DECLINED = {"not_found", "clarify"}
_SETS = tuple(f"journalists_{letter}.json" for letter in "abcdefghijklmnopqrstuvw")


def default_files() -> list[Path]:
    here = Path(__file__).resolve().parent / "questions"
    return [here / name for name in _SETS]


def load_questions(files: list[Path]) -> list[dict]:
    out = []
    for f in files:
        data = json.loads(Path(f).read_text(encoding="utf-8"))
        qs = data["questions"] if isinstance(data, dict) else data
        for q in qs:
            q = dict(q)
            q["set"] = Path(f).stem
            out.append(q)
    return out


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _name(text: str) -> str:
    """A name compared loosely: no spaces, no （本级） / (本级), folded brackets and quotes."""
    t = _squash(text).replace("(", "（").replace(")", "）")
    t = t.replace("（本级）", "").replace("（汇总）", "")
    return re.sub(r"[“”\"'‘’]", "", t)


def _same_name(a: str, b: str) -> bool:
    a, b = _name(a), _name(b)
    return bool(a) and bool(b) and (a == b or a in b or b in a)


def _pages(page) -> set[int]:
    if page is None:
        return set()
    return {int(page)} if isinstance(page, (int, float)) else {int(p) for p in page}


def _cites_file(path: str, files: list[str]) -> bool:
    if not files:
        return True
    p = path.replace("\\", "/")
    return any(p.endswith((f, f.split("/", 1)[-1])) for f in files)


def _bare_unit(unit: str) -> str:
    """A unit without its printed aside: 台（件、套） is 台."""
    return re.sub(r"[（(][^）)]*[）)]", "", _squash(unit))


_FIGURE_RE = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _decimals_printed(value: float, texts: list[str]) -> int | None:
    """How many decimals the filing printed ``value`` with, read from the gold's own
    quotes (the most precise printing when it stands there more than once); None when
    no quote prints it."""
    found = []
    for text in texts:
        for m in _FIGURE_RE.finditer(text or ""):
            try:
                if abs(float(m.group(0).replace(",", "")) - value) < 1e-9:
                    found.append(len(m.group(1) or ""))
            except ValueError:
                continue
    return max(found) if found else None


_MONEY_SCALE = {"元": 1, "千元": 1e3, "万元": 1e4, "亿元": 1e8}


def _scale(printed_unit: str | None, unit: str) -> float | None:
    """How many of ``unit`` one ``printed_unit`` is (万元 in 元: 10,000); 1 when the two
    are the same or nothing is said of the print, None when they are not both sums of money."""
    if not printed_unit or _bare_unit(printed_unit) == _bare_unit(unit):
        return 1.0
    a, b = _MONEY_SCALE.get(_bare_unit(printed_unit)), _MONEY_SCALE.get(_bare_unit(unit))
    return a / b if a and b else None


def _print_rounding(value: float, printed_unit: str | None, unit: str, texts: list[str]) -> float | None:
    """Half the last printed digit of ``value`` (given in ``unit``), in ``unit``: 2,245.09
    万元 asked in 元 stands for 22,450,850 to 22,450,950 元. None when the print is not
    quoted or the units do not convert."""
    scale = _scale(printed_unit, unit)
    if scale is None:
        return None
    d = _decimals_printed(value / scale, texts)
    return 0.5 * 10 ** -d * scale if d is not None else None


def printed_rounding(gold: dict, *, computed: bool) -> float:
    """The rounding a gold value carries from its print: a figure printed as 12,789 万元
    stands for anything from 12,788.5 to 12,789.5, so an answer read from the exact 元
    table (12,788.68) is within rounding; asked in 元, the same print stands for
    127,885,000 to 127,895,000. A sum or difference of printed operands carries the
    rounding of each. 0 when the print is not quoted (the strict tolerance holds)."""
    unit = gold.get("unit") or ""
    texts = [gold.get("quote_contains") or ""] + [e.get("text", "") for e in gold.get("evidence") or []]
    if not computed:
        return _print_rounding(float(gold["value"]), gold.get("printed_unit"), unit, texts) or 0.0
    if gold.get("kind") not in ("sum", "difference") or not gold.get("operands"):
        return 0.0
    total = 0.0
    for op in gold["operands"]:
        r = _print_rounding(float(op["value"]), op.get("printed_unit"), unit, texts)
        if r is None:
            return 0.0
        total += r
    return total


def judge_value(answer: Answer, gold: dict, *, computed: bool, files: list[str]) -> tuple[str, str]:
    """A single asked-for value (lookup, computed kinds, a follow-up turn)."""
    if answer.kind in DECLINED:
        return "not_found", f"declined ({answer.kind})"
    if answer.value is None:
        return "wrong", f"no single value ({answer.kind})"
    unit = gold.get("unit") or "万元"
    if answer.unit and unit and _bare_unit(answer.unit) != _bare_unit(unit):
        return "wrong", f"unit {answer.unit}, asked {unit}"
    want = float(gold["value"])
    tol = max(0.011 if computed else 0.0051, printed_rounding(gold, computed=computed))
    if abs(answer.value - want) > tol:
        return "wrong", f"value {answer.value} ≠ {want}"
    if not computed:
        pages = _pages(gold.get("page"))
        cited = [c for c in answer.citations if _cites_file(c.path, files)]
        if pages and not any(c.page in pages for c in cited):
            got = sorted({c.page for c in answer.citations})
            return "incomplete", f"value right, cites pages {got}, value on {sorted(pages)}"
    return "right", ""


def _verdict(answer: Answer) -> str | None:
    v = (answer.understood or {}).get("verdict") if hasattr(answer, "understood") else None
    if v:
        return "fail" if v == "fail" else "pass"
    m = re.findall(r"(\d+)\s*项不一致", answer.answer)
    if m:
        return "fail" if any(int(x) for x in m) else "pass"
    return None


def judge(answer: Answer, q: dict) -> tuple[str, str]:
    kind = q["kind"]
    files = q.get("files") or []
    if kind == "not_found":
        if answer.kind == "not_found":
            return "right", ""
        if answer.kind == "clarify":
            return "not_found", "clarify where the filings print nothing"
        return "wrong", f"answered ({answer.kind}) what the filings do not print"
    if kind == "clarify":
        if answer.kind == "clarify":
            labels = [c.get("label", "") if isinstance(c, dict) else getattr(c, "label", "")
                      for c in (getattr(answer, "candidates", None) or [])]
            missing = [c for c in q.get("candidates") or [] if not any(_same_name(c, lab) for lab in labels)]
            return ("incomplete", f"candidates missing {missing}") if missing else ("right", "")
        if answer.kind == "not_found":
            return "not_found", "not_found where the question is ambiguous"
        return "wrong", f"answered ({answer.kind}) an ambiguous question"
    if kind == "why":
        if answer.kind in DECLINED:
            return "not_found", f"declined ({answer.kind})"
        text = _squash(answer.answer) + "".join(_squash(c.quote) for c in answer.citations)
        if _squash(q["passage_contains"]) in text:
            return "right", ""
        return "wrong", "quotes another passage"
    if kind == "consistency":
        if answer.kind in DECLINED:
            return "not_found", f"declined ({answer.kind})"
        v = _verdict(answer)
        if v is None:
            return "not_found", "no verdict"
        return ("right", "") if v == q["expect_status"] else ("wrong", f"verdict {v}, gold {q['expect_status']}")
    if kind == "ranking":
        if answer.kind in DECLINED:
            return "not_found", f"declined ({answer.kind})"
        top = answer.table[0].entity if answer.table else ""
        if not top or not _same_name(top, q["answer_name"]):
            return "wrong", f"first place {top!r}, gold {q['answer_name']!r}"
        if not (getattr(answer, "understood", None) or {}).get("covered"):
            return "incomplete", "first place right, coverage not stated"
        return "right", ""
    return judge_value(answer, q, computed=kind in COMPUTED, files=files)


class _Timed:
    def __init__(self):
        self.seconds: list[float] = []

    def __call__(self, fn, *args):
        t = time.perf_counter()
        out = fn(*args)
        self.seconds.append(time.perf_counter() - t)
        return out


def run(asker, questions: list[dict], log=None) -> tuple[list[dict], list[float]]:
    timed = _Timed()
    records = []
    for q in questions:
        if q["kind"] == "followup":
            conv = asker.conversation() if hasattr(asker, "conversation") else None
            turns, outcome, why, answers = q.get("turns") or [], "right", "", []
            for i, turn in enumerate(turns):
                a = timed(conv.ask if conv else asker.ask, turn["question"])
                answers.append(a)
                t_gold = dict(turn)
                t_gold.setdefault("unit", q.get("unit"))
                t_kind = turn.get("kind") or "lookup"
                if t_kind in ("lookup", "followup"):
                    o, w = judge_value(a, t_gold, computed=turn.get("operands") is not None
                                       or t_kind in COMPUTED, files=q.get("files") or [])
                else:
                    o, w = judge(a, {**q, **t_gold, "kind": t_kind})
                if o != "right":
                    outcome, why = o, f"turn {i + 1}: {w}"
                    break
            shown = answers[-1] if answers else None
        else:
            shown = timed(asker.ask, q["question"])
            outcome, why = judge(shown, q)
        rec = {"id": q["id"], "set": q["set"], "kind": q["kind"], "part": q.get("part", "dev"),
               "question": q["question"], "outcome": outcome, "why": why,
               "answer": shown.answer[:400] if shown else "", "answer_kind": shown.kind if shown else "",
               "value": shown.value if shown else None, "gold": q.get("value")}
        records.append(rec)
        if log:
            log(f"{rec['id']}\t{rec['part']}\t{rec['kind']}\t{outcome}\t{why}")
    return records, timed.seconds


def summarise(records: list[dict], seconds: list[float]) -> dict:
    table: dict = defaultdict(lambda: defaultdict(Counter))
    for r in records:
        for part in (r["part"], "all"):
            table[part][r["kind"]][r["outcome"]] += 1
            table[part]["ALL"][r["outcome"]] += 1
    out = {}
    for part, kinds in table.items():
        out[part] = {}
        for kind, c in sorted(kinds.items()):
            n = sum(c.values())
            out[part][kind] = {"n": n, **{o: c.get(o, 0) for o in OUTCOMES},
                               "right_rate": round(c.get("right", 0) / n, 4) if n else 0.0,
                               "wrong_rate": round(c.get("wrong", 0) / n, 4) if n else 0.0}
    lat = sorted(seconds)
    latency = {"n": len(lat), "p50": round(statistics.median(lat), 4) if lat else None,
               "p95": round(lat[min(len(lat) - 1, int(0.95 * len(lat)))], 4) if lat else None}
    return {"summary": out, "latency_seconds": latency}


def markdown(scores: dict) -> str:
    lines = ["# Journalists' questions", ""]
    lat = scores["latency_seconds"]
    lines.append(f"`ask` latency over {lat['n']} asks: p50 {lat['p50']} s, p95 {lat['p95']} s.")
    for part in ("dev", "test", "all"):
        kinds = scores["summary"].get(part)
        if not kinds:
            continue
        lines += ["", f"## {part}", "", "| kind | n | right | wrong | not found | incomplete | right % | wrong % |",
                  "|---|---|---|---|---|---|---|---|"]
        for kind, s in kinds.items():
            if kind == "ALL":
                continue
            lines.append(f"| {kind} | {s['n']} | {s['right']} | {s['wrong']} | {s['not_found']} | "
                         f"{s['incomplete']} | {100 * s['right_rate']:.1f} | {100 * s['wrong_rate']:.1f} |")
        s = kinds["ALL"]
        lines.append(f"| **all** | {s['n']} | {s['right']} | {s['wrong']} | {s['not_found']} | "
                     f"{s['incomplete']} | {100 * s['right_rate']:.1f} | {100 * s['wrong_rate']:.1f} |")
    return "\n".join(lines) + "\n"


class _RulesOnly:
    """The answerer before the fact index (keyword metrics over keyed cells): the baseline."""

    def __init__(self, asker):
        self.asker = asker

    def ask(self, text: str):
        return self.asker._ask_rules(text)


def evaluate(settings, files: list[Path] | None = None, *, parts: tuple[str, ...] = ("dev", "test"),
             out: Path | None = None, log=None, baseline: bool = False, only: set[str] = frozenset()) -> dict:
    from budgetlens.qa import Asker

    questions = [q for q in load_questions(files or default_files()) if q.get("part", "dev") in parts
                 and (not only or q["id"] in only)]
    real = Asker(settings)
    asker = _RulesOnly(real) if baseline else real
    try:
        records, seconds = run(asker, questions, log=log)
    finally:
        real.close()
    scores = summarise(records, seconds)
    scores["questions"] = records
    if out is not None:
        from budgetlens.eval.report import save_run

        save_run(out, "scores", scores, markdown(scores))
    return scores


def main(argv: list[str] | None = None) -> int:
    from budgetlens.settings import load

    ap = argparse.ArgumentParser(description="Score the answerer on the journalists' question sets.")
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("eval-journalists"))
    ap.add_argument("--part", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("--baseline", action="store_true", help="score the rules-only answerer")
    ap.add_argument("--only", default="", help="comma-separated question ids")
    a = ap.parse_args(argv)
    parts = ("dev", "test") if a.part == "all" else (a.part,)
    scores = evaluate(load(a.home), a.files or None, parts=parts, out=a.out, baseline=a.baseline,
                      log=(lambda s: print(s, flush=True)) if a.verbose else None,
                      only=set(filter(None, a.only.split(","))))
    print(markdown(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
