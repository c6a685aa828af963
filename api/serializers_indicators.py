"""Indicators as another system reads and feeds them: the definitions, the monthly figures
of each ward, the totals the dashboards read, and a batch of figures to record.

Months are text `YYYY-MM` in filters and answers; a batch takes `MM/YYYY` or `YYYY-MM`,
as the spreadsheet import does (its rows are read by the import's own rules)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.imports import MAX_ROWS
from indicators.entry_services import IMPORT_COLUMNS, too_many_rows
from indicators.models import IndicatorDefinition, IndicatorValue, WardYearTotal

MAX_ID = 2**63 - 1
MONTH_PATTERN = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"
_MONTH_SCHEMA = {"type": "string", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$",
                 "example": "2026-03"}


@extend_schema_field(_MONTH_SCHEMA)
class MonthField(serializers.Field):
    """A month (a date on its first day) written `YYYY-MM`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", "Tháng, dạng YYYY-MM (ví dụ 2026-03).")
        super().__init__(**kwargs)

    def to_representation(self, value: datetime.date) -> str:
        return f"{value.year:04d}-{value.month:02d}"


def _month_filter(**kwargs: Any) -> serializers.RegexField:
    return serializers.RegexField(MONTH_PATTERN, required=False, max_length=7,
                                  trim_whitespace=False, **kwargs)


def _text_filter(max_length: int, **kwargs: Any) -> serializers.CharField:
    # Matched as given: a code with spaces or control characters around it is no code, and
    # finds nothing (DRF would strip it, and "\x1f" would become a refused blank).
    return serializers.CharField(required=False, max_length=max_length, trim_whitespace=False,
                                 **kwargs)


class StrictBooleanField(serializers.BooleanField):
    """true or false, as the description says; not DRF's "yes", "on", "1", …"""

    TRUE_VALUES = {"true"}
    FALSE_VALUES = {"false"}


def _month_start(text: str | None) -> datetime.date | None:
    if not text:
        return None
    year, month = text.split("-")
    return datetime.date(int(year), int(month), 1)


def _id_filter(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID,
                                    help_text=help_text)


# --- definitions ------------------------------------------------------------------------------

class IndicatorSerializer(serializers.ModelSerializer):
    # Plain text: the slug pattern the model's field implies is the form's rule, not a
    # promise about every stored code.
    code = serializers.CharField(read_only=True)
    computed = serializers.BooleanField(
        source="is_computed", read_only=True,
        help_text="Chỉ tiêu tính từ hai chỉ tiêu khác (tỉ lệ %, tử số / mẫu số); không nhập.")
    typed = serializers.SerializerMethodField(
        help_text="Chỉ tiêu được nhập số liệu (không tính toán, không do hệ thống tự điền).")
    filled_by = serializers.CharField(
        read_only=True, help_text="Nguồn mà hệ thống tự điền số liệu (rỗng: người nhập).")
    numerator = serializers.CharField(source="numerator.code", read_only=True,
                                      allow_null=True, help_text="Mã chỉ tiêu tử số.")
    denominator = serializers.CharField(source="denominator.code", read_only=True,
                                        allow_null=True, help_text="Mã chỉ tiêu mẫu số.")
    not_above = serializers.CharField(
        source="not_above.code", read_only=True, allow_null=True,
        help_text="Mã chỉ tiêu mà số liệu này không được vượt quá (cùng phường, cùng tháng).")
    active = serializers.BooleanField(source="is_active", read_only=True)

    class Meta:
        model = IndicatorDefinition
        fields = ["id", "code", "name", "unit", "aggregation", "period_type", "whole_number",
                  "higher_is_better", "computed", "typed", "filled_by", "numerator",
                  "denominator", "not_above", "order", "active"]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_typed(self, obj: IndicatorDefinition) -> bool:
        return obj.typing_refusal() is None


class IndicatorFilters(serializers.Serializer):
    code = _text_filter(40)
    # Absent is "either" (DRF would read an absent box of a form as false).
    active = StrictBooleanField(required=False, allow_null=True, default=None,
                                help_text="true: chỉ chỉ tiêu đang dùng; false: chỉ chỉ tiêu "
                                          "đã ngừng.")


# --- values ----------------------------------------------------------------------------------

