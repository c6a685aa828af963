from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import Action, can
from audit.selectors import audit_entries


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.AUDIT_VIEW):
        raise PermissionDenied
    page = Paginator(audit_entries(actor=request.user), 100).get_page(request.GET.get("page"))
    return render(request, "audit/audit_list.html", {"page": page})
