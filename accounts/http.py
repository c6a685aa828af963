"""Request types for views: what the middleware stack guarantees, spelled out for mypy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:
    from accounts.models import User


class Request(HttpRequest):
    """A request behind @login_required: the user is a real account, htmx is parsed."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
