"""The gate reads a measure naming two printed lines together by their first characters (水电费
of 水费 and 电费) as covered when both lines are cited."""

from __future__ import annotations

from budgetlens.qa.gate import _contracted


def test_a_measure_naming_two_cited_lines_together_is_covered():
    assert _contracted("水电费", "公开表6「水费（办公经费）」|公开表6「电费（办公经费）」")


def test_a_measure_whose_lines_are_not_both_cited_is_not():
    assert not _contracted("水电费", "公开表6「电费（办公经费）」")
    assert not _contracted("差旅费", "公开表6「差旅费」")
