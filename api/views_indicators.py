"""Security and order indicators: the definitions, the monthly figures of each ward, the
totals the dashboards read, and recording a batch of figures (the spreadsheet import's
rules, all rows or none)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers_indicators import (
    PROVINCE_MONTH,
    IndicatorFilters,
    IndicatorSerializer,
    IndicatorTotalFilters,
    IndicatorTotalSerializer,
    IndicatorValueFilters,
    IndicatorValueSerializer,
    IndicatorValuesWriteSerializer,
    IndicatorValuesWrittenSerializer,
)
from api.views import ApiListView
from indicators.dashboard_selectors import (
    province_month_totals_for_user,
    ward_year_totals_for_user,
)
from indicators.entry_selectors import indicator_register, indicator_value_register
from indicators.entry_services import indicator_values_record

TAGS = ["indicators"]


@extend_schema_view(get=extend_schema(
    tags=TAGS, operation_id="indicators_list", parameters=[IndicatorFilters],
    summary="Danh mục chỉ tiêu an ninh, trật tự",
    description="Định nghĩa các chỉ tiêu (mã, tên, đơn vị tính, cách tổng hợp, kỳ, chỉ tiêu "
                "tính toán hay nhập số liệu), kể cả chỉ tiêu đã ngừng dùng. Danh mục dùng chung: "
                "mọi tài khoản được xem chỉ tiêu đều thấy toàn bộ.",
))
class IndicatorList(ApiListView):
    serializer_class = IndicatorSerializer

    def get_queryset(self) -> Any:
        return indicator_register(actor=self.actor, **self.filters(IndicatorFilters))


@extend_schema_view(
    get=extend_schema(
        tags=TAGS, operation_id="indicator_values_list", parameters=[IndicatorValueFilters],
        summary="Số liệu chỉ tiêu theo tháng của từng phường, xã",
        description="Số liệu đã nhập, lọc theo phường, xã, chỉ tiêu và khoảng tháng; tháng "
                    "luôn ghi dạng YYYY-MM. Tài khoản cấp phường chỉ thấy số liệu của phường "
                    "mình; tài khoản cấp thành phố thấy mọi phường, xã của thành phố.",
    ),
    post=extend_schema(
        tags=TAGS, operation_id="indicator_values_write",
        request=IndicatorValuesWriteSerializer,
        responses={200: IndicatorValuesWrittenSerializer},
        summary="Ghi một lô số liệu chỉ tiêu",
        description="Ghi các dòng số liệu (mã phường, tháng, mã chỉ tiêu, giá trị) theo đúng "
                    "quy tắc của việc nhập từ tệp Excel: lô được ghi toàn bộ, hoặc không dòng "
                    "nào nếu có một dòng sai (mỗi dòng sai được nêu trong “errors”). Chỉ tài "
                    "khoản được nhập số liệu, cho phường, xã trong phạm vi của mình.",
    ),
)
class IndicatorValueList(ApiListView):
    serializer_class = IndicatorValueSerializer

    def get_queryset(self) -> Any:
        return indicator_value_register(actor=self.actor, **self.filters(IndicatorValueFilters))

    def post(self, request: Request) -> Response:
        body = IndicatorValuesWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = indicator_values_record(actor=self.actor, rows=body.validated_data["rows"])
        return Response(IndicatorValuesWrittenSerializer(
            {"rows": result.rows, "changed": result.changed}).data)


@extend_schema_view(get=extend_schema(
    tags=TAGS, operation_id="indicator_totals_list", parameters=[IndicatorTotalFilters],
    summary="Tổng hợp số liệu chỉ tiêu (theo năm của phường, theo tháng của thành phố)",
    description="Tổng và số lượng số liệu đã nhập, đúng như các biểu đồ đọc: level=ward_year "
                "theo năm của từng phường, xã (tài khoản cấp phường chỉ thấy phường mình); "
                "level=province_month theo tháng của cả thành phố, chỉ cho tài khoản cấp "
                "thành phố (tài khoản cấp phường nhận danh sách rỗng). Bình quân của chỉ "
                "tiêu tính bình quân là total / count.",
))
class IndicatorTotalList(ApiListView):
    serializer_class = IndicatorTotalSerializer

    def get_queryset(self) -> Any:
        filters = self.filters(IndicatorTotalFilters)
        if filters.pop("level") == PROVINCE_MONTH:
            return province_month_totals_for_user(self.actor, **filters)
        return ward_year_totals_for_user(self.actor, **filters)
