"""Units and bodies as another system mirrors them: dated, with their lineage."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from units.models import Agency, OrgUnit


class MergerSerializer(serializers.Serializer):
    effective_date = serializers.DateField()
    legal_basis = serializers.CharField()
    predecessors = serializers.ListField(child=serializers.IntegerField())


def _mergers_in(obj: Any) -> list[dict[str, Any]]:
    return [{"effective_date": m.effective_date, "legal_basis": m.legal_basis,
             "predecessors": sorted(p.pk for p in m.predecessors.all() if p.pk != obj.pk)}
            for m in obj.mergers_in.all()]


def _successor(obj: Any) -> int | None:
    merged = [m for m in obj.merged_into.all() if m.successor_id != obj.pk]
    return merged[0].successor_id if merged else None


class UnitSerializer(serializers.ModelSerializer):
    mergers_in = serializers.SerializerMethodField(
        help_text="Các đơn vị đã sáp nhập vào đơn vị này, theo ngày hiệu lực.")
    successor = serializers.SerializerMethodField(
        help_text="Đơn vị mà đơn vị này đã sáp nhập vào (nếu có).")

    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name", "kind", "parent", "province", "commune", "households",
                  "valid_from", "valid_to", "mergers_in", "successor"]

    @extend_schema_field(MergerSerializer(many=True))
    def get_mergers_in(self, obj: OrgUnit) -> list[dict[str, Any]]:
        return _mergers_in(obj)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_successor(self, obj: OrgUnit) -> int | None:
        return _successor(obj)


class UnitFilters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OrgUnit.Kind.choices, required=False)
    code = serializers.CharField(required=False, max_length=20)
    current = serializers.BooleanField(required=False, allow_null=True, default=None,
                                       help_text="true: chỉ đơn vị đang tồn tại; false: chỉ "
                                                 "đơn vị đã giải thể, sáp nhập.")
    parent = serializers.IntegerField(  # type: ignore[assignment]
        required=False, min_value=1, max_value=2**63 - 1)


class AgencySerializer(serializers.ModelSerializer):
    mergers_in = serializers.SerializerMethodField()
    successor = serializers.SerializerMethodField()

    class Meta:
        model = Agency
        fields = ["id", "code", "name", "short_name", "kind", "plan_item", "is_lead",
                  "province", "org_unit", "is_active", "valid_from", "valid_to", "mergers_in",
                  "successor"]

    @extend_schema_field(MergerSerializer(many=True))
    def get_mergers_in(self, obj: Agency) -> list[dict[str, Any]]:
        return _mergers_in(obj)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_successor(self, obj: Agency) -> int | None:
        return _successor(obj)


class AgencyFilters(serializers.Serializer):
    current = serializers.BooleanField(required=False, allow_null=True, default=None)
