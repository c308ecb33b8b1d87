"""Why a found number is not the one asked (``doubt``): every word of the question that
chooses a number must be carried by it — a fund or part named, the measure's own words
(``unsaid``), a budget figure asked of a final account, an executed figure asked of a
budget; and the year a lookup's figure is of when a question names two (``figure_year``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from budgetlens.index.facts import canon
from budgetlens.qa.compute import _FILLER_Q_RE, QUALIFIERS, Match
from budgetlens.qa.plan import Plan, without_funds
from budgetlens.qa.wording import CARRIED_WORDS, carries

# the fund or part a number is of: a question naming one is never answered with a number
# whose table, column or row does not say it (国有资本经营预算安排的基本工资 is not 基本工资's 总计)
_FUND_WORDS = CARRIED_WORDS


def _figure_year(plan: Plan) -> int | None:
    """The year a lookup's figure is of, when the question names two: the one not naming the
    filing (2026年预算公开表7里，2025年的“三公”经费 → 2025); the first otherwise.

    >>> from budgetlens.qa.plan import make_plan
    >>> _figure_year(make_plan("烟台市工信局2026年预算公开表7里，2025年的“三公”经费预算数是多少？"))
    2025
    """
    if len(plan.years) != 2:
        return plan.years[0] if plan.years else None
    # (2026年烟台市工信局预算公开表7里 / 2026年预算安排公开表7里: the body or 安排 between them)
    filing = [y for y in plan.years if re.search(rf"{y}年度?(?:部门|单位)?(?:预算|决算)(?:公开|表|里|中|说明|报告|说|披露|显示)"
                                                 rf"|{y}年[^，,。？?\d]{{0,16}}?(?:预算|决算)[^，,。？?\d]{{0,4}}?"
                                                 r"(?:公开表|表\d|说明|报告)", plan.norm)]
    rest = [y for y in plan.years if y not in filing]
    return rest[0] if len(filing) == 1 and len(rest) == 1 else plan.years[0]


def doubt(cq: str, m: Match, plan: Plan, doc_type: str | None, single: bool = True, carried: str = "") -> str | None:
    """Why a found number is not the one asked, or None: every word of the question that
    chooses a number must be carried by it.

    - a share or rate asked (执行率, 百分之几 in a lookup) is never an amount;
    - a fund or part the question names (政府性基金, 项目支出 …) must be printed in the number's
      table title, column or row (only where the question asks one measure: 项目支出比基本支出
      names two);
    - every other word naming the measure (公立医院补助, 学前教育生均拨款) must be printed with it
      (``unsaid``): 公立医院 alone is not 公立医院补助;
    - a budget figure asked of a final account (镇安县医保局2023年会议费预算) must be printed as a
      budget (预算数 column, 年初预算, a sentence saying 预算), never the amount spent.
    """
    f = m.fact
    where = canon_words(f"{f.title}|{f.col}|{f.row}|{m.label}|{f.canon_row}")
    if f.kind in ("sentence", "figure"):
        # 单价100万元以上设备（不含车辆）20台: the aside the label leaves out is said all the same
        where += "|" + canon_words("".join(_ASIDE_RE.findall(f.quote or "")))
    where = re.sub(r"购置及运行(?!维护)", "购置及运行维护", where)  # 公务用车购置及运行费: the same line
    if plan.operation == "lookup" and plan.unit == "%" and f.unit != "%":
        return "问题问的是比率，印出的这个数是金额"
    a = m.span[0]
    # 水电费 is no 电费, 其他抚恤支出 no 抚恤 — of one measure asked, or of any operand of several
    if 0 < a and len(m.label) <= 2 and m.label == canon(f.row) and len(canon_words(f.row)) <= 2 and re.match(r"[\u4e00-\u9fff]", cq[a - 1]) and cq[a - 1] not in _BOUNDARY \
            and cq[max(0, a - 2):a] not in ("加上", "还有", "以及") \
            and not re.search(rf"[、,，]{re.escape(m.label)}", plan.norm):
        # (绩效工资、奖金: the question as asked lists 奖金 after a 、 its compared form drops)
        return f"问题问的是{cq[a - 1]}{m.label}…，印出的是{m.fact.row.strip()}"
    if single:
        # (机关运行经费 is of 一般公共预算 财政拨款 by definition: said with them or not, the same figure)
        missing = [w for w in _FUND_WORDS if w in cq and not carries(f, w, where) and w not in canon_words(carried)
                   and not (w in ("一般公共预算", "财政拨款") and "机关运行" in where)]
        if missing:
            return f"印出的数没有写明是“{'、'.join(missing)}”的"
        if a >= 0:
            extra = unsaid(cq, m, where + "|" + carried)
            if extra:
                return f"印出的行中没有写明“{extra}”"
    # 2025年公务接待费执行数 asked of a 2026 budget: its 2025 row is that year's budget, not what was spent
    if (doc_type != "final_accounts" and re.search(r"执行数|实际执行|执行情况|实际支出|实际花|实际发生|实际用", cq)
            and not re.search(r"执行|决算|实际|完成", where + "|" + (f.quote or ""))
            and not _other_than_executed(plan, f)):
        return "问题问的是实际执行数，这份预算印出的是预算数"
    # 决算中…的年初预算: a final account's budget column, named beside the word 决算
    budget_asked = plan.final is False or bool(re.search(r"年初预算|调整预算|全年预算|预算数", cq))
    if budget_asked and doc_type == "final_accounts" and not re.search(
            r"预算|年初|全年", without_funds(where)):
        return "问题问的是预算数，这份决算印出的是实际支出"
    return None


def _other_than_executed(plan: Plan, f) -> bool:
    """A change asked against an earlier year's 执行数 (2024年预算比2023年执行数增长了百分之几):
    执行数 is of the base year only; the number found for another year is that year's budget.

    >>> from types import SimpleNamespace as N
    >>> from budgetlens.qa.plan import make_plan
    >>> p = make_plan("某单位2024年事业单位医疗预算比2023年执行数增长了百分之几？")
    >>> _other_than_executed(p, N(year=None)), _other_than_executed(p, N(year=2023))
    (True, False)
    """
    said = re.search(r"(?:比|较|与|同|相比)\s*(20\d{2})\s*年度?[^，,。？?\d]{0,8}?(?:执行数|实际执行|执行情况)", plan.norm)
    if said is None and plan.years and re.search(r"(?:比|较|与|同)(?:上一?年|去年)度?的?(?:执行数|实际执行|执行情况)",
                                                  plan.norm):
        # 2026年收入预算比上年执行数少了多少: the year asked's figure is its budget
        return f.year in (None, plan.years[0])
    return said is not None and len(plan.years) >= 2 and f.year != int(said.group(1))


# words of a question that ask rather than name: the operation, the comparison, the talk
_ASKING_RE = re.compile(r"给(?:职工|员工|干部|工作人员|在职人员|离退休人员|退休人员|个人|人员)(?:缴纳?|发放?|交|支付|付)的?|"
                        r"(?:缴纳?|发放?)(?=奖金|工资|津贴|补贴|绩效|住房公积金|职业年金|养老|医疗|失业|工伤|生育|社保|社会保险)|"
                        r"有?(?:几|多少)(?:台|套|辆|件|个)|折合|名下|面积|平方米|披露|显示|列明|台件套|台套|件套|个亿|百分之|百分比|百分点|百分|增速|多少|几成|实际|的钱|买|加在一起|合起来|加总|相加|累计|总共|较|同比|环比|一共|又|[两二三四五六七八九几]家|之和|总和|高出|低于|高于|差|高|低|比|多|少|变化|变动|增长|增加|减少|增减|下降|压减|压缩|削减|缩减|砍|降低|降了|减了|相差|相比|从|到|上一|两个|三个|几个|加起来|加上|"
                        r"准确|确切|具体|精确|实际数字|数字|对不对|对吗|核对|一下子|一下|这个|为啥|为什么|涨|降幅|增幅|幅度|括号|下属|所属|直属|啥|花|说|写|"
                        r"请|问|看|查|知道|大约|大概|左右|各项|所有|全部|现在有|目前有|现有|年底有|底有|共有|手上|手里|手头|手中|"
                        r"多出|现在|目前|截至|截止|年底|年末|月底|月末|覆盖|涵盖|包括|包含|对应|列示|列出|所述|给出|告诉|相对于?|相较于?|超出|超过|个")


_ASIDE_RE = re.compile(r"[(（](?:含|不含|包括|包含|除)[^()（）]{0,12}[)）]")
_BOUNDARY = set("的里中年和与及是了在为其那级买加、比较同跟占发缴")  # (发奖金, 缴社保: paying it)


def unsaid(cq: str, m: Match, where: str) -> str:
    """Words of the question naming the measure that the number's row, column, title (or the
    class above it) does not print: 公立医院补助 matched by the row 公立医院 leaves 补助. The
    words before 里 / 中的 say where the measure stands (机关运行经费里物业费), not the measure."""
    # (一般公共预算基本支出中商品和服务支出里劳务费: the words before the last 里 before the measure,
    # both wholes, say where it stands)
    cuts = [c for c in re.finditer(r"中的|里的|里(?!程)|之中|当中|其中|中(?=[\u4e00-\u9fff])", cq)
            if m.span[0] >= c.end()]
    spans = [m.span, *m.words]
    if cuts:
        spans.append((0, cuts[-1].start()))
    rest = " ".join(re.findall(r"[\u4e00-\u9fff]+", "".join(
        " " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(cq))))
    for w in sorted(QUALIFIERS, key=len, reverse=True):
        if len(w) >= 2:
            rest = rest.replace(w, " ")
    # the question's own words, less 费 (学费 names a measure; 公务接待费's 费 is matched as 公务接待)
    rest = _ASKING_RE.sub(" ", _FILLER_Q_RE.sub(lambda x: x.group(0) if x.group(0) == "费" else " ",
                                                rest.replace("费用", " ").replace("经费", " ")))
    out = []
    for w in re.findall(r"[\u4e00-\u9fff]{2,}", rest):
        if w not in where and not all(w[k:k + 2] in where for k in range(0, len(w) - 1)):
            out.append(w)
    return "、".join(out)


def unsaid_before(cq: str, ms: list[Match], said: Sequence[tuple[int, int]] = ()) -> str:
    """Words a comparison (甲比乙少多少) says on an operand's side of 比, as part of its name, that
    the operand's row, column or title does not print: 未归口管理的行政单位离退休 matched by the row
    行政单位离退休 leaves 未归口管理, 上缴上级支出 matched by 支出总计's 支出 leaves 上缴上级 — the line
    asked is not printed, and another line's number is no operand of it. ``said``: spans saying
    where the operands stand (政府采购中…), no operand's words."""
    b = cq.find("比")
    if b < 0:
        return ""
    out = []
    for m in ms:
        if m.span[0] < 0:
            continue
        lo, hi = (0, b) if m.span[0] < b else (b + 1, len(cq))
        spans = [*said, m.span, *m.words]
        seg = "".join(" " if any(x <= i < y for x, y in spans) else cq[i] for i in range(lo, hi))
        for w in sorted(QUALIFIERS, key=len, reverse=True):
            if len(w) >= 2:
                seg = seg.replace(w, " ")
        seg = _ASKING_RE.sub(" ", _FILLER_Q_RE.sub(" ", seg))
        where = where_of(m)
        out += [w for w in re.findall(r"[\u4e00-\u9fff]{2,}", seg)
                if w not in where and not all(w[k:k + 2] in where for k in range(0, len(w) - 1))]
    return "、".join(out)


def where_of(m: Match) -> str:
    """What a number's table title, column, row and matched label print (the words it carries)."""
    f = m.fact
    where = canon_words(f"{f.title}|{f.col}|{f.row}|{m.label}|{f.canon_row}")
    if f.kind in ("sentence", "figure"):
        where += "|" + canon_words("".join(_ASIDE_RE.findall(f.quote or "")))
    return re.sub(r"购置及运行(?!维护)", "购置及运行维护", where)


def canon_words(text: str) -> str:
    return re.sub(r"[\s（）()“”\"]", "", text or "")
