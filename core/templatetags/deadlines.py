"""`{% deadline day %}`: a deadline with the days left, as every page shows it."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone
from django.utils.html import format_html

from core.deadlines import deadline_status

register = template.Library()


@register.simple_tag
def deadline(due: date | None) -> str:
    if not isinstance(due, date):
        return "—"
    status = deadline_status(due, timezone.localdate())
    state = "passed" if status.passed else "soon" if status.soon else "ahead"
    return format_html('<span class="deadline deadline-{}"><time datetime="{}">{}</time> '
                       "({})</span>", state, due.isoformat(), status.due_text, status.left_text)
