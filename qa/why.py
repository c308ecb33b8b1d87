"""Why questions: the sentence of the filing that states the change asked about, with the
reason it gives, quoted; a premise the filing contradicts is challenged.

    江苏省高院2018年项目支出预算为什么比2017年少了？
    → 江苏省高级人民法院2018年的说明（第18页）：“项目支出预算数为11343.27万元。与上年相比减少
      200万元，减少1.73%。主要原因是项目经费中江苏法院云平台租赁费的预算减少。”[1]
    江苏省政协办公厅2018年的基本支出为什么比上一年增加了？
    → 问题说增加，文件写的是减少：“基本支出预算数为5,678.17 万元。与上年相比减少 238.10 万元…”

The filing's narrative is read as clauses (cut at 。；！？). A *statement* is a clause that
states a change on the year before (比上年减少 / 与2024年预算持平 / 增长53.77%) or a reason
of its own (财政拨款收入支出减少的主要原因是…); its *subject* is what it is of — the words
before its first number (项目支出预算数为11343.27万元 → 项目支出预算), taken from the clause
before when the change clause starts without one (。与上年相比减少200万元). The statement
quoted is the one whose subject shares the longest run of characters with the measure the
question names (less its body, years and question words), its reason the clauses that
follow up to the next statement. A question that quotes an amount or a rate (减少了4万元,
增长33.3%) prefers the statement printing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from budgetlens.qa.compute import not_found
from budgetlens.qa.plan import as_asked, make_plan, rewrite
from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer, AnswerCitation

_CLAUSE_END = re.compile(r"(?<=[。；;！？])")
# a change on the year before: 比上年预算减少 / 与上年相比增加 / 较2025年下降 / 与2024年预算持平
_CHANGE_RE = re.compile(r"(?:比|较|与|同|和(?=\s*(?:上年|上一年|去年|20\d\d\s*年)[^，。；,]{0,6}?相比))\s*(?:上年|上一年|去年|20\d\d\s*年)[^，。；,]{0,14}?"
                        r"(?:(?:相比|比较|相较)\s*[，,]\s*[^，。；,]{0,12}?)?"  # 与上年相比，收、支总计减少
                        r"(增加|减少|增长|下降|持平|降低|减低|上升|减|增|多|少)")
# (没完成预算的原因是… / 未完成预算的原因: a final account's shortfall against its budget)
_OWN_REASON_RE = re.compile(r"(增加|减少|增长|下降|变动|变化|持平|差异|减|增|(?:没|未)完成(?:年初)?预算|"
                            r"(?:大于|小于|高于|低于|超过|超出)(?:年初|全年|年度)?预算数?)[^，。；]{0,6}?(?:的)?(?:主要)?原因")
_CUE_RE = re.compile(r"原因|由于|因为|主要是|系因|是因|所以|因此")
# a cue that a reason follows (所以 / 因此 open a consequence: a clause starting so ends a reason)
_REASON_CUE_RE = re.compile(r"原因|由于|因为|主要是|系因|是因|主要用于")
# a reason announced and not yet given: 主要原因是： / 主要原因如下 (the next paragraph gives it)
_OPEN_REASON_RE = re.compile(r"(?:原因|主要是|主要用于)(?:是|为|如下)?\s*[：:]?\s*$")
# a page's number printed at its foot and read into the last block: …主要原因是厉—27—
# (─ 11 ─: a box-drawing dash, printed alone as the page's last block)
_FOOTER_RE = re.compile(r"\s*(?:[-—–─]\s*\d{1,3}\s*[-—–─]|第\s*\d{1,3}\s*页)\s*$")
# a figure, not a year nor a count (本级1家行政单位的机关运行经费…48.78万元)
_NUMBER_RE = re.compile(r"(?<![\d.])\d[\d,，]*(?:\.\d+)?(?![\d.]|\s*(?:年|家|个|名|人|辆|项|所))")
_ITEM_MARK_RE = re.compile(r"(?<=[\u4e00-\u9fff])[（(]\d{1,2}[)）](?=[\u4e00-\u9fff])")
_NUMBERING_RE = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)+")
_FILLER_RE = re.compile(r"^(?:此外|其中|另外|同时|具体情况如下|具体如下)[，,：:]?")
_PUNCT = re.compile(r"[\s“”\"'‘’「」《》〈〉（）()、，,。：:；;！？?]")
_QUESTION_WORDS = re.compile(
    r"为什么|为何|为啥|怎么|什么|的?主要原因|原因|何在|是什么|是不是|一下子?|大幅|大增|大减|突然|"
    # 只花了年初预算的72.59% / 只完成预算89.87% / 怎么没花完 / 一半不到: a budget's execution asked
    r"(?:只|仅|才)?(?:花|用|支出|完成|执行)了?(?:年初)?(?:预算)?的?(?=\s*(?:\d|一半|[？?，,]|$))|没(?:有)?(?:花|用)完|"
    r"一半不到|不到一半|"
    r"比上年|比上一年|比去年|与上年|和上年|较上年|比20\d\d年度?|与20\d\d年度?相比|较20\d\d年度?|"
    r"增加|减少|增长|下降|增幅|降幅|变成|变为|没有|少了|多了|上涨|涨|压减|压缩|砍掉?|翻了?[一两]?倍多?|[那这]么多|"
    r"(?:猛|骤|激|暴|剧|陡|锐|狂)(?:增|减|降|跌|升)|大跌|大降|"
    r"上升|提高|增多|上调|变多|下调|降低|缩减|变少|降了|减了|增了|"
    r"少|多|了|呢|吗|的|是|为|有|较|相比|"
    r"[一二两三四五六七八九十百千\d]+多[万亿]元?|\d+[万亿]多|[\d.,]+\s*(?:万元|亿元|元|%|％)|[\d.]+|[？?！!。，,]")
# 比上年少了46万多: 万多 / 千多 / 百多 says about how much, not which way
_UP = re.compile(r"增加|增长|增多|上调|变多|增了|(?:猛|骤|激|暴|剧|陡|狂)(?:增|升)|(?<![万千百十\d])多了|多出|大增|上升|提高|涨|"
                 r"比[^，。？?]{0,8}(?<![万千百十\d])多(?!少)")
_DOWN = re.compile(r"减少|下降|少了|大减|(?:猛|骤|暴|剧|陡|锐)(?:减|降|跌)|大跌|大降|降低|压减|下调|缩减|变少|降了|减了|变成0|变为0|为0|是0|没有|取消|变成零|为零|"
                   r"比[^，。？?]{0,8}(?<!多)少")


@dataclass
class Clause:
    text: str
    page: int
    bbox: list[float] | None
    block: int  # the block's position in reading order (a reason may follow on the next block)


@dataclass
class Statement:
    subject: str  # canon: what changed, as the filing names it
    clauses: list[Clause]
    direction: int  # +1 up, -1 down, 0 持平 / not said

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.clauses)


def canon(text: str) -> str:
    return _PUNCT.sub("", text)


def _lcs(a: str, b: str) -> int:
    """Length of the longest run of characters ``a`` and ``b`` share."""
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b):
            if ca == cb:
                cur[j + 1] = prev[j] + 1
                best = max(best, cur[j + 1])
        prev = cur
    return best


_PARTS_IN_BRACKETS = re.compile(r"[（(][^（）()]*?(?:比|较|与)\s*(?:上年|上一年|去年|20\d\d\s*年)[^（）()]*[）)]")


def outer_change(text: str) -> re.Match | None:
    """The change a clause states of its own line, past the parts' changes it lists in brackets
    (公务用车购置及运行维护费0万元（购置费0万元，比上年减少70万元；…）比上年减少388.88万元 → the
    388.88): positions are those of ``text``."""
    masked = _PARTS_IN_BRACKETS.sub(lambda m: "□" * len(m.group(0)), text)
    return _CHANGE_RE.search(masked)


def _direction(text: str) -> int:
    m = outer_change(text) or _OWN_REASON_RE.search(text)
    if not m:
        return 0
    w = m.group(1)
    return 1 if w in ("增加", "增长", "上升", "增", "多") else -1 if w in ("减少", "下降", "降低", "减低", "减", "少") else 0


def _subject(text: str) -> str:
    """What a clause states a figure of: its words before the first number (or before the
    change), less numbering, fillers and a leading body-and-year (2018年度…)."""
    t = re.sub(r"\[[A-Za-z]+:[^\]]*\]", "", text)  # a word processor's markup left in the text ([bookmark: _Toc1])
    t = _NUMBERING_RE.sub("", t.strip())
    t = _NUMBERING_RE.sub("", _FILLER_RE.sub("", t))  # 具体情况如下：1．因公出国（境）费…
    # 其中：1 机关事业单位职业年金缴费支出（2080506）235.30万元 / 2机关事业单位…: an item's number with no mark after it
    t = re.sub(r"^\s*\d{1,2}\s*(?=[\u4e00-\u9fff]{2})(?!\s*(?:万|元|年|个|家|名|人|辆|项|所|月|日|号|次|台|套|批))", "", t)
    # …2026年度部门预算公开（1）一般公共服务支出（类）支出2,404.17万元: a heading the item's number follows on
    # one line — the item starts after its number, which is no figure
    mark = _ITEM_MARK_RE.search(t)
    if mark and (first := _NUMBER_RE.search(t)) is not None and first.start() > mark.start():
        t = t[mark.end():]
    own = _OWN_REASON_RE.search(t)
    if own and not _CHANGE_RE.search(t[:own.start()]):
        t = t[:own.start()]  # 财政拨款收入支出减少的主要原因是… → 财政拨款收入支出
    t = _one_item(t)
    cut = [m.start() for m in (_NUMBER_RE.search(t), _CHANGE_RE.search(t)) if m]
    head = t[:min(cut)] if cut else t
    change = _CHANGE_RE.search(t)
    if not canon(head) and change and change.start() == 0:
        # 与上年部门预算相比，2021年收支总预算增加…: what changed is named inside the change
        said = re.split(r"[，,]", change.group(0)[:change.start(1) - change.start()])[-1]
        # (比2025年增加…: a comparison alone names nothing, the clause before does)
        head = said if len(canon(_RESTATED_WORDS.sub("", said))) >= 2 and "上年" not in said else head
    years = list(re.finditer(r"20\d\d\s*年度?", head))
    if years and not re.fullmatch(r"\s*(?:预算|决算)?数?(?:为|是)?\s*", head[years[-1].end():]):
        head = head[years[-1].end():]
    bare = re.sub(r"(?:预算数|决算数|执行数|安排|支出预算|为|是|：|:)+$", "", head.strip())
    # 支出预算155,723.39万元，比上年减少… / 本年支出预算…: the subject is 支出预算 itself, not
    # nothing nor 本年
    keep = len(canon(bare)) >= 2 and not _GENERIC_SUBJECT.fullmatch(canon(bare))
    return canon(bare if keep else head)[-30:]


def _one_item(t: str) -> str:
    """A total listed into items with the change of the first item alone (一般公共预算支出203091.65万元，
    其中：（1）行政运行（2010401）2740.23万元，较上年增加957.62万元…): the words from that item on.
    A list of several amounts before the change (其中：因公出国（境）费10万元，公务接待费8万元，…，比上年
    减少6万元) is the total's change, and stays."""
    change = _CHANGE_RE.search(t)
    at = t.rfind("其中", 0, change.start()) if change else -1
    if change is None or at < 0:
        return t
    item = _NUMBERING_RE.sub("", t[at + 2:].lstrip("：:，, "))
    before = item[:item.find(change.group(0))] if change.group(0) in item else item
    return item if len(_NUMBER_RE.findall(re.sub(r"[（(]\d{3,7}[）)]", "", before))) == 1 else t


