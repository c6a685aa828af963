from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Readable by administrators, writable by nobody: the trail is evidence."""

    list_display = ("at", "username", "ip", "action", "model", "object_id", "object_repr")
    list_filter = ("action", "model")
    search_fields = ("username", "object_repr", "object_id")
    date_hierarchy = "at"
    list_select_related = ("user",)
    readonly_fields = tuple(f.name for f in AuditEntry._meta.fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
