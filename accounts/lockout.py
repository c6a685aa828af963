"""Login lockout: wrong passwords lock one account *from one address*, for longer each time.

django-axes counts failures per (username, address) pair, so:
- an outsider who types five wrong passwords for `cap.hoankiem.truong` locks that name
  only from the outsider's own address; the chief still logs in from the office;
- a user's own typos at the office lock that user at the office, not the colleagues
  behind the same address (offices sit behind one NAT address).
The cool-off grows with every lockout of the same pair within a day: the configured
minutes (LOGIN_LOCKOUT_MINUTES, 15) the first time, twice that the second, and so on up
to a day, so a patient guesser gets ever fewer tries. Every failure is in the audit trail
(audit.signals) and axes' failure log; the administrator sees the locks on the user's page
and can lift them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

LONGEST = timedelta(hours=24)
MEMORY = timedelta(hours=24)  # lockouts older than this no longer lengthen the next one


def _base() -> timedelta:
    return timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def cool_off_for(username: str, ip_address: str | None, *, now: datetime | None = None
                 ) -> timedelta:
    """How long the pair stays locked: doubled for every earlier lockout within a day."""
    from axes.models import AccessFailureLog

    since = (now or timezone.now()) - MEMORY
    lockouts = AccessFailureLog.objects.filter(
        username=username, ip_address=ip_address, locked_out=True, attempt_time__gte=since,
    ).count()
    return min(_base() * 2 ** max(lockouts - 1, 0), LONGEST)


def login_cool_off(request: Any = None) -> timedelta:
    """AXES_COOLOFF_TIME: the cool-off of the pair this login request is for."""
    if request is None:
        return _base()
    username = ""
    credentials = getattr(request, "axes_credentials", None) or {}
    if isinstance(credentials, dict):
        username = str(credentials.get(settings.AXES_USERNAME_FORM_FIELD, "") or "")
    if not username and request.method == "POST":
        username = str(request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "") or "")
    return cool_off_for(username, getattr(request, "axes_ip_address", None))


@dataclass(frozen=True)
class Lock:
    ip_address: str | None
    until: datetime


def user_locks(username: str) -> list[Lock]:
    """The addresses this account is locked from now, and until when."""
    from axes.models import AccessAttempt

    now = timezone.now()
    locks = []
    for attempt in AccessAttempt.objects.filter(
            username=username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT):
        until = attempt.attempt_time + cool_off_for(username, attempt.ip_address, now=now)
        if until > now:
            locks.append(Lock(attempt.ip_address, until))
    return sorted(locks, key=lambda lock: lock.until)