def clauses_of(layout) -> list[Clause]:
    """The narrative's clauses in reading order, each with its page, box and block. A text block
    a page breaks off mid-sentence (…一般行政管理事务（项）支出 3,666 万元，与上年 / 相比增加 21.8
    万元…) is read with the block that goes on with it, as one — on the next page too, its
    printed page number left out (…主要原因是厉—27— / 行节约。)."""

    out: list[Clause] = []
    n = 0
    held, held_at = "", None  # a block's words that end mid-sentence, carried into the next block
    for page in layout.pages:
        first = True
        for block in page.blocks:
            if block.kind == "table" or not block.text:
                if held:
                    n = _flush(out, held, held_at, n)
                held = ""
                continue
            text = _FOOTER_RE.sub("", " ".join(block.text.split()))
            if not text:  # a page's number alone (─ 11 ─): the sentence before goes on past it
                continue
            if held and first and block.kind != "text":  # a page break then a heading: the sentence ended
                n = _flush(out, held, held_at, n)
                held = ""
            first = False
            if held:
                text = held + text
                at = held_at
            else:
                at = (page.number, list(block.bbox) if block.bbox else None)
            # (a paragraph over three pages, …下降的主要原 / 因是…: still not ended after the second, held on)
            if 12 <= len(text) <= 4000 and (block.kind == "text" and not _ENDED.search(text) or
                                            block.kind == "heading" and _GOES_ON.search(text)):
                held, held_at = text, at
                continue
            held = ""
            n = _flush(out, text, at, n)
    if held:
        _flush(out, held, held_at, n)
    return out


def _flush(out: list[Clause], text: str, at, n: int) -> int:
    """One paragraph's clauses appended, cited at the page and box it starts at; the next block number."""
    n += 1
    pieces: list[str] = []
    for p in _CLAUSE_END.split(text):
        if pieces and _open_bracket(pieces[-1]):  # （公务用车购置费18万元，…；公务用车运行维护费…。）比上年…: one clause
            pieces[-1] += p
        else:
            pieces.append(p)
    out.extend(Clause(p.strip(), at[0], at[1], n) for p in pieces if p.strip())
    return n


