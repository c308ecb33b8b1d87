"""Why probe: questions about the reasons filings give for a change, made from the RAW page
text of every filing of one part (PyMuPDF's text of a PDF, a seed's .txt), never from the
answerer's reading or fact index, so that the gold does not share the answerer's mistakes.

A *statement* is a narrative clause that names a measure journalists ask about (收入, 支出,
财政拨款, 基本支出, 项目支出, “三公”经费 and each of its parts, 机关运行经费, 会议费, 培训费,
政府采购, 政府性基金, 经济分类的类 (工资福利支出 …), 功能分类的项 (行政运行 …), 事业收入 …), states its change on the year before (…比上年增加 N 万元，增长 x%) and gives a reason
(主要原因是 / 原因是 / 主要用于 / 主要是 / 主要由于 …)::

    其中：公务接待费5万元，比上年减少1万元，主要原因是厉行节约。
    → measure 公务接待费, direction -1, reason 厉行节约

A measure a filing states twice with different reasons is left out (its gold is not one).
Each statement gives one question in one of several phrasings (为什么 / 为啥 / 原因是什么 /
咋…了), with the body as the filing prints it or a short form of it, and the year; and,
a *false premise*: the other direction asked (a rise of a line that stayed level).

Judged (``judge``): ``right`` the answer or what it cites holds a distinctive part of the
gold reason (whitespace- and punctuation-insensitive; with the printed change too when
another line of the filing gives the same reason); for a false premise, the premise said
(``eval.mutate_kinds.PREMISE_RE``) with the printed change quoted, or a decline; ``wrong`` another sentence quoted as the
reason, or a false premise explained; ``not_found`` a decline.

    budgetlens eval --probes why --split dev --home WS --out DIR

writes ``DIR/probe_why.json`` and ``DIR/probe_why.md`` (``eval.report.save_run``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from budgetlens.eval.journalists import DECLINED
from budgetlens.eval.mutate import summary_table, tally
from budgetlens.eval.mutate_kinds import PREMISE_RE

OUTCOMES = ("right", "wrong", "not_found")
# the measures asked about, most specific first (a regex alternation takes the first that
# matches at the leftmost place, so 财政拨款收入 is never read as 收入)
_MEASURES = (
    ("三公经费", r"[“\"]?三公[”\"]?经费"),
    ("因公出国（境）费", r"因公出国[（(]境[）)]费用?"),
    ("公务接待费", r"公务接待费"),
    ("公务用车购置及运行维护费", r"公务用车购置及运行(?:维护)?费"),
    ("公务用车购置费", r"公务用车购置费"),
    ("公务用车运行维护费", r"公务用车运行(?:维护)?费"),
    ("机关运行经费", r"机关运行经费"),
    ("会议费", r"会议费"),
    ("培训费", r"培训费"),
    ("政府采购", r"政府采购(?:预算|支出)?(?:总额)?"),
    ("一般公共预算财政拨款收入", r"一般公共预算(?:财政拨款)?收入"),
    ("一般公共预算财政拨款支出", r"一般公共预算(?:财政拨款)?支出"),
    ("政府性基金预算支出", r"政府性基金(?:预算)?(?:财政拨款)?支出"),
    ("财政拨款收支", r"财政拨款收(?:入)?支(?:出)?(?:预算|决算)?(?:总计|总额)?"),
    ("财政拨款收入", r"财政拨款收入"),
    ("财政拨款支出", r"财政拨款支出"),
    ("政府性基金预算收入", r"政府性基金(?:预算)?(?:财政拨款)?收入"),
    ("工资福利支出", r"工资福利支出"),
    ("商品和服务支出", r"商品和服务支出"),
    ("对个人和家庭的补助", r"对个人和家庭的补助(?:支出)?"),
    ("行政运行", r"行政运行(?![经费])"),
    ("一般行政管理事务", r"一般行政管理事务"),
    ("事业运行", r"事业运行"),
    ("事业收入", r"事业收入"),
    ("上级补助收入", r"上级补助收入"),
    ("其他收入", r"其他收入"),
    ("基本支出", r"基本支出"),
    ("项目支出", r"项目支出"),
    ("收支总计", r"收支(?:预算|决算)?(?:总计|总额)?|收入支出(?:预算|决算)?总计"),
    ("收入总计", r"收入(?:预算|决算)?(?:总计|合计|总额)|收入预算|收入决算|(?<=[部门年])(?:预算|决算)收入"),
    ("支出总计", r"支出(?:预算|决算)?(?:总计|合计|总额)|支出预算|支出决算|(?<=[部门年])(?:预算|决算)支出"),
)
# any other line named with its code or level as the classification prints it (老年福利（2081002） /
# 城市建设支出（项）): the measure is its name
_LINE = r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,16}(?=[（(](?:\d{5,7}|项)[)）])"
_MEASURE_RE = re.compile("|".join(f"(?P<m{i}>{p})" for i, (_, p) in enumerate(_MEASURES)) + f"|(?P<line>{_LINE})")
# a change on the year before: 比上年增加 / 较2025年预算减少 / 与上年相比，下降
_CHANGE_RE = re.compile(r"(?:比|较|与|同)(?:上年|上一年|去年|(20\d\d)年)度?(?:预算数?|决算数?|执行数)?(?:相比|比较)?[，,]?"
                        r"(增加|减少|增长|下降|持平|降低|上升)")
_CUE_RE = re.compile(r"主要原因(?:是|为|：|:)?|原因(?:是|为|：|:)|主要用于|主要是|主要由于|主要系|主要因|系因|是因为|由于")
# a reason the raw text runs into a table's title or figures (原因是人员1419.73458.2…单位：万元工资提标): its
# words are not the filing's sentence, and no gold is made of them
_INTERLEAVED = re.compile(r"单位\s*[：:]\s*万?元|金额\s*[（(]\s*万?元\s*[）)]|[\d.]{12,}")
_WHOLES = {"收入总计", "支出总计", "收支总计"}  # a bare 收入 / 支出 may be of the line before
_UP, _DOWN = ("增加", "增长", "上升"), ("减少", "下降", "降低")
_NOISE = re.compile(r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第?\s*\d+\s*页?|\d+)\s*$", re.M)  # page numbers on their own line
_PUNCT = re.compile(r"[\s“”\"'‘’「」《》〈〉（）()、，,。：:；;！？?·\-—]")
_GENERIC = re.compile(r"^(?:一是|二是|三是|主要|增加|减少|等|的|了|和|及)+$")


def canon(text: str) -> str:
    return _PUNCT.sub("", text or "")


@dataclass(frozen=True)
class Stated:
    """One change of a measure and its reason, as a filing's raw text prints it."""
    file: str
    page: int
    measure: str  # the key of _MEASURES
    printed: str  # the measure as the sentence names it
    direction: int  # +1 rose, -1 fell, 0 持平
    sentence: str
    reason: str  # the words after the cue, to the end of the statement
    change: str  # 比上年减少5万元, punctuation and spaces left out

    @property
    def distinctive(self) -> str:
        """A part of the reason no neighbouring line shares by chance: its longest piece
        between commas, at most 14 characters of it."""
        pieces = [canon(p) for p in re.split(r"[，,；;、。]", self.reason)]
        pieces = [p for p in pieces if len(p) >= 4 and not _GENERIC.match(p)]
        best = max(pieces, key=len) if pieces else canon(self.reason)
        return re.sub(r"^(?:一是|主要是|主要原因是)", "", best)[:14]


