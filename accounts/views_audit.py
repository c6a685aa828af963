"""The audit trail, read-only: a filtered list, its CSV export, and nothing that writes."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.audit_selectors import audit_entries, audit_record_types
from accounts.forms_audit import AuditFilterForm, model_label
from accounts.http import Request
from accounts.permissions import Action, require
from audit.models import AuditEntry
from audit.services import audit_record

PAGE_SIZE = 50
VALUE_MAX_LENGTH = 120
# Spreadsheet programs run a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Change:
    field: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    record_type: str
    changes: list[Change]


def _field_label(model: str, name: str) -> str:
    """The field's name in the reader's language."""
    return _cached_label(model, name, translation.get_language() or "")


# Keyed by language too: a label cached in one language must not be shown to a reader of
# another (the first request after a restart would otherwise decide for everyone).
@lru_cache(maxsize=1024)
def _cached_label(model: str, name: str, language: str) -> str:
    try:
        field = apps.get_model(model)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return name
    return str(getattr(field, "verbose_name", name)).capitalize()


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= VALUE_MAX_LENGTH else text[: VALUE_MAX_LENGTH - 1] + "…"


def describe_changes(entry: AuditEntry) -> list[Change]:
    """The entry's changes as readable lines; fields left empty on create/delete are skipped."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    lines = []
    for name, value in changes.items():
        if name == "id":  # the record column shows it already
            continue
        label = _field_label(entry.model, name) if entry.model else name
        if isinstance(value, list) and len(value) == 2:
            before, after = value
            if before in (None, "") and after in (None, ""):
                continue
            lines.append(Change(label, _text(before), _text(after)))
        else:
            # Many-to-many additions and removals, sweep summaries: no before/after pair.
            lines.append(Change(label, None, _text(value)))
    return lines


def _row(entry: AuditEntry) -> Row:
    return Row(entry, model_label(entry.model) if entry.model else "", describe_changes(entry))


def _filters(request: Request) -> tuple[AuditFilterForm, dict[str, Any]]:
    form = AuditFilterForm(request.GET or None, record_types=audit_record_types())
    if not form.is_bound:
        return form, {}
    form.is_valid()  # fields that fail are left out of cleaned_data; the rest still filter
    return form, {key: value for key, value in form.cleaned_data.items() if value}


@login_required
@require_GET
def audit_list(request: Request) -> HttpResponse | StreamingHttpResponse:
    require(request.user, Action.AUDIT_VIEW)
    form, params = _filters(request)
    entries = audit_entries(actor=request.user, **params)
    if request.GET.get("format") == "csv":
        return _csv_response(request, entries, params)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "audit/audit_list.html#audit-table" if partial else "audit/audit_list.html"
    response = render(request, template, {
        "filters": form, "page": page, "rows": [_row(e) for e in page.object_list],
    })
    # Same URL, two bodies: caches must not hand the table alone to a full page load.
    patch_vary_headers(response, ("HX-Request",))
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_lines(entries: Iterable[AuditEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The byte-order mark makes Excel read the file as UTF-8 (Vietnamese letters).
    yield "\ufeff" + writer.writerow([
        _("Time"), _("User name"), _("Full name"), _("IP address"), _("Action"),
        _("Record type"), _("Record id"), _("Record"), _("Changes"), _("Through"),
    ])
    for entry in entries:
        changes = "; ".join(
            f"{c.field}: {c.before or ''} → {c.after or ''}" if c.before is not None
            else f"{c.field}: {c.after or ''}"
            for c in describe_changes(entry)
        )
        yield writer.writerow([_cell(v) for v in (
            timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
            entry.username,
            entry.user.full_name if entry.user else "",
            entry.ip or "",
            entry.get_action_display(),
            model_label(entry.model) if entry.model else "",
            entry.object_id,
            entry.object_repr,
            changes,
            entry.via,
        )])


def _csv_response(
    request: Request, entries: QuerySet[AuditEntry], params: dict[str, Any]
) -> StreamingHttpResponse:
    # Reading the trail in bulk is itself worth a trace.
    audit_record(
        action=AuditEntry.Action.ACCESS, user=request.user, model_label="audit.auditentry",
        object_repr="CSV export", changes={"filters": {k: str(v) for k, v in params.items()}},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        _csv_lines(entries.iterator(chunk_size=2000)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