def _open_bracket(text: str) -> bool:
    """A clause that opens a bracket it does not close (its details go on past a 。 or ；)."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


_ENDED = re.compile(r"[。；;！？!?：:）)」”\"]\s*$")
# a line read as a heading that stops mid-sentence: on an amount, a comma or 与上年
# (4.政协事务（款）委员视察（项）426万元，与上年相比减 / 少3.3万元…: broken after its amount, inside the change)
_GOES_ON = re.compile(r"(?:\d|[，,、]|(?:与|比|较|同)上年?|与|比|较|和|及|(?:上年|相比|20\d\d年)[^，。；]{0,6}?(?:增加|减少|增长|下降|降低|上升)|"
                      r"\d\s*(?:万元|亿元|元)\s*[，,]\s*(?:与|比|较|同)[^，。；\d]{0,10})\s*$")


# a line's level printed after its name: 政协事务（款）行政运行（项） is the line a question calls 政协事务行政运行（项）
# or 政协事务行政运行
_LEVEL_MARK = re.compile(r"[（(](?:类|款|项)[)）]")


def _unlevel(text: str) -> str:
    return _LEVEL_MARK.sub("", text)


def _subject_of(text: str) -> str:
    """A statement's subject, the levels of its line's name left out (政协事务（款）行政运行（项）支出3,233.03万元 →
    政协事务行政运行支出)."""
    return _subject(_unlevel(text))


def statements(clauses: list[Clause]) -> list[Statement]:
    """Each change or reason the narrative states, with what it is of and the clauses that
    follow it up to the next statement (its reason), at most three clauses after it."""
    out: list[Statement] = []
    for i, c in enumerate(clauses):
        change = _CHANGE_RE.search(c.text) or _same_as_before(c.text)
        own = _OWN_REASON_RE.search(c.text)
        item = None if change or own else _item_change(clauses, i)
        if item is not None:  # …与上年相比减少…，其中：…；其他收入增加3,113.84万元，主要是…: an item of the list
            out.append(Statement(canon(item.group(1))[-30:], [c], 1 if item.group(2) in ("增加", "增长") else -1))
            continue
        if not change and not own:
            continue
        subj = _subject_of(c.text)
        start = i
        if i > 0 and _broken_name(clauses[i - 1], c):
            # …安排的支出（款）城市建设支出 / （项）支出67,808万元，与上年相比减少…: a line's name broken
            # over two blocks, its start in the block before
            start, subj = i - 1, _subject_of(clauses[i - 1].text + c.text)
        elif len(subj) < 2 and i > 0 and clauses[i - 1].block >= c.block - 1:
            start = i - 1  # 。与上年相比减少200万元: the clause before names what
            subj = _subject_of(clauses[i - 1].text)
        elif _GENERIC_SUBJECT.fullmatch(subj) and i > 0 and clauses[i - 1].block == c.block and \
                not _CHANGE_RE.search(clauses[i - 1].text) and not _against_budget(subj, c.text):
            # …收入预算…比上年增加…。支出预算…: its own line (决算数小于年初预算数的主要原因: the line named before, below)
            # 机关运行经费预算6.71万元，支出决算6.27万元。支出决算比上年减少0.44万元: a subject that
            # names only which figure (支出决算) is of the line the clause before names
            start = i - 1
            subj = _subject_of(clauses[i - 1].text) + subj
        if _against_budget(subj, c.text):
            # 决算数与年初预算数的差异原因：… after 医疗保障经办事务（项）。年初预算70万元，支出决算50.81万元: the line named before
            named = _line_before(clauses, i)
            if named is None:
                continue
            start, subj = named
        if len(subj) < 2:
            continue
        body = clauses[start:i + 1]
        for nxt in clauses[i + 1:i + 4]:
            if nxt.block > c.block + 1 or (_CHANGE_RE.search(nxt.text) and not _CUE_RE.search(nxt.text[:8])
                                           and not _restates(nxt.text)) or _NEXT_ITEM_RE.match(nxt.text):
                break
            if nxt.block != c.block and not _CUE_RE.search(nxt.text) and not _OPEN_REASON_RE.search(body[-1].text):
                break
            body.append(nxt)
            if (_CUE_RE.search(nxt.text) and not _OPEN_REASON_RE.search(nxt.text)) or \
                    len("".join(b.text for b in body)) > 260:
                break
        out.append(Statement(subj, body, _direction(c.text)))
    return out


# the next item of a numbered list, its amount and change said without 比上年 (⑥养老服务（2081006）3,000.00万元，
# 增加3,000.00万元，主要原因是…): its reason is its own, not the item's before
_NEXT_ITEM_RE = re.compile(r"^\s*(?:[①-⑳]|[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．])\s*[^，,。；;：:\d]{2,24}?"
                           r"(?:[（(]\d{3,9}[）)])?\s*\d[\d,]*(?:\.\d+)?\s*万元\s*[，,]?\s*(?:增加|减少|增长|下降|持平)")


# an amount the same as the year before's (因公出国（境）费预算支出106万元，与上年数一致)
_SAME_RE = re.compile(r"(?:与|同|和)\s*(?:上年|上一年|去年)(?:数|预算数|决算数|预算)?(?:基本)?(?:一致|相同|持平)")


def _same_as_before(text: str) -> re.Match | None:
    """The clause's statement that its amount is the year before's, when an amount comes before it
    (与上年口径一致 states no amount)."""
    m = _SAME_RE.search(text)
    return m if m and _NUMBER_RE.search(text[:m.start()]) else None


_LEVEL_OPEN = re.compile(r"^\s*[（(](?:类|款|项)[)）]")


def _broken_name(prev: Clause, c: Clause) -> bool:
    """Is ``prev`` the start of the name of the line ``c`` states the change of, the block broken
    mid-name (…安排的支出（款）城市建设支出 / （项）支出67,808万元… or …（款）农村基础设施建 / 设支出（项）…):
    the block just before, not ended, stating no change nor amount, and either ``c`` opens on a
    level's bracket or ``prev`` names a class or 款 and ``c`` a 项 before its first amount."""
    if prev.block != c.block - 1 or _ENDED.search(prev.text) or _CHANGE_RE.search(prev.text):
        return False
    if _NUMBER_RE.search(_NUMBERING_RE.sub("", prev.text)):
        return False
    first = _NUMBER_RE.search(c.text)
    head = c.text[:first.start()] if first else c.text
    return bool(_LEVEL_OPEN.match(c.text) or re.search(r"[（(](?:类|款)[)）]", prev.text) and re.search(r"[（(]项[)）]", head))


def _restates(text: str) -> bool:
    """A clause restating the change before it with no line or amount of its own, to give its
    cause: …减少2.40万元，主要是用于…开支。较2025年年初部门预算减少主要是因为新购置车辆属于混合动力车。"""
    m = _CHANGE_RE.search(text)
    if not m or _NUMBER_RE.search(text[:m.end() + 6]):
        return False
    own = _RESTATED_WORDS.sub("", text[:m.start(1)])  # 较2025年年初部门预算: the comparison alone
    return not own and bool(_REASON_CUE_RE.search(text[m.end():m.end() + 12]))