def raw_pages(path: Path) -> list[str]:
    """The text of each page as the file prints it: PyMuPDF for a PDF, a seed's .txt as one page
    (split at form feeds)."""
    if path.suffix.lower() == ".txt":
        return path.read_text(encoding="utf-8", errors="replace").split("\f")
    if path.suffix.lower() != ".pdf":
        return []
    import pymupdf

    with pymupdf.open(path) as doc:
        return [p.get_text() for p in doc]


def _joined(pages: list[str]) -> tuple[str, list[int]]:
    """The pages' text as one string with no line breaks (a PDF breaks lines mid-word), and the
    offset each page starts at."""
    text, starts = "", []
    for p in pages:
        starts.append(len(text))
        body = _NOISE.sub("", p)
        text += re.sub(r"[ \t\u3000]*\n[ \t\u3000]*", "", body)
    return text, starts


def _key(m: re.Match) -> str:
    """The measure a match of ``_MEASURE_RE`` names (its key in ``_MEASURES``)."""
    if m.lastgroup == "line":
        return m.group(0)
    return _MEASURES[int((m.lastgroup or "m0")[1:])][0]


def statements(pages: list[str], file: str = "", year: int | None = None) -> list[Stated]:
    """Every change of a named measure with its reason in the pages' narrative; a change on a
    year other than the one before ``year`` is left out."""
    text, starts = _joined(pages)
    out: list[Stated] = []
    for clause in re.finditer(r"[^。；;！？]+", text):
        c, base = clause.group(0), clause.start()
        changes = list(_CHANGE_RE.finditer(c))
        prev_end = 0
        for k, ch in enumerate(changes):
            region = c[prev_end:ch.start()]
            prev_end = ch.end()
            if _CUE_RE.search(region):
                continue  # a change told inside a reason (主要原因是会议费比上年减少) is no statement
            named = list(_MEASURE_RE.finditer(region))
            if not named or len(region) - named[-1].end() > 40:
                continue
            m = named[-1]
            if "其中" in region[m.end():]:
                continue  # 一般公共预算支出…，其中：工资福利支出…较上年增加: the change of an item the list leaves out
            if year and ch.group(1) and int(ch.group(1)) != year - 1:
                continue
            stop = len(c)
            if k + 1 < len(changes):  # the reason ends where the next change's measure is named
                nxt = list(_MEASURE_RE.finditer(c[ch.end():changes[k + 1].start()]))
                stop = ch.end() + (nxt[-1].start() if nxt else changes[k + 1].start() - ch.end())
            cue = _CUE_RE.search(c, ch.end(), stop)
            if cue is None or cue.start() - ch.end() > 40:
                continue
            reason = c[cue.end():stop].strip("，,：: ")
            if len(canon(reason)) < 4 or _INTERLEAVED.search(reason):
                continue
            key = _key(m)
            if key in _WHOLES and any(_key(x) not in _WHOLES for x in _MEASURE_RE.finditer(text[max(0, base - 60):base])):
                continue  # 机关运行经费…决算6.27万元。支出决算比上年减少: the 支出 of the line before
            amount = re.match(r"[了]?\s*\d[\d,]*(?:\.\d+)?\s*万元", c[ch.end():])
            word = ch.group(2)
            at = base + m.start()
            page = max(i for i, s in enumerate(starts) if s <= at) + 1 if starts else 1
            out.append(Stated(file, page, key, m.group(0), 1 if word in _UP else -1 if word in _DOWN else 0,
                              c[m.start():stop], reason, canon(ch.group(0) + (amount.group(0) if amount else ""))))
    return out


