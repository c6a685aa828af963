"""Headquarters, equipment and the road to 2030 as another system reads and records them.

The write serializers check only shapes and sizes (a type, a count within the inventory
page's bounds, an area that fits its column); the rules of a headquarters situation are
the service's (facilities.headquarters_rules), so they answer with the page's messages.
Serializers drawn as schema components carry comments, not docstrings: a docstring would
become the component's (English) description.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from facilities.equipment_io import MAX_COUNT
from facilities.equipment_selectors import InventoryRow, equipment_items_by_id
from facilities.headquarters_io import number_problem
from facilities.models import (
    EquipmentItem,
    HeadquartersRecord,
    InventoryLine,
    InvestmentProject,
)

MAX_ID = 2**63 - 1
# Wide enough for any value a rule may want to refuse with its own message (a negative
# number of storeys, a year built in the future), narrow enough for every database column
# type the checks run against.
MAX_SMALL = 2**31 - 1
# The page's notes have no limit; a key sending megabytes of text is a mistake, not a note.
MAX_NOTES = 10_000


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class Choice(serializers.ChoiceField):
    """DRF's refusal quotes the value sent; a lone surrogate ("\\ud800", valid JSON) in that
    quote cannot be written as UTF-8 and would turn the 400 into a 500."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, str):
            data = data.encode("utf-8", "replace").decode("utf-8")
        return super().to_internal_value(data)


class Filters(serializers.Serializer):
    """A query string read as plain values. DRF reads a QueryDict as an HTML form, where an
    absent boolean is an unticked box (false): `current` left out would then keep only the
    old records, and an empty value would pass as absent."""

    def to_internal_value(self, data: Any) -> Any:
        return super().to_internal_value(dict(data.items()) if hasattr(data, "items") else data)


# --- Headquarters -------------------------------------------------------------------------

class HeadquartersRecordSerializer(serializers.ModelSerializer):
    ward_code = serializers.CharField(source="ward.code", read_only=True,
                                      help_text="Mã đơn vị hành chính của phường, xã.")
    photos = serializers.ManyRelatedField(
        child_relation=serializers.PrimaryKeyRelatedField(read_only=True), read_only=True,
        help_text="Mã các tệp ảnh trụ sở (tệp minh chứng).")
    recorded_by = serializers.SerializerMethodField(help_text="Người ghi nhận.")
    is_current = serializers.BooleanField(
        read_only=True, help_text="Đây là tình trạng hiện nay của phường: bản ghi mới nhất "
                                  "tính đến hôm nay, và phường còn tồn tại.")

    class Meta:
        model = HeadquartersRecord
        fields = ["id", "ward", "ward_code", "valid_from", "is_current", "status", "land_area",
                  "floor_area", "storeys", "condition", "year_built", "land_legal_status",
                  "households_inside", "special_inner_district", "notes", "photos",
                  "recorded_by", "recorded_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_recorded_by(self, obj: HeadquartersRecord) -> str | None:
        return str(obj.recorded_by) if obj.recorded_by is not None else None


class HeadquartersFilters(Filters):
    ward = _id(required=False, help_text="Mã (id) phường, xã.")
    current = serializers.BooleanField(
        required=False,
        help_text="true: chỉ tình trạng hiện nay của mỗi phường; false: chỉ các bản ghi cũ.")
    status = Choice(choices=HeadquartersRecord.Status.choices, required=False)


def _area_fits(value: Decimal | None) -> None:
    # The page's own check for a typed area (headquarters_io.number_problem).
    if value is not None and (problem := number_problem(value)):
        raise serializers.ValidationError(problem)


class AreaField(serializers.DecimalField):
    # An area in m², a number with at most one decimal place, under 10⁹ (the page's check).
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=None, decimal_places=None, coerce_to_string=False,
                         required=False, allow_null=True, default=None,
                         validators=[_area_fits], **kwargs)


def _small(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, allow_null=True, default=None,
                                    min_value=-MAX_SMALL, max_value=MAX_SMALL, **kwargs)


