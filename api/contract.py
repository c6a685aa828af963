"""The OpenAPI description is the contract, and the API holds callers to it.

The description is generated from the operations (drf-spectacular) once per process. A
request is refused, before any rule of the programme is asked, when it names a query
parameter the operation does not have, leaves one empty, or sends a body that breaks the
operation's request schema: `"submit": 0` for a boolean, `"5"` for a number, a missing
field. Django REST framework would quietly coerce many of these, and a program that sends
the wrong type would never learn of it.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.utils.translation import gettext as _
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError as SchemaError
from rest_framework.exceptions import ValidationError

_ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")


@functools.cache
def description() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's schema objects as JSON Schema: `nullable` becomes a null type."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items()
                 if key not in ("nullable", "readOnly", "writeOnly", "example")}
    if node.get("nullable"):
        if "type" in converted:
            converted["type"] = [converted["type"], "null"]
            if "enum" in converted:
                converted["enum"] = [*converted["enum"], None]
        else:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


@functools.cache
def _operations() -> dict[tuple[str, str], dict[str, Any]]:
    document = description()
    return {(path, method.upper()): operation
            for path, operations in document["paths"].items()
            for method, operation in operations.items()}


@functools.cache
def _body_validator(path: str, method: str) -> Draft7Validator | None:
    operation = _operations().get((path, method))
    content = (operation or {}).get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    components = _json_schema(description().get("components", {}))
    return Draft7Validator({**_json_schema(schema), "components": components})


def operation_path(route: str) -> str:
    """Django's route (`api/v1/units/<id:id>/`) as the description writes the path."""
    return "/" + _ROUTE_PARAMETER.sub(r"{\1}", route)


def check_query(path: str, method: str, query: Any) -> None:
    operation = _operations().get((path, method))
    if operation is None:
        return
    allowed = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"}
    # `?kind=` is neither a kind nor no kind: the caller meant something; say so.
    empty = sorted(name for name, values in query.lists()
                   if name in allowed and any(v == "" for v in values))
    if empty:
        raise ValidationError({name: [_("The parameter is empty; give a value or leave the "
                                        "parameter out.")] for name in empty})
    # A misspelt filter (`?ward_id=` for `?ward=`) would otherwise return everything,
    # and the caller would never know its filter was ignored.
    unknown = sorted(set(query) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed)) or _("none")
        raise ValidationError({name or "?": [_(
            "This operation has no parameter “%(name)s”; its parameters are: %(known)s.")
            % {"name": name[:40], "known": known}] for name in unknown})


_TYPE_NAMES = {
    "integer": lambda: _("a whole number"), "number": lambda: _("a number"),
    "string": lambda: _("text in quotes"), "boolean": lambda: _("true or false"),
    "array": lambda: _("a list [ … ]"), "object": lambda: _("an object { … }"),
    "null": lambda: "null",
}


def _message(error: SchemaError) -> str:
    kind, limit = error.validator, error.validator_value
    if kind == "type":
        names = limit if isinstance(limit, list) else [limit]
        return _("Must be %(type)s.") % {"type": _(" or ").join(
            str(_TYPE_NAMES[n]()) for n in names if n in _TYPE_NAMES)}
    if kind == "enum":
        return _("Must be one of: %(choices)s.") % {
            "choices": ", ".join(str(c) for c in limit if c is not None)}
    if kind in ("minimum", "exclusiveMinimum"):
        return _("Must be at least %(limit)s.") % {"limit": limit}
    if kind in ("maximum", "exclusiveMaximum"):
        return _("Must be at most %(limit)s.") % {"limit": limit}
    if kind == "minLength":
        return _("Must have at least %(limit)s characters.") % {"limit": limit}
    if kind == "maxLength":
        return _("Must have at most %(limit)s characters.") % {"limit": limit}
    if kind == "minItems":
        return _("Must have at least %(limit)s items.") % {"limit": limit}
    if kind == "maxItems":
        return _("Must have at most %(limit)s items.") % {"limit": limit}
    if kind == "pattern":
        return _("Does not have the required form.")
    return _("This value is not valid here.")


def check_body(path: str, method: str, data: Any) -> None:
    validator = _body_validator(path, method)
    if validator is None:
        return
    errors: dict[str, list[str]] = {}
    for error in validator.iter_errors(data):
        where = [str(part) for part in error.absolute_path]
        if error.validator == "required":
            missing = [name for name in error.validator_value
                       if isinstance(error.instance, dict) and name not in error.instance]
            for name in missing:
                errors.setdefault(".".join([*where, name]), [_("This field is required.")])
            continue
        if error.validator in ("anyOf", "oneOf", "allOf") and error.context:
            # The alternative closest to what was sent says what is wrong.
            error = min(error.context, key=lambda e: len(list(e.absolute_path)))
        errors.setdefault(".".join(where) or "?", [_message(error)])
    if errors:
        raise ValidationError(errors)