_RESTATED_WORDS = re.compile(r"(?:比|较|与|同)\s*(?:上年|上一年|去年|20\d\d\s*年)|年初|年度|本?部门|本?单位|预算数?|决算数?|"
                             r"执行数?|相比|[^\w]")


# the final account against the budget, naming no line: 决算数与年初预算数的(差异) / 决算数小于预算数的
_AGAINST_BUDGET = re.compile(r"(?:本年|支出)?决算数?(?:与|和|比|较|小于|大于|低于|高于)(?:年初)?预算数?的?(?:差异)?")


# a clause opening on the final account against its budget (决算数小于年初预算数的主要原因是…)
# (…住房公积金（项）。年初预算 8.13 万元，决算支出 8.49 万元，…决算数大于预算数的原因是…: the amounts open the clause)
_AGAINST_HEAD = re.compile(r"^\s*(?:(?:本年|支出)?决算数?(?:与|和|比|较|小于|大于|低于|高于|超过|超出)(?:年初|全年|年度)?预算数?|"
                           r"(?:年初|全年|年度)?预算(?:数)?(?:为)?\s*\d[\d,]*(?:\.\d+)?\s*万元\s*[，,]\s*(?:支出)?决算)")


def _against_budget(subject: str, clause: str) -> bool:
    """Does the clause give the reason of a final account's gap against its budget, naming no line
    of its own (its line is named in the clauses before)?"""
    return bool(_AGAINST_BUDGET.fullmatch(subject) or _AGAINST_HEAD.match(clause))


def _line_before(clauses: list[Clause], i: int) -> tuple[int, str] | None:
    """(index, subject) of the clause before ``i`` (of its paragraph or the one before, at most three
    back) naming the line whose final account the clause explains: a class, item or row in brackets
    ((项) / (款)) or a subject that is not only budget words (年初预算70万元 names no line)."""
    c = clauses[i]
    for k in range(i - 1, max(-1, i - 4), -1):
        p = clauses[k]
        if p.block < c.block - 2 or _AGAINST_BUDGET.search(p.text[:16]):
            return None
        subj = _subject(p.text)
        named = re.search(r"([^，。；、：:\d]{2,30}?)[（(](?:项|款|类)[)）]\s*[。；]?\s*$", p.text)
        if named:
            return k, canon(_NUMBERING_RE.sub("", named.group(1).split("）")[-1]))
        if len(subj) >= 2 and not _GENERIC_SUBJECT.fullmatch(subj) and not re.fullmatch(r"(?:年初)?预算|支出决算", subj):
            return k, subj
    return None


# (2023年当年预算执行数为54.60万元，2024年预算安排53.84万元，比…减少1.39%: 当年预算执行数为 names no line)
_ITEM_CHANGE_RE = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*)?([^，,。；;：:\d]{2,20}?)(增加|减少|增长|下降)\s*"
                             r"\d[\d,]*(?:\.\d+)?\s*万元")


# an item of a numbered list with its amount and then its change (⑤老年福利（2081002）269.99万元，较上年减少… /
# ⑥养老服务（2081006）3,000.00万元，增加…): the name and the direction
_LISTED_ITEM_RE = re.compile(r"(?:^|(?<=[\u4e00-\u9fff：:，,]))\s*(?:[①-⑳]|[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．])\s*([^，,。；;：:\d]{2,24}?)"
                             r"(?:[（(]\d{3,9}[）)])?\s*\d[\d,]*(?:\.\d+)?\s*万元\s*[，,]?\s*(?:较上年|比上年)?(增加|减少|增长|下降)")


def _item_change(clauses: list[Clause], i: int):
    """An item's change in a list that a clause of the same paragraph opened with the whole's change
    on the year before and 其中 (…与上年相比减少1,106.89万元，其中：…；其他收入增加3,113.84万元，主要是…):
    the match of the item's name and its direction, or None."""
    c = clauses[i]
    m = _ITEM_CHANGE_RE.match(c.text) or _LISTED_ITEM_RE.match(c.text)
    if m is None or not _CUE_RE.search(c.text[m.end():]):
        return None
    if m.re is _LISTED_ITEM_RE:  # ⑥养老服务（2081006）3,000.00万元，增加…: after an item stating its change on the year
        before = [p for p in clauses[max(0, i - 6):i] if p.block >= c.block - 1]
        return m if before and _CHANGE_RE.search(before[-1].text) and _NEXT_ITEM_RE.match(before[-1].text) is None \
            and _LISTED_ITEM_RE.search(before[-1].text) else None
    for prev in reversed(clauses[max(0, i - 6):i]):
        if prev.block != c.block:
            return None
        if _CHANGE_RE.search(prev.text) and "其中" in prev.text:
            return m
    return None


_GENERIC_SUBJECT = re.compile(r"(?:20\d\d年度?|本年|当年|全年|年度|支出|收入|预算|决算|执行数?|安排|数)+(?:为|是)?")


def _blank_names(rest: str, names: list[str]) -> str:
    """The question less what is left of the body's name in it: a short form the resolver did
    not blank (广州市委宣传部 of 中共广州市委宣传部) is the longest run (≥ 4 characters) the
    question shares with the name."""
    for n in names:
        best = ""
        for i in range(len(rest)):
            for j in range(i + 4, len(rest) + 1):
                if rest[i:j] in n:
                    best = max(best, rest[i:j], key=len)
                else:
                    break
        if best:
            rest = rest.replace(best, " ")
    return rest


# words around a measure that name no line: a stance (反而 / 竟然), a pointer at the line (这一项 / 这块),
# where it started (从零), the money of it (…的钱), and the filing it stands in (单位预算的 / 部门决算里)
_ASIDE_RE = re.compile(r"反而|竟然|居然|却|倒是|这一?项|这一?块|这一?部分|这个?科目|这笔钱?|从零|从0(?!\.)|从无到有|"
                       r"(?:部门|单位)(?:预算|决算)(?:表)?(?:里|中|的|上)|"
                       # 土地出让收入安排的城市建设支出: the line (城市建设支出) of a fund's money, the fund said before it
                       r"[\u4e00-\u9fff]{2,14}?(?:收入|资金|基金)安排的(?=[\u4e00-\u9fff]{2})")


def measure_words(rest: str) -> str:
    """The measure a why question names: the question less its body (blanked by the
    resolver), years, question words and asides (``_ASIDE_RE``). 项目支出预算为什么比2017年少了 →
    项目支出预算; 机关运行经费反而多了 → 机关运行经费; 单位预算的财政拨款减少 → 财政拨款."""
    t = re.sub(r"(?:比|较|与|和|同)\s*(?:20\d\d\s*年度?|上一?年度?|去年)(?:预算)?(?:执行数)?(?:相比)?", " ", rest)
    t = re.sub(r"20\d\d\s*年度?", " ", t)
    t = _ASIDE_RE.sub(" ", t)
    t = _QUESTION_WORDS.sub(" ", t)
    parts = [canon(re.sub(r"(?<=[\u4e00-\u9fff]{2})钱$", "", p)) for p in t.split()]
    parts = [p for p in parts if len(p) >= 2]
    return max(parts, key=len) if parts else ""


