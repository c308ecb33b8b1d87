"""A question as a query: entity, year, scope, the unit asked and the operation.

The measure itself is found against the fact index (``qa.compute``); here only the
words around it are read:

- the operation: 为什么 → why; 对得上/一致 → consistency; 最多/最高/哪个 → ranking;
  占…比重/比例 → share; 增长/减少/比上年/变化 … 百分之几 → change (in % when the
  question asks 百分之几, %, 幅度); 比…多多少/相差 → difference; 加起来/一共/合计 over
  two measures or filings → sum; anything else → lookup;
- the unit asked: 多少元 → 元 (never 万元), 亿元, % for shares and changes in %, else 万元;
- the years (2026年, 今年/去年/上年 against the filings' latest year);
- the scope: 决算 / 预算, 部门 / 单位 (本级).

A journalists' vocabulary rewrites common words to what filings print before
matching: 公车 → 公务用车, 招待费 → 公务接待费, 出国费 → 因公出国（境）费, 花了 / 要花 / 打算花 → 支出.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from budgetlens.ingest.normalize import fold
from budgetlens.qa.understand import asks_why

# what journalists say → what filings print (longest first)
SYNONYMS: list[tuple[str, str]] = [
    ("公车购置", "公务用车购置"), ("公车运维", "公务用车运行维护"), ("公车运行", "公务用车运行"),
    ("公车", "公务用车"), ("请客吃饭（公务接待费）", "公务接待费"), ("请客吃饭", "公务接待费"), ("招待费", "公务接待费"), ("公务接待费费", "公务接待费"),
    ("出国费", "因公出国（境）费"), ("出国经费", "因公出国（境）费"), ("出国（境）费", "因公出国（境）费"),
    ("因公因公", "因公"), ("花了", "支出"), ("要花", "支出"), ("打算花", "支出"), ("计划花", "支出"), ("准备花", "支出"), ("行政经费", "行政经费"),
    ("收支预算总计", "收入总计"), ("收入、支出预算总计", "收入总计"), ("收入支出预算总计", "收入总计"),
    ("收支总计", "收入总计"), ("总支出", "支出总计"), ("总收入", "收入总计"),
    # 重庆's filings state 机关运行经费 as "一般公共预算财政拨款运行经费" under the heading 机关运行经费
    ("财政拨款运行经费", "机关运行经费"),
    ("机构运行经费", "机关运行经费"), ("运行经费", "机关运行经费"), ("机关机关", "机关"),
    ("几辆车", "公务用车车辆数"), ("多少辆车", "公务用车车辆数"), ("多少辆公务用车", "公务用车车辆数"),
    ("公务用车保有量", "公务用车车辆数"), ("费和运行费", "费和公务用车运行维护费"), ("费及运行费", "费及公务用车运行维护费"),
    ("交警局", "公安局交通管理局"), ("交警支队", "公安局交通管理支队"),  # what the bodies are called
    ("购置和运行费", "购置及运行维护费"), ("购置及运行费", "购置及运行维护费"), ("“三公”", "三公"), ('"三公"', "三公"), ("‘三公’", "三公"),
]

_CONSISTENCY = ("一致", "对得上", "对不上", "相符", "吻合", "核对", "矛盾", "等于", "是否正确", "对不对", "加起来等于",
                "算对", "算错", "成立吗", "说法成立")
_RANK = ("最多", "最高", "最少", "最低", "哪个", "哪家", "哪一个", "排名", "排第", "前三", "前五")
_SHARE = ("占比", "比重", "比例", "占了", "所占", "占总", "占支出", "占收入", "占“三公", "占三公", "占全部", "占多", "占本")
_PCT = ("百分之几", "百分之多少", "百分比", "幅度", "增长率", "增幅", "降幅", "%", "％", "几成", "百分点", "增速", "变化率",
        "下降率", "降低率")
# the year a change is measured from: 比上年 / 较2025年 / 和2025年比 / 相对2025年年初预算
_BASE_RE = r"(?:比|较|相对于?|相较于?)(?:上年|上一年|去年|20\d\d年)|(?:和|与|同|跟)(?:上年|上一年|去年|20\d\d年)[^，。？?]{0,8}比"
_CHANGE = ("增长", "增加", "减少", "下降", "增减", "变化", "变动", "比上年", "较上年", "同比", "上升", "多了", "少了",
           "涨", "降低", "降了", "缩减", "压减", "增幅", "降幅", "增减额", "增速")
_DIFF = ("多多少", "少多少", "多出", "相差", "差多少", "差额", "高多少", "低多少", "高出", "多了多少", "少了多少",
         "超出", "超过多少", "低出", "差了多少", "差距")
_PUNCT_Q_RE = re.compile(r"[“”「」‘’\"（）()]")
_SUM = ("加起来", "一共", "合计多少", "总共", "共计", "之和", "加在一起", "合起来", "总和", "加总", "相加", "累计",
        "加一块", "加到一起", "加一起", "合在一起")
_SUM_WEAK = ("合计是", "合计为", "合计有", "合计约", "合计安排", "一共安排", "总共安排", "总计是", "总计有", "共多少", "共有多少")  # a sum only over named parts: 会议费和培训费预算合计是多少
# 公用经费与在职人员经费之比: the first named over the second, whichever is larger
RATIO_RE = re.compile(r"[和与跟同][^，。？?]{2,30}?(?:之比|的比值|的比率)")
# 公务接待费是“三公”经费的百分之几 / 相当于…的多少%: the first named over the second, as a rate
# (over 100% when the first is larger); not between two years (2026年是2025年的百分之几 is a change)
OF_WHOLE_RE = re.compile(r"(?:是|为|相当于|达到了?)[^，。？?是为]{2,30}?的(?:百分之几|百分之多少|多少[%％]|百分比|几成)")


def of_whole(t: str) -> bool:
    """Whether the question asks the first measure named as a rate of the second (A是B的百分之几).

    >>> of_whole("公务接待费是“三公”经费的百分之几"), of_whole("2026年预算是2025年的百分之几")
    (True, False)
    """
    return bool(OF_WHOLE_RE.search(t)) and len(set(re.findall(r"20\d\d", t))) < 2
_YEAR_RE = re.compile(r"(?<![\d.])(20\d{2})(?:\s*年|(?![\d.]|\s*(?:万|元|亿|%)))")


@dataclass
class Plan:
    text: str
    norm: str  # the question after the vocabulary
    operation: str = "lookup"  # lookup | difference | sum | change | change_pct | share | ranking | why | consistency
    years: list[int] = field(default_factory=list)
    unit: str = "万元"
    final: bool | None = None  # 决算 (True), 预算 (False), unsaid (None)
    scope: str = ""  # 部门 | 单位 | ""
    prior: bool = False  # 上年 / 上一年 / 去年 relative to the filing
    lowest: bool = False  # a ranking of the smallest
    base_year: int | None = None  # 比2025年: the year a change is measured from
    both_parts: bool = False  # 基本支出和项目支出加起来: the measure's two parts asked together
    tables: list[str] = field(default_factory=list)  # titles said in 《》 (wording.titles_said)


# 部门预算收入 / 收入预算 / 部门收入预算总共 / 收入一共: the filing's 收入总计 (likewise 支出)
# (收入合计 / 支出合计 are lines of their own — 本年收入合计 leaves out the carry-over — and stay)
# (本年支出预算 / 本年收入 are the year's own lines, 本年支出合计, which leave out the carry-overs: they stay)
# (预算支出安排了多少: 安排 is how a budget says it spends, the line is the same)
_TOTAL_RE = re.compile(r"(?:(?<=[年的度，,局委院室厅心府办级）会署处队站所馆部校学])|^)(?<!本年)(?<!当年)(?:部门|单位)?(?:预算)?(收入|支出)(?:预算)?(?=一共|总共|总额|共计|是多少|有多少|多少|安排了?多少|为多少|中|里|最高|最多|最少|最低|比|较|增减|增加了?多少|减少了?多少|[？?，,]|$)")


# 公车 asked alone (公车花多少, 其中公车呢, 公车经费多少): the 三公 line of official cars, bought
# and run; listed among other lines (出国、接待、公车几项) it stays a word for the check to read
# (公车费用比出国费多多少 / 公车占几成: the same line, compared or set against its whole)
_CAR_RE = re.compile(r"(?<!辆)公车(?:费用|经费|费|支出)?(?=花|用了|的钱|多少|是多少|有多少|呢|[？?]|$|比|较|占|[多少](?:多少|出)|"
                     r"为什么|为何|为啥|咋|怎么|(?:比上年|较上年)?(?:增加|减少|涨了|少了|多了))")  # 公车费用为什么涨了: the line
# 有几辆公车 / 多少辆公务车 / 共有多少辆车: the count of official cars
# (一共有多少台车: 台 counts cars only with the car said after it — 多少台设备 is equipment)
# (车辆有几辆 / 公车一共有多少辆: the cars said before their count are the same words)
_CARS_RE = re.compile(r"(?:(?:公务用车|公务车|公车|车辆|车)(?:共|一共|总共)?有)?"
                      r"(?:几|(多少))(?:辆(?:公务用车|公务车|公车|车辆|车)?|台(?:公务用车|公务车|公车|车辆|车))")
# the kinds of official car a filing counts apart (其中业务用车292辆，机要通信用车24辆 …，其他用车0辆),
# and the cars it plans to buy (2026年计划购置车辆1辆 / 预算安排购置车辆3辆): each a count of its own words
_CAR_KIND_RE = re.compile(r"(?:业务|机要通信|应急保障|执法执勤|特种专业技术|定向化?保障|一般公务|主要负责人|其他|"
                          r"其他按照?规定配备的公务|按照?规定配备的公务)用车|(?:拟|计划|安排)购置车辆")


_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "00012345678" + "9")
# a year in Chinese numerals (二〇二六年), a colloquial phrase glossed with the printed name in
# brackets (买公车的钱（公务用车购置费）), a body's code in brackets (（单位编码116001）)
_CN_YEAR_RE = re.compile(r"(二[〇零○][一二三四五六七八九〇零○]{2})(?=\s*年)")
# (买公车（公务用车购置费）: a phrase with no measure word of its own, the bracket naming the line)
# (人头费（在职人员经费） / 招待费（公务接待费）: a short colloquial 费 the bracket names the printed line of)
_GLOSS_RE = re.compile(r"(?:(?:(?![年局委院厅办署队心])[\u4e00-\u9fff]){1,8}的钱|"
                       r"(?:买|购|花在|用在|养)(?:(?![年局委院厅办署队心费])[\u4e00-\u9fff]){1,6}|"
                       r"(?<=[年的、和与及，,])(?:(?![年局委院厅办署队心])[\u4e00-\u9fff]){1,3}(?:费|钱))"
                       r"（([^（）]{3,20}?(?:费|经费|支出|收入))）")
# 支持中小企业发展那一项（其他支持中小企业发展和管理支出）: the bracket names the line the words describe
_NAMED_ITEM_RE = re.compile(r"(?:(?![年局委会院厅办署队心])[\u4e00-\u9fff]){1,16}(?:那|这)一?(?:项|笔)"
                            r"（([^（）]{3,30}?(?:费|经费|支出|收入))）")
# 城市建设支出（土地出让收入安排的）: the fund a line is paid from, said in a bracket after it — the
# line filings print as 国有土地使用权出让收入安排的支出（款）城市建设支出（项）, asked as 〔fund〕安排的城市建设支出
_FUND_AFTER_RE = re.compile(r"((?:(?![年局委会院厅办署队心的])[\u4e00-\u9fff]){2,16}?(?:支出|经费|费))"
                            r"（([^（）]{2,24}?安排)的?）")
_CODE_NOTE_RE = re.compile(r"（(?:单位|部门|预算单位)?(?:编码|代码)[:：]?\s*\d+）")


# the polite words a question may open with (请问, 麻烦查一下, 我想知道, 比较一下): they name nothing
_LEAD_ASK_RE = re.compile(r"^(?:请问一下|请问|麻烦(?:你|您)?(?:问一下|查一下|查查|查)?|我想(?:知道|了解|问一下|问下|问|查一下|查)|想知道|"
                          r"(?:我?想|我)问(?:一)?下|"
                          r"(?:请|麻烦)?(?:帮我|帮忙|替我)(?:查一下|查查|查|看一下|看看|看)(?:一下)?|查一下|查查|问一下|"
                          r"(?:请|帮我)?(?:比较|对比|比)一下)[，,：:]?")
# a lead clause of context (听说这些数字都公开了，/ 我在写稿，/ 另外，/ 你好，) that names no body, year,
# figure, unit or measure: not what is asked
_LEAD_CLAUSE_RE = re.compile(r"^((?:听说|据说|据了解|我在|我正在|我们在|最近|另外|顺便|还有|对了|那么|你好|您好|想问|问个|有个问题)"
                             r"[^，,：:；;。？?！!“”\"]{0,14})[，,：:]")
_CLAUSE_NAMES_RE = re.compile(r"\d|[〇零一二三四五六七八九十百千万亿]|年|元|计|按|[局委办院厅署部室队所站馆校处会学]|中心|街道|政府|"
                              r"单位|费|支出|收入|经费|资金|采购|拨款|预算|决算|三公|公车|出国|接待|工资|补助|补贴|结转|结余|合计|"
                              r"总计|本级|汇总|为什么|为何|为啥|原因|哪|谁|最|比|吗|呢")
# 我在看X的2026年部门预算，… / 我看X预算里…: the reader's own reading, said before the filing it
# names — the filing stays, the reading names nothing (我看到 / 我看了 say something else)
# (我在查 / 正在翻 / 在读 alike: 我在看深圳公安局（本级）的2026年部门预算，项目支出…)
_READING_LEAD_RE = re.compile(r"^(?:我(?:正|们)?在|正在|在|我)(?:看|查|翻|读)(?![到了见过来完])(?=[\u4e00-\u9fff])")
# 有几万元 / 有几元 / 是几亿元: the amount asked as 多少, never a count of a few (几 before a unit of money)
_FEW_MONEY_RE = re.compile(r"(?<=[有是为])几(?=(?:千|万|亿)?元|个?亿|万(?![\u4e00-\u9fff]))")
# 在职工基本医疗保险缴费上安排了 / 在差旅费上花了: the line the amount is spent on, said with 在…上
# (在职人员经费 is a line's own name, its 在 no preposition)
_SPENT_ON_RE = re.compile(r"在((?!职人员|职人数)[\u4e00-\u9fff（）()]{2,24}?(?:费|支出|经费|资金|保险|公积金|补贴|补助))上"
                          r"(?=安排|花|用|支出|投入|列支|拨)")
# a year written with two digits (25年, 2024到25年, 从21年到23年): 20xx, never a span of years (近10年, 10年来)
_SHORT_YEAR_RE = re.compile(r"(?<![\d.０-９〇零一二三四五六七八九十百千几多近前后第每连续满共去这过超达约逾])(?<!\d,)([1-3]\d)"
                            r"(?=\s*年(?!来|间|内|以来|以上|以内|期|半|左右))")
# the asking verbs of an amount said otherwise (达到多少 / 列了多少 / 列支多少 → 是多少 / 安排了多少),
# and the unit asked with its 元 left off (多少亿 / 多少万 → 多少亿元 / 多少万元)
_PLAIN_ASK = ((re.compile(r"(?:达到了?|折合(?:成|为)?|约合|合)(?=多少)"), "是"),
              (re.compile(r"(?:列(?:支了?|了)|编列了?|申请了?|申报了?|拨付了?)(?=多少)"), "安排了"),
              (re.compile(r"多少个?(亿|万)(?![元\u4e00-\u9fff])"), r"多少\1元"),
              # 打算买多少钱的固定资产: the assets 拟购置 (as printed) with the amount asked after them
              (re.compile(r"(?:打算|计划|准备|要)(?:买|购买|购置|新购)(多少(?:钱|万元|亿元|元)?)的?固定资产"), r"拟购置固定资产\1"),
              (re.compile(r"(?:打算|计划|准备)(?=购置|购买|新购|采购)"), "拟"),  # 打算购置的固定资产: 拟购置, as printed
              # 多少台（件、套）/ 几台（套）: the count's printed aside, no part of the measure
              (re.compile(r"((?:多少|几)(?:台|套|件|辆))[（(][件套台、，,]{1,5}[）)]"), r"\1"),
              # 涉及几个一级预算项目？/ 编报了多少个绩效目标？: the count's words after what it counts, as
              # filings print a count (涉及一级预算项目11个) — never 哪几个 / 几个百分点 / 几个亿
              (re.compile(r"(?<![哪这那每])(几|多少)(个|项)(?![亿万千百]|百分点)([\u4e00-\u9fff]{2,12}?)(?=[？?]|$)"),
               r"\3有\1\2"),
              # 今年（2026年）/ 去年（2025年）: the year said both ways, once
              (re.compile(r"(?:今年|去年|上年|上一年|本年|当年)[（(](20\d\d年)[）)]"), r"\1"),
              # X局（2026年预算公开）/ …？（2026年部门预算）: the filing named in brackets, read as words
              (re.compile(r"[（(](20\d\d年)((?:部门|单位)?(?:预算|决算))(?:公开)?(?:中|里)?[）)]"), r"\1\2"))


_AS_PERCENT_RE = re.compile(r"((?:几成|比例|比重|占比|百分之几|百分之多少|百分比|[%％])[^？?]{0,6}[？?])\s*(?:请|麻烦)?"
                            r"(?:给我|给出|给|用|以|按|换算成|折算成|说个|说)?(?:百分比|百分数)(?:表示|回答|来?说|给出|给)?"
                            r"(?:就行|即可|就好)?[。.！!]?$")


# …涨了百分之几？按印出来的金额算。/ …百分之多少（按金额自己算）？: how to reach the figure, said
# after what is asked — the change is computed from printed amounts anyway; no words of the measure
# (…增长率是多少？按印出的金额算，保留两位小数。/ 按印出来的金额算到两位小数 / 用印出的金额重算: the
# precision asked with it is the answer's own, two decimals)
_HOW_COMPUTED_RE = re.compile(r"[，,。]?\s*[（(]?(?:请)?(?:(?:按|用|根据|依据?)照?(?:印出来?的|印的|文件(?:里|中)?的|表(?:里|中)?的|"
                              r"两年的)?(?:金额|数字|数额|数)(?:自己)?|自己)(?:来)?(?:重新|重)?(?:算|计算|推算|核算)(?:一下)?"
                              r"(?:[，,]?(?:保留|精确)?到?(?:两|2)位小数)?[）)]?"
                              r"(?=[。.！!？?]?$|[？?])[。.！!]?")
# 按印出来的金额算，无锡发改委…增幅是多少？: the same said before the question
_HOW_COMPUTED_LEAD_RE = re.compile(r"^(?:请)?(?:按|用|根据|依据?)照?(?:印出来?的|印的|文件(?:里|中)?的|表(?:里|中)?的)"
                                   r"(?:金额|数字|数额|数)(?:来)?(?:重新|重)?(?:算|计算)(?:一下)?[，,：:]")


# a lay phrase glossed with the printed line in brackets (人头费（在职人员经费）, 给退休人员（行政单位离退休）,
# 委托别人办事（委托业务）, 买电脑等办公设备（办公设备购置）): the bracket names the line, the words
# before it are the reporter's; a bracket of a line's level (（款）), a body's (（本级）) or an alias
# of a body (（上海市财政科学研究所）) names no line and stays
_LAY_GLOSS_RE = re.compile(r"((?:(?![年的里中和与及、比跟较同，,：:（）“”《》])[\u4e00-\u9fff]){2,12})"
                           r"（([\u4e00-\u9fff]{1,16}?(?:费|经费|费用|支出|收入|离退休|业务|维护|维修|购置|医疗|缴费|保险|公积金|"
                           r"补贴|补助))）")
# (办 ends a body's short name — 政府办 — but not 办公设备 / 办事)
_BODY_END_RE = re.compile(r"[局委院厅署心队所站馆部处府会校]|办(?![公事理])")


def _lay_gloss(m: re.Match) -> str:
    lay, line = m.group(1), m.group(2)
    ends = [e.end() for e in _BODY_END_RE.finditer(lay) if e.end() >= 3]  # a body's name is 3 or more (卫健委)
    keep = lay[:ends[-1]] if ends else ""  # 广州市卫健委给退休人员（…）: the body before the phrase stays
    return keep + line


# what reporters call a line that filings print under one name only (a lay word maps only where
# no other printed line could be meant):
# 收入总盘子 → 收入总计; 开会 → 会议费 (30215); 出差 → 差旅费 (30211); 工会 → 工会经费 (30228; 总工会 is a
# body); 职工养老保险 / 给职工交养老保险 → 机关事业单位基本养老保险缴费 (30108, 2080505 — an enterprise's
# 企业职工基本养老保险 is a fund's line and stays); 行政单位职工看病医保 → 行政单位医疗 (2101101); 办公用品 →
# 办公费 (30201; a procurement table's 纸制文具及办公用品 and 办公用品采购 stay); 维修维护 → 维修（护）费 (30213)
_LAY_WORDS = ((re.compile(r"(收入|支出)总盘子"), r"\1总计"),
              (re.compile(r"(?<!召)开会(?!议)(?:的钱|的费用|费用|的花费|的开支|经费|费)?"), "会议费"),
              (re.compile(r"出差(?:的钱|的费用|费用|的花费|的开支|经费|费)?"), "差旅费"),
              (re.compile(r"(?<![总市省区县])工会(?:费)?(?!经费|会费|组织|主席|委员)"), "工会经费"),
              (re.compile(r"(?<!企业)(?:给)?(?:职工|员工)(?:交|缴|缴纳)?的?(?:基本)?养老保险(?:缴费|费)?"), "机关事业单位基本养老保险缴费"),
              (re.compile(r"(行政|事业)单位(?:职工)?(?:看病医保|看病|医保)(?:的钱|费用)?"), r"\1单位医疗"),
              # 维修维护 (修修补补（维修维护）): the line printed 维修（护）费 (30213)
              (re.compile(r"维修维护(?:费用|费)?"), "维修（护）费"),
              (re.compile(r"(?<![及和与、])办公用品(?:费用|费|的钱)?(?!采购|购置)"), "办公费"))

# 职工养老保险这块，上海市…2026年预算是多少元？/ 一般公共预算财政拨款支出，重庆经信委2026年跟上年比变了
# 百分之多少？: the measure said first, then the body and year — read in the usual order (body, year,
# measure, after the filing said in brackets: 2017年（部门预算说明）); a lead naming a body
# (广州市财政局，2026年…) is no measure and stays
_FRONTED_RE = re.compile(r"^((?:(?![，,。？?！!：:；;])[^\d])(?:(?![，,。？?！!：:；;])[^\d]){1,23}?)(?:这一?块|这部分|这一?项|方面)?[，,]"
                         r"((?:(?![，,。？?！!：:；;])[^\d]){2,30}?20\d\d年(?:（[^（）]{2,12}）)?)")


def _fronted(m: re.Match) -> str:
    measure, body = m.group(1), m.group(2)
    if _BODY_END_RE.search(measure[-1]) or re.search(r"[里中内]$|^(?:另外|还有|对了|那么|那|其中|顺便)", measure) \
            or not _BODY_END_RE.search(body) or "比" in measure or asks_why(m.string) or "为啥" in m.string:
        # (…这一项，江苏政协办公厅2017年（部门预算说明）为啥涨了？: a reason is read from the words as said)
        return m.group(0)
    return body + measure


def plain_asking(text: str) -> str:
    """The question in the words every reading path expects, its meaning unchanged: a polite or
    context lead dropped (请问 / 我想知道 / 帮我查一下，/ 听说这些数字都公开了，), a year written with
    two digits or 年度 as 20xx年 (25年 → 2025年, 2018年度 → 2018年), 达到 / 折合多少 as 是多少,
    列了 / 申请了多少 as 安排了多少, 多少（个）亿 / 多少万 as 多少亿元 / 多少万元, 多少台（套） as 多少台,
    涉及几个项目 as 涉及项目有几个,
    今年（2026年） as 2026年, a filing named in brackets (（2026年部门预算）) as words, how to
    compute it (按印出来的金额算) dropped.

    >>> plain_asking("听说这些数字都公开了，广州市司法局25年度机关运行经费达到多少亿？")
    '广州市司法局2025年机关运行经费是多少亿元？'
    >>> plain_asking("万里街道机关运行经费2024到25年变化多少万元？")
    '万里街道机关运行经费2024到2025年变化多少万元？'
    >>> plain_asking("烟台住建局上一年(二〇二五年)的委托业务费,25年,是多少")
    '烟台住建局2025年的委托业务费,2025年,是多少'
    >>> plain_asking("福利院：年金缴费，24年预算比23年多了多少？")
    '福利院：年金缴费，2024年预算比2023年多了多少？'
    >>> plain_asking("烟台自然资源和规划局（2026年预算公开）有几台（件、套）单价100万元以上的设备？")
    '烟台自然资源和规划局2026年预算有几台单价100万元以上的设备？'
    >>> plain_asking("重庆科技局今年（2026年）项目支出有多少个亿？")
    '重庆科技局2026年项目支出有多少亿元？'
    >>> plain_asking("烟台工信局2026年绩效目标管理涉及几个一级预算项目？")
    '烟台工信局2026年绩效目标管理涉及一级预算项目有几个？'
    >>> plain_asking("无锡水利局2026年三公经费里，招待费占了几成？给我百分比。")
    '无锡水利局2026年三公经费里，招待费占了几成？'
    >>> plain_asking("西安统计局职业年金缴费支出较上年增长了百分之多少（按金额自己算）？")
    '西安统计局职业年金缴费支出较上年增长了百分之多少？'
    >>> plain_asking("西安市气象局近10年来，经费为啥涨了？")
    '西安市气象局近10年来，经费为啥涨了？'
    """
    t = text.strip()
    for _ in range(2):  # 请问，听说…，
        t = _LEAD_ASK_RE.sub("", t)
        t = _READING_LEAD_RE.sub("", t)
        m = _LEAD_CLAUSE_RE.match(t)
        if m and not _CLAUSE_NAMES_RE.search(m.group(1)) and len(t) > m.end() + 4:
            t = t[m.end():]
        t = re.sub(r"^(?:听说|据说|据悉|据了解)[，,]?(?=[\u4e00-\u9fff\d])", "", t)  # hearsay, not what is asked
    # 把深圳市财政局2026年政府采购的货物和服务合起来: the object marker before what is summed, no
    # measure word (no printed line starts with 把)
    t = re.sub(r"^(?:请|麻烦|帮我)?把(?=[\u4e00-\u9fff])", "", t)
    t = _CN_YEAR_RE.sub(lambda m: m.group(1).translate(_CN_DIGITS), t)
    # …占了几成？给我百分比。/ 用百分比回答: the form of an answer the question already asks in % —
    # said after the question, it is read as no words of its own (its 百分比 would end the whole)
    t = _AS_PERCENT_RE.sub(r"\1", t)
    t = _HOW_COMPUTED_RE.sub("", t)
    t = _HOW_COMPUTED_LEAD_RE.sub("", t)
    t = _FEW_MONEY_RE.sub("多少", t)
    t = _SPENT_ON_RE.sub(r"\1", t)
    t = _SHORT_YEAR_RE.sub(r"20\1", t)
    t = re.sub(r"(?<![\d.])(20\d\d)年度", r"\1年", t)
    for pattern, plain in _PLAIN_ASK:
        t = pattern.sub(plain, t)
    return t


def lone_sum(cq: str, joined: Iterable[str] = ()) -> bool:
    """A sum asked of one measure alone (流溪河流域管理中心收入加起来是多少, “三公”经费一共多少):
    no second operand is listed (no 和 / 与 / 及 / 、 / 加 once the sum words are out), so the
    question asks that measure's own total, a lookup. ``joined``: printed names holding a 和 / 及
    (灾害防治及应急管理): one measure, not two.

    >>> lone_sum("收入加起来是多少"), lone_sum("会议费和培训费加起来是多少")
    (True, False)
    >>> lone_sum("灾害防治及应急管理支出合计多少", ["灾害防治及应急管理"])
    True
    """
    t = _PUNCT_Q_RE.sub("", cq)
    for name in sorted(joined, key=len, reverse=True):
        t = t.replace(name, "〓")
    for w in (*_SUM, *_SUM_WEAK):
        t = t.replace(w, " ")
    return not re.search(r"[和与及、加跟同]|以及|[两二三四五六七八九十几]项|[两三四五六七八九十几]者", t)


def as_asked(text: str) -> str:
    """Names in the words a rewritten question uses (``SYNONYMS``): 公车 → 公务用车, 购置及运行费
    → 购置及运行维护费; a filing's sentence read so compares with a rewritten question's measure."""
    for a, b in SYNONYMS:
        text = text.replace(a, b)
    return text


def plain_gloss(text: str) -> str:
    """A colloquial phrase glossed with the printed name in brackets, as that name:
    买公车的钱（公务用车购置费） / 买公车（公务用车购置费） → 公务用车购置费."""
    return _GLOSS_RE.sub(r"\1", text)


_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# 组织事务、宣传事务、统战事务三个一般行政管理事务: a list, as many items as it says, then what each is of
_EACH_OF_RE = re.compile(r"([\u4e00-\u9fff]{2,12}(?:[、和与及][\u4e00-\u9fff]{2,12}){1,9})"
                         r"([两二三四五六七八九十])(?:个|项)的?"
                         r"(?!合计|一共|总共|共计|加|之和|总和|多少|是|为|有|共|合起来|分别|各|占|比|相差|差|部门|单位|机构|家)"
                         r"((?:(?!多少|加)[\u4e00-\u9fff]){2,20}?)"
                         r"(?=加起来|加在一起|加一块|加到一起|加一起|合在一起|合起来|合计|一共|总共|共计|之和|的?总和|相加|加总|"
                         r"分别|各|[是为有共的，,？?]|$)")


def each_of(t: str) -> str:
    """A list of as many names as its count says, and the line each is of, said once after it:
    each name with that line (组织事务、宣传事务、统战事务三个一般行政管理事务 → 组织事务一般行政管理事务、
    宣传事务一般行政管理事务、统战事务一般行政管理事务); the words before the list (…预算里) stay.

    >>> each_of("预算里组织事务、宣传事务两个一般行政管理事务加起来")
    '预算里组织事务一般行政管理事务、宣传事务一般行政管理事务加起来'
    >>> each_of("会议费和培训费加起来"), each_of("行政单位医疗、事业单位医疗和公务员医疗补助三项合计多少")[:6]
    ('会议费和培训费加起来', '行政单位医疗')
    """
    def one(m):
        head = m.group(1)
        cut = max(head.rfind(c) for c in "里中的年")
        lead, listed = (head[:cut + 1], head[cut + 1:]) if cut >= 0 else ("", head)
        items = re.split(r"[、和与及]", listed)
        if len(items) != _COUNT[m.group(2)] or any(len(i) < 2 for i in items):
            return m.group(0)
        return lead + "、".join(i + m.group(3) for i in items)
    return _EACH_OF_RE.sub(one, t)


def rewrite(text: str) -> str:
    t = plain_asking(fold(text))
    t = t.replace("(", "（").replace(")", "）")
    t = _CN_YEAR_RE.sub(lambda m: m.group(1).translate(_CN_DIGITS), t)
    t = _CODE_NOTE_RE.sub("", _NAMED_ITEM_RE.sub(r"\1", _GLOSS_RE.sub(r"\1", t)))
    # 部门综合预算 (西安's filings' title for their 部门预算) said as where to look (…里，工信局、…
    # 谁的车最多): no measure — never the 收支总表's row 一、部门预算
    t = re.sub(r"(?:部门|单位)综合(?:预算|决算)(?:里|中|内|的|[，,])", "", t)
    # （部门预算说明）: which of a body's two publications (the one with its narrative), no measure
    t = re.sub(r"[（(](?:部门|单位)?(?:预算|决算)?说明[)）]", "", t)
    # 绩效目标所涉 / 所涉及的 / 涉及的项目预算资金 / 编报绩效目标的项目所涉: what filings print as
    # 编报绩效目标涉及项目预算资金 once its count is read apart (index.facts)
    t = re.sub(r"(?:的项目)?(?:所涉及?|涉及)的?(?=[\u4e00-\u9fff])", "涉及", t)
    # 基本养老保险缴费 / 职业年金: the lines filings print as 机关事业单位基本养老保险缴费 (30108,
    # 2080505) and 机关事业单位职业年金缴费 (30109, 2080506) — never an enterprise's or residents'
    t = _LAY_GLOSS_RE.sub(_lay_gloss, t)
    for lay, printed in _LAY_WORDS:
        t = lay.sub(printed, t)
    t = re.sub(r"(?<![业工民镇位])基本养老保险(?:缴费|费)", "机关事业单位基本养老保险缴费", t)
    t = re.sub(r"(?<!单位)职业年金(?:缴费)?", "机关事业单位职业年金缴费", t)
    # 工资福利支出里面，奖金 / 社会福利支出里，殡葬这一块占: 里面 says 里; 这一块 / 这部分 point back
    # at the line just named, they name nothing
    t = re.sub(r"里面|里头", "里", t)
    # 土地出让收入 / 土地出让金: the fund filings print as 国有土地使用权出让收入 (its 安排的支出 a 款 of
    # 2120801…); 土地出让业务 is a line of its own
    t = re.sub(r"(?<!使用权)(?:国有)?土地出让(?:收入|金)", "国有土地使用权出让收入", t)
    t = _FUND_AFTER_RE.sub(r"\2的\1", t)
    t = re.sub(r"(?<=[\u4e00-\u9fff])(?:这|那)一?(?:块|部分)(?=[占的是有在呢，,？?])", "", t)
    t = _FRONTED_RE.sub(_fronted, t)
    # 甲和乙的委托业务费，前者比后者多出多少: the two named before, compared in their order
    t = re.sub(r"前者(?:比|较)后者(?:多出|多了|多|少了|少)(?=多少|几)", "相差", t)
    # 支出总计超出收入总计多少 / 人员支出较日常公用支出多出多少: a difference said as 比…多
    t = re.sub(r"(?:超出|超过)([^，。？?]{2,20}?)(多少)", r"比\1多\2", t)
    t = re.sub(r"较(?!上年|上一年|去年|20\d\d)([^，。？?]{2,20}?)多出", r"比\1多", t)
    # 甲局和乙局…，前者比后者多多少: the two bodies named before; the difference is between them
    t = re.sub(r"前者(?=比|较|与|和|跟)|(?<=比|较|与|和|跟)后者", "", t)
    # 单价100万元（含）以上的设备: the count filings print as 单价100万元以上设备N台（套）
    t = re.sub(r"（含）(?=以上)", "", t)
    t = re.sub(r"(?<=万元以上)的(?=设备)", "", t)
    t = re.sub(r"单位价值(?=\d)", "单价", t)  # 单位价值100万元以上的设备: the same line (index.facts.canon)
    # 计划买几辆车 / 买车最多: the cars a budget plans to buy (购置车辆N辆), not those it holds
    # (预算安排购置车辆3辆: 计划 / 打算 say 安排)
    t = re.sub(r"(?:计划|打算|准备|拟|安排)?(?:买|购买|新购|新买|购置)(?:几|多少)辆(?:公务用?车|公车|车辆|车)?",
               "安排购置车辆数是多少", t)
    t = re.sub(r"(?:计划|打算|准备|拟|安排)?(?:买|购买|新购|新买|购置)(?:公务用?车|公车|车辆|车)(?:的?数量|数)?(?=最多|最少)",
               "安排购置车辆数", t)
    # 买公车的钱 / 购车费用 / 购车经费: the 三公 line of cars bought; 养车的钱 / 公车运维费: of cars run
    # (买公车的预算是多少: the line's budget, 公务用车购置费的预算)
    t = re.sub(r"(?:买|购买|购置|新购|购)(?:公务用?车|公车|车辆|车)(?:的钱|的费用|费用|的花费|的开支|费|的?经费|的?支出|(?=的?预算))",
               "公务用车购置费", t)
    # 公车（购置和运维）的钱 / 公车购置和运维费: the 三公 line of cars, named by both its parts
    # (公车购置和运行占几成: both parts said without 费 after the first, one line — 公车购置费和运行费
    # names two; 公务用车购置和运行维护费, a name some filings print with 和, stays as said)
    t = re.sub(r"(?:(?:公务用?车|公车)(?:[（(]购置(?:和|及|与|、)(?:运维|运行(?:维护)?)[)）]|购置(?:和|及|与|、)(?:运维|运行(?!维护)))|"
               r"公车购置(?:和|及|与|、)运行维护)"
               r"(?!(?:的钱|的费用|费用|钱|费|经费)?(?:分别|各))(?:的钱|的费用|费用|钱|费|经费)?", "公务用车购置及运行维护费", t)
    t = re.sub(r"(?:养|运行|运维)(?:公务用?车|公车|车)(?:的钱|的费用|费用|的花费|的开支|费)|(?:公务用?车|公车)(?:运维|运行)(?:费用|费)?"
               r"(?!维护|及|和|、|保障)", "公务用车运行维护费", t)
    if not _CAR_KIND_RE.search(t):  # 有多少辆业务用车: the count of one kind, printed under its own words
        # 谁的车最多 / 哪家车辆最少: a ranking of the cars held, by their count
        t = re.sub(r"(?<=[的家个])(?:公务用车|公务车|公车|车辆|车)(?:的?数量|数)?(?=最多|最少)", "公务用车车辆数", t)
        t = _CARS_RE.sub(lambda m: (m.group(1) or "") + "公务用车车辆数", t)  # 多多少辆车: 多少 stays (a difference)
    t = _CAR_RE.sub("公务用车购置及运行维护费", t)
    # 公车费用 / 公车经费 with anything after (比出国费多多少): the same line, its name said whole
    t = re.sub(r"(?<!辆)公车(?:费用|经费|支出)(?!购置|运行|运维)", "公务用车购置及运行维护费", t)
    # 出国（境）的钱 / 出国的钱 / 出国（境）占几成: the 三公 line 因公出国（境）费
    # (三公经费里出国占多少 / 其中出国的呢 / 出国又是多少 / 出国比公车多多少: 出国 alone, asked as an
    # amount, is that line; listed with the others (出国、接待、公车几项) it stays a word for the check to read)
    t = re.sub(r"(?<!因公)出国（境）(?:费用|经费|费|的钱)?|(?<!因公)出国(?:费用|经费|的钱)|"
               r"(?<![因、])出国的?(?=呢|又|占|是多少|有多少|多少|花了|比|较|[？?，,]|$)", "因公出国（境）费", t)
    # 各项支出决算总计: the line's name (支出总计) with the kind of filing after it (a budget's
    # narrative prints 支出预算合计 as one name, which stays)
    t = re.sub(r"(收入|支出)决算(总计|总额)", r"\1\2决算", t)
    t = as_asked(each_of(t))
    # 预算支出要花多少钱 / 支出预算要花多少钱: the verb read as 支出 after a line already named by its
    # 支出 says it once (预算支出支出多少钱 → 预算支出多少钱), so the line is still read whole
    t = re.sub(r"支出((?:预算)?)支出(?=多少|是多少|有多少)", r"支出\1", t)
    # 三公、会议费和培训费: 三公 listed bare before other lines is the line 三公经费 (its name cut
    # short, it would run into the next once the list's 、 is read away: 三公会议费)
    t = re.sub(r"(?<![\u4e00-\u9fff])三公(?=[、和与及跟])|(?<=[年的里中，,])三公(?=[、和与及跟])", "三公经费", t)
    t = re.sub(r"([\u4e00-\u9fff]{2,})（\1）", r"\1", t)  # 请客吃饭（招待费） → 公务接待费（公务接待费） → once
    # 深圳交警局（公安局交通管理局本级） → 深圳公安局交通管理局（公安局交通管理局本级）: the body said
    # twice, once with 本级 — once, with it (深圳公安局交通管理局（本级）)
    t = re.sub(r"([\u4e00-\u9fff]{2,})（\1本级）", r"\1（本级）", t)
    # 防汛（项）支出: the 项 line 防汛 and its spending, as tables print it (防汛 〔2130314〕) — the mark
    # is no body's name before 支出 (…局支出 is its 支出总计)
    t = re.sub(r"(?<=[\u4e00-\u9fff])（(?:类|款|项)）(?=支出)", "", t)
    share = any(w in re.sub(r"比(?=重庆)", "比 ", t) for w in _SHARE) or "占" in t
    t = _TOTAL_RE.sub(lambda m: m.group(0) if m.group(0).endswith("总计") or (
        t[m.end():m.end() + 1] in "中里" and not share) else m.group(1) + "总计", t)
    # 本年支出预算比上年少了多少: the line filings print as 本年支出合计 (a narrative's 本年支出预算)
    t = re.sub(r"(?<![上下])本年(收入|支出)(?:预算|决算)?(?=比|较|与|和|是|为|有|多少|一共|共|中|里|占|[？?，,]|$)",
               r"本年\1合计", t)
    return t


def asked_unit(text: str, operation: str) -> str:
    t = re.sub(r"\s+", "", text)
    if operation in ("share", "change_pct") or operation == "ranking" and re.search(
            r"占比|占[^，。？]{0,16}(?:比例|比重|百分)", t):
        return "%"  # (基本支出占比最高的是哪家: the shares ranked)
    if operation == "lookup" and re.search(r"执行率|完成率|百分之|百分比|比例|%|％", t):
        return "%"
    if re.search(r"(?:几|多少)(?:台|套)", t) or ("以上设备" in t and not re.search(
            r"以上设备[^，。？?]*(?:金额|资金|费|价值|多少万元|多少钱|多少元)", t)):
        return "台"  # 单价100万元以上的设备有几台 / 哪家最多: a count, whatever amount its words say
    # (…打算花多少钱？用元。/ 用元说 / 以元计 / 换成元: the unit asked, said after the question)
    if re.search(r"多少元|少元|几元|(?<![万亿])元[？?）)]|单位[:：]?元|(?<![万亿])元计|"
                 r"(?:用|以|按|换成|换算成|折合成?)元(?:说|计|表示|回答|来说)?(?:呢|是多少|多少|的话)?[。.！!？?]?$", t):
        return "元"
    if "亿元" in t or re.search(r"(?:几|多少)个?亿", t):  # 有多少个亿: 亿元 said short
        return "亿元"
    if "辆" in t or "车辆数" in t:
        return "辆"
    if re.search(r"平方米|面积", t):
        return "平方米"  # 房屋面积是多少: the area a filing states of its buildings (房屋36,047.27平方米)
    if re.search(r"多少人|几个人|几人|人数|多少名|几名|编制数|编制(?:是|有|为)?(?:几|多少)", t):
        return "人"
    if re.search(r"(?<![哪这那每])(?:几|多少)(?:个|项)(?![亿万千百月])", t):
        return "个"  # 涉及几个一级预算项目 / 有多少项: a count, never an amount (项目5个 is no 5万元)
    return "万元"


def operation_of(t: str, n_entities: int) -> str:
    # 委托业务费比重庆市水利局多多少: 比 before a place (重庆) is no 比重
    t = re.sub(r"比(?=重庆)", "比 ", t)
    if asks_why(t):
        return "why"
    if any(w in t for w in _CONSISTENCY) and ("吗" in t or "是否" in t or "？" in t):
        return "consistency"
    pct = any(w in t for w in _PCT)
    if n_entities > 1 and re.search(r"占[^，。？]{0,16}(?:最高|最低|最大|最小)", t) and not re.search(
            r"(?:各|分别|各自)(?:是|为|占)?多少", t):
        return "ranking"  # 四家，基本支出占比最高的是: a share ranked across the bodies named
    # (其中服务类占了多少钱: the amount, not its share)
    if (any(w in t for w in _SHARE) or re.search(r"占[^，。？]{0,12}(?:多少|几)|占[^，。？]{0,30}(?:百分之|百分比|几成)", t)
            or RATIO_RE.search(t) or of_whole(t)) and not re.search(r"占了?(?:多少|几)(?:钱|万元|元|亿元)", t):
        return "share"
    # 各是多少？先说是哪家的: each body's figure asked, 哪家 naming whose it is — no order asked
    each = re.search(r"(?:各|分别|各自)(?:是|为|有|安排了?)?多少", t) and not re.search(r"最|排名|排第|前[三五]", t)
    if any(w in t for w in _RANK) and n_entities != 1 and not each:
        return "ranking"
    if re.search(r"哪一?年", t) and any(w in t for w in _RANK):
        return "ranking"  # 三年里哪一年收入预算最高: one body's years
    # 工程比货物多花了多少 (花了 read as 支出): a difference as much as 多多少
    # 政府采购预算总额中，一般公共预算拨款以外的部分有多少: the whole less the part
    # 妇幼保健医院比中医（民族）医院多安排多少 / 大气这一项比水体多安排了多少: the verb between 多 and 多少
    diff = any(w in t for w in _DIFF) or bool(re.search(
        r"比.{1,16}?[多少](?:支出|花|用|安排|拨付?|投入|列支|计划|预算)了?多少", t)) or bool(
        re.search(r"[中里].{2,20}(?:以外|之外)的?(?:部分|金额|资金)?", t))
    if diff and not re.search(_BASE_RE, t):
        return "difference"
    if any(w in t for w in _CHANGE) or re.search(_BASE_RE, t):
        if re.search(r"(20\d\d).{0,20}(?:比|较|与|和|跟).{0,4}(20\d\d)", t) and any(w in t for w in _DIFF):
            return "difference"
        return "change_pct" if pct else "change"
    if any(w in t for w in _SUM) or (any(w in t for w in _SUM_WEAK) and re.search(r"[和与及、]", t)) or \
            re.search(r"(?:费|支出|收入)加(?!起|在|一|到|总)[\u4e00-\u9fff]{2,}", t):  # 会议费加培训费: a sum
        return "sum"
    return "lookup"


# the words of a question that ask the operation and never name a measure: 从2018年到2019年变动了,
# 多多少, 相差, 差额, 高出, 加起来, 加总, 合计, 涨了几成, 较上年增减, 占多大比例
_ASKING_ONLY_RE = re.compile(r"(?:加上|比|较|多|少|和|与|加|压减|压缩|削减|缩减|砍|减|占|增|长|变|化|动|相|差|额|之|几|成|百分|起来|在一起|合起来|合在一起|合起|"
                             r"一共|总共|加总|总和|总|共|从|到|涨|降|下|上升|升|高出|多出|出|高|低|幅度|幅|率|大|了|是|为|有|相对于?|相较于?|超出|超过|"
                             r"请|列示|列出|所述|增速|速|百分点|点|个|听说|据说|准确|确切|具体|精确|数字)+")


def only_asking(rest: str) -> bool:
    """Whether what a question names beyond the matched measure only asks the operation
    (从到变动 of 财政拨款支出从2018年到2019年变动了百分之几): no further measure is named.

    >>> only_asking("从到变动"), only_asking("加总"), only_asking("加上"), only_asking("驻京")
    (True, True, True, False)
    """
    return bool(_ASKING_ONLY_RE.fullmatch(rest))


def years_of(t: str, latest: int | None) -> tuple[list[int], bool]:
    years = [int(y) for y in _YEAR_RE.findall(t)]
    # 上年结转 / 上年实户资金余额 name a line of this year's table, not the year before
    prior = bool(re.search(r"(?<![比较与和同])(去年|上年|上一年)(?!度?(?:结转|结余|实户|余额|末))", t))
    if not years and latest is not None and any(w in t for w in ("今年", "本年", "当年")):
        years = [latest]
    if latest is not None:
        # 前年 / 大前年 / 明年 / 后年: counted from the latest year filed, as 今年 is — never that year
        rel = re.search(r"大前年|(?<!大)前年(?!度?(?:结转|结余))|明年|(?<![前以之])后年", t)
        if rel:
            years = list(dict.fromkeys([*years, latest + {"大前年": -3, "前年": -2, "明年": 1, "后年": 2}[rel.group(0)]]))
    return list(dict.fromkeys(years)), prior


# a fund's or a body's name that says 预算 (一般公共预算拨款支出, 预算单位): no budget figure asked
_FUND_NAME_RE = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|预算单位")


def without_funds(text: str) -> str:
    """The question less the funds' names, whose 预算 asks no budget figure: 广元市医保局2021年
    政府性基金预算拨款支出 asks what its final account spent."""
    return _FUND_NAME_RE.sub("", text)


def make_plan(text: str, n_entities: int = 1, latest: int | None = None) -> Plan:
    t = rewrite(text)
    plan = Plan(text=text, norm=t)
    plan.operation = operation_of(t, n_entities)
    plan.years, plan.prior = years_of(t, latest)
    base = re.search(r"(?:比|较|与|和|同)(20\d\d)年", t)
    if base and plan.operation in ("change", "change_pct", "difference") and plan.years == [int(base.group(1))]:
        # 比2025年多了多少？ names only the year it starts from: the year asked is the filing's
        # (or, in a conversation, the previous turn's)
        plan.base_year, plan.years = int(base.group(1)), []
    plan.unit = asked_unit(t, plan.operation)
    # the kind as the question says it: the rewrites fold 本年收入预算 / 支出预算 (决算) into the
    # printed line (本年收入合计, 支出总计), and their 预算 still asks the budget, not that year's 决算
    said = plain_asking(fold(text))
    if "决算" in t or "决算" in said or "实际支出" in t or "实际花" in t:
        plan.final = True
    elif "预算" in without_funds(t) or "预算" in without_funds(said):
        plan.final = False
    if "单位预算" in t or "单位决算" in t or "本级" in t:
        plan.scope = "单位"
    elif "部门预算" in t or "部门决算" in t:
        plan.scope = "部门"
    # (哪个最小 / 政府采购预算哪个最小: the lowest, as 最少 — 最大 is the 最多 a ranking reads by default)
    plan.lowest = any(w in t for w in ("最少", "最低", "最小"))
    return plan


# a question asking the size of a fall (下降了几成, 减少了百分之多少, 降幅, 少了几个百分比; 减了 / 降了 /
# 砍了 / 压缩了 / 少花了多少): not 增减 / 变化, which ask the signed change
_ASKS_FALL_RE = re.compile(r"(?:下降|减少|降低|缩减|压减|压缩|削减|下调|缩水|减|降|砍|少)了?(?:花了?|支出了?|安排了?)?"
                           r"(?:几成|百分之|多少|幅度|几个百分[点比]|百分比|%|％)|降幅|减幅")
_SIGNED_RE = re.compile(r"增减|变化|变动|多了还是少了|增长|增加|涨")


def asks_fall(plan: Plan) -> bool:
    """Whether the question asks the size of a fall (比上年减了多少万元, 砍了百分之几), not the
    signed change (增减了多少, 变化了多少).

    >>> asks_fall(make_plan("2026年广州发改委的支出预算比上年减了多少万元？"))
    True
    >>> asks_fall(make_plan("万里街道2025年公务接待费比上年增减了多少？"))
    False
    """
    return bool(_ASKS_FALL_RE.search(plan.norm)) and not _SIGNED_RE.search(plan.norm)


# 差多少 / 相差多少 / 差距多大: the size of the gap between the two years, whichever is larger
_ASKS_GAP_RE = re.compile(r"(?<![增减])(?:相?差了?(?:多少|几|距)|差距)")


def asks_gap(plan: Plan) -> bool:
    """Whether a change is asked as a gap (跟去年比呢，差多少？): its size, the direction said in words.

    >>> asks_gap(make_plan("人大监督（项）跟去年比差多少？"))
    True
    >>> asks_gap(make_plan("人大监督（项）比上年增减了多少？"))
    False
    """
    return bool(_ASKS_GAP_RE.search(plan.norm)) and not _SIGNED_RE.search(plan.norm)


def decrease_size(answer, plan: Plan):
    """A fall asked as a fall is answered by its size: 机关运行经费比2017年下降了几成 with
    (1,115.85 − 3,348.98) ÷ 3,348.98 = −66.68% → 66.68 (下降 66.68%). A rise asked as a fall
    keeps its sign and says so (并非下降，而是增长 12.11%)."""
    if plan.operation != "change_pct" or answer.value is None or answer.kind != "compare":
        return answer
    if not asks_fall(plan):
        return answer
    v = answer.value
    if v < 0:
        return answer.model_copy(update={"value": -v, "answer": answer.answer + f"即下降 {-v:.2f}%。"})
    return answer.model_copy(update={"answer": answer.answer + f"并非下降，而是增长 {v:.2f}%。"})
