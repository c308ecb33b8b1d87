"""Finding the facts a question names: ``Finder.matches`` scores each printed row and column
whose label the question prints whole (measure words × 100 + qualifier words), and
``same_number`` finds where else the filings print the value found (收入总计 in table 1 and
部门预算收入857,808.76万元 in the narrative).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from budgetlens.index.facts import _PUNCT_RE, Fact, FactIndex, bigrams, canon
from budgetlens.ingest.normalize import fold
from budgetlens.qa.plan import without_funds
from budgetlens.qa.rows import _fund_total, _names_subunit, _other_side, _unit_row
from budgetlens.qa.wording import (CARRIED_WORDS, QUALIFIERS, WITHIN_RE, carries, _CHANGE_ROW_RE, _CHANGE_WORDS_RE, _FILLER_Q_RE, _GENERIC_CANON,
                                   _GENERIC_HEADS, _GENERIC_ROWS, _KIND_RANK, _QUAL_WORDS, _SUBUNIT_RE,
                                   _THREE_PUBLIC, Match, _heads, _is_year_row, _printed_in, _tail_in,
                                   _canon_keep, _title_qualifiers, in_wan, leftover, list_lead, said_head, shared_start,
                                   title_fit)


# the kind of project a project table prints after the project's name (烟台's 项目类型 column)
_PROJECT_KIND_RE = re.compile(r"\s*(?:其他运转类|特定目标类)$")


class Finder:
    def __init__(self, index: FactIndex):
        self.index = index
        labels = {f.canon_row for f in index.facts if len(f.canon_row) >= 3 and f.kind in ("cell", "grid")}
        self.labels = sorted(labels, key=len, reverse=True)
        self._codes: dict[str, dict[str, list[Fact]]] = {}  # a filing's 款 rows by their code
        self._rows: dict[str, set[str]] = {}  # a filing's table rows (canon)
        self._printed: dict[str, str] = {}  # a filing's printed words (``printed_words``)
        self._unprinted: dict[int, tuple[Fact, set[str]]] = {}  # a cell's ``unprinted_heads``, by the cell
        self._matched: dict[tuple, list[Match]] = {}  # ``matches`` by its arguments

    def matches(self, cq: str, doc_ids: list[str], codes: list[str], entity: str = "") -> list[Match]:
        """Facts naming words of the question; ``score`` = measure words × 100 + qualifier words.
        A class code no row of these filings prints (经济科目30103奖金 where the table prints 奖金
        without its code) leaves the words to name the row. The same words over the same filings
        are matched once: a change asks them of a filing for its year and again for the year
        before (each caller gets matches of its own, as a caller sets ``also`` on the one it keeps)."""
        key = (cq, tuple(doc_ids), tuple(codes), entity)
        kept = self._matched.get(key)
        if kept is None:
            if len(self._matched) >= 256:
                self._matched.clear()
            kept = self._matched[key] = self._match(cq, doc_ids, codes, entity)
        return [replace(m) for m in kept]

    def _match(self, cq: str, doc_ids: list[str], codes: list[str], entity: str) -> list[Match]:
        out = []
        if codes and not any((f.code or trailing_code(f.row)) in codes or second_code(f) in codes for d in doc_ids
                             for f in self.index.by_doc.get(d, [])):
            codes = []
        listed = bool(re.search(r"[和与及、]", cq))
        spends = bool(re.search(r"支出|花|用于|安排", cq))
        buys = "采购" in cq
        for d in doc_ids:
            incomes: dict[str, set] = {}
            for f in self.index.by_doc.get(d, []):
                if f.canon_row.endswith("收入"):
                    incomes.setdefault(f.canon_row, set()).add(round(f.value, 2))
            for f in self.index.by_doc.get(d, []):
                if _year_cell(f):
                    continue  # a 年度 column's 2022: the year a row is of, no amount
                if (not buys and f.kind in ("grid", "cell") and "采购" in (f.title or "")
                        and (f.code or re.search(r"支出$", f.row.strip()))):
                    continue  # a 政府采购 table's class line (213 农林水支出) is what is bought under it, never its spending
                if (not spends and not codes and f.canon_row and f.canon_row + "收入" in incomes
                        and round(f.value, 2) not in incomes[f.canon_row + "收入"]
                        and f.canon_row + "收入" not in cq and re.search(r"支出\s*$", f.row)):
                    # 事业单位经营预算: 事业单位经营收入 or 经营支出, printed with different numbers — the
                    # question says neither, and the spending row less its 支出 is no more the answer
                    continue
                if codes:
                    # (8)对企业补助（312）: a row printing its code after its name is of that class too
                    if (f.code or trailing_code(f.row)) in codes or second_code(f) in codes:
                        # “气象服务”（2200509）: a row printing the class's name too comes first
                        named = len(f.canon_row) if len(f.canon_row) >= 2 and f.canon_row in cq else 0
                        # 科目2070113的政府采购: the column the question names comes first
                        col_words = [h for part in (f.col or "").split("|") for h in [_canon_keep(part)]
                                     if _names_column(h) and h in cq and _FUND_WORD_RE.sub("", h) not in ("", "拨款")]
                        col_spans = tuple((cq.find(h), cq.find(h) + len(h)) for h in col_words)
                        out.append(Match(10000 + len(f.code) + 100 * named + 10 * sum(map(len, col_words)), f,
                                         (-1, -1), f.code, words=col_spans))
                    continue
                rc = f.canon_row
                if f.kind in ("cell", "grid") and f.year and f.year > 0 and rc not in cq:
                    # “烟台市2026年城市体检项目”: a project's name printing its year, said in a question
                    # whose years are taken out (the row's year is checked as the question's)
                    rc = re.sub(rf"{f.year}年?度?", "", rc) if len(rc) >= 9 else rc
                if f.kind in ("cell", "grid") and rc not in cq and _PROJECT_KIND_RE.search(f.row.strip()):
                    # 烟台市2026年城市体检项目 其他运转类: a project's name and its kind, printed in one
                    # cell — the question names the project
                    rc = _PROJECT_KIND_RE.sub("", rc)
                # 服务类采购预算比货物类多 / 货物类和工程类采购预算: a row named by its first words, its
                # last words said once for it and a sibling (a little below a row said whole)
                head = ((listed or _COMPARED_RE.search(cq)) and rc not in cq and rc not in _GENERIC_CANON
                        and rc not in _GENERIC_ROWS and said_head(rc, cq))
                if f.kind in ("sentence", "figure"):
                    if _CHANGE_WORDS_RE.search(f.row):
                        continue  # 比上年减少 0.90: a change, read beside its value (engine._stated_change)
                    whole = class_line(f.row) or item_line(f.row) or bare_name(f.row, rc, cq)
                    rc = whole if whole and rc not in cq and whole in cq else _tail_in(rc, cq)
                    if not head and (not leftover(rc) and rc not in QUALIFIERS and not re.search(r"收入|支出", rc)
                            and not (f.canon_row.endswith(rc) and re.search(r"(?:收入|支出)(?:决算|预算)?数?$", f.row.strip()))):
                        continue  # 预算合计: words that name no measure (政府性基金预算拨款支出 names one)
                    said = subject_match(f, cq) if not head else None
                    if said is not None and (rc not in cq or said.score > 100 * len(rc)):
                        out.append(said)  # 编报绩效目标的项目…涉及项目预算资金: named by the sentence's subject
                        continue
                    if not head and rc in cq and _qualified_otherwise(cq, rc, f.canon_row, _said_before(f)):
                        continue
                # a row printing only a class code (201 05 …) is that class's row, never a generic one
                # 项目 is a header word, 项目支出 (canon 项目) a measure: generic only as printed
                # a row 增减 / 增减变化 names the change the question asks for, not a measure: its
                # columns are read as a generic row's
                change_row = bool(_CHANGE_ROW_RE.fullmatch(rc))
                if change_row and f.kind in ("grid", "cell") and not _ASKS_CHANGE_RE.search(cq):
                    continue  # a 三公 table's 增减 row: the change, never the amount a lookup asks for
                generic = ((rc in _GENERIC_ROWS or rc in _GENERIC_CANON) and not re.search(r"(?:支出|收入)$", f.row.strip())
                           ) or (_is_year_row(f.row) and not f.code) or (not rc and not f.code) or change_row
                measure, qual, span, label = 0, 0, (-1, -1), ""
                # 机关事业单位基本养老保险缴费和职业年金缴费: the list says the row's first words once
                shared = (listed and not generic and f.canon_row not in cq and f.canon_row[-3:] in cq
                          and shared_start(f.canon_row, cq))
                if shared and cq[shared[0]:shared[1]] in self._rows_of(d):
                    # 行政单位医疗、事业单位医疗: the words the filing prints as a row of their own
                    # (事业单位医疗) are that row, not 行政事业单位医疗 with 行政 said once
                    shared = None
                head = head if head and not shared and not generic else None
                if shared:
                    span, label = shared, f.canon_row
                    measure += len(f.canon_row)
                elif head:
                    span, label = head, f.canon_row
                    measure += len(f.canon_row) - 1
                elif not generic and len(rc) >= 2 and rc in cq and not _other_side(f.row, rc, cq) and (
                        len(rc) > 2 or f.kind in ("sentence", "figure") or _printed_in(f.row, cq)):
                    i = cq.find(rc)
                    span, label = (i, i + len(rc)), rc
                    if rc in QUALIFIERS:
                        qual += len(rc)
                    else:
                        measure += len(rc)
                        lead = canon(list_lead(f)) if f.kind in ("sentence", "figure") and i >= 2 else ""
                        # 政府采购服务类比货物类 for 政府采购安排…，其中：…服务类采购预算: the words the
                        # list's total says, said right before the part, are the part's name too
                        k = next((k for k in range(min(i, 6), 1, -1) if cq[i - k:i] in lead), 0)
                        if k:
                            span, measure = (i - k, i + len(rc)), measure + k
                elif generic and rc in ("合计", "总计") and _fund_total(cq, f.title):
                    # 一般公共预算支出是多少: the 合计 row of the table titled 一般公共预算支出情况表
                    label = _fund_total(cq, f.title)
                    i = cq.find(label)
                    span = (i, i + len(label))
                    qual += len(label)  # a fund names where a row stands: 高等教育 in it comes first
                elif generic and rc and entity and len(rc) >= 4:
                    sub = canon(f.row.replace(entity, ""))  # a body's own row (工程管理中心) in a department's table
                    if sub not in cq:
                        # 广州市流溪河流域管理中心 in its department's 收入总体情况表, asked as
                        # 下属的流溪河流域管理中心: the unit's name less the place its department's starts with
                        sub = _unit_row(sub, entity)
                    if len(sub) >= 3 and sub in cq and not re.search(r"20\d\d|本级|汇总|合计|总计|小计", sub):
                        i = cq.find(sub)
                        measure += len(sub)
                        # (精神病医院, a 项 named like a body: its table's fund words qualify it as any row's)
                        span, label = (i, i + len(sub)), sub
                heads = _heads(f.col) if f.col else ()
                if f.kind == "cell" and heads:
                    # a keyed cell's column named by the contract (经营支出) where the filing prints
                    # other words over it (事业单位经营收入): only the words printed name it
                    heads = tuple(h for h in heads if h not in self.unprinted_heads(f))
                row_label = bool(label)
                words = [span] if label else []
                if label and not generic:
                    # 宣传事务的一般行政管理事务 / 政协行政运行: a 项 named with the 款 it stands under
                    # (the 款 of a narrative's 类/款/项 line, or the row of the code above a table's 项)
                    for w, at, own in self._class_words(f, cq, span):
                        measure += len(w)
                        span = own  # (组织事务一般行政管理事务、宣传事务一般行政管理事务: the 项 said after its 款)
                        words = [own, at, *words[1:]]
                        label = w + label  # (the rows of other 款 printing the same 项 are other lines)
                for h in sorted(heads, key=len, reverse=True):  # the longest header word names it
                    if len(h) >= 2 and h in cq and not (label and h in label):
                        if not row_label and not generic:
                            continue  # a row that names something else: its columns are not this measure
                        i = _apart(cq, h, f.row if row_label else "", f.col)
                        if i < 0:
                            continue  # 医疗支出 says the row's own 支出, not the column 支出决算
                        if not _FUND_WORD_RE.search(h) and any(x.start() <= i and i + len(h) <= x.end()
                                                               for x in _FUND_WORD_RE.finditer(cq)):
                            continue  # 国有资本经营 says no column 经营支出 (canon 经营)
                        if h in QUALIFIERS:
                            qual += len(h)
                        else:
                            measure += len(h)
                        words.append((i, i + len(h)))
                        if not label:
                            span, label = (i, i + len(h)), h
                if (not label and generic and f.col_index == 0 and "三公" in cq and "三公" in (f.title or "")
                        and (f.kind == "grid" or canon(f.col) in ("合计", "总计", "")
                             or "三公" in f.col)):  # a keyed cell: its total column only
                    i = cq.find("三公")  # a 三公 table whose rows are years: its first column is the total
                    measure, span, label = 2, (i, i + 2), "三公"
                if label and f.title and f.kind in ("grid", "cell"):
                    qual += _title_qualifiers(f.title, cq, list(words))  # 一般公共预算基本支出表: its 合计 row
                elif label and f.kind in ("sentence", "figure"):
                    # 2026年本部门一般公共预算安排委托业务费: the sentence says its fund as a title would
                    # (其中一般公共预算拨款政府采购: its fund is among the words it matched — the part of a share)
                    qual += _title_qualifiers(f.row, cq, words)
                if (generic and not measure and "三公" in (f.title or "") and f.kind in ("grid", "cell")
                        and not any(w in cq for w in _THREE_PUBLIC)):
                    continue  # a 三公 table's 政府性基金预算 column: of 三公, never the fund's spending
                if measure + qual >= 2 and label or measure >= 3:
                    out.append(Match(measure * 100 + qual, f, span, label or f.row, words=tuple(words)))
        if codes:
            # 50901 社会福利和救助 printed beside 30304 抚恤金 and beside 30305 生活补助 (a second
            # classification's line several rows share): which row's number is the line's, the
            # table does not say — none of them answers
            def by_second(m: Match) -> bool:
                return m.span[0] < 0 and (m.fact.code or trailing_code(m.fact.row)) not in codes
            rows_of: dict[tuple, set] = {}
            for m in out:
                if by_second(m):
                    rows_of.setdefault((m.fact.doc_id, m.fact.table, m.fact.col), set()).add(m.fact.canon_row)
            out = [m for m in out if not (by_second(m) and len(rows_of[(m.fact.doc_id, m.fact.table, m.fact.col)]) > 1)]
        return out

    def printed_words(self, doc_id: str) -> str:
        """Every label, header, title and statement a filing's tables and narrative print, joined
        and squashed (read once per filing); "" for a filing whose tables were not read as grids."""
        text = self._printed.get(doc_id)
        if text is None:
            facts = self.index.by_doc.get(doc_id, [])
            if any(g.kind == "grid" for g in facts):
                # each fact's fields squashed one by one (the same as squashing them joined by |, as
                # squashing reads a character at a time): a table's title and columns repeat
                text = "|".join("".join(map(_squashed_field, (g.title, g.col, g.row, g.quote)))
                                for g in facts if g.kind != "cell")
            else:
                text = ""
            self._printed[doc_id] = text
        return text

    def unprinted_heads(self, f: Fact) -> set[str]:
        """The header words (canon) of a keyed cell's column that its filing prints nowhere and
        that name the other side of the books than the page over the cell: the contract's 经营支出
        for a 收入 table's 事业单位经营收入 column (the side read from the printed column over the
        same number in the same row, else from the table's title). A contract word the filing
        prints, or one naming no side (一般公共预算财政拨款 over 一般公共预算拨款), stays."""
        kept = self._unprinted.get(id(f))
        if kept is not None and kept[0] is f:  # every question matched against the filing asks it again
            return kept[1]
        heads = self._unprinted_heads(f)
        self._unprinted[id(f)] = (f, heads)
        return heads

    def _unprinted_heads(self, f: Fact) -> set[str]:
        printed = self.printed_words(f.doc_id)
        if not printed or not f.col:
            return set()
        unprinted = [p for p in f.col.split("|") if _side(p) and _squashed(p) not in printed]
        if not unprinted:
            return set()
        twins = [g for g in self.index.by_doc.get(f.doc_id, []) if g.kind == "grid" and g.page == f.page
                 and abs(g.value - f.value) < 1e-6 and (g.canon_row == f.canon_row or (f.code and g.code == f.code))]
        sides = {_side(g.col.split("|")[-1]) for g in twins} - {""} or {_side(f.title)} - {""}
        return {canon(p) for p in unprinted if sides and _side(p) not in sides}

    def _class_words(self, f: Fact, cq: str, span) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
        """The name of the 款 a 项 stands under, where the question says it before the 项's own
        words (宣传事务的一般行政管理事务, 政协行政运行 for 政协事务（款）行政运行（项）): read from
        a narrative's 类/款/项 line, or from the row printing the code above a table's 7-digit
        code; with its span in the question and the span of the 项's words it stands before
        (any time the question says them: 组织事务一般行政管理事务、宣传事务一般行政管理事务).
        The 款 said short (政协 for 政协事务) counts when only its ending 事务 / 支出 is left off."""
        if f.kind in ("sentence", "figure"):
            names = [canon(n, keep_end=True) for n in _KUAN_RE.findall(fold(f.row))]
        elif len(f.code or "") == 7:
            names = [g.canon_row for g in self._rows_by_code(f.doc_id).get(f.code[:5], [])]
        else:
            names = []
        if span[0] < 0 or not names:
            return []
        said = cq[span[0]:span[1]]
        for x in re.finditer(re.escape(said), cq):
            start = x.start()
            for name in dict.fromkeys(n for n in names if len(n) >= 2):
                for w in dict.fromkeys((name, re.sub(r"(?:事务|支出)$", "", name))):
                    i = cq.rfind(w, 0, start) if start > 0 else -1
                    # right before the 项's words, or with 的 / 中的 / 里的 / 下的 between them
                    if len(w) >= 2 and i >= 0 and re.fullmatch(r"(?:中|里|下|下面|项下|之下)?的?|", cq[i + len(w):start]):
                        return [(w, (i, i + len(w)), (start, x.end()))]
        return []

    def labels_of(self, doc_ids: list[str]) -> set[str]:
        """The row labels (canon) the filings' tables print that name a line of their own: no
        total, year or change row."""
        return {r for d in doc_ids for r in self._rows_of(d) if len(r) >= 3 and r not in _GENERIC_ROWS
                and r not in _GENERIC_CANON and not _is_year_row(r) and not _CHANGE_ROW_RE.fullmatch(r)}

    def _rows_of(self, doc_id: str) -> set[str]:
        """A filing's table rows as compared (canon), read once."""
        rows = self._rows.get(doc_id)
        if rows is None:
            rows = self._rows[doc_id] = {g.canon_row for g in self.index.by_doc.get(doc_id, [])
                                         if g.kind in ("cell", "grid") and g.canon_row}
        return rows

    def _rows_by_code(self, doc_id: str) -> dict[str, list[Fact]]:
        """A filing's rows printing a 5-digit class code (its 款), by that code (read once)."""
        rows = self._codes.get(doc_id)
        if rows is None:
            rows = {}
            for g in self.index.by_doc.get(doc_id, []):
                if g.kind in ("cell", "grid") and len(g.code or "") == 5 and g.canon_row:
                    rows.setdefault(g.code, [])
                    if all(h.canon_row != g.canon_row for h in rows[g.code]):
                        rows[g.code].append(g)
            self._codes[doc_id] = rows
        return rows

    def best(self, cq: str, doc_ids: list[str], codes: list[str], *, exclude: list[tuple[int, int]] | tuple = (),
             year_ok=lambda f: True, final: bool | None = None, percent: bool = False,
             entity: str = "", kinds=None, taken=(), within=None, near: Fact | None = None, tables=()
             ) -> tuple[Match | None, list[Match]]:
        """The best match and the others considered (for candidates); ``within``: a span of the
        question in which the match must use a word (the part of a share); ``near``: an operand
        already found — the columns of its own printed row come first (政府性基金、国有资本经营预算
        和其他收入: three columns of the 收入总体情况表's 合计 row)."""
        ms = [m for m in self.matches(cq, doc_ids, codes, entity) if year_ok(m.fact)
              and (kinds is None or m.fact.kind in kinds)
              and (percent or m.fact.unit != "%")
              and not any(a <= m.span[0] < b or a < m.span[1] <= b for a, b in exclude)
              and not any(a <= x < b or a < y <= b for a, b in taken for x, y in (m.span, *m.words))
              and (within is None or any(within[0] <= x < within[1] for x, _ in (m.span, *m.words))
                   or (bool(codes) and m.span[0] < 0))]  # a class code said in the part names it
        if not ms:
            return None, []
        if tables:
            # 《部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）》的行政单位离退休: only the
            # table of that title (the best fitting printed title) answers, not the 支出明细表 beside
            # it printing the same line with another number
            fit = {id(m): max(title_fit(t, m.fact.title) for t in tables) if m.fact.kind in ("grid", "cell") else 0
                   for m in ms}
            best_fit = max(fit.values())
            titled = [m for m in ms if best_fit and fit[id(m)] == best_fit]
            if not titled:
                return None, sorted(ms, key=lambda m: -m.score)
            ms = titled
        if near is not None:
            # (其他行政事业单位养老支出占行政事业单位养老支出: a column of the whole's row matched by the
            # whole's own name again is no part of it — the row naming the part is)
            row = [m for m in ms if _same_row(m.fact, near) and canon(m.label) not in canon(near.row)]
            if row and max(m.score for m in row) < min(100, max(m.score for m in ms)):
                row = []  # the row's columns matched by a qualifier only, another row by the measure's words
            if not row and near.kind in ("sentence", "figure"):
                # the narrative states a part beside its whole (项目支出75,850.18万元，占86.78% under
                # 支出预算合计87,404.90万元): the same page's statement of the same strength first
                top = max(m.score for m in ms)
                row = [m for m in ms if m.fact.page == near.page and m.fact.kind in ("sentence", "figure")
                       and m.score == top]
            if not row:
                # 工资福利支出（301）里，住房公积金: the line printed under the operand found — its class
                # code extending the found one's (30113, not the function class 2210201 of another
                # table) — before a line of another classification named in the same words
                top = max(m.score for m in ms) // 100
                row = [m for m in ms if m.score // 100 == top and _stands_under(m.fact, near)]
            ms = row or ms
        # 机关运行经费里办公费, 基本支出中的人员经费: the words after 里 / 中的 name the measure
        # (机关运行经费中，物业费: 中 right after a measure's name says the same)
        cut = WITHIN_RE.search(cq)
        if cut and any(m.span[0] >= cut.end() for m in ms):
            # (财政拨款支出中的项目支出: the 合计 row of the 财政拨款支出 table, its 项目支出 column)
            ms = [m for m in ms if m.span[0] >= cut.end() or m.span[0] < 0
                  or any(a >= cut.end() for a, _ in m.words)]
        if "本级" in cq and all(getattr(self.index.docs.get(m.fact.doc_id), "scope", "") == "部门" for m in ms):
            # 某部门本级…对个人和家庭的补助支出: where a department's filing says 本级 beside the measure
            # (市建筑工务署本级预算…，对个人和家庭的补助支出425.99万元), its table of the whole department is
            # not the answer (a unit's own filing, 单位预算, is all 本级)
            own = [m for m in ms if "本级" in f"{m.fact.title}|{m.fact.col}|{m.fact.row}|{m.fact.quote}"]
            if own and max(m.score for m in own) // 100 >= max(m.score for m in ms) // 100:
                ms = own
        subunits = [re.sub(r"^(?:下属的?|所属的?|直属的?)", "", u) for u in _SUBUNIT_RE.findall(cq)
                    if not any(w in u for w in ("预算", "支出", "收入"))]
        top = max(m.score for m in ms)
        tops = [m for m in ms if m.score == top]
        if codes and tops[0].span[0] < 0:
            # 功能分类科目21401的单位资金: a column the filings print that the code's row does not
            # have under that code — not the row's total
            asked = self._asked_columns(cq, doc_ids)
            tops = [m for m in tops if not any(h not in _own_words(m.fact) and h in _rest_of(cq, m.fact)
                                               for h in asked)]
            if not tops:
                return None, sorted(ms, key=lambda m: -m.score)
        if subunits:  # 下属的工程管理中心: only that body's row answers, printed after its department's name
            own = [m for m in tops if any(canon(entity + u) in canon(m.fact.row) for u in subunits)]
            tops = own or [m for m in tops if any(_names_subunit(m.fact.row, entity, u) for u in subunits)]
            if not tops:
                # 票据管理中心本年收入合计: the department's 本年收入合计 row matched the words best, but
                # only the body's own row answers — its column printing the measure's words
                own = [m for m in ms if m.score >= 100 and any(_names_subunit(m.fact.row, entity, u) for u in subunits)]
                tops = [m for m in own if m.score == max(o.score for o in own)]
            if not tops:
                return None, sorted(ms, key=lambda m: -m.score)
        elif "本级" not in cq:
            # a department's question is never answered with its own unit's (本级) row, nor with a
            # subordinate body's (深圳市建筑工务署文体和水务工程管理中心 2025 年)
            # (本级1家行政单位的机关运行经费: the units a department's figure covers, not a unit's row)
            tops = [m for m in tops if "本级" not in re.sub(r"本级\d+家", "", m.fact.row)
                    and not _other_body(m.fact, entity)]
            if not tops:
                return None, sorted(ms, key=lambda m: -m.score)
        # a table printing the same words with different numbers in one column (a section per
        # unit: 工资福利支出 under each body; 行政运行 under 2010301 and 2040601) does not say
        # which is the body's: none of them, in any of its columns (行政运行's 项目支出 0.00 under
        # every 款 is no more the answer than its 合计)
        seen: dict[tuple, set] = {}
        for m in ms:
            f = m.fact
            seen.setdefault((f.doc_id, f.table, f.col, f.col_index, f.canon_row, m.label), set()).add(round(f.value, 4))
        mixed = {k[:2] + k[4:] for k, values in seen.items() if len(values) > 1}
        tops = [m for m in tops if (m.fact.doc_id, m.fact.table, m.fact.canon_row, m.label) not in mixed
                or m.fact.kind not in ("grid", "cell")]
        if not tops:
            return None, sorted(ms, key=lambda m: -m.score)
        support: dict[float, set] = {}
        for m in tops:
            support.setdefault(round(in_wan(m.fact), 4), set()).add((m.fact.kind, m.fact.table))
        def rank(m):
            doc = self.index.docs.get(m.fact.doc_id)
            # a zero printed in many tables (a line each project's table leaves empty) confirms nothing
            agree = len(support[round(in_wan(m.fact), 4)]) if abs(m.fact.value) >= 0.005 else 1
            # 教育支出的人员经费: a number whose table, column or row says the part named first
            where = re.sub(r"[\s（）()“”\"]", "", f"{m.fact.title}|{m.fact.col}|{m.fact.row}")
            lacking = sum(1 for w in CARRIED_WORDS if w in cq and not carries(m.fact, w, where))
            return (lacking, self._penalty(m.fact, cq, final, entity, doc is not None and doc.doc_type == "final_accounts"),
                    -agree)

        tops.sort(key=lambda m: (*rank(m), _KIND_RANK[m.fact.kind], m.fact.col_index, m.fact.page))
        # 委托业务费比机关运行经费多多少: two measures named as strongly — the checks below compare
        # the numbers printed under the first one's words only
        tops = [m for m in tops if m.label == tops[0].label]
        said = self._narrative_value(tops, cq)
        if said is not None:
            tops = [m for m in tops if round(in_wan(m.fact), 2) == said]
        # (基本支出中，手续费和委托业务费: a question naming a part asks that part, not the sum of both)
        names_part = re.search(r"基本|项目|人员经费|公用经费", cq)
        whole = self._enclosing(tops, rank) or (None if names_part else self._sum_of_parts(tops, ms))
        if whole is None and not re.search(r"基本|项目|人员经费|公用经费|机关运行", cq):
            whole = _beyond_basic(tops)
        if whole is not None:
            return whole, sorted(ms, key=lambda m: -m.score)
        if not names_part and _split_in_parts(tops):
            # 物业管理费 492.70 in the 基本支出 table and 246.65 in the 项目支出 table, their sum printed
            # nowhere: a question naming no part gets neither part, both offered with their pages
            return None, sorted(ms, key=lambda m: -m.score)
        if (len(tops) > 1 and rank(tops[0]) == rank(tops[1]) and tops[0].fact.kind == tops[1].fact.kind
                and tops[0].fact.table != tops[1].fact.table
                and abs(in_wan(tops[0].fact) - in_wan(tops[1].fact)) > 0.005):
            # two tables print the same words with different numbers and nothing prefers one:
            # not an answer, but both as candidates
            return None, sorted(ms, key=lambda m: -m.score)
        def lacking(m):
            where = re.sub(r"[\s（）()“”\"]", "", f"{m.fact.title}|{m.fact.col}|{m.fact.row}")
            return any(w in cq and not carries(m.fact, w, where) for w in CARRIED_WORDS)

        if lacking(tops[0]) and abs(tops[0].fact.value) >= 0.005:  # (a zero printed in many columns confirms nothing)
            # 资本性支出（310）595.90万元 in a list under 一般公共预算支出 (the sentence says no fund), asked
            # of 财政拨款: the same number where a table says the fund answers, cited there
            carried = [m for m in ms if m.fact.doc_id == tops[0].fact.doc_id and m.score >= 200 and not lacking(m)
                       and abs(in_wan(m.fact) - in_wan(tops[0].fact)) < 0.005]
            if carried:
                return max(carried, key=lambda m: m.score), sorted(ms, key=lambda m: -m.score)
        return tops[0], sorted(ms, key=lambda m: -m.score)

    def _narrative_value(self, tops: list[Match], cq: str) -> float | None:
        """The number the narrative states for the line, when tables print it with different
        numbers under the same words and the question names no fund: 信访业务 868.50 in the 支出总表
        and 724.50 in the 财政拨款 and 一般公共预算 tables, and the narrative's 信访事务（款）信访业务（项）
        支出724.5万元 — the filing's own account of the line is the answer. None unless exactly one
        of the tables' numbers is stated by a sentence naming the line."""
        if not tops or tops[0].span[0] < 0 or _FUND_WORD_RE.search(cq):
            return None
        if any(getattr(self.index.docs.get(m.fact.doc_id), "doc_type", "") == "final_accounts" for m in tops):
            return None  # a final account prints a line's 年初预算 and 决算数 side by side: the narrative names neither
        values: dict[float, set] = {}
        for m in tops:
            # (政府采购中的经营支出: only the numbers printed where the part named is said)
            where = re.sub(r"[\s（）()“”\"]", "", f"{m.fact.title}|{m.fact.col}|{m.fact.row}")
            if m.fact.kind in ("grid", "cell") and not any(w in cq and not carries(m.fact, w, where) for w in CARRIED_WORDS):
                values.setdefault(round(in_wan(m.fact), 2), set()).add((m.fact.doc_id, m.fact.table))
        if len(values) < 2 or len({t for ts in values.values() for t in ts}) < 2:
            return None
        label = tops[0].label
        said = {v for v in values for d in {m.fact.doc_id for m in tops} for g in self.index.by_doc.get(d, [])
                if g.kind == "sentence" and label in canon(g.row) and not _CHANGE_WORDS_RE.search(g.row)
                and abs(in_wan(g) - v) < 0.006}
        return next(iter(said)) if len(said) == 1 else None

    def _asked_columns(self, cq: str, doc_ids: list[str]) -> set[str]:
        """The column headers these filings print that the question names (a fund's name
        qualifies a table, it is no column here)."""
        out = set()
        # (2022年部门综合预算，科目50901…: the filing's name said before the line, no 部门预算 column)
        filing_named = re.match(r"(?:部门|单位)(?:综合)?预算", cq)
        for d in doc_ids:
            for g in self.index.by_doc.get(d, []):
                if g.kind in ("cell", "grid") and g.col:
                    for h in g.col.split("|"):
                        h = _canon_keep(h)  # 单位资金 whole: a column of its own
                        if _names_column(h) and h in cq and not any(w in h for w in _FUND_WORDS) \
                                and not (filing_named and h == filing_named.group(0)):
                            out.add(h)
        return out

    @staticmethod
    def _sum_of_parts(tops: list[Match], ms: list[Match]) -> Match | None:
        """委托业务费 290.15 in the 基本支出 table and 5,727.94 in the 项目支出 table, and the
        narrative's 一般公共预算安排委托业务费6,018.09万元: a question naming no part asks the
        whole, the number printed under the same words that is the parts' sum."""
        parts: dict[str, float] = {}
        for m in tops:
            f = m.fact
            title = f.title or ""
            if f.kind in ("grid", "cell") and ("基本支出" in title) != ("项目支出" in title):
                parts.setdefault("基本" if "基本支出" in title else "项目", round(in_wan(f), 2))
        if len(parts) != 2:
            # 委托业务费 36.00 in one table and 442.20 in another, the narrative's 478.20: the
            # tables' one number each (of the same words) adding up to a statement's
            pages: dict[int, set] = {}
            for m in tops:
                if m.fact.kind in ("grid", "cell"):
                    pages.setdefault(m.fact.page, set()).add(round(in_wan(m.fact), 2))
            if len(pages) != 2 or any(len(v) != 1 for v in pages.values()):
                return None
            parts = {str(p): next(iter(v)) for p, v in pages.items()}
            ms = [m for m in ms if m.fact.kind in ("sentence", "figure")]
        want = sum(parts.values())
        same = [m for m in ms if m.label == tops[0].label and abs(in_wan(m.fact) - want) < 0.015]
        return same[0] if same else None

    def _enclosing(self, tops: list[Match], rank) -> Match | None:
        """The row total that holds the first choice as one of its parts: 差旅费 15.50 in the
        基本支出 table, and 差旅费 93.20 | 15.50 | 77.70 (支出总计 | 基本支出 | 项目支出) in another —
        the question names no part, so the total of the row that prints both answers it."""
        first = tops[0].fact
        if first.kind not in ("grid", "cell"):
            return None
        for m in tops[1:]:
            f = m.fact
            if (f.kind != "grid" or f.col_index != 0 or f.table == first.table or rank(m)[:2] != rank(tops[0])[:2]
                    or in_wan(f) <= in_wan(first)):
                continue
            parts = [g for g in self.index.by_doc.get(f.doc_id, []) if _same_row(g, f) and g.col_index > 0]
            if any(abs(g.value - first.value) < 0.005 and g.unit == first.unit for g in parts):
                return m
        return None

    @staticmethod
    def _penalty(f: Fact, cq: str, final: bool | None, entity: str = "", of_final: bool = False) -> int:
        """Words a fact's table or column adds that the question did not ask for
        (一般公共预算, 人员经费 …), and 预算 where it asks 决算 (or the reverse)."""
        where = (f.title or "") + "|" + (f.col or "") + "|" + (f.row if f.kind != "sentence" else "")
        # an unasked fund or part: 政府性基金 and 国有资本经营 are never the default column
        p = sum(2 if w in ("政府性基金", "国有资本经营") else 1 for w in _QUAL_WORDS if w in where and w not in cq)
        p -= sum(1 for w in _QUAL_WORDS if w in where and w in cq)  # 财政拨款安排的: its column first
        if _other_body(f, entity):
            p += 2  # a subordinate body's year row, where the question asks about the department
        if f.kind in ("grid", "cell") and not f.row.strip():
            p += 2  # a number whose row prints no words
        if f.kind in ("grid", "cell") and f.col:
            # a column that qualifies the row with words the question does not say (机关运行经费支出)
            p += sum(1 for h in f.col.split("|") if len(canon(h)) >= 2 and canon(h) not in _GENERIC_HEADS
                     and canon(h) not in cq and not re.search(r"20\d\d|预算|决算|金额|合计|小计|总计", h))
            # 公务用车购置及运行维护费|公务用车购置费: a sub-column whose words only stand inside its
            # parent's (the question names the parent, whose 小计 is the answer)
            heads = [canon(h) for h in f.col.split("|") if len(canon(h)) >= 2]
            p += sum(1 for k, h in enumerate(heads) if k and h in cq and any(h != o and h in o for o in heads[:k]))
        # 收入中… / 支出中…: a table of the side the question names before one of the other side
        for side, other in (("收入", "支出"), ("支出", "收入")):
            if side in cq and other not in cq and f.title:
                p += (other in f.title and side not in f.title) - (side in f.title and other not in f.title)
        rowcol = (f.col or "") + "|" + (f.row if f.kind != "sentence" else "")
        # (决算里，行政单位医疗支出（项）年初预算是多少: the final account's budget column, named)
        named = re.search(r"年初预算|调整预算|全年预算", cq)
        if final is True and named:
            p += 0 if named.group(0) in rowcol else 3
        elif final is True and "预算" in rowcol and "决算" not in rowcol:
            p += 2
        elif (final is True and f.kind == "sentence" and re.search(r"(?<!公共)(?<!基金)(?<!经营)预算", f.row)
              and "决算" not in f.row):
            p += 2  # a final account's narrative: 安排公务接待预算0.6万元 is the budget, not what was spent
        if final is False and "决算" in rowcol:
            p += 2
        # (a final account's sentence saying 会议费预算1.2万元 is its budget: its own words say so)
        said = rowcol + (without_funds(f.row) if f.kind == "sentence" and of_final else "")
        if final is False and "预算" not in said and (f.kind != "grid" or of_final):
            p += 1  # a final account's narrative: 公务接待费预算 1.00 before 公务接待费 0.78 (and its tables' spending)
        elif final is False and of_final and re.search(r"(?<!公共)(?<!基金)(?<!经营)预算", rowcol):
            p -= 1  # a final account's 年初预算 287.00 (column or clause) is the budget asked, before what was spent
        if any(w in cq for w in _THREE_PUBLIC) and f.kind == "grid" and "三公" not in (f.title + f.col):
            p += 1
        if "本级" in f.row and "本级" not in cq:
            p += 1  # a department's own row where the question asks about the department
        if f.kind == "cell" and ".carryover" in f.key and not re.search(r"结转|结余|上年", cq):
            # 二、上年结转 （一）一般公共预算拨款 865.06: the fund's carry-over, where the question asks
            # the fund's budget (一般公共预算拨款 18,417.70 the narrative states)
            p += 3
        if f.kind in ("grid", "cell") and "采购" in (f.title or "") and "采购" not in cq:
            # 政府采购预算明细表's 合计|一般公共预算财政拨款: the procurement's, not the fund's spending,
            # whatever fund words (一般公共预算, 财政拨款) its column shares with the question
            p += 3
        return p

    def longer_label(self, cq: str, match: Match, exclude=()) -> str | None:
        """A label some filing prints that the question names and that holds this match's
        words inside it (公务用车购置 ⊃ 公务用车): the question asks for that one."""
        a, b = match.span
        if a < 0:
            return None
        for lab in self.labels:
            if len(lab) <= b - a:
                break
            i = cq.find(lab)
            while i >= 0:
                # 在职人员经费和公用经费: a label running over another operand's words is no longer name
                if (i <= a and b <= i + len(lab) and match.label in lab
                        # 国有资本经营 (the row) under the column 国有资本经营预算收入: the longer name is matched
                        and not any(x <= i and i + len(lab) <= y for x, y in match.words)
                        and not any(x < i + len(lab) and i < y for x, y in exclude)
                        # 公用经费合计多少: 合计 asks the sum, it names no longer line
                        and not re.fullmatch(r"(?:经费|费|支出)?(?:合计|总计|小计|共计)",
                                             lab.replace(match.label, "", 1))
                        # 公务用车购置及运行费 is printed for 公务用车购置及运行维护费: one line, two names
                        and not (lab.endswith("运行维护") and lab.removesuffix("维护") == match.label)
                        # 单位预留机动经费 printed whole on the matched row: its 单位 is cut only when compared
                        # (only the words canon cuts off a label's start; 公务用车购置 is still no 公务用车)
                        and not (re.fullmatch(r"本?(?:单位|部门)", lab.replace(match.label, "", 1))
                                 and re.fullmatch(rf"{re.escape(lab)}(?:经费|费)?(?:预算数?|决算数?)?(?:为|是)?",
                                                  _canon_keep(match.fact.row)))):
                    return lab
                i = cq.find(lab, i + 1)
        return None


# a question about a change (增减 / 比上年 / 增加 …): a table's 增减 row may answer it
_COMPARED_RE = re.compile(r"比|较|[里中](?!心|央|国|共|小学|医)")
# 政协事务（款）行政运行（项）: the 款 of a narrative's class line
_KUAN_RE = re.compile(r"([^（）()“”\"\s\d.、]{2,20})[（(]款[)）]")
_ASKS_CHANGE_RE = re.compile(_CHANGE_WORDS_RE.pattern + r"|增减|变化|变动|多了|少了|涨|降")
# header words that name no column of their own (the row's total, its year, its code)
_NOT_A_COLUMN_RE = re.compile(r"\d|^(?:支出|收入|合计|小计|总计|金额|预算|决算|项目|科目|编码|名称|类|款|项|栏次|行次|"
                              r"预算数|决算数|本年|上年|年初|全年|功能分类|经济分类|科目编码|科目名称|单位|部门)$")


_FUND_WORDS = ("一般公共预算", "政府性基金", "国有资本经营", "财政拨款")
# (a column said whole with its fund, 财政拨款收入, names more than the fund: it is the column asked)
_FUND_WORD_RE = re.compile("|".join(_FUND_WORDS))


def _year_cell(f: Fact) -> bool:
    """A table cell of a column headed 年度 / 年份 whose number is a year (2022): the year the row
    is of, which a reading of the table may have keyed as an amount (行政单位医疗 | 年度 2022)."""
    return (f.kind in ("grid", "cell") and f.value == int(f.value) and 1990 <= f.value <= 2100
            and bool(re.search(r"年度|年份", f.col or "")) and not re.search(r"预算|决算|金额|支出|收入|万元|元", f.col or ""))


@lru_cache(maxsize=65536)
def _side(text: str) -> str:
    """收入 or 支出, the side of the books a column or table names (the last named, when both:
    收入支出预算总表 is neither); "" when it names none."""
    t = _squashed(text)
    return "" if "收入" in t and "支出" in t else "收入" if "收入" in t else "支出" if "支出" in t else ""


@lru_cache(maxsize=262144)  # read for every fact a question is matched against
def _squashed(text: str) -> str:
    return _PUNCT_RE.sub("", fold(text or ""))


def _squashed_field(text: str | None) -> str:
    """A fact's field squashed: a long one (a quote) once, without remembering it."""
    return _squashed(text) if text is None or len(text) <= 64 else _PUNCT_RE.sub("", fold(text))


def _apart(cq: str, h: str, row: str, col: str = "") -> int:
    """Where the question first says a column's word, unless that is inside the row's own name
    (其他行政事业单位医疗支出的年初预算: the 支出 of the row's name is no column 支出决算): -1 then.
    A final account's column 支出决算 beside 年初预算: the 支出 said right after the row's words
    (住房公积金支出 of a row 住房公积金), or ending the row's own name (机关事业单位职业年金缴费
    支出), is the row's, not the column's."""
    own = canon(row, keep_end=True) if row else ""
    j = cq.find(own) if len(own) >= 2 else -1
    i = cq.find(h)
    if h in ("支出", "收入") and h + "决算" in col and (own.endswith(h) or (j >= 0 and i == j + len(own))):
        return -1
    return -1 if j >= 0 and j <= i < j + len(own) else i


def _own_words(f: Fact) -> str:
    """What a fact's row, column and table title say, as compared."""
    return _canon_keep(f.title or "") + "|" + _canon_keep(f.col or "") + "|" + _canon_keep(f.row)


def _rest_of(cq: str, f: Fact) -> str:
    """The question less the words of a fact's column headers (基本支出预算 less 基本支出: its
    支出预算 is no other column's name)."""
    for part in sorted((f.col or "").split("|"), key=len, reverse=True):
        part = _canon_keep(part)
        if len(part) >= 2:
            cq = cq.replace(part, " ")
    return cq


def _names_column(h: str) -> bool:
    return len(h) >= 2 and not _NOT_A_COLUMN_RE.search(h)


_TRAIL_CODE_RE = re.compile(r"\s*[(（](\d{3}(?:\d{2}){0,2})[)）]\s*$")


_FUNDS_END_RE = re.compile(r"(资金|金额)$")
# the verb a subject starts with, said one way or another (纳入 / 实施 / 实行 绩效目标管理)
_LEAD_VERB_RE = re.compile(r"^(?:纳入|实行|实施|开展|编报|编制|设定|执行)")
_NUMBER_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def subject_match(f: Fact, cq: str) -> Match | None:
    """A narrative figure named by its sentence's subject rather than its own clause:
    本单位编报绩效目标的项目共12个，涉及项目预算资金4,222.51万元 (涉及…资金 alone names no measure)
    asked as 编报绩效目标的项目涉及预算资金多少 — every word the question names the measure
    with (less the asking) stands in the sentence before the figure (a leading verb, 纳入 for
    实施, may differ), and the clause's own end (资金) in the question.
    The label is those words and the clause's end, so a doubt reads them as printed."""
    end = _FUNDS_END_RE.search(canon(f.row, keep_end=True))
    if f.kind != "sentence" or not end or end.group(1) not in cq or _CHANGE_WORDS_RE.search(f.quote or ""):
        return None
    quote = re.sub(r"\s", "", fold(f.quote or ""))
    at = next((m.start() for m in _NUMBER_RE.finditer(quote)
               if abs(float(m.group(0).replace(",", "")) - f.value) < 1e-6), -1)
    before = quote[:at] if at > 0 else ""
    words = leftover(cq, sep=" ").split()
    if not before or not words or sum(map(len, words)) < 4:
        return None
    spans, printed = [], []
    for w in words:
        bare = _LEAD_VERB_RE.sub("", w)
        said = w if w in before else bare if len(bare) >= 4 and bare != w and bare in before else ""
        if not said:
            return None
        i = cq.find(w)
        spans.append((i, i + len(w)))
        printed.append(said)
    i = cq.rfind(end.group(1))
    label = "".join(printed) + end.group(1)
    return Match(100 * (sum(b - a for a, b in spans) + len(end.group(1))), f, (i, i + len(end.group(1))), label,
                 words=tuple(spans))


def bare_name(row: str, rc: str, cq: str) -> str:
    """A narrative label whose compared form keeps only its year (2026年支出预算 → 2026年): the
    words after the year, whole (支出预算), when the question says them as a name of their own
    (基本支出占支出预算, never 项目支出预算); "" otherwise."""
    if rc and not re.fullmatch(r"20\d\d年度?", rc):
        return ""
    name = canon(re.sub(r"20\d\d\s*年度?", "", row), keep_end=True)
    i = cq.find(name) if name else -1
    return name if i == 0 or (i > 0 and cq[i - 1] in " 的年中里占在和与及比较是为") else ""


# a row's second classification, printed after its own code and name: 30113 住房公积金 50103 住房公积金
# 1710978.67 … (a 部门经济分类 line and its 政府经济分类 line) — the code before a name, before any amount
_SECOND_CODE_RE = re.compile(r"(?:^|\s)(\d{3}(?:\d{2}){0,2})\s+(?=[^\d\s.,-])")
_AMOUNT_TOKEN_RE = re.compile(r"(?:^|\s)-?\d[\d,]*\.\d+(?=\s|$)")


def second_code(f: Fact) -> str:
    """The class code of the second classification a table row prints (30113 住房公积金 50103
    住房公积金 → 50103), or ""."""
    if f.kind != "grid" or not f.code or not f.quote:
        return ""
    from budgetlens.qa.cross_rows import second_class  # (cross_rows reads the finder's matches)

    crossed = second_class(f)  # (302 11 差旅费 502 01 办公经费: the codes printed in parts too)
    if crossed is not None:
        return crossed[0]
    q = f.quote
    amount = _AMOUNT_TOKEN_RE.search(q)
    head = q[:amount.start()] if amount else q
    codes = [c for c in _SECOND_CODE_RE.findall(head) if c != f.code]
    return codes[0] if len(codes) == 1 and f.code in head else ""


def trailing_code(row: str) -> str:
    """The class code a row prints after its name (资本性支出(基本建设)(309) → 309), or ""."""
    m = _TRAIL_CODE_RE.search(row)
    return m.group(1) if m else ""


def class_line(row: str) -> str:
    """A narrative line named with its class code after it (资本性支出(基本建设)(309)), as
    compared: its whole name without the code, its 支出 kept (培训支出（2050803）, a class of
    spending, is no 培训费); "" for any other row."""
    m = _TRAIL_CODE_RE.search(row)
    return canon(row[:m.start()], keep_end=True) if m else ""


# …支出（类）抚恤（款）其他抚恤支出（项） / 法院（款）一般行政事务管理（项）支出: a narrative's class
# line whose figure follows the 项's name
_ITEM_LINE_RE = re.compile(r"[(（][类款][)）]\s*([^()（）]{2,30}?)\s*[(（]项[)）]\s*(?:支出)?\s*$")


def item_line(row: str) -> str:
    """The 项 a narrative's class line states the figure of (法院（款）一般行政事务管理（项）支出 →
    一般行政事务管理), as compared; "" for any other row.

    >>> item_line("(5)社会保障和就业支出(类)抚恤(款)其他抚恤支出(项)"), item_line("其他抚恤支出")
    ('其他抚恤支出', '')
    """
    m = _ITEM_LINE_RE.search(row)
    return canon(m.group(1), keep_end=True) if m else ""


_BASIC_RE = re.compile(r"基本支出|机关运行经费")
_PART_RE = re.compile(r"基本支出|项目支出|机关运行经费|人员经费|公用经费")


def _beyond_basic(tops: list[Match]) -> Match | None:
    """培训费 41.37 in the 基本支出 and 机关运行经费 tables, and 1,597.25 in the “三公”经费、会议费、
    培训费 table and the narrative: the basic tables print the part of the spending that is basic
    (an economic class line of 基本支出), the others the whole. A question naming no part asks
    the whole: the one larger number printed only where no table or column says 基本支出 /
    机关运行经费 (nor 项目支出, the other part), when the first choice is printed in such a table.
    None otherwise (two larger numbers, or the first choice not a basic table's)."""
    by_value: dict[float, list[Match]] = {}
    for m in tops:
        by_value.setdefault(round(in_wan(m.fact), 2), []).append(m)

    def part(ms: list[Match], words) -> bool:
        return any(m.fact.kind in ("grid", "cell") and words.search((m.fact.title or "") + "|" + (m.fact.col or ""))
                   for m in ms)

    first = round(in_wan(tops[0].fact), 2)
    if not part(by_value[first], _BASIC_RE):
        return None
    # (委托业务费 5,727.94 of the 项目支出 table is the other part, no whole)
    larger = [v for v, ms in by_value.items() if v > first and not part(ms, _PART_RE)]
    return by_value[larger[0]][0] if len(larger) == 1 else None


def _split_in_parts(tops: list[Match]) -> bool:
    """The best matches print one measure in a 基本支出 table and in a 项目支出 table with
    different numbers (and ``_sum_of_parts`` found no printed sum of both)."""
    parts: dict[str, set] = {}
    for m in tops:
        f, title = m.fact, m.fact.title or ""
        if f.kind in ("grid", "cell") and ("基本支出" in title) != ("项目支出" in title):
            parts.setdefault("基本" if "基本支出" in title else "项目", set()).add(round(in_wan(f), 2))
    return len(parts) == 2 and parts["基本"] != parts["项目"]


def _other_body(f: Fact, entity: str) -> bool:
    """A year row naming a body other than the filing's (a subordinate's row of a 三公 table)."""
    if not _is_year_row(f.row) or f.code:
        return False  # 精神病医院 2100205: a class line named like a body is no body's row
    body = re.sub(r"\s*20\d{2}\s*年.*$", "", f.row).strip()
    body = re.sub(r"[（(](?:本级|汇总)[)）]$", "", re.sub(r"\s+", "", body))
    return bool(body and entity and body != entity and "合计" not in body and not re.fullmatch(
        r"(?:部门|单位|本级|总|上年|本年|预算数?|决算数?)?(?:合计|总计|小计)?", body))


def _said_before(f: Fact) -> str:
    """A narrative figure's sentence up to the figure, squashed (what it says the figure is of)."""
    quote = re.sub(r"\s", "", fold(f.quote or ""))
    at = next((m.start() for m in _NUMBER_RE.finditer(quote)
               if abs(float(m.group(0).replace(",", "")) - f.value) < 1e-6), -1)
    return quote[:at] if at > 0 else ""


def _qualified_otherwise(cq: str, tail: str, label: str, lead: str = "") -> bool:
    """The question qualifies the words a sentence's label ends with by words the label does
    not say: 政府性基金预算拨款支出决算 is not “三公”经费财政拨款支出决算 (the question's last
    two characters before the shared words, less question words, must be in the label, or in
    ``lead``, the sentence before the figure: 纳入部门预算的政府采购项目共有775.86万元，其中：货物类
    项目36.50万元 is the 政府采购货物类项目 asked, its 政府采购 said once for its list)."""
    i = cq.find(tail)
    # only the words joined to it: 会议费预算比培训费 — 会议费 is the other operand, not a qualifier
    # (A是B的百分之几 / A相当于B的: A is the other operand too)
    before = re.split(r"[比和与及、加占中里较同是]|相当于", cq[max(0, i - 8):i])[-1]
    # (三公经费、会议费和培训费 read as 三公经费会议费和培训费: the 费 the filler takes out below
    # still ends a sibling line of a list — not a gloss, 行政经费（机关运行经费）, the same line
    # said twice)
    sibling = bool(re.search(r"(?:费|工资|补贴|津贴|奖金|公积金)$", before)) and bool(re.search(r"[和与及]", cq))
    if _OWN_FUND_RE.match(tail):
        # 一般公共预算（财政拨款）机关运行经费: the fund 机关运行经费 is of by definition (the filings
        # define it as the 一般公共预算财政拨款 basic spending's 公用经费), no other measure
        before = _FUND_LEAD_RE.sub("", before)
    # 项目绩效目标 is not 政策绩效目标: 项目 is a word, never the filler 项 (类、款、项) and 目
    before = _FILLER_Q_RE.sub("", before.replace("项目", "\0")).replace("\0", "项目")
    # 2023年底有… / 所属单位共有…: when and whose, not which measure
    # (本年预算数覆盖的实有人员: 覆盖 links the two, it qualifies nothing)
    # (所属单位有几辆应急保障用车: 几辆 counts, it qualifies nothing)
    # (截至1月31日的固定资产金额, 名下的特种专业技术用车, 手上有多少辆车: a date and whose)
    # (占全部政府采购预算: 全部 says all of it, it qualifies nothing)
    before = re.sub(r"(?:几|多少)(?:辆|台|套|个|人|名|家)?|\d{1,2}月\d{1,2}日|\d{1,2}月|名下|手上|手里|手头|手中|说|披露|显示|列明|提到|现在|目前|截至|年底|年末|月底|底|末|共有|有|所属各?|下属各?|覆盖|涵盖|包括|包含|对应|全部|所有|整个|"
                    r"请|列示|列出|所述|给出|告诉|查询|查一下|相对于?|相较于?", "", before)
    before = "".join(re.findall(r"[\u4e00-\u9fff]", before))
    if tail in ("货物", "工程", "服务"):
        # 货物、工程、服务三块 (the compared form drops the 、): a kind of procurement listed before
        # another is its sibling, no qualifier
        before = re.sub(r"(?:(?:货物|工程|服务)类?)+$", "", before)
    if sibling or re.search(r"(?:费|工资|补贴|津贴|奖金|公积金)$", before):
        # 基本工资、津贴补贴和奖金 (the 、 dropped): a line of spending listed before is a sibling —
        # a measure's name qualifies no other (a part or a fund does: 基本支出工资福利支出)
        return False
    return len(before) >= 2 and before[-2:] not in label and not (lead and before in lead)


# measures of one fund by definition, and the words naming that fund said before them
_OWN_FUND_RE = re.compile(r"机关运行")
_FUND_LEAD_RE = re.compile(r"(?:(?:一般)?公共预算|财政拨款|拨款)+(?:安排的?|的)?$")


def _stands_under(f: Fact, g: Fact) -> bool:
    """``f`` is a line of ``g``'s filing whose class code extends ``g``'s: 30113 under 301, 2080505
    under 20805 (a printed table's classes, whatever the table)."""
    return (f.doc_id == g.doc_id and f.kind in ("grid", "cell") and bool(g.code) and len(f.code) > len(g.code)
            and f.code.startswith(g.code))


def _same_row(f: Fact, g: Fact) -> bool:
    """Two numbers of one printed table row (its columns)."""
    return (f.doc_id == g.doc_id and f.page == g.page and f.kind == g.kind and f.kind in ("grid", "cell")
            and f.table == g.table and f.row == g.row and f is not g)


def _rounded_from(f: Fact, want: float) -> bool:
    """A narrative figure printed in whole 万元 (12,789万元) that is ``want`` (12,788.6849 万元,
    a table's 元) rounded to the unit: the narrative states the table's number in round figures."""
    return (f.kind in ("sentence", "figure") and f.unit == "万元" and f.value == int(f.value) and abs(want) >= 100
            and abs(f.value - want) <= 0.5 and want != int(want))


def same_number(index: FactIndex, m: Match, considered: list[Match], doc_ids: list[str], year_ok,
                k: int = 5) -> list[Fact]:
    """Other places of the same filings that print the value found, under related words:
    the same number (to the cent, after 元 ↔ 万元) with the same class code, or a label sharing
    words with the matched one (收入总计 in table 1 and 部门预算收入857,808.76万元 in the narrative).
    A zero needs the very same label. The narrative comes first: it is where a reader looks."""
    f0 = m.fact
    want = in_wan(f0)
    words = bigrams(canon(m.label) or f0.canon_row)
    if f0.kind in ("cell", "grid") and (not f0.canon_row or f0.canon_row in _GENERIC_CANON):
        words |= bigrams(canon(f0.col.split("|")[-1]))  # 合计 row, 项目支出 column: the column names it
    pool = [f for d in doc_ids for f in index.by_doc.get(d, [])
            if abs(f.value - f0.value) < 0.006 or abs(in_wan(f) - want) <= 0.005 or _rounded_from(f, want)]
    out, pages = [], {f0.page}
    for f in sorted(pool, key=lambda f: (f.kind != "sentence", f.page)):
        if f.page in pages or (f.unit == "%") != (f0.unit == "%") or not year_ok(f):
            continue
        if abs(in_wan(f) - want) > 0.005 and not (_rounded_from(f, want) and f.canon_row and (
                f.canon_row == f0.canon_row or f0.canon_row in f.canon_row)):
            continue  # 12,789万元 in the narrative for 127,886,849元 in the table: the same line rounded
        if f.kind in ("sentence", "figure") and _CHANGE_WORDS_RE.search(f.row):
            continue  # 比上年减少 26.10: a change of the same size, not the value
        same = f.canon_row == f0.canon_row or (f0.code and f.code == f0.code)
        # the words in its row, or in its column where the row only says which year (2025年预算)
        # (a keyed cell's column is the measure the extractor read it as: 支出总计 | 人员经费)
        named = bigrams(f.canon_row) | (bigrams(canon(f.col)) if _is_year_row(f.row) or not f.canon_row
                                        or f.canon_row in _GENERIC_CANON or f.kind == "cell" else set())
        if not same and (not want or not (words & named)):
            continue
        out.append(f)
        pages.add(f.page)
        if len(out) == k:
            break
    return out
