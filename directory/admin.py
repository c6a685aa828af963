from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.permissions import Action, can
from core.imports import is_ascii_number
from directory.forms import UnitMergerAdminForm
from units.models import Agency, OrgUnit, UnitMerger
from units.services import unit_merge


class ProvinceFilter(admin.SimpleListFilter):
    """Lists provinces only; the default related filter would list every unit."""

    title = _("province")
    parameter_name = "province"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        provinces = OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).order_by("code")
        return [(str(p.pk), f"{p.code} {p.name}") for p in provinces]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and is_ascii_number(value):
            return queryset.filter(province_id=int(value))
        return queryset


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "valid_from", "valid_to"]
    list_filter = ["kind", ProvinceFilter, ("valid_to", admin.EmptyFieldListFilter)]
    search_fields = ["code", "name"]
    list_select_related = ["province"]
    autocomplete_fields = ["parent"]
    # Derived from the parent in OrgUnit.save().
    readonly_fields = ["province", "commune"]
    list_per_page = 100


@admin.register(UnitMerger)
class UnitMergerAdmin(admin.ModelAdmin):
    """New mergers are saved through `unit_merge`, which retires the merged units.

    A recorded merger cannot be re-pointed or deleted here: that would leave the units'
    validity dates contradicting it. Record a correcting merger or fix the units instead.
    """

    form = UnitMergerAdminForm
    list_display = ["successor", "effective_date", "legal_basis", "created_by", "created_at"]
    list_filter = ["effective_date"]
    search_fields = ["successor__name", "successor__code", "predecessors__name",
                     "predecessors__code", "legal_basis"]
    autocomplete_fields = ["successor", "predecessors"]
    date_hierarchy = "effective_date"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return ["successor", "predecessors", "effective_date", "created_by", "created_at"]
        return []

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and can(request.user, Action.UNIT_MERGE)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        merger = unit_merge(
            actor=request.user,
            predecessors=list(data["predecessors"]),
            successor=data["successor"],
            effective_date=data["effective_date"],
            legal_basis=data.get("legal_basis", ""),
            note=data.get("note", ""),
        )
        # The admin goes on to log and redirect with `obj`; make it the saved merger.
        obj.pk = merger.pk
        obj.created_by = merger.created_by
        obj.created_at = merger.created_at
        obj._state.adding = False
        obj._state.db = merger._state.db

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        if change:
            super().save_related(request, form, formsets, change)
        # On add, unit_merge already linked the predecessors.


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["plan_item", "name", "short_name", "kind", "province", "is_lead",
                    "is_active"]
    list_display_links = ["name"]
    list_filter = ["kind", "is_active", "is_lead", ProvinceFilter]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["province"]
    prepopulated_fields = {"code": ["name"]}
    ordering = ["province__code", "plan_item", "code"]
