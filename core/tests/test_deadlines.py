"""How a deadline reads: the date in Vietnamese format and the days left by Hanoi's
calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from core.deadlines import deadline_status
from testing.clock import hanoi


@pytest.mark.parametrize(("today", "days", "text"), [
    (date(2026, 11, 20), 10, "30/11/2026 (còn 10 ngày)"),
    (date(2026, 11, 29), 1, "30/11/2026 (còn 1 ngày)"),
    (date(2026, 11, 30), 0, "30/11/2026 (hôm nay là hạn cuối)"),
    (date(2026, 12, 1), -1, "30/11/2026 (đã qua hạn)"),
    (date(2027, 6, 1), -183, "30/11/2026 (đã qua hạn)"),
])
def test_it_counts_the_days_left_to_a_deadline(today, days, text):
    status = deadline_status(date(2026, 11, 30), today)
    assert status.days_left == days
    assert status.passed is (days < 0)
    assert str(status) == text


def test_it_counts_across_a_leap_day():
    assert deadline_status(date(2028, 3, 1), date(2028, 2, 28)).days_left == 2
    assert deadline_status(date(2027, 3, 1), date(2027, 2, 28)).days_left == 1


@pytest.mark.parametrize(("now", "shown"), [
    (datetime(2026, 11, 30, 16, 59, tzinfo=UTC), "hôm nay là hạn cuối"),  # 23:59 in Hanoi
    (datetime(2026, 11, 30, 17, 0, tzinfo=UTC), "đã qua hạn"),  # 00:00 on 1/12 in Hanoi
    (hanoi(2026, 11, 29, 0, 1), "còn 1 ngày"),
])
def test_it_reads_today_on_hanois_calendar_not_utcs(time_machine, now, shown):
    time_machine.move_to(now)
    html = Template("{% load deadlines %}{% deadline day %}").render(
        Context({"day": date(2026, 11, 30)}))
    assert shown in html
    assert '<time datetime="2026-11-30">30/11/2026</time>' in html


@pytest.mark.parametrize("value", [None, "", "30/11/2026"])
def test_it_shows_a_dash_for_no_deadline(value):
    html = Template("{% load deadlines %}{% deadline day %}").render(Context({"day": value}))
    assert html == "—"
