"""Units (with lineage and validity dates) and the plan's bodies."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import Action, get_for_user
from api.serializers_units import AgencyFilters, AgencySerializer, UnitFilters, UnitSerializer
from api.views import ApiListView, ApiView
from directory.selectors import agency_register, unit_register


@extend_schema_view(get=extend_schema(
    tags=["units"], parameters=[UnitFilters], operation_id="units_list",
    summary="Đơn vị hành chính, cả đơn vị đã sáp nhập, kèm dòng lịch sử",
    description="Các đơn vị trong phạm vi của khóa: thành phố, phường, xã, tổ dân phố, cả đơn "
                "vị đã giải thể hoặc sáp nhập, với ngày hiệu lực, các đơn vị đã sáp nhập vào "
                "(mergers_in) và đơn vị kế thừa (successor)."))
class UnitList(ApiListView):
    serializer_class = UnitSerializer

    def get_queryset(self) -> Any:
        return unit_register(actor=self.actor, **self.filters(UnitFilters))


@extend_schema_view(get=extend_schema(
    tags=["units"], operation_id="unit_get", summary="Một đơn vị hành chính",
    description="Không tìm thấy (404) nếu đơn vị nằm ngoài phạm vi của khóa."))
class UnitDetail(ApiView):
    serializer_class = UnitSerializer

    def get(self, request: Request, id: int) -> Response:
        unit = get_for_user(self.actor, unit_register(actor=self.actor), Action.UNIT_VIEW, pk=id)
        return Response(self.get_serializer(unit).data)


@extend_schema_view(get=extend_schema(
    tags=["units"], parameters=[AgencyFilters], operation_id="agencies_list",
    summary="Các cơ quan, đơn vị được giao nhiệm vụ trong kế hoạch",
    description="Sở, ngành, đoàn thể và UBND phường, xã, với ngày hiệu lực và các lần hợp nhất "
                "năm 2025."))
class AgencyList(ApiListView):
    serializer_class = AgencySerializer

    def get_queryset(self) -> Any:
        return agency_register(actor=self.actor, **self.filters(AgencyFilters))
