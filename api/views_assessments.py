"""The recognition chain, read only: criteria sets, rounds and the wards' dossiers."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from api.serializers_assessments import (
    CriteriaFilters,
    CriteriaSetDetailSerializer,
    CriteriaSetSerializer,
    DossierDetailSerializer,
    DossierFilters,
    DossierSerializer,
    RecognitionRoundSerializer,
    RoundFilters,
)
from api.views import ApiListView, ApiView
from assessments.criteria_selectors import (
    criteria_set_register,
    criteria_set_register_get,
    criteria_tree,
)
from assessments.output_selectors import dossier_values
from assessments.selectors import (
    assessment_register,
    dossier_get_for_user,
    gap_to_recognition,
    round_get_visible,
    round_register,
)

TAG = "assessments"


@extend_schema_view(get=extend_schema(
    tags=[TAG], operation_id="criteria_sets_list", parameters=[CriteriaFilters],
    summary="Các bộ tiêu chí",
    description="Các bộ tiêu chí (dữ liệu dùng chung cho mọi đơn vị), kèm số tiêu chí và "
                "tổng điểm tối đa. Ai có quyền xem bộ tiêu chí đều đọc được tất cả."))
class CriteriaSetList(ApiListView):
    serializer_class = CriteriaSetSerializer

    def get_queryset(self) -> Any:
        return criteria_set_register(actor=self.actor, **self.filters(CriteriaFilters))


class CriteriaSetDetail(ApiView):
    serializer_class = CriteriaSetDetailSerializer

    @extend_schema(
        tags=[TAG], operation_id="criteria_set_get", summary="Một bộ tiêu chí, đầy đủ",
        description="Bộ tiêu chí với các nhóm, tiêu chí và tiêu chí con: mã, nội dung, kiểu "
                    "giá trị, điểm, mục tiêu, và nguồn của tiêu chí do hệ thống tự tính. Ai có "
                    "quyền xem bộ tiêu chí đều đọc được.")
    def get(self, request: Request, id: int) -> Response:
        criteria_set = criteria_set_register_get(self.actor, id)
        return Response(CriteriaSetDetailSerializer(
            criteria_set, context={"tree": criteria_tree(criteria_set)}).data)


@extend_schema_view(get=extend_schema(
    tags=[TAG], operation_id="rounds_list", parameters=[RoundFilters],
    summary="Các đợt công nhận",
    description="Đợt công nhận hằng năm của từng tỉnh, thành phố: bộ tiêu chí, hạn đăng ký, "
                "hạn nộp hồ sơ, đợt còn mở hay không. Người dùng cấp phường thấy đợt của "
                "tỉnh, thành phố mình; cấp thành phố thấy các đợt của thành phố."))
class RoundList(ApiListView):
    serializer_class = RecognitionRoundSerializer

    def get_queryset(self) -> Any:
        return round_register(actor=self.actor, **self.filters(RoundFilters))


class RoundDetail(ApiView):
    serializer_class = RecognitionRoundSerializer

    @extend_schema(tags=[TAG], operation_id="round_get", summary="Một đợt công nhận",
                   description="Một đợt công nhận mà người gọi thấy trong danh sách các đợt.")
    def get(self, request: Request, id: int) -> Response:
        return Response(self.get_serializer(round_get_visible(self.actor, id)).data)


@extend_schema_view(get=extend_schema(
    tags=[TAG], operation_id="dossiers_list", parameters=[DossierFilters],
    summary="Hồ sơ tự đánh giá, đề nghị công nhận của các phường",
    description="Mỗi hồ sơ: phường, năm, bước trong quy trình, tổng điểm, đạt hay chưa so với "
                "điểm đạt của bộ tiêu chí, ngày nộp, quyết định công nhận nếu có. Người dùng "
                "cấp phường chỉ thấy hồ sơ của phường mình; cấp thành phố thấy các phường của "
                "thành phố."))
class DossierList(ApiListView):
    serializer_class = DossierSerializer

    def get_queryset(self) -> Any:
        filters = self.filters(DossierFilters)
        return assessment_register(actor=self.actor, state=filters.pop("step", None), **filters)


class DossierDetail(ApiView):
    serializer_class = DossierDetailSerializer

    @extend_schema(
        tags=[TAG], operation_id="dossier_get", summary="Một hồ sơ, với giá trị từng tiêu chí",
        description="Hồ sơ cùng giá trị, điểm của từng tiêu chí, tiêu chí nào hệ thống tự tính "
                    "và tính từ đâu, số tệp minh chứng, và những gì còn thiếu để được công "
                    "nhận. Chỉ trong phạm vi của người gọi (404 ngoài phạm vi).")
    def get(self, request: Request, id: int) -> Response:
        dossier = dossier_get_for_user(self.actor, id)
        context = {"values": list(dossier_values(dossier)),
                   "gap": gap_to_recognition(dossier)}
        return Response(DossierDetailSerializer(dossier, context=context).data)
