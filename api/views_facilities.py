"""Headquarters, equipment and the road to 2030 (plan section II.5): the two 2030 targets
as the pages keep them, read and recorded through the same selectors and services."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import Action, get_for_user
from api.serializers_facilities import (
    EquipmentGapFilters,
    EquipmentItemFilters,
    EquipmentItemSerializer,
    HeadquartersFilters,
    HeadquartersRecordSerializer,
    HeadquartersWriteSerializer,
    InventoryFilters,
    InventoryLineSerializer,
    InventoryWriteResultSerializer,
    InventoryWriteSerializer,
    RoadmapSerializer,
    WardEquipmentSerializer,
)
from api.views import ApiListView, ApiView
from facilities import equipment_services, headquarters_services
from facilities.equipment_selectors import (
    equipment_catalogue,
    equipment_gap_wards,
    inventory_lines,
    ward_equipment,
)
from facilities.headquarters_selectors import headquarters_records
from facilities.roadmap_selectors import projection_for
from facilities.selectors import facility_ward_get_for_user

TAGS = ["facilities"]


@extend_schema_view(
    get=extend_schema(
        tags=TAGS, operation_id="headquarters_list", parameters=[HeadquartersFilters],
        summary="Trụ sở Công an phường, xã: các bản ghi tình trạng theo ngày",
        description="Mọi bản ghi tình trạng trụ sở (sở hữu, mượn, dùng chung…) của các phường "
                    "trong phạm vi của khóa, cả lịch sử; `current=true` chỉ giữ tình trạng "
                    "hiện nay của mỗi phường. Ai xem được trụ sở và trang thiết bị đều gọi "
                    "được, trong phạm vi đơn vị của mình."),
    post=extend_schema(
        tags=TAGS, operation_id="headquarters_write",
        request=HeadquartersWriteSerializer, responses={201: HeadquartersRecordSerializer},
        summary="Ghi nhận tình trạng trụ sở của một phường, xã",
        description="Ghi tình trạng trụ sở tính đến một ngày, theo cùng quy tắc với trang "
                    "cập nhật trụ sở; cùng ngày thì thay bản ghi của ngày đó. Chỉ Trưởng "
                    "Công an phường, cán bộ Công an phường (và cấp thành phố) ghi được, "
                    "cho phường của mình."),
)
class HeadquartersList(ApiListView):
    serializer_class = HeadquartersRecordSerializer

    def get_queryset(self) -> Any:
        return headquarters_records(actor=self.actor, day=timezone.localdate(),
                                    **self.filters(HeadquartersFilters))

    def post(self, request: Request) -> Response:
        form = HeadquartersWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        values = dict(form.validated_data)
        ward = facility_ward_get_for_user(self.actor, values.pop("ward"), Action.FACILITY_EDIT)
        record = headquarters_services.headquarters_record(actor=self.actor, ward=ward,
                                                           **values)
        # Read back as the list reads it, so the answer carries `is_current` too.
        saved = get_for_user(self.actor, headquarters_records(
            actor=self.actor, day=timezone.localdate()), Action.FACILITY_VIEW, pk=record.pk)
        return Response(self.get_serializer(saved).data, status=201)


@extend_schema_view(get=extend_schema(
    tags=TAGS, operation_id="headquarters_get",
    summary="Một bản ghi tình trạng trụ sở",
    description="Một bản ghi tình trạng trụ sở theo mã (id); không thấy (404) khi bản ghi "
                "thuộc phường ngoài phạm vi của khóa."))
class HeadquartersDetail(ApiView):
    serializer_class = HeadquartersRecordSerializer

    def get(self, request: Request, id: int) -> Response:
        record = get_for_user(self.actor, headquarters_records(
            actor=self.actor, day=timezone.localdate()), Action.FACILITY_VIEW, pk=id)
        return Response(self.get_serializer(record).data)


@extend_schema_view(get=extend_schema(
    tags=TAGS, operation_id="equipment_catalogue_list", parameters=[EquipmentItemFilters],
    summary="Danh mục trang thiết bị và định mức",
    description="Các loại trang thiết bị với định mức cho mỗi Công an phường, xã; danh mục "
                "chung cho mọi đơn vị, ai xem được trang thiết bị đều đọc được."))
class EquipmentItemList(ApiListView):
    serializer_class = EquipmentItemSerializer

    def get_queryset(self) -> Any:
        return equipment_catalogue(actor=self.actor, **self.filters(EquipmentItemFilters))


@extend_schema_view(
    get=extend_schema(
        tags=TAGS, operation_id="inventories_list", parameters=[InventoryFilters],
        summary="Kiểm kê trang thiết bị: các dòng đã ghi của mỗi phường, xã",
        description="Mỗi dòng kiểm kê đã ghi (loại, số dùng được, số hỏng, tổng, định mức, "
                    "số còn thiếu) của các phường trong phạm vi của khóa. Loại chưa có dòng "
                    "nghĩa là chưa có: xem đủ mọi loại ở `equipment_gaps_list`."),
    post=extend_schema(
        tags=TAGS, operation_id="inventories_write",
        request=InventoryWriteSerializer, responses={200: InventoryWriteResultSerializer},
        summary="Ghi kiểm kê trang thiết bị của một phường, xã",
        description="Ghi số dùng được, số hỏng và ghi chú của các loại được liệt kê (loại "
                    "khác giữ nguyên), cả danh sách hoặc không gì cả, theo cùng quy tắc với "
                    "trang kiểm kê. Trả về tình trạng so với định mức sau khi ghi. Chỉ "
                    "Trưởng Công an phường, cán bộ Công an phường (và cấp thành phố) ghi được."),
)
class InventoryList(ApiListView):
    serializer_class = InventoryLineSerializer

    def get_queryset(self) -> Any:
        return inventory_lines(actor=self.actor, **self.filters(InventoryFilters))

    def post(self, request: Request) -> Response:
        form = InventoryWriteSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        ward = facility_ward_get_for_user(self.actor, form.validated_data["ward"],
                                          Action.FACILITY_EDIT)
        changed = equipment_services.inventory_update(
            actor=self.actor, ward=ward,
            lines=[equipment_services.LineInput(**line) for line in form.validated_data["lines"]])
        (result,) = ward_equipment([ward])
        return Response({**WardEquipmentSerializer(result).data, "changed": changed})


@extend_schema_view(get=extend_schema(
    tags=TAGS, operation_id="equipment_gaps_list", parameters=[EquipmentGapFilters],
    summary="Trang thiết bị còn thiếu so với định mức, theo phường, xã",
    description="Mỗi phường, xã hiện có trong phạm vi của khóa, với từng loại trong danh mục: "
                "định mức, số dùng được, số còn thiếu, số dự kiến mua; và phường đã đủ định "
                "mức chưa. Ai xem được trang thiết bị đều gọi được, trong phạm vi của mình."))
class EquipmentGapList(ApiListView):
    serializer_class = WardEquipmentSerializer

    def get_queryset(self) -> Any:
        return equipment_gap_wards(actor=self.actor, **self.filters(EquipmentGapFilters))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # The page of wards first, then their inventories in a fixed number of queries.
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # ApiListView always paginates
        return self.get_paginated_response(
            self.get_serializer(ward_equipment(page), many=True).data)


@extend_schema_view(get=extend_schema(
    tags=TAGS, operation_id="roadmap_get", responses={200: RoadmapSerializer},
    summary="Lộ trình đến năm 2030: trụ sở độc lập và trang thiết bị đủ định mức",
    description="Theo từng năm từ 2024 đến 2030, tỉ lệ phường có trụ sở độc lập và đủ trang "
                "thiết bị (năm đã qua theo bản ghi, từ năm nay theo dự án và kế hoạch mua "
                "sắm) so với mục tiêu 100%, và các phường chưa kịp. Tính trên các phường "
                "trong phạm vi của khóa; ai xem được trụ sở và trang thiết bị đều gọi được."))
class Roadmap(ApiView):
    serializer_class = RoadmapSerializer

    def get(self, request: Request) -> Response:
        return Response(self.get_serializer(
            projection_for(self.actor, timezone.localdate())).data)