# A headquarters situation of a ward as of a date: the page's form, without photos. Named
# as the record it writes (the description calls it `HeadquartersRecordRequest`), so the
# status and condition choices belong to one component and their enums are named after it
# whatever other operations call "status".
@extend_schema_serializer(component_name="HeadquartersRecord")
class HeadquartersWriteSerializer(serializers.Serializer):
    ward = _id(help_text="Mã (id) phường, xã có trụ sở.")
    valid_from = serializers.DateField(help_text="Tình trạng tính đến ngày (không ở tương lai). "
                                                 "Cùng ngày thì thay bản ghi của ngày đó.")
    status = Choice(choices=HeadquartersRecord.Status.choices)
    land_area = AreaField(help_text="Diện tích đất (m²), một chữ số thập phân.")
    floor_area = AreaField(help_text="Diện tích sàn (m²), mọi tầng cộng lại.")
    storeys = _small(help_text="Số tầng (0–30).")
    condition = Choice(choices=HeadquartersRecord.Condition.choices,
                       required=False, allow_blank=True, default="")
    year_built = _small(help_text="Năm xây dựng.")
    land_legal_status = serializers.CharField(required=False, allow_blank=True, default="",
                                              max_length=300)
    households_inside = _small(help_text="Số hộ dân đang ở trong khuôn viên; trống là 0.")
    special_inner_district = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(required=False, allow_blank=True, default="",
                                  max_length=MAX_NOTES)

    def validate_households_inside(self, value: int | None) -> int:
        return 0 if value is None else value  # blank means none, as on the page


# --- Equipment ----------------------------------------------------------------------------

class EquipmentItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = EquipmentItem
        fields = ["id", "code", "name", "category", "unit_of_measure", "norm_per_unit",
                  "order"]


class EquipmentItemFilters(Filters):
    code = serializers.CharField(required=False, max_length=30)
    category = serializers.CharField(required=False, max_length=100)


class InventoryLineSerializer(serializers.ModelSerializer):
    item_code = serializers.CharField(source="item.code", read_only=True)
    norm = serializers.IntegerField(source="item.norm_per_unit", read_only=True,
                                    help_text="Định mức cho mỗi Công an phường, xã.")
    total = serializers.SerializerMethodField(help_text="Dùng được + hỏng, hết hạn.")
    gap = serializers.IntegerField(read_only=True, help_text="Còn thiếu so với định mức "
                                                             "(định mức − dùng được, ≥ 0).")

    class Meta:
        model = InventoryLine
        fields = ["id", "ward", "item", "item_code", "norm", "usable", "unusable", "total",
                  "gap", "notes", "updated_at"]

    @extend_schema_field(serializers.IntegerField(min_value=0))
    def get_total(self, obj: InventoryLine) -> int:
        return obj.usable + obj.unusable


class InventoryFilters(Filters):
    ward = _id(required=False, help_text="Mã (id) phường, xã.")
    item = _id(required=False, help_text="Mã (id) loại trang thiết bị.")


class InventoryLineWriteSerializer(serializers.Serializer):
    item = _id(help_text="Mã (id) loại trang thiết bị trong danh mục.")
    usable = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False,
                                      default=0)
    unusable = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False,
                                        default=0, help_text="Hỏng, hết hạn sử dụng.")
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


