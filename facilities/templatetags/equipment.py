"""`{% equipment_section ward %}`: the equipment part of the ward page, self-sufficient."""

from __future__ import annotations

from typing import Any

from django import template

from accounts.permissions import Action, can
from facilities.equipment_selectors import inventory_rows, is_equipped

register = template.Library()


@register.inclusion_tag("facilities/equipment_section.html", takes_context=True)
def equipment_section(context: template.Context, ward: Any) -> dict[str, Any]:
    rows = inventory_rows(ward)
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return {
        "ward": ward,
        "rows": rows,
        "gap_rows": [r for r in rows if r.gap],
        "equipped": is_equipped(rows),
        "may_edit": user is not None and can(user, Action.FACILITY_EDIT, ward),
    }
