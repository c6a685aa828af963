"""The demo loads, and its pages open, on every day of the programme's year.

`load_demo` reads today's date (this year's round, the consultation open or closed, the
reporting periods, the indicator months), so it is run with the clock frozen on each date
that matters: New Year's Day, a leap day, either side of the 6-monthly deadline (15/6),
the last day of the consultation (30/11) and the day after, either side of the yearly
deadline (15/12), New Year's Eve, and the midnights where Hanoi's date is not UTC's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from assessments.models import Assessment, RecognitionRound
from consultations.models import Campaign
from reports.models import ReportingPeriod
from testing.clients import login
from testing.clock import hanoi
from testing.crawl import walk

pytestmark = pytest.mark.django_db

# (name, the instant, the calendar date in Hanoi the rules must read at that instant)
DATES = [
    ("1-jan", hanoi(2027, 1, 1, 8), date(2027, 1, 1)),
    ("29-feb", hanoi(2028, 2, 29), date(2028, 2, 29)),
    ("14-jun", hanoi(2027, 6, 14), date(2027, 6, 14)),
    ("15-jun", hanoi(2027, 6, 15), date(2027, 6, 15)),
    ("16-jun", hanoi(2027, 6, 16), date(2027, 6, 16)),
    ("30-nov", hanoi(2027, 11, 30, 22), date(2027, 11, 30)),
    ("1-dec", hanoi(2027, 12, 1), date(2027, 12, 1)),
    ("15-dec", hanoi(2027, 12, 15), date(2027, 12, 15)),
    ("16-dec", hanoi(2027, 12, 16), date(2027, 12, 16)),
    ("31-dec", hanoi(2027, 12, 31, 20), date(2027, 12, 31)),
    # 16:59 UTC on 30 November is still 23:59 on 30 November in Hanoi …
    ("30-nov-23:59-hanoi", datetime(2027, 11, 30, 16, 59, tzinfo=UTC), date(2027, 11, 30)),
    # … 17:30 UTC on 30 November is already 1 December there, and 17:30 UTC on
    # 31 December already New Year's Day.
    ("1-dec-00:30-hanoi", datetime(2027, 11, 30, 17, 30, tzinfo=UTC), date(2027, 12, 1)),
    ("1-jan-00:30-hanoi", datetime(2027, 12, 31, 17, 30, tzinfo=UTC), date(2028, 1, 1)),
]
IDS = [name for name, _when, _day in DATES]
# Roles whose pages change most with the date; every role is walked in test_crawl.py.
WALKERS = ("dieuphoi", "cap.hoankiem.truong", "mttq.hoankiem", "baocao.sotuphap")


def _load(time_machine, when: datetime) -> str:
    time_machine.move_to(when, tick=False)
    out = StringIO()
    call_command("load_demo", "--province", "01", stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("name", "when", "today"), DATES, ids=IDS)
def test_it_loads_the_demo_and_opens_its_pages_on_the_day(client, time_machine, name, when,
                                                           today):
    printed = _load(time_machine, when)
    year = today.year

    assert "Demo logins" in printed
    round_ = RecognitionRound.objects.get(year=year)
    assert round_.registration_deadline >= today and round_.submission_deadline >= today
    assert Assessment.objects.filter(round=round_, state=Assessment.State.SUBMITTED).exists()
    assert set(ReportingPeriod.objects.filter(year=year).values_list("kind", flat=True)) == {
        ReportingPeriod.Kind.HALF_YEAR, ReportingPeriod.Kind.YEAR}

    campaign = Campaign.objects.get(year=year)
    if today <= date(year, 11, 30):
        assert campaign.is_open_on(today)
        url = printed.split("Residents' answer page (no login): http://127.0.0.1:8000")[1]
        page = client.get(url.split()[0])
        assert page.status_code == 200
        assert 'name="q-overall"' in page.content.decode()  # the form, not "closed"
        assert f"{campaign.closes_on:%d/%m/%Y}" in printed
    else:
        assert not campaign.is_open_on(today)
        assert "No demo consultation takes answers today" in printed
        assert "Residents' answer page" not in printed
        login(client, User.objects.get(username="mttq.hoankiem"))
        results = printed.split("Its results (log in as mttq.hoankiem): http://127.0.0.1:8000")
        page = client.get(results[1].split()[0])
        assert page.status_code == 200
        answered = campaign.tallies.filter(question__is_overall=True)
        total = sum(answered.values_list("count", flat=True))
        assert total > 0
        assert f'<span class="stat">{total}</span>' in page.content.decode()
        client.logout()

    for username in WALKERS:
        login(client, User.objects.get(username=username))
        seen, problems = walk(client)
        assert not problems, f"{username}: " + "\n".join(problems)
        assert sum(status == 200 for status in seen.values()) >= 5, (username, seen)
        client.logout()


def test_it_loads_the_demo_twice_on_the_same_day_without_change(time_machine):
    first_of_december = hanoi(2027, 12, 1)
    _load(time_machine, first_of_december)
    counts = (Campaign.objects.count(), Assessment.objects.count(),
              ReportingPeriod.objects.count())
    _load(time_machine, first_of_december)
    assert (Campaign.objects.count(), Assessment.objects.count(),
            ReportingPeriod.objects.count()) == counts
