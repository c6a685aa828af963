"""The ground every operation stands on: a key, the permission layer, the audit context,
and the list shape (cursor pages, filters checked like a form)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.mixins import ListModelMixin
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import ApiToken, User
from api.contract import check_body, check_query, operation_path
from api.pagination import Cursor
from audit.context import act_as
from audit.middleware import client_ip


class ApiView(GenericAPIView):
    """Base of every operation. After the key is checked, the changes the operation makes
    are recorded as the key's user's, through this key."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if isinstance(request.auth, ApiToken):
            act_as(request.user, client_ip(request._request), request.auth.label)
        self._hold_to_the_description(request)

    def _hold_to_the_description(self, request: Request) -> None:
        match = request._request.resolver_match
        if match is None:
            return
        path, method = operation_path(match.route), request.method or "GET"
        check_query(path, method, request.query_params)
        if method in ("POST", "PUT", "PATCH"):
            check_body(path, method, request.data)

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