class IndicatorValueSerializer(serializers.ModelSerializer):
    ward = serializers.IntegerField(source="ward_id", read_only=True)
    ward_code = serializers.CharField(source="ward.code", read_only=True)
    indicator = serializers.CharField(source="indicator.code", read_only=True,
                                      help_text="Mã chỉ tiêu.")
    month = MonthField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False,
                                     read_only=True)
    updated_at = serializers.DateTimeField(source="entered_at", read_only=True,
                                           help_text="Lần nhập hoặc sửa gần nhất.")

    class Meta:
        model = IndicatorValue
        fields = ["id", "ward", "ward_code", "indicator", "month", "value", "updated_at"]


class IndicatorValueFilters(serializers.Serializer):
    ward = _id_filter("Mã số (id) của phường, xã.")
    ward_code = _text_filter(20, help_text="Mã phường, xã (mã đơn vị hành chính).")
    indicator = _text_filter(40, help_text="Mã chỉ tiêu.")
    month_from = _month_filter(help_text="Từ tháng (YYYY-MM), kể cả tháng này.")
    month_to = _month_filter(help_text="Đến tháng (YYYY-MM), kể cả tháng này.")

    def validate_month_from(self, value: str) -> datetime.date | None:
        return _month_start(value)

    def validate_month_to(self, value: str) -> datetime.date | None:
        return _month_start(value)


# --- totals ----------------------------------------------------------------------------------

WARD_YEAR = "ward_year"
PROVINCE_MONTH = "province_month"
LEVELS = [(WARD_YEAR, "Phường, xã theo năm"), (PROVINCE_MONTH, "Tỉnh, thành phố theo tháng")]


class IndicatorTotalSerializer(serializers.Serializer):
    """A ProvinceMonthTotal or a WardYearTotal, in one shape."""

    level = serializers.SerializerMethodField(
        help_text="ward_year: một phường, xã trong một năm; province_month: cả tỉnh, thành "
                  "phố trong một tháng.")
    indicator = serializers.CharField(source="indicator.code", read_only=True,
                                      help_text="Mã chỉ tiêu.")
    ward = serializers.SerializerMethodField(
        help_text="Mã số (id) của phường, xã; null với tổng của tỉnh, thành phố.")
    ward_code = serializers.SerializerMethodField(help_text="Mã phường, xã; null như ward.")
    province = serializers.SerializerMethodField(help_text="Mã số (id) của tỉnh, thành phố.")
    province_code = serializers.SerializerMethodField(help_text="Mã tỉnh, thành phố.")
    year = serializers.SerializerMethodField()
    month = serializers.SerializerMethodField(
        help_text="Tháng (YYYY-MM) của tổng theo tháng; null với tổng theo năm.")
    total = serializers.DecimalField(
        max_digits=18, decimal_places=2, coerce_to_string=False, read_only=True,
        help_text="Tổng các số liệu đã nhập.")
    count = serializers.IntegerField(
        read_only=True, help_text="Số số liệu đã nhập (để tính bình quân: total / count).")

    @staticmethod
    def _ward(obj: Any) -> Any:
        return obj.ward if isinstance(obj, WardYearTotal) else None

    @staticmethod
    def _province(obj: Any) -> Any:
        return obj.ward.province if isinstance(obj, WardYearTotal) else obj.province

    @extend_schema_field(serializers.ChoiceField(choices=LEVELS))
    def get_level(self, obj: Any) -> str:
        return WARD_YEAR if isinstance(obj, WardYearTotal) else PROVINCE_MONTH

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_ward(self, obj: Any) -> int | None:
        ward = self._ward(obj)
        return ward.pk if ward is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_ward_code(self, obj: Any) -> str | None:
        ward = self._ward(obj)
        return ward.code if ward is not None else None

    # A ward always lies in a province, but the model allows a unit without one.
    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_province(self, obj: Any) -> int | None:
        province = self._province(obj)
        return province.pk if province is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_province_code(self, obj: Any) -> str | None:
        province = self._province(obj)
        return province.code if province is not None else None

    @extend_schema_field(serializers.IntegerField())
    def get_year(self, obj: Any) -> int:
        return int(obj.year if isinstance(obj, WardYearTotal) else obj.month.year)

    @extend_schema_field({**_MONTH_SCHEMA, "nullable": True})
    def get_month(self, obj: Any) -> str | None:
        if isinstance(obj, WardYearTotal):
            return None
        return f"{obj.month.year:04d}-{obj.month.month:02d}"