def single(found: list[Stated]) -> list[Stated]:
    """The statements whose measure the filing explains once (or always with the same reason)."""
    by: dict[str, set[str]] = defaultdict(set)
    for s in found:
        by[s.measure].add(s.distinctive)
    seen: set[str] = set()
    out = []
    for s in found:
        if len(by[s.measure]) == 1 and s.measure not in seen:
            seen.add(s.measure)
            out.append(s)
    return out


@dataclass(frozen=True)
class Filing:
    path: Path
    file: str  # collection/file, as eval/split.tsv names it
    body: str  # as the filing prints it
    year: int


_BODY_END = r"(?:局|委员会|委|办公室|办公厅|厅|院|部|中心|大学|学院|政府|街道办事处|办事处|馆|会|所|站|队|处)"


def printed_body(candidates: list[str], first: str) -> str:
    """The first candidate name the first pages print (spaces ignored), else a title line of
    them that ends like a body's name, else the last candidate (a short name) with the place the
    pages print before it (商务委员会 → 上海市普陀区商务委员会)."""
    flat = canon(first)
    for c in candidates[:-1]:
        if c and canon(c) in flat:
            return c
    for line in first.splitlines():
        line = line.strip()
        if re.fullmatch(r"[\u4e00-\u9fff（）()]{4,30}" + _BODY_END, line):
            return line
    last = canon(candidates[-1]) if candidates else ""
    longer = re.search(r"[\u4e00-\u9fff]{2}[省市](?:[\u4e00-\u9fff]{2}[区县])?" + re.escape(last), flat) if last else None
    return longer.group(0) if longer else last if last and last in flat else ""


def short_form(body: str) -> str:
    """A form journalists write: 深圳市统计局 → 深圳统计局 (the city's 市 / 省 dropped)."""
    m = re.match(r"^([\u4e00-\u9fff]{2})[市省](.{2,})$", body)
    return m.group(1) + m.group(2) if m else body


