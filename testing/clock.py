"""The suite's clock: every test runs at a known instant unless it moves the clock itself.

The programme's rules read today's date (consultations close on 30 November, reports are
due on 15/6 and 15/12, self-assessments have a submission deadline), so a suite that ran
on the machine's clock would pass in spring and fail in December. Tests therefore start at
SUITE_NOW, a day on which every stage of the programme year can be tried, and the clock
keeps ticking from there. A test about a date moves the clock with time-machine's
`time_machine` fixture (`time_machine.move_to(...)`), as the calendar tests do for each
date that matters.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

# Late November: the consultation still takes answers (until 30/11), dossiers can still be
# submitted (the factories' round closes on 10/12), the 6-monthly reports are in and the
# yearly ones are due on 15/12.
SUITE_NOW = datetime(2026, 11, 25, 9, 0, tzinfo=HANOI)


def hanoi(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """An instant on Hanoi's wall clock, for `time_machine.move_to`."""
    return datetime(year, month, day, hour, minute, tzinfo=HANOI)
