"""The ground every operation stands on: a key, the permission layer, the audit context,
and the list shape (cursor pages, filters checked like a form)."""

from __future__ import annotations

import functools
import re
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import ApiToken, User
from api.pagination import Cursor
from audit.context import act_as
from audit.middleware import client_ip

_ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


@functools.cache
def documented_query_parameters() -> dict[tuple[str, str], frozenset[str]]:
    """(path as the description writes it, METHOD) → the query parameters it documents,
    read from the generated description itself, so the two cannot disagree."""
    from drf_spectacular.generators import SchemaGenerator

    document = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, method.upper()): frozenset(p["name"] for p in operation.get("parameters", [])
                                          if p.get("in") == "query")
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }


class ApiView(GenericAPIView):
    """Base of every operation. After the key is checked, the changes the operation makes
    are recorded as the key's user's, through this key."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if isinstance(request.auth, ApiToken):
            act_as(request.user, client_ip(request._request), request.auth.label)
        self._refuse_unknown_parameters(request)

    def _refuse_unknown_parameters(self, request: Request) -> None:
        # A misspelt filter (`?ward_id=` for `?ward=`) would otherwise return everything,
        # and the caller would never know its filter was ignored.
        route = request._request.resolver_match.route if request._request.resolver_match \
            else ""
        path = "/" + _ROUTE_PARAMETER.sub(r"{\1}", route)
        allowed = documented_query_parameters().get((path, request.method or "GET"))
        if allowed is None:
            return
        # `?kind=` is neither a kind nor no kind: the caller meant something; say so.
        empty = sorted(name for name, values in request.query_params.lists()
                       if name in allowed and any(v == "" for v in values))
        if empty:
            raise ValidationError({name: [_("The parameter is empty; give a value or leave "
                                            "the parameter out.")] for name in empty})
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            known = ", ".join(sorted(allowed)) or _("none")
            raise ValidationError({name or "?": [_(
                "This operation has no parameter “%(name)s”; its parameters are: %(known)s.")
                % {"name": name[:40], "known": known}] for name in unknown})

    def finalize_response(self, request: Request, response: Response, *args: Any,
                          **kwargs: Any) -> Response:
        # What a key reads is as private as a signed-in page: no cache keeps it.
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    @property
    def actor(self) -> User:
        """The key's user: every operation runs after KeyHolder has found one."""
        user = self.request.user
        assert isinstance(user, User)
        return user

    def filters(self, filter_class: type[serializers.Serializer]) -> dict[str, Any]:
        """The query string checked by `filter_class`; a wrong value is a 400 problem that
        names the parameter."""
        form = filter_class(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        return {k: v for k, v in form.validated_data.items() if v not in (None, "", [])}


class ApiListView(ListModelMixin, ApiView):
    """A long list, read by cursor. Subclasses give `serializer_class` and `get_queryset`
    (a scoped selector's queryset)."""

    pagination_class = Cursor

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)