def filings(engine, part: str) -> list[Filing]:
    """The workspace's filings of ``part`` (eval/split.tsv) with their body and year, read from
    the split, the file name and the raw first pages."""
    from budgetlens.eval.split import members, part_of

    out = []
    for d in engine.docs.values():
        path = Path(d.path)
        try:
            if part_of(path) != part:
                continue
        except KeyError:
            continue
        parts = path.resolve().parts
        at = max(i for i, p in enumerate(parts) if p in ("corpus", "real", "seeds"))
        key = (parts[at], "/".join(parts[at + 1:]))
        member = members()[key]
        pages = raw_pages(path)
        first = "\n".join(pages[:2])
        years = re.findall(r"(20\d\d)\s*年度?\s*(?:部门|单位)?(?:预算|决算)", first) or re.findall(r"_(20\d\d)_", path.name)
        cands = [member.body, member.body.replace("_", ""), member.body.split("_")[-1]]
        body = printed_body(cands, first)
        if body and years:
            out.append(Filing(path, "/".join(key), body, int(years[0])))
    return sorted(out, key=lambda f: f.file)


@dataclass(frozen=True)
class Probe:
    file: str
    part: str
    variant: str  # phrasing: why / weisha / reason / za; premise_* for a false premise
    question: str
    measure: str
    direction: int
    gold: str  # the reason's distinctive part
    change: str  # also asked for when another statement of the filing has the same reason
    reason: str
    sentence: str
    page: int


# what journalists call a measure (every third question asks so; the others print the filing's words)
_SAID = {"三公经费": "三公经费", "公务接待费": "招待费", "公务用车运行维护费": "公车运维费", "因公出国（境）费": "出国费",
         "公务用车购置费": "公车购置费", "收入总计": "收入", "支出总计": "支出",
         "机关运行经费": "机关运行经费", "财政拨款收入": "财政拨款收入", "财政拨款支出": "财政拨款支出"}
_ASK = {1: ("增加", "涨了", "多了"), -1: ("减少", "少了", "下降了"), 0: ("没有变化", "没变", "持平")}


def questions(f: Filing, found: list[Stated], part: str, start: int = 0) -> list[Probe]:
    """One question per statement, the phrasing, the body's form and the measure's words (as
    printed, or as journalists say it) turning over from one statement to the next; and for a
    rise or a fall, the other direction asked (a rise of a line that stayed level)."""
    out = []
    for n, s in enumerate(found, start):
        body = f.body if n % 2 == 0 else short_form(f.body)
        plain, loose, more = _ASK[s.direction]
        m = _SAID.get(s.measure, s.printed) if n % 3 == 2 else s.printed
        phrasings = (("why", f"{body}{f.year}年{m}为什么比上年{plain}？"),
                     ("weisha", f"{body}{f.year}年的{m}为啥{loose}？"),
                     ("reason", f"{body}{f.year}年{m}{plain}的原因是什么？"),
                     ("za", f"{body}{f.year}年{m}咋{more}？"))
        variant, q = phrasings[n % len(phrasings)]
        shared = any(o.distinctive == s.distinctive and o.measure != s.measure for o in found)
        base = Probe(file=f.file, part=part, variant=variant, question=q, measure=s.measure, direction=s.direction,
                     gold=s.distinctive, change=s.change if shared else "", reason=s.reason, sentence=s.sentence,
                     page=s.page)
        other = _ASK[-1 if s.direction > 0 else 1][0]  # a rise asked of a fall or of 持平, a fall of a rise
        out += [base, replace(base, variant="premise", question=f"{body}{f.year}年{m}为什么比上年{other}了？")]
    return out


def judge(p: Probe, answer) -> tuple[str, str]:
    said = canon(answer.answer) + "".join(canon(c.quote) for c in answer.citations)
    gone = answer.kind in DECLINED or not answer.citations
    if p.variant == "premise":
        if PREMISE_RE.search(re.sub(r"\s+", "", answer.answer)):
            if p.gold in said and p.change in said:
                return "right", "the false premise said, the printed change quoted"
            return "wrong", f"a false premise said of another line (want {p.gold})"
        if gone:
            return "right", f"declined ({answer.kind})"
        return "wrong", "a reason quoted for a change the filing does not state"
    if p.gold and p.gold in said and p.change in said:
        return "right", "the reason quoted"
    if gone:
        return "not_found", f"declined ({answer.kind})"
    return "wrong", f"another sentence quoted as the reason (want {p.gold})"


