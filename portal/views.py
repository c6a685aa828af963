from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.http import Request
from core.worklist import items_for
from portal.selectors import home_scope_summaries


@login_required
def home(request: Request) -> HttpResponse:
    """Each role's worklist (what is due, what waits for the user), then its scope cards."""
    today = timezone.localdate()
    return render(request, "portal/home.html", {
        "items": items_for(request.user, today), "today": today,
        "summaries": home_scope_summaries(request.user)})
