"""Units (with lineage and validity dates) and the plan's bodies."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import Action, get_for_user
from api.serializers_units import AgencyFilters, AgencySerializer, UnitFilters, UnitSerializer
from api.views import ApiListView, ApiView
from directory.selectors import agency_register, unit_register


@extend_schema(tags=["units"], parameters=[UnitFilters],
               summary="Đơn vị hành chính (cả đơn vị đã sáp nhập), kèm dòng lịch sử")
class UnitList(ApiListView):
    serializer_class = UnitSerializer

    def get_queryset(self) -> Any:
        return unit_register(actor=self.actor, **self.filters(UnitFilters))


@extend_schema(tags=["units"], summary="Một đơn vị hành chính")
class UnitDetail(ApiView):
    serializer_class = UnitSerializer

    def get(self, request: Request, id: int) -> Response:
        unit = get_for_user(self.actor, unit_register(actor=self.actor), Action.UNIT_VIEW,
                            pk=id)
        return Response(self.get_serializer(unit).data)


@extend_schema(tags=["units"], parameters=[AgencyFilters],
               summary="Các cơ quan, đơn vị được giao nhiệm vụ trong kế hoạch")
class AgencyList(ApiListView):
    serializer_class = AgencySerializer

    def get_queryset(self) -> Any:
        return agency_register(actor=self.actor, **self.filters(AgencyFilters))