# One ward's counts for the items listed (the others stay as they are), all or nothing.
class InventoryWriteSerializer(serializers.Serializer):
    ward = _id(help_text="Mã (id) phường, xã.")
    # A ListField rather than `many=True`: its own errors (not a list, empty, too long) are
    # plain errors of `lines`, and a line's are named `lines.<position>.<field>`.
    lines = serializers.ListField(child=InventoryLineWriteSerializer(), allow_empty=False,
                                  max_length=1000)

    def validate_lines(self, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each line's item id becomes the catalogue item; an unknown or repeated item is
        named by its line (`lines.3.item`)."""
        items = equipment_items_by_id(line["item"] for line in lines)
        seen: set[int] = set()
        errors: list[dict[str, Any]] = []
        for line in lines:
            if line["item"] not in items:
                errors.append({"item": [_("The catalogue has no item with this id.")]})
            elif line["item"] in seen:
                errors.append({"item": [_("This item is listed twice.")]})
            else:
                errors.append({})
            seen.add(line["item"])
        if any(errors):
            raise serializers.ValidationError(errors)
        return [{**line, "item": items[line["item"]]} for line in lines]


class PlannedSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quantity = serializers.IntegerField(help_text="Số lượng dự kiến mua, chưa nhận.")


class ItemGapSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.pk")
    item_code = serializers.CharField(source="item.code")
    item_name = serializers.CharField(source="item.name")
    unit_of_measure = serializers.CharField(source="item.unit_of_measure")
    norm = serializers.IntegerField()
    usable = serializers.IntegerField()
    unusable = serializers.IntegerField()
    gap = serializers.IntegerField(help_text="Còn thiếu so với định mức (≥ 0); số thừa của "
                                             "loại này không bù cho loại khác.")
    planned = serializers.SerializerMethodField(
        help_text="Số lượng trong kế hoạch mua sắm chưa nhận, theo năm.")

    @extend_schema_field(PlannedSerializer(many=True))
    def get_planned(self, obj: InventoryRow) -> list[dict[str, int]]:
        return [{"year": year, "quantity": quantity}
                for year, quantity in sorted(obj.planned.items())]


class WardEquipmentSerializer(serializers.Serializer):
    ward = serializers.IntegerField(source="ward.pk")
    ward_code = serializers.CharField(source="ward.code")
    ward_name = serializers.CharField(source="ward.name")
    equipped = serializers.BooleanField(
        help_text="Đủ định mức: có danh mục và không loại nào còn thiếu.")
    items_with_gap = serializers.IntegerField()
    gap_units = serializers.IntegerField()
    items = ItemGapSerializer(source="rows", many=True)


class EquipmentGapFilters(Filters):
    ward = _id(required=False, help_text="Mã (id) phường, xã.")


class InventoryWriteResultSerializer(WardEquipmentSerializer):
    changed = serializers.IntegerField(help_text="Số dòng kiểm kê đã thay đổi.")


# --- Road to 2030 -------------------------------------------------------------------------

def _share(**kwargs: Any) -> serializers.DecimalField:
    """A percentage with one decimal place, as a JSON number."""
    return serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False,
                                    **kwargs)


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    is_past = serializers.BooleanField(
        help_text="Năm đã qua: trụ sở theo bản ghi ngày 31/12; không có số liệu trang "
                  "thiết bị (không lưu lịch sử).")
    wards = serializers.IntegerField()
    independent = serializers.IntegerField(help_text="Số phường có trụ sở độc lập.")
    independent_share = _share()
    hq_target_met = serializers.BooleanField()
    equipped = serializers.IntegerField(allow_null=True)
    equipped_share = _share(allow_null=True)
    equipment_target_met = serializers.BooleanField(allow_null=True)


class RoadmapWardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class LateProjectSerializer(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=InvestmentProject.Kind.choices)
    stage = serializers.ChoiceField(choices=InvestmentProject.Stage.choices)
    expected_completion = serializers.DateField(allow_null=True)
    completed_on = serializers.DateField(allow_null=True)


class HeadquartersOffTrackSerializer(serializers.Serializer):
    ward = RoadmapWardSerializer()
    # Text rather than a second use of the status choices: see HeadquartersWriteSerializer.
    status = serializers.CharField(
        allow_blank=True,
        help_text="Tình trạng trụ sở hiện nay, cùng mã với `status` của bản ghi trụ sở "
                  "(own, borrowed_city, borrowed_committee, shared, none); rỗng khi chưa có "
                  "bản ghi.")
    late_projects = LateProjectSerializer(
        many=True, help_text="Dự án sẽ có trụ sở nhưng không kịp 2030 (hoặc chưa có ngày).")


class MissingSerializer(serializers.Serializer):
    item = serializers.IntegerField(source="item.id")
    item_name = serializers.CharField(source="item.name")
    unit_of_measure = serializers.CharField(source="item.unit_of_measure")
    quantity = serializers.IntegerField()


class EquipmentOffTrackSerializer(serializers.Serializer):
    ward = RoadmapWardSerializer()
    missing = MissingSerializer(many=True)


class RoadmapSerializer(serializers.Serializer):
    today = serializers.DateField(help_text="Ngày tính dự báo.")
    last_year = serializers.IntegerField(help_text="Năm đích (2030).")
    hq_target_met = serializers.BooleanField(
        help_text="Đến năm đích, mọi phường có trụ sở độc lập.")
    equipment_target_met = serializers.BooleanField(
        help_text="Đến năm đích, mọi phường đủ trang thiết bị theo định mức.")
    rows = YearSerializer(many=True)
    hq_off_track = HeadquartersOffTrackSerializer(many=True)
    equipment_off_track = EquipmentOffTrackSerializer(many=True)