class IndicatorTotalFilters(serializers.Serializer):
    # Every filter means the same at both levels (the total's unit, the period it covers),
    # so no combination is refused: a ward asked of the province's totals finds none.
    level = serializers.ChoiceField(
        choices=LEVELS, required=False, default=WARD_YEAR,
        help_text="ward_year (mặc định): tổng theo năm của từng phường, xã; province_month: "
                  "tổng theo tháng của cả tỉnh, thành phố (chỉ tài khoản cấp thành phố).")
    indicator = _text_filter(40, help_text="Mã chỉ tiêu.")
    ward = _id_filter("Tổng của phường, xã này (mã số id); tổng của tỉnh không thuộc phường "
                      "nào nên không có với level=province_month.")
    ward_code = _text_filter(20, help_text="Tổng của phường, xã có mã này (như ward).")
    province = _id_filter("Tổng của tỉnh, thành phố này hoặc của các phường, xã thuộc tỉnh "
                          "(mã số id).")
    year_from = serializers.IntegerField(required=False, min_value=2000, max_value=2100,
                                         help_text="Từ năm, kể cả năm này.")
    year_to = serializers.IntegerField(required=False, min_value=2000, max_value=2100,
                                       help_text="Đến năm, kể cả năm này.")
    month_from = _month_filter(help_text="Từ tháng (YYYY-MM), kể cả tháng này; với "
                                         "level=ward_year: các năm có tháng từ tháng này.")
    month_to = _month_filter(help_text="Đến tháng (YYYY-MM), kể cả tháng này; với "
                                       "level=ward_year: các năm có tháng đến tháng này.")

    def validate_month_from(self, value: str) -> datetime.date | None:
        return _month_start(value)

    def validate_month_to(self, value: str) -> datetime.date | None:
        return _month_start(value)


# --- a batch of figures ------------------------------------------------------------------------

@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}],
                      "description": "Số liệu, dạng số hoặc chữ như trong bảng tính "
                                     "(ví dụ 12, \"12\", \"1.234,5\")."})
class TextOrNumberField(serializers.CharField):
    """A figure as text or a JSON number, read as the import reads a cell (CharField takes
    numbers and gives their text; booleans, lists and objects are refused)."""


class IndicatorValueRowSerializer(serializers.Serializer):
    ward = serializers.CharField(required=False, allow_blank=True,
                                 help_text="Mã phường, xã (ví dụ 00070).")
    month = serializers.CharField(required=False, allow_blank=True,
                                  help_text="Tháng: MM/YYYY hoặc YYYY-MM (ví dụ 03/2026).")
    indicator = serializers.CharField(required=False, allow_blank=True,
                                      help_text="Mã chỉ tiêu (ví dụ crimes-reported).")
    value = TextOrNumberField(required=False, allow_blank=True)

    def to_internal_value(self, data: Any) -> Any:
        # A misspelt key would otherwise be dropped and read as an empty cell.
        if isinstance(data, dict):
            unknown = [key for key in data if key not in IMPORT_COLUMNS]
            if unknown:
                message = _("Unknown field. The fields are ward, month, indicator and value.")
                # Named as sent, but only as text an answer can carry (no lone surrogate).
                raise serializers.ValidationError(
                    {str(key)[:40].encode("utf-8", "replace").decode(): message
                     for key in unknown})
        return super().to_internal_value(data)


class RowList(serializers.ListField):
    """The rows of a batch; too many are refused before any is checked."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, list) and len(data) > MAX_ROWS:
            raise serializers.ValidationError(too_many_rows(len(data)))
        return super().to_internal_value(data)


class IndicatorValuesWriteSerializer(serializers.Serializer):
    rows = RowList(child=IndicatorValueRowSerializer(), max_length=MAX_ROWS,
                   help_text="Các dòng số liệu; dòng được đánh số từ 1 theo thứ tự gửi.")


class IndicatorValuesWrittenSerializer(serializers.Serializer):
    rows = serializers.IntegerField(help_text="Số dòng đã nhận.")
    changed = serializers.IntegerField(help_text="Số số liệu mới hoặc đã thay đổi.")