def _amounts(text: str) -> list[float]:
    return [float(a.replace(",", "")) for a in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s*(?:万元|万(?![亿多余])|%|％)", text)]


_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ROUGH_RE = re.compile(r"([一二两三四五六七八九十百千\d]+)多(万|亿)|(\d+)(万|亿)多")


def _cn_number(t: str) -> tuple[int, int] | None:
    """(value, the place of its last figure) of 二十 / 七百 / 一千 / 46: (20, 10), (700, 100), (1000, 1000), (46, 1)."""
    if t.isdigit():
        return int(t), 1
    total, digit, place = 0, 1, 1
    for ch in t:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in "十百千":
            place = {"十": 10, "百": 100, "千": 1000}[ch]
            total += digit * place
            digit = 0
        else:
            return None
    return total + digit, place if digit == 0 else 1


def rough_amounts(question: str) -> list[tuple[float, float]]:
    """The ranges in 万元 a question's rough amounts name: 二十多亿 → [200000, 300000), 七百多万 →
    [700, 800), 46万多 → [46, 47)."""
    out: list[tuple[float, float]] = []
    for m in _ROUGH_RE.finditer(question):
        got = _cn_number(m.group(1) or m.group(3))
        if got is None or not got[0]:
            continue
        n, place = got
        scale = 10000 if (m.group(2) or m.group(4)) == "亿" else 1
        out.append((n * scale, (n + place) * scale))
    return out


# words any measure may carry that do not tell one measure from another
_GENERIC_RE = re.compile(r"(?:预算|决算|说明)[里中]|预算|决算|收支|支出|经费|费用|费|资金|数额|本部门|部门|本单位|单位|本级|"
                         r"财政拨款|一般公共|拨款|安排|年度|总额|合计|总计|情况|的|了|变化|大幅|今年|去年|上年|比")


def core_words(measure: str) -> str:
    """What tells a measure from its neighbours: 公务用车购置费 → 公务用车购置; 国有资本经营预算支出 →
    国有资本经营; 部门预算收入 → 收入; 收支预算 → nothing (收支 names the whole budget)."""
    return _GENERIC_RE.sub("", canon(measure))


def _named(text: str) -> str:
    """A measure's name in one wording for the question's and the filing's: the question's
    synonyms (``plan.as_asked``: 公车 → 公务用车), and 运行维护费 read as 运行费 (Shanghai's
    filings print 公务用车运行费 for the line others call 公务用车运行维护费)."""
    # (离退休 is 离休 and 退休: 未归口管理的行政单位离退休（项） is the line a question about 离休费 asks)
    return as_asked(text).replace("运行维护", "运行").replace("离退休", "离休退休")


def names_measure(measure: str, s: Statement) -> bool:
    """The statement says what changed in the measure's own words: every pair of characters of
    the measure's core (``core_words``) stands in what the statement names before its change (its
    subject, or its words before 增加 / 减少). A sentence about 公务用车运行维护费 does not explain
    公务用车购置费 (购置 is not in it), nor one about 部门预算支出 the 国有资本经营预算支出, nor
    one about 收入 alone the 支出 asked (or the other way); 收支 names both 收入 and 支出."""
    change = outer_change(s.text)
    named = _named(s.subject + canon(_unlevel(s.text[:change.start()] if change else s.text)))
    named = named.replace("收支", "收入支出")
    asked = _named(canon(measure)).replace("收支", "收入支出")
    for side, other in (("支出", "收入"), ("收入", "支出")):
        if side in asked and other not in asked and other in named and side not in named:
            return False  # 一般公共预算支出 asked, 预算收入…其中：一般公共预算拨款…减少 stated
    core = core_words(_named(measure))
    if len(core) < 2:
        return True
    # each piece the generic words leave, on its own: 其他资金收入 is 其他 + 收入, not 他收
    pieces = _GENERIC_RE.sub(" ", canon(_named(measure))).split()
    return all(p[i:i + 2] in named for p in pieces for i in range(len(p) - 1))


def best_statement(stmts: list[Statement], measure: str, question: str) -> Statement | None:
    asked = _amounts(question)
    rough = rough_amounts(question)
    in_wan = [float(a) for a in re.findall(r"(?<![\d.,])(\d+)\s*万(?![亿多余])", question)]
    scored = []
    # 部门预算收入 asked, 本部门收入预算 printed (and the other way round): one measure in either order
    orders = {_named(measure), _named(re.sub(r"预算(收入|支出)", r"\1预算", measure)),
              _named(re.sub(r"(收入|支出)预算", r"预算\1", measure))}
    for k, s in enumerate(stmts):
        lcs = max(_lcs(m, _named(s.subject)) for m in orders)
        printed = _amounts(s.text)
        change = _change_amount(s)
        # the amount the question quotes (exactly, or roughly: 二十多亿) is printed as the change
        amount = any(abs(a - p) < 0.006 for a in asked for p in printed) or any(
            # 少了633万 of a change printed 633.43万元: an amount said in whole 万 is the printed one rounded
            change is not None and abs(a - change) < 0.5 and a >= 10 for a in in_wan) or (
            change is not None and any(lo <= change < hi for lo, hi in rough))
        if lcs < min(2, len(measure)) or lcs < min(len(measure), 4) - 1 and lcs < 3 and not (amount and lcs >= 2):
            continue
        if not names_measure(measure, s):
            continue
        whole = _named(measure) in _named(s.subject)
        # words the subject names beyond the measure, less those any measure may carry (本部门预算支出
        # is the 支出 asked; 工资福利支出 one line of it)
        core = core_words(_named(s.subject))
        extra = len(core) - _lcs(core_words(_named(measure)), core)
        cue = bool(_REASON_CUE_RE.search(s.text))
        scored.append(((lcs + (3 if whole else 0) + (4 if amount else 0) + (2 if cue else 0), _own_line(measure, s),
                        -min(extra, 12), -k), s))
    if not scored:
        return None
    return max(scored, key=lambda x: x[0])[1]


# the name of the 项 a statement is of, after its class's or 款's name (行政事业单位离退休（类）机关事业单位基本养老保险
# 缴费支出（项）→ 机关事业单位基本养老保险缴费支出)
_ITEM_NAME_RE = re.compile(r"([^（）()，,。；;：:\d]{2,40})[（(]项[)）]")


def _own_line(measure: str, s: Statement) -> bool:
    """Does the 项 the statement is of name the measure on its own, not only the class it is under (离休费 asked:
    …离退休（类）未归口管理的行政单位离退休（项）… over …离退休（类）机关事业单位基本养老保险缴费支出（项）…)?"""
    change = outer_change(s.text)
    item = _ITEM_NAME_RE.search(s.text[:change.start()] if change else s.text)
    if item is None:
        return False
    named = _named(canon(item.group(1)))
    pieces = _GENERIC_RE.sub(" ", canon(_named(measure))).split()
    return bool(pieces) and all(p[i:i + 2] in named for p in pieces for i in range(len(p) - 1))


def _change_amount(s: Statement) -> float | None:
    m = outer_change(s.text)
    if not m:
        return None
    n = re.match(r"\s*了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元", s.text[m.end():])
    return float(n.group(1).replace(",", "")) if n else None


def _amounts_before(best: Statement, stmts: list[Statement]) -> list[Statement]:
    """The statements right before ``best`` (at most two, in order) that print the amount of a change
    going its way: what a reason stated without figures (预算收支减少主要原因说明：…) explains."""
    k = next((i for i, s in enumerate(stmts) if s is best), -1)
    out: list[Statement] = []
    for s in reversed(stmts[max(0, k - 2):max(0, k)]):
        if s.direction != best.direction or _change_amount(s) is None:
            break
        out.insert(0, s)
    return out


def _explaining_part(best: Statement, stmts: list[Statement]) -> Statement | None:
    """A total's change stated without a reason, explained by the part that follows it with
    the same change and a reason: “三公”经费…比2024年预算减少10万元。其中：…公务用车购置及运行费
    36.56万元，比2024年预算减少10万元，主要原因是… → that part is quoted too."""
    k = stmts.index(best)
    amount = _change_amount(best)
    if not _CUE_RE.search(best.text):
        if amount is None:
            return None
        for s in stmts[k + 1:k + 7]:
            if s.clauses[0].block > best.clauses[-1].block + 2:
                break
            if _CUE_RE.search(s.text) and s.direction == best.direction and _change_amount(s) == amount:
                return s
            # 部门预算支出…减少633.43万元…。预算收支减少主要原因说明：…: a reason of the whole budget's change printing
            # no figure, right after the statements of its amounts
            if _CUE_RE.search(s.text) and s.direction == best.direction and _change_amount(s) is None and \
                    not core_words(s.subject) and best in _amounts_before(s, stmts):
                return s
        return None
    return _itemised_part(best, stmts[k + 1:k + 16], amount)


_ITEM_RE = re.compile(r"([^，,；;。、]{2,30}?)(增加|减少|增长|下降)\s*(\d[\d,]*(?:\.\d+)?)\s*万元")


def _itemised_part(best: Statement, later: list[Statement], amount: float | None) -> Statement | None:
    """A change whose reason only lists the parts that changed (收入比2025年减少246429.22万元，主要是
    一般公共预算财政拨款增加10300.15万元，政府性基金预算财政拨款减少258146.77万元…): the part
    moving the same way by the most, when a later statement gives that same change with a reason
    of its own (…项目支出，比2025年减少258146.77万元，主要原因是…) — that one is quoted too."""
    cue = _CUE_RE.search(best.text)
    if cue is None or amount is None or best.direction == 0:
        return None
    want = "增加增长" if best.direction > 0 else "减少下降"
    items = [float(m.group(3).replace(",", "")) for m in _ITEM_RE.finditer(best.text[cue.end():])
             if m.group(2) in want]
    if len(items) < 1 or max(items) < 0.5 * amount:
        return None
    big = max(items)
    for s in later:
        c = _change_amount(s)
        if s.direction == best.direction and _CUE_RE.search(s.text) and c is not None and abs(c - big) < 0.006:
            return s
    return None


class Named(NamedTuple):
    """What a question about one body's filings resolves to (see ``named_filings``)."""
    norm: str
    res: Any  # the resolver's result: names and the rest of the question
    names: list
    plan: Any  # qa.plan.Plan
    doc_ids: list
    fy: int | None


def named_filings(eng, text: str, state=None) -> Named | None:
    """The filings of the first body the question names (a follow-up keeps the previous turn's
    body), of the year it asks or the latest; ``None`` when it names no body the filings are about."""
    norm = rewrite(text)
    res = eng.resolver.resolve(norm)
    names = res.names or (list(state.names) if state is not None and state.names else [])
    if not names:
        return None
    plan = make_plan(text, len(names), eng.latest)
    ids = [d for n in names[:1] for d in eng.resolver.by_name.get(n, [])]
    doc_ids, fy = eng._group(ids, plan, max(plan.years) if plan.years else None)
    return Named(norm, res, names, plan, doc_ids, fy)


# 怎么安排了7.98万出国费 / 如何测算的 / 凭什么列支: the basis of an amount asked, which filings give as its reason
# (怎么从上年大幅降到6.4万元 / 怎么比2025年少了30万元: what is compared with said first, then the change)
_COLLOQUIAL = ((re.compile(r"为啥|咋会|怎么会|凭什么|因何|缘何|(?:咋|怎)(?:么)?(?=(?:(?:比|较|从|自|由|与|和|同)[^，。？?]{0,8}?)?"
                           r"[^，。？?]{0,4}?(?:增|减|多|少|涨|降|下|上|变|没|砍|压|缩|翻|持平|不变))|"
                           r"(?:咋|怎么?|如何)(?=(?:会|要)?(?:安排|列支|测算|核定|确定|编列|算出))"), "为什么"), (re.compile(r"砍了|砍掉了?|压缩了|缩水了"), "减少了"),
               (re.compile(r"涨了|多出了"), "增加了"))
# a why asked after the change: …增加了，这是怎么回事？ / …是因为什么？ / 是什么缘故？
# (…少了5.31万元，主要是哪些单位减的？: which parts moved is what the filing's reason lists)
_ASKED_AFTER = re.compile(r"[，,]?\s*(?:这|那)?(?:是|又是)?(?:怎么回事|怎么一回事|咋回事|咋一回事|怎么搞的|因为什么|什么缘故|何故|"
                          r"主要是?(?:哪些|哪几个|哪个)(?:单位|项目|方面|科目|支出)?(?:减|增|少|多|压|砍|涨|降)(?:少|加|下来)?(?:的|了))(?:呢|啊)?(?=[？?]?$)")


def plain_why(text: str) -> str:
    """A why question in the plain words the answerer reads: 会议费为啥砍了那么多？ →
    会议费为什么减少了那么多？ (为啥 / 咋会 / 因何 / 怎么安排了 → 为什么, 砍了 → 减少了, 涨了 → 增加了, 7.98万 → 7.98万元;
    …增加了，这是怎么回事？ / 是因为什么？ → …增加了，原因是什么？); other questions as they are."""
    if _ASKED_AFTER.search(text) and not re.search(r"为什么|为何|原因", text):
        text = _ASKED_AFTER.sub("，原因是什么", text)
    if not _COLLOQUIAL[0][0].search(text):
        return text
    for pattern, plain in _COLLOQUIAL:
        text = pattern.sub(plain, text)
    from budgetlens.qa.consistency import _BARE_WAN

    return _BARE_WAN.sub(r"\1万元", text)  # 安排了7.98万出国费: an amount said in 万 is in 万元


_OWN_YEAR_RE = re.compile(r"(?<![比较与同从自])(20\d\d)\s*年(?!\s*(?:相比|比|预算执行|执行))")


def own_years(text: str) -> set[int]:
    """The years a why question asks the change of (2025年…为什么增加 → {2025}), not the years
    it compares with (比2024年 / 较2025年 / 与2025年相比 / 2025年执行数)."""
    return {int(y) for y in _OWN_YEAR_RE.findall(text)}


def answer_why(eng, store, text: str, state=None) -> Answer | None:
    """The why answer over the filing the question names; ``None`` when the question names no
    body the filings are about (the caller's other paths answer it)."""
    named = named_filings(eng, text, state)
    if named is None:
        return None
    norm, res, names, plan, doc_ids, fy = named
    understood = {"entity": names[0], "year": fy, "operation": "why", "measure": None}
    if not doc_ids:
        return not_found(text, "没有找到所问年度的文件。", understood)
    own = own_years(text)
    compared = {int(y) for y in re.findall(r"(?:比|较|与|同)(20\d\d)\s*年", text)}
    if compared and not own:  # 为什么比2022年少了: the change of the year after, in that year's filing
        own = {max(compared) + 1}
        ids = [d for n in names[:1] for d in eng.resolver.by_name.get(n, [])]
        doc_ids, fy = eng._group(ids, plan, max(own))
        understood["year"] = fy
        if not doc_ids:
            return not_found(text, f"没有找到{max(own)}年的文件（问题与{max(compared)}年比较）。", understood)
    if own and fy not in own:  # 2025年…为什么增加: a 2026 filing explains 2026 against 2025, not 2025
        return not_found(text, f"没有找到{'、'.join(f'{y}年' for y in own)}的文件；{fy}年的文件说明的是{fy}年比上年的变化，"
                         f"不是所问年度的。", understood)
    measure = measure_words(_unlevel(_blank_names(res.rest or norm, names[:1])))
    understood["measure"] = measure or None
    if not measure:
        return not_found(text, "没有认出问的是哪一项的变化。", understood)
    stmts: list[tuple[Statement, str]] = []
    for d in doc_ids:
        layout = _layout(store, d)
        if layout is not None:
            stmts.extend((s, d) for s in statements(clauses_of(layout)))
    # a final account asked against its budget is answered by a statement of that gap, a change on the year
    # before by one of that change, when the filing states one
    vs_budget, vs_year = _VS_BUDGET_Q.search(norm) is not None, _VS_YEAR_Q.search(norm) is not None
    fits = [s for s, _ in stmts if (_GAP_STATED.search(s.text) is not None if vs_budget else
                                      not (_GAP_STATED.search(s.text) and outer_change(s.text) is None))]
    best = best_statement(fits, measure, text) or best_statement([s for s, _ in stmts], measure, text)
    if best is None:
        return not_found(text, f"在这些文件中没有找到说明{measure}变化原因的句子。", understood)
    doc = eng.docs[next(d for s, d in stmts if s is best)]
    clauses = list(best.clauses)
    part = _explaining_part(best, [s for s, _ in stmts])
    if part is not None:
        clauses += [c for c in part.clauses if c not in clauses]
    cites = _cites(doc, clauses)
    stated = _STATED_CHANGE.search(norm)  # 先说背景：…减少了456.76万元。为什么会增加？ the change it states
    asked = (1 if _UP.match(stated.group(1)) else -1) if stated else 1 if _UP.search(norm) else -1 if _DOWN.search(norm) else 0
    # …多了480万元，钱用到哪儿去了、为什么减少？: the way said right after 为什么 is asked too — a question saying
    # two ways is answered on the one the filing contradicts
    why_way = _WHY_WAY.search(norm)
    ways = [w for w in (asked, (1 if _UP.match(why_way.group(1)) else -1) if why_way else 0) if w]
    note = ""
    said = {1: "增加", -1: "减少"}
    gap = _GAP_STATED.search(best.text) is not None
    if (vs_budget and not gap) or (vs_year and not vs_budget and gap and outer_change(best.text) is None):
        # a final account's gap against its budget is no change on the year before, nor the other way round:
        # the reason of the other comparison is not quoted as the answer
        other = "决算与预算的差异" if gap else "与上年相比的变化"
        return not_found(text, f"在这些文件中找到的{measure}的说明讲的是{other}，不是问题所问的比较。", understood)
    if vs_year and not vs_budget and not best.direction and (later := outer_change(best.text)) is not None:
        # …完成预算的53.3%。决算数小于预算数的主要原因是…。决算数较上年减少的主要原因是…: the change on the year before
        best = Statement(best.subject, best.clauses, _direction(later.group(0)))
    if vs_budget and not best.direction:
        # 决算为什么比年初预算少？ of 年初预算46.8万元，支出决算59.84万元，完成年初预算的127.86%。…差异原因：…: which way
        # the final account went against its budget is what its printed amounts (or rate) say
        way = budget_direction(best.text)
        if _UNSPENT_Q.search(norm):
            asked = -1
        if way:
            best = Statement(best.subject, best.clauses, way)
            said = {1: "决算比预算多", -1: "决算比预算少"}
    if not vs_budget and best.direction and len(set(ways)) > 1:
        asked = next(w for w in ways if w != best.direction)
    level = not best.direction and _LEVEL_RE.search(best.text) or _change_amount(best) == 0  # 增加0万元: 持平
    if asked and best.direction and asked != best.direction and not level:
        note = f"注意：问题说{said[asked]}，文件写的是{said[best.direction]}。"
    elif asked and level:
        note = f"注意：问题说{said[asked]}，文件写的是与上年持平。"
    elif asked and not best.direction and not _SAYS_WAY.search(_REASON_CUE_RE.split(best.text)[0]):
        # 其他收入与上年比较发生较大差异的原因是…: which way it went is not said, nor taken from the question
        note = f"注意：问题说{said[asked]}，文件这句并没有写明是增加还是减少。"
    premise = "unstated" if note.endswith("增加还是减少。") else "contradicted" if note else "consistent"
    if premise == "contradicted" and best.direction and _change_amount(best) is None:
        # 预算收支减少主要原因说明：… prints no figure of the change: the statements of its amount just before it
        # (部门预算收入…减少41,827.00万元…。…部门预算支出33,934.54万元，较2025年年初预算减少41,827.00万元) show the
        # premise false, and are quoted first
        said_before = _amounts_before(best, [t for t, d in stmts if d == doc.doc_id])
        if said_before:
            clauses = [c for st in said_before for c in st.clauses if c not in clauses] + clauses
            cites = _cites(doc, clauses)
    if not any(_CUE_RE.search(c.text) for c in clauses) and _CHANGE_RE.search(clauses[-1].text):
        # the change is stated and nothing follows it, no reason word nor a sentence after it:
        # said so, and no reason is offered as one
        quoted = " ".join(f"“{c.quote}”[{i + 1}]" for i, c in enumerate(cites))
        head = f"{note}{doc.entity or names[0]}{doc.fiscal_year or ''}年的说明写了这一变化，但没有写明原因：{quoted}"
        missing = unverified_numbers(head, [c.quote for c in cites], {y for y in (doc.fiscal_year, *(plan.years or ())) if y})
        understood.update({"premise": premise, "reason": None})
        # a premise the quoted statement contradicts (问题说增加，文件写的是与上年持平) is answered by it
        return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                      kind="why" if premise == "contradicted" else "not_found", understood=understood)
    quoted = " ".join(f"“{c.quote}”[{i + 1}]" for i, c in enumerate(cites))
    pages = "、".join(dict.fromkeys(f"第{c.page}页" for c in cites))
    head = f"{note}{doc.entity or names[0]}{doc.fiscal_year or ''}年的说明（{pages}）：{quoted}"
    missing = unverified_numbers(head, [c.quote for c in cites] + [str(c.page) for c in cites],
                                 {y for y in (doc.fiscal_year, *(plan.years or ())) if y})
    understood.update({"premise": premise})
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="why", understood=understood)


