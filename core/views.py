from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.http import Request
from core.selectors import home_scope_summaries


@login_required
def home(request: Request) -> HttpResponse:
    return render(request, "core/home.html", {"summaries": home_scope_summaries(request.user)})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)
