"""Django admin for the system administrator: criteria sets editable until a dossier used them,
the procedure's records read-only (they change only through the procedure's services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest

from assessments.models import (
    Assessment,
    CouncilVote,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    RecognitionRound,
    Registration,
    Transition,
)


class _FrozenWhenLocked:
    """Inline rows of a locked set can be read, not changed: copy the set instead."""

    def _locked(self, obj: Any) -> bool:
        return isinstance(obj, CriteriaSet) and obj.pk is not None and obj.is_locked()

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self._locked(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class CriteriaGroupInline(_FrozenWhenLocked, admin.TabularInline):
    model = CriteriaGroup
    extra = 0
    fields = ["order", "code", "title"]


class CriterionInline(_FrozenWhenLocked, admin.StackedInline):
    model = Criterion
    extra = 0
    fields = [
        ("order", "code", "group", "parent"), "title", "guidance",
        ("value_type", "comparison", "target", "max_score"), "choices",
        ("mandatory", "evidence_required"), "legal_source", ("value_source", "source_key"),
    ]

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        self._parent_set = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        # Groups and parents are chosen within the same set, never across sets.
        parent_set = getattr(self, "_parent_set", None)
        if db_field.name == "group":
            kwargs["queryset"] = CriteriaGroup.objects.filter(criteria_set=parent_set)
        elif db_field.name == "parent":
            kwargs["queryset"] = Criterion.objects.filter(
                criteria_set=parent_set, parent__isnull=True
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "year_from", "year_to", "pass_score", "is_sample",
                    "created_at"]
    list_filter = ["is_sample"]
    search_fields = ["name", "legal_basis_number"]
    readonly_fields = ["version", "previous_version", "created_by", "created_at"]
    inlines = [CriteriaGroupInline, CriterionInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_locked():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_locked():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: CriteriaSet, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(RecognitionRound)
class RecognitionRoundAdmin(admin.ModelAdmin):
    list_display = ["year", "province", "criteria_set", "registration_deadline",
                    "submission_deadline", "is_open"]
    list_filter = ["year", "is_open"]
    list_select_related = ["province", "criteria_set"]
    raw_id_fields = ["province", "criteria_set"]
    readonly_fields = ["opened_by", "opened_at"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["ward", "round", "registered_by", "registered_at"]
    list_filter = ["round__year"]
    search_fields = ["ward__name", "ward__code"]
    list_select_related = ["ward", "round", "registered_by"]
    raw_id_fields = ["round", "ward"]
    readonly_fields = ["registered_by", "registered_at"]


class _ReadOnly(admin.ModelAdmin):
    """Records of the procedure: written by its services, never by hand."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(_ReadOnly):
    list_display = ["ward", "round", "state", "total_score", "passes", "updated_at"]
    list_filter = ["state", "round__year"]
    search_fields = ["ward__name", "ward__code", "decision_number"]
    list_select_related = ["ward", "round"]


@admin.register(Transition)
class TransitionAdmin(_ReadOnly):
    list_display = ["assessment", "from_state", "to_state", "actor", "at"]
    list_filter = ["to_state"]
    search_fields = ["assessment__ward__name", "reason"]
    list_select_related = ["assessment__ward", "assessment__round", "actor"]


@admin.register(CouncilVote)
class CouncilVoteAdmin(_ReadOnly):
    list_display = ["assessment", "member", "vote", "at"]
    list_filter = ["vote"]
    list_select_related = ["assessment__ward", "assessment__round", "member"]