_LEVEL_RE = re.compile(r"持平|没有变化|无变化|保持不变|" + _SAME_RE.pattern)
# a final account asked against its budget (决算为什么比年初预算少 / 为什么没花完预算 / 为什么超预算)
_VS_BUDGET_Q = re.compile(r"(?:比|较|超过?|超出|高于|低于|少于|多于)(?:年初|全年|年度)?预算|(?:没|未)(?:有)?(?:花|用)完|超支|"
                          r"超(?:了)?预算|(?:没|未)(?:有)?完成(?:年初|全年|年度)?预算")
_UNSPENT_Q = re.compile(r"(?:没|未)(?:有)?(?:花|用)完|(?:没|未)(?:有)?完成(?:年初|全年|年度)?预算")
_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_BUDGET_FINAL = re.compile(r"(?:年初|全年|年度|调整后?的?)?预算(?:数)?(?:为|是)?\s*" + _NUM + r"\s*万元\s*[，,]\s*(?:支出)?决算(?:数)?(?:支出)?"
                           r"(?:为|是)?\s*" + _NUM + r"\s*万元")
_DONE_PCT = re.compile(r"完成(?:年初|全年|年度|调整后?的?)?预算(?:数)?的?\s*" + _NUM + r"\s*[%％]")


# a statement of a final account's gap against its budget (决算数与年初预算数的差异原因 / 决算数小于年初预算数的主要原因 /
# 完成年初预算的98.6%), and a question comparing with the year before
_GAP_STATED = re.compile(r"决算数?[^。，,；]{0,12}?(?:与|和|大于|小于|高于|低于|超过|超出)[^。，,；]{0,6}?预算数?[^。，,；]{0,6}?原因|"
                         r"完成(?:年初|全年|年度)?预算(?:数)?的?\s*\d|(?:没|未)完成(?:年初)?预算")
