"""Every refusal of the API as an RFC 9457 problem: `application/problem+json` with a
Vietnamese `title` and `detail`, and `errors` naming each wrong field or row.

The services raise what they raise for the pages (ValidationError, PermissionDenied,
Http404, ImportErrors), so a rule's message is written once and reads the same in a form,
an import report and an API answer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response

from core.imports import ImportErrors

CONTENT_TYPE = "application/problem+json"

TITLES: dict[int, Any] = {
    400: gettext_lazy("The request is not valid"),
    401: gettext_lazy("An API key is needed"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    409: gettext_lazy("Conflict"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
}

NOT_FOUND = gettext_lazy("Nothing with this address exists within your scope.")


def _flatten(detail: Any, path: str = "") -> list[dict[str, Any]]:
    """DRF's nested error detail as a flat list of {field, detail}; a field inside a list
    is named like `rows.3.value` (its position counted from 0, as JSON counts), and an
    error about a whole object or list by that object's own name."""
    if isinstance(detail, dict):
        return [e for key, value in detail.items()
                for e in _flatten(value, path if key in ("non_field_errors", "__all__")
                                  else f"{path}.{key}" if path else str(key))]
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [{"field": path or None, "detail": str(item)} for item in detail if item]
        return [e for index, value in enumerate(detail)
                for e in _flatten(value, f"{path}.{index}" if path else str(index))]
    return [{"field": path or None, "detail": str(detail)}]


def _body(status: int, detail: str, instance: str = "",
          errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "about:blank", "title": str(TITLES.get(status, "")),
                            "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    return body


def problem(status: int, detail: str, *, errors: list[dict[str, Any]] | None = None,
            instance: str = "", headers: dict[str, str] | None = None) -> Response:
    return Response(_body(status, detail, instance, errors), status=status, headers=headers,
                    content_type=CONTENT_TYPE)


def _validation_detail(errors: list[dict[str, Any]]) -> str:
    if len(errors) == 1:
        return str(errors[0]["detail"])
    return _("%(count)d values are wrong; each is named in “errors”. Nothing was saved.") % {
        "count": len(errors)}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, ImportErrors):
        errors = [{"field": e.column or None, "row": e.row, "detail": e.message}
                  for e in exc.errors]
        return problem(400, _validation_detail(errors), errors=errors, instance=instance)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        errors = _flatten(detail)
        return problem(400, _validation_detail(errors), errors=errors, instance=instance)
    if isinstance(exc, Http404) or (isinstance(exc, exceptions.NotFound)
                                    and exc.detail == exceptions.NotFound.default_detail):
        return problem(404, str(NOT_FOUND), instance=instance)
    if isinstance(exc, PermissionDenied):
        return problem(403, str(exc) or str(exceptions.PermissionDenied.default_detail),
                       instance=instance)
    if not isinstance(exc, exceptions.APIException):
        return None  # a fault of ours: Django's 500, logged, with no detail leaked
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if isinstance(exc, exceptions.Throttled):
        wait = int(getattr(exc, "wait", None) or 1)
        headers["Retry-After"] = str(wait)
        return problem(429, _("This key has made too many requests; try again in %(seconds)d "
                              "seconds.") % {"seconds": wait}, instance=instance,
                       headers=headers)
    if isinstance(exc, exceptions.ParseError):
        # DRF's message is English and untranslatable ("JSON parse error - …").
        error = str(exc.detail).removeprefix("JSON parse error - ")[:200]
        return problem(400, _("The body is not valid JSON: %(error)s") % {"error": error},
                       instance=instance)
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return problem(400, _validation_detail(errors), errors=errors, instance=instance)
    message = exc.detail if isinstance(exc.detail, str) else _flatten(exc.detail)[0]["detail"]
    return problem(exc.status_code, str(message), instance=instance, headers=headers)


@csrf_exempt  # whatever the method: a program is told "no such address", not CSRF
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """An address under /api/ that names no operation: a problem, not the HTML page."""
    return JsonResponse(_body(404, str(NOT_FOUND), request.path), status=404,
                        content_type=CONTENT_TYPE)


PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["detail"],
                "properties": {
                    "field": {"type": "string", "nullable": True,
                              "description": "The field, as `rows.3.value` inside a list."},
                    "row": {"type": "integer", "nullable": True,
                            "description": "The row of a bulk write, counted from 1."},
                    "detail": {"type": "string"},
                },
            },
        },
    },
}


def add_problem_responses(result: dict[str, Any], generator: Any, request: Any,
                          public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing: every operation may answer with a problem."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for methods in result.get("paths", {}).values():
        for operation in methods.values():
            operation.setdefault("responses", {})["default"] = {
                "description": "Lỗi, theo RFC 9457 (problem details).",
                "content": {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
            }
    return result
