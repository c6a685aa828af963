"""Server-drawn charts: heights in proportion, gaps for missing values, five ticks from 0."""

from __future__ import annotations

from decimal import Decimal

from core.charts import bar_chart, line_chart


def test_it_draws_bars_in_proportion_to_their_values():
    chart = bar_chart("Số vụ", ["T1", "T2", "T3"], [Decimal(10), Decimal(5), None])
    tall, half, missing = chart.bars
    assert tall.height == 2 * half.height > 0
    assert (missing.height, missing.value) == (0, "–")
    assert [label for _x, label in chart.y_ticks] == ["0", "2.50", "5", "7.50", "10"]


def test_it_leaves_a_gap_in_a_line_for_a_missing_month():
    chart = line_chart("Tỷ lệ", ["T1", "T2", "T3"],
                       [("Phường", [Decimal(1), None, Decimal(3)])])
    assert len(chart.lines[0]["dots"]) == 2
    assert [value for _x, _y, value in chart.lines[0]["dots"]] == ["1", "3"]


def test_it_scales_an_all_zero_or_empty_chart_without_dividing_by_zero():
    assert bar_chart("x", ["a"], [Decimal(0)]).bars[0].height == 0
    assert line_chart("x", [], []).lines == []
