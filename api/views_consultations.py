"""Residents' consultations, read only: campaigns and their aggregate results."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers_consultations import (
    ConsultationFilters,
    ConsultationResultsSerializer,
    ConsultationSerializer,
    results_data,
)
from api.views import ApiListView, ApiView
from consultations.selectors import (
    campaign_get_for_user,
    campaign_register,
    campaign_result,
    counted_results,
)

TAG = "consultations"


@extend_schema_view(get=extend_schema(
    tags=[TAG], operation_id="consultations_list", parameters=[ConsultationFilters],
    summary="Các cuộc lấy ý kiến người dân",
    description="Cuộc lấy ý kiến hằng năm của từng phường (ngày mở, ngày đóng, đang mở hay "
                "không) với kết quả tổng hợp dùng cho tiêu chí hài lòng. Chỉ số liệu tổng "
                "hợp, không có ý kiến riêng lẻ. Người dùng cấp phường chỉ thấy phường mình."))
class ConsultationList(ApiListView):
    serializer_class = ConsultationSerializer

    def get_queryset(self) -> Any:
        return campaign_register(actor=self.actor, **self.filters(ConsultationFilters))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # the list is always paged
        # The page's results together, in the few queries of one (never one per campaign).
        counted = {r.campaign.pk: r for r in counted_results(page, overall_only=True)}
        data = ConsultationSerializer(page, many=True, context={"counted": counted}).data
        return self.get_paginated_response(data)


class ConsultationResults(ApiView):
    serializer_class = ConsultationResultsSerializer

    @extend_schema(
        tags=[TAG], operation_id="consultation_results_get",
        summary="Kết quả tổng hợp của một cuộc lấy ý kiến",
        description="Số người trả lời, tỷ lệ hài lòng, số câu trả lời theo từng mức của mỗi "
                    "câu hỏi, theo tổ dân phố và theo kênh (web có mã hộ, đường link chung, "
                    "phiếu giấy), cùng kết quả dùng cho tiêu chí. Chỉ số liệu tổng hợp: không "
                    "có câu trả lời riêng, góp ý, mã hộ hay số điện thoại.")
    def get(self, request: Request, id: int) -> Response:
        campaign = campaign_get_for_user(self.actor, id)
        result = campaign_result(campaign)
        counted = counted_results([campaign])[0]
        return Response(ConsultationResultsSerializer(
            results_data(result, counted), context={"counted": {campaign.pk: counted}}).data)
