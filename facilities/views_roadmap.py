"""The road to 2030: the city page that shows whether both targets will be met."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.http import Request
from facilities.models import HeadquartersRecord
from facilities.roadmap_selectors import projection_for


@login_required
@require_GET
def roadmap(request: Request) -> HttpResponse:
    result = projection_for(request.user, timezone.localdate())
    statuses = dict(HeadquartersRecord.Status.choices)
    return render(request, "facilities/roadmap.html", {
        "projection": result,
        "hq_off_track": [
            (entry, statuses.get(entry.status, _("No headquarters record")))
            for entry in result.hq_off_track
        ],
    })
