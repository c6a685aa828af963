from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from accounts.http import Request
from portal.selectors import home_scope_summaries


@login_required
def home(request: Request) -> HttpResponse:
    return render(request, "portal/home.html", {"summaries": home_scope_summaries(request.user)})