_VS_YEAR_Q = re.compile(r"(?:比|较|与|和|同)(?:上年|上一年|去年|20\d\d\s*年)|同比")


def budget_direction(text: str) -> int:
    """+1 / −1 when a final account's statement prints its line above / below its budget (年初预算46.8万元，
    支出决算59.84万元 / 完成年初预算的127.86%), 0 when it prints neither or they are equal."""
    t = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    m = _BUDGET_FINAL.search(t)
    if m:
        budget, final = float(m.group(1)), float(m.group(2))
        return 1 if final > budget + 0.005 else -1 if final < budget - 0.005 else 0
    d = _DONE_PCT.search(t)
    if d:
        pct = float(d.group(1))
        return 1 if pct > 100 else -1 if pct < 100 else 0
    return 0
# a change the question states with its amount (减少了456.76万元): its direction is the premise
_STATED_CHANGE = re.compile(r"(增加|增长|上升|减少|下降|降低)了?\s*\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元)")
# the way of the change a why asks, said right after 为什么 / 为何 (为什么比上年减少 / 为什么会增加)
_WHY_WAY = re.compile(r"(?:为什么|为何)(?:会|要|又)?(?:比[^，,。？?]{0,8}?)?(增加|增长|上升|提高|减少|下降|降低)")
_SAYS_WAY = re.compile(r"增加|减少|增长|下降|上升|降低|提高|压减|减")


