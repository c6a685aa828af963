"""The plan's periodic reports: the reporting periods (6-monthly before 15/6, yearly before
15/12, ad hoc), each body's report with its items per plan task, and a body's report
written by another system through the report form's own services."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import Action
from api.serializers_reports import (
    ReportDetailSerializer,
    ReportFilters,
    ReportingPeriodFilters,
    ReportingPeriodSerializer,
    ReportSerializer,
    ReportWriteSerializer,
)
from api.views import ApiListView, ApiView
from reports import report_selectors as sel
from reports import report_services as svc

TAGS = ["reports"]


@extend_schema_view(get=extend_schema(
    tags=TAGS, operation_id="reporting_periods_list", parameters=[ReportingPeriodFilters],
    summary="Các kỳ báo cáo định kỳ của kế hoạch",
    description="Các kỳ báo cáo (6 tháng trước 15/6, năm trước 15/12, đột xuất) của kế hoạch "
                "thuộc tỉnh, thành phố của người giữ khóa, với thời gian lấy số liệu, hạn gửi "
                "và số báo cáo của kỳ mà khóa được đọc. Dành cho người được đọc kế hoạch."))
class PeriodList(ApiListView):
    serializer_class = ReportingPeriodSerializer

    def get_queryset(self) -> Any:
        return sel.period_register(actor=self.actor, **self.filters(ReportingPeriodFilters))


@extend_schema_view(get=extend_schema(
    tags=TAGS, operation_id="reports_list", parameters=[ReportFilters],
    summary="Báo cáo định kỳ của các cơ quan",
    description="Các báo cáo mà khóa được đọc: cơ quan chỉ thấy báo cáo của mình, UBND phường "
                "của phường mình, Công an Thành phố của mọi cơ quan. Mỗi báo cáo có tình trạng, "
                "lúc gửi, đúng hạn hay muộn và số nhiệm vụ theo tiến độ."))
class ReportList(ApiListView):
    serializer_class = ReportSerializer

    def get_queryset(self) -> Any:
        return sel.report_register(actor=self.actor, **self.filters(ReportFilters))


class ReportDetail(ApiView):
    serializer_class = ReportDetailSerializer

    def get_object(self) -> Any:
        # DRF's OPTIONS answer asks for the object a PUT would change; the same scoped
        # read as the PUT itself (404 outside the key's scope).
        return sel.report_counted_get_for_user(self.actor, self.kwargs["id"], Action.REPORT_EDIT)

    def _answer(self, id: int) -> Response:
        report = sel.report_counted_get_for_user(self.actor, id)
        return Response(ReportDetailSerializer(
            report, context={"items": sel.report_items(report)}).data)

    @extend_schema(
        tags=TAGS, operation_id="report_get", responses=ReportDetailSerializer,
        summary="Một báo cáo định kỳ, với từng nhiệm vụ",
        description="Báo cáo của một cơ quan trong một kỳ: đánh giá chung, tình trạng và, với "
                    "từng nhiệm vụ của kế hoạch, tiến độ, kết quả, khó khăn, kiến nghị, số liệu. "
                    "Không có trong phạm vi của khóa thì trả 404.")
    def get(self, request: Request, id: int) -> Response:
        return self._answer(id)

    @extend_schema(
        tags=TAGS, operation_id="report_write", request=ReportWriteSerializer,
        responses=ReportDetailSerializer,
        summary="Ghi (và gửi) báo cáo định kỳ của cơ quan",
        description="Ghi đánh giá chung và các nhiệm vụ (theo mã nhiệm vụ) của báo cáo đang soạn "
                    "hoặc bị trả lại, như trên trang báo cáo; submit: true thì gửi luôn. Chỉ "
                    "người viết báo cáo của chính cơ quan đó, UBND của chính phường đó (và Công "
                    "an Thành phố) được ghi; một giá trị sai thì không lưu gì.")
    def put(self, request: Request, id: int) -> Response:
        report = sel.report_counted_get_for_user(self.actor, id, Action.REPORT_EDIT)
        tasks = {item.task_id for item in sel.report_items(report)}
        form = ReportWriteSerializer(data=request.data, context={"tasks": tasks})
        form.is_valid(raise_exception=True)
        data = form.validated_data
        svc.report_write(
            actor=self.actor, report=report, summary=data.get("summary"),
            revision=data.get("revision"), submit=data["submit"],
            items={item["task_id"]: {f: v for f, v in item.items() if f != "task_id"}
                   for item in data.get("items", [])})
        return self._answer(id)
