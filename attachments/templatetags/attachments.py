from typing import Any

from django import template

from attachments.panel import panel_context
from units.models import OrgUnit

register = template.Library()


@register.inclusion_tag("attachments/_panel.html", takes_context=True)
def attachments_panel(context: template.Context, unit: OrgUnit) -> dict[str, Any]:
    """`{% attachments_panel unit %}`: the unit's evidence files, upload form and limits."""
    return panel_context(user=context["user"], unit=unit)