def _cites(doc, clauses: list[Clause]) -> list[AnswerCitation]:
    """One citation per printed paragraph quoted."""
    out = []
    for page, block in dict.fromkeys((c.page, c.block) for c in clauses):
        cl = [c for c in clauses if c.block == block]
        out.append(AnswerCitation(doc_id=doc.doc_id, path=doc.path, page=page, bbox=cl[0].bbox,
                                  quote="".join(c.text for c in cl), entity=doc.entity))
    return out


_CACHE: dict = {}
# a stored layout's pages and their blocks, as the store writes them (pydantic's JSON, fields in order)
_PAGE_RE = re.compile(rb'\{"number":(\d+),"width"')
_BLOCK_RE = re.compile(rb'\{"kind":"(\w+)","text":("(?:[^"\\]|\\.)*"|null),"bbox":(\[[^\]]*\]|null),"lines"')


def _layout(store, doc_id: str):
    """A filing's narrative blocks (pages of blocks: kind, text, box), the last few kept (a
    conversation asks about one filing again). Read from the stored JSON by its blocks alone
    (``_blocks``): parsing a whole layout with every word's box takes a second or two."""
    key = (id(store), doc_id)
    if key not in _CACHE:
        if len(_CACHE) >= 8:
            _CACHE.pop(next(iter(_CACHE)))
        raw = store.layout_bytes(doc_id) if hasattr(store, "layout_bytes") else None
        _CACHE[key] = (_blocks(raw) if raw else None) or store.layout(doc_id)
    return _CACHE[key]


def _blocks(raw: bytes):
    """Pages (number, blocks: kind, text, bbox) of a stored layout's JSON, found by pattern; None
    when the pattern finds no page (the full reading is used)."""
    import json
    from types import SimpleNamespace

    starts = [(m.start(), int(m.group(1))) for m in _PAGE_RE.finditer(raw)]
    if not starts:
        return None
    pages = [SimpleNamespace(number=n, blocks=[], lines=[]) for _, n in starts]
    k = 0
    for m in _BLOCK_RE.finditer(raw):
        while k + 1 < len(starts) and starts[k + 1][0] < m.start():
            k += 1
        pages[k].blocks.append(SimpleNamespace(kind=m.group(1).decode(), text=json.loads(m.group(2)),
                                               bbox=json.loads(m.group(3)), lines=[]))
    return SimpleNamespace(pages=pages)
