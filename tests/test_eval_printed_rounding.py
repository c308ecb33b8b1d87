"""The journalists' scorer reads a gold figure within the rounding it was printed with."""

from budgetlens.eval.journalists import judge_value
from budgetlens.schemas.answer import Answer


def _answer(value, unit="万元"):
    return Answer(question="q", answer=f"{value} {unit}", kind="lookup", value=value, unit=unit, citations=[])


def _lookup(value, quote, printed_unit="万元"):
    return {"kind": "lookup", "value": value, "unit": "万元", "printed_unit": printed_unit,
            "quote_contains": quote, "evidence": [{"text": f"科目{quote}万元"}]}


def test_a_figure_printed_without_decimals_stands_for_its_rounding():
    gold = _lookup(12789.0, "12,789")
    assert judge_value(_answer(12788.6849), gold, computed=False, files=[])[0] == "right"
    assert judge_value(_answer(12788.4), gold, computed=False, files=[])[0] == "wrong"


def test_a_figure_printed_with_decimals_keeps_the_strict_tolerance():
    gold = _lookup(12789.0, "12,789.00")
    assert judge_value(_answer(12788.68), gold, computed=False, files=[])[0] == "wrong"
    assert judge_value(_answer(12789.0), gold, computed=False, files=[])[0] == "right"


def test_a_print_in_another_unit_carries_its_rounding_into_the_unit_asked():
    # 2,245.09 万元 asked in 元 stands for 22,450,850-22,450,950 元: the exact 元 table's
    # 22,450,936 is the same figure, 22,451,000 is not
    gold = {"kind": "lookup", "value": 22450900.0, "unit": "元", "printed_unit": "万元",
            "quote_contains": "2,245.09", "evidence": [{"text": "一般行政管理事务2,245.09万元"}]}
    assert judge_value(_answer(22450936.0, unit="元"), gold, computed=False, files=[])[0] == "right"
    assert judge_value(_answer(22451000.0, unit="元"), gold, computed=False, files=[])[0] == "wrong"


def test_no_loosening_when_the_print_is_not_the_gold_or_not_quoted():
    # the quote prints 12,789 元, which is not the gold's 12,789 万元
    in_yuan = _lookup(12789.0, "12,789", printed_unit="元")
    assert judge_value(_answer(12788.7), in_yuan, computed=False, files=[])[0] == "wrong"
    unquoted = {"kind": "lookup", "value": 12789.0, "unit": "万元", "printed_unit": "万元"}
    assert judge_value(_answer(12788.7), unquoted, computed=False, files=[])[0] == "wrong"


def test_a_sum_of_rounded_operands_carries_each_ones_rounding():
    gold = {"kind": "sum", "value": 4403.0, "unit": "万元", "printed_unit": "万元",
            "operands": [{"value": 1756.0, "printed_unit": "万元"}, {"value": 467.0, "printed_unit": "万元"},
                         {"value": 2180.0, "printed_unit": "万元"}],
            "evidence": [{"text": "科目1,756万元"}, {"text": "科目467万元"}, {"text": "科目2,180万元"}]}
    assert judge_value(_answer(4402.83), gold, computed=True, files=[])[0] == "right"
    assert judge_value(_answer(4401.4), gold, computed=True, files=[])[0] == "wrong"
    share = {**gold, "kind": "share"}
    assert judge_value(_answer(4402.83), share, computed=True, files=[])[0] == "wrong"


def test_a_units_printed_aside_is_not_a_different_unit():
    gold = {"kind": "lookup", "value": 6.0, "unit": "台（件、套）", "printed_unit": "台（件、套）",
            "quote_contains": "设备6台"}
    assert judge_value(_answer(6.0, unit="台"), gold, computed=False, files=[])[0] == "right"
    assert judge_value(_answer(6.0, unit="辆"), gold, computed=False, files=[])[0] == "wrong"


def test_a_unit_mutation_carries_the_golds_rounding_into_the_unit_asked():
    from budgetlens.eval.mutate import Mutation, classify

    def asked_in_yuan(gold, rounding):
        return Mutation(qid="i048", part="dev", set="i", kind="unit", variant="元", question="…多少元？",
                        original="…多少万元？", expect="convert", gold=gold, gold_unit="万元", want=gold * 1e4,
                        computed=True, rounding=rounding)

    exact = Answer(question="q", answer="44,028,320 元", kind="value", value=44028320.0, unit="元", citations=[])
    # 1,756 + 467 + 2,180 万元, each printed whole: 4,403 万元 stands for 44,015,000-44,045,000 元
    assert classify(asked_in_yuan(4403.0, 1.5), exact)[0] == "right"
    # printed to the cent of a 万元, the same answer is another number
    assert classify(asked_in_yuan(4403.0, 0.0), exact)[0] == "wrong"