# a final account's line against its budget, and the reason the gap is given:
# 行政运行（项）。年初预算 598.25 万元，支出决算 699.64 万元，完成年初预算的 116.95%。决算数与年初预算数的差异原因：…
_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_GAP_RE = re.compile(r"(?:年初|全年|年度)?预算(?:数)?(?:为)?\s*" + _NUM + r"\s*万元\s*[，,]\s*(?:支出)?决算(?:数)?(?:支出)?(?:为)?\s*"
                     + _NUM + r"\s*万元[^。]{0,30}?[。，,]\s*决算数?[^。：:]{0,16}?原因(?:是|为|：|:)\s*([^。]{4,})")
_ITEM_NAMED = re.compile(r"(?:[（(]款[）)])?([\u4e00-\u9fff、]{2,20})[（(]项[）)]\s*[。：:]?\s*$")


def gaps(pages: list[str], file: str = "") -> list[Stated]:
    """Each item line a final account states against its budget with the reason of the gap (its
    name the 项 printed right before the figures), as a statement of the line's direction against
    its budget (+1 the final account above it, −1 below); a line without a gap is left out."""
    text, starts = _joined(pages)
    out: list[Stated] = []
    for m in _GAP_RE.finditer(text):
        named = _ITEM_NAMED.search(text[max(0, m.start() - 40):m.start()])
        budget, final = (float(x.replace(",", "")) for x in m.groups()[:2])
        if named is None or abs(final - budget) < 0.005:
            continue
        page = max(i for i, s in enumerate(starts) if s <= m.start()) + 1 if starts else 1
        reason = m.group(3).strip("，,：: ")
        out.append(Stated(file, page, named.group(1), named.group(1), 1 if final > budget else -1,
                          m.group(0), reason, ""))
    return out


def gap_questions(f: Filing, found: list[Stated], part: str) -> list[Probe]:
    """A why question per gap (决算为什么比年初预算多 / 少, or 为什么没花完预算 for a shortfall) and
    its false premise (the other direction)."""
    out = []
    for n, s in enumerate(found):
        body = f.body if n % 2 == 0 else short_form(f.body)
        way, other = ("多", "少") if s.direction > 0 else ("少", "多")
        asked = (f"{body}{f.year}年{s.printed}为什么没花完预算？" if s.direction < 0 and n % 2 else
                 f"{body}{f.year}年{s.printed}决算为什么比年初预算{way}？")
        base = Probe(file=f.file, part=part, variant="gap", question=asked, measure=s.measure, direction=s.direction,
                     gold=s.distinctive, change="", reason=s.reason, sentence=s.sentence, page=s.page)
        out += [base, replace(base, variant="premise", question=f"{body}{f.year}年{s.printed}决算为什么比年初预算{other}？")]
    return out


def probes(engine, part: str) -> list[Probe]:
    out: list[Probe] = []
    for f in filings(engine, part):
        pages = raw_pages(f.path)
        found = single(statements(pages, f.file, f.year))
        out.extend(questions(f, found, part, start=len(out)))
        out.extend(gap_questions(f, single(gaps(pages, f.file)), part))
    return out


def summarise(cases: list[dict]) -> dict:
    def keys(c: dict) -> tuple[str, ...]:
        kind = "premise" if c["variant"] == "premise" else "reason"
        return "ALL", kind, f"{kind}/{c['measure']}", f"variant/{c['variant']}"

    return tally(((c["part"], keys(c), c["outcome"]) for c in cases), OUTCOMES)


def markdown(summary: dict, cases: list[dict]) -> str:
    lines = ["# Why probe", "", "right: the gold reason quoted (a false premise said or declined); wrong: another "
             "sentence quoted as the reason, or a false premise explained; not found: declined."]
    lines += summary_table(summary, "probe", OUTCOMES)
    bad = [c for c in cases if c["outcome"] != "right"]
    if bad:
        lines += ["", "## Not right", ""]
        lines += [f"- {c['file']} p{c['page']} {c['variant']} **{c['outcome']}**: {c['question']} → "
                  f"{c['answer'][:200]!r} (gold: {c['gold']})" for c in bad]
    return "\n".join(lines) + "\n"


def evaluate(settings, *, parts=("dev",), out: Path | None = None, log=None) -> dict:
    from budgetlens.eval.probes import run_probes

    return run_probes(settings, "probe_why", probes, judge,
                      lambda p, a, outcome, why: {**asdict(p), "outcome": outcome, "why": why,
                                                   "answer": a.answer[:400], "answer_kind": a.kind},
                      summarise, markdown, parts=parts, out=out, log=log,
                      line=lambda p, outcome, why: f"{p.file}\t{p.variant}\t{outcome}\t{why}\t{p.question}")
