"""The plan's periodic reports as another system reads and writes them: the reporting
periods, each body's report with its items per plan task, and the report a body writes
(saved as a draft or submitted, under the same rules as the report form)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.models import PlanTask, Report, ReportingPeriod, ReportItem
from reports.report_selectors import report_timeliness

MAX_ID = 2**63 - 1
# The form's text boxes have no limit; one far above any real report keeps a runaway
# sender from storing megabytes in one field.
MAX_TEXT = 50_000
TIMELINESS = [("on_time", "on_time"), ("late", "late"), ("missing", "missing")]


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# --- Periods -----------------------------------------------------------------------------

class ReportingPeriodSerializer(serializers.ModelSerializer):
    plan_number = serializers.CharField(source="plan.number",
                                        help_text="Số kế hoạch (ví dụ 123/KH-UBND).")
    n_reports = serializers.IntegerField(
        help_text="Số báo cáo của kỳ mà khóa này được đọc (báo cáo của cơ quan, phường mình; "
                  "cấp thành phố: mọi cơ quan).")

    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "plan_number", "kind", "year", "title", "cutoff_start",
                  "cutoff_end", "due_date", "n_reports"]
        extra_kwargs = {
            "kind": {"help_text": "half_year: báo cáo 6 tháng (trước 15/6); year: báo cáo năm "
                                  "(trước 15/12); ad_hoc: báo cáo đột xuất."},
            "cutoff_start": {"help_text": "Số liệu tính từ ngày."},
            "cutoff_end": {"help_text": "Số liệu tính đến ngày."},
            "due_date": {"help_text": "Hạn gửi: gửi trong ngày này (giờ Hà Nội) là đúng hạn."},
        }


class ReportingPeriodFilters(serializers.Serializer):
    plan = _id(required=False)
    kind = serializers.ChoiceField(choices=ReportingPeriod.Kind.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


# --- Reports -----------------------------------------------------------------------------

class ReportAgencySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    org_unit = serializers.IntegerField(
        source="org_unit_id", allow_null=True,
        help_text="Phường, xã của cơ quan khi đó là UBND cấp xã; null với các cơ quan khác.")


class ReportPeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    # A plain string here: the enum is described once, on the period itself.
    kind = serializers.CharField(help_text="half_year, year hoặc ad_hoc, như ở danh sách "
                                           "kỳ báo cáo.")
    year = serializers.IntegerField()
    title = serializers.CharField()
    due_date = serializers.DateField()


class ReportItemCountsSerializer(serializers.Serializer):
    total = serializers.IntegerField(source="n_items")
    not_started = serializers.IntegerField(source="n_not_started")
    in_progress = serializers.IntegerField(source="n_in_progress")
    done = serializers.IntegerField(source="n_done")
    blocked = serializers.IntegerField(source="n_blocked")
    unset = serializers.IntegerField(source="n_unset",
                                     help_text="Nhiệm vụ chưa chọn tình trạng.")


class ReportSerializer(serializers.ModelSerializer):
    agency = ReportAgencySerializer()
    period = ReportPeriodSerializer()
    state = serializers.ChoiceField(
        choices=Report.State.choices,
        help_text="draft: đang soạn; submitted: đã gửi, chờ Công an Thành phố xem xét; "
                  "returned: bị trả lại để sửa; accepted: đã tiếp nhận (không sửa được nữa).")
    timeliness = serializers.SerializerMethodField(
        help_text="on_time: đã gửi đúng hạn; late: gửi muộn; missing: chưa gửi (báo cáo bị "
                  "trả lại tính là chưa gửi cho đến khi gửi lại).")
    is_late = serializers.SerializerMethodField(
        help_text="Lần gửi gần nhất sau hạn gửi của kỳ.")
    is_overdue = serializers.SerializerMethodField(
        help_text="Chưa gửi và đã quá hạn gửi.")
    item_counts = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "agency", "period", "state", "submitted_at", "timeliness", "is_late",
                  "is_overdue", "reviewed_at", "revision", "updated_at", "item_counts"]
        extra_kwargs = {"revision": {"help_text": "Số lần lưu; gửi lại khi ghi để không ghi "
                                                  "đè thay đổi của người khác."}}

    @extend_schema_field(serializers.ChoiceField(choices=TIMELINESS))
    def get_timeliness(self, obj: Report) -> str:
        return report_timeliness(obj)

    @extend_schema_field(serializers.BooleanField())
    def get_is_late(self, obj: Report) -> bool:
        return report_timeliness(obj) == "late"

    @extend_schema_field(serializers.BooleanField())
    def get_is_overdue(self, obj: Report) -> bool:
        return (report_timeliness(obj) == "missing"
                and timezone.localdate() > obj.period.due_date)

    @extend_schema_field(ReportItemCountsSerializer())
    def get_item_counts(self, obj: Report) -> dict[str, Any]:
        return ReportItemCountsSerializer(obj).data


class ReportFilters(serializers.Serializer):
    period = _id(required=False)
    agency = _id(required=False)
    state = serializers.ChoiceField(choices=Report.State.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class PlanTaskBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    section = serializers.CharField(help_text="Mục của kế hoạch (ví dụ IV.1).")
    text = serializers.CharField()
    lead = serializers.IntegerField(source="lead_id", help_text="Cơ quan chủ trì.")
    kind = serializers.ChoiceField(choices=PlanTask.Kind.choices,
                                   help_text="order: giao nhiệm vụ; request: đề nghị.")
    due_date = serializers.DateField(allow_null=True)


def _text(max_length: int = MAX_TEXT, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=max_length,
                                 **kwargs)


class ReportItemSerializer(serializers.Serializer):
    """One task's part of the report, read and written alike: an item read from a report
    may be sent back as it is (what is only read is ignored)."""

    id = serializers.IntegerField(read_only=True)
    task = _id(source="task_id", help_text="Nhiệm vụ của kế hoạch (task_detail.id).")
    task_detail = PlanTaskBriefSerializer(source="task", read_only=True)
    role = serializers.SerializerMethodField(
        help_text="lead: cơ quan chủ trì nhiệm vụ; coordinating: cơ quan phối hợp.")
    status = serializers.ChoiceField(
        choices=ReportItem.Status.choices, required=False, allow_blank=True,
        help_text="Tiến độ của nhiệm vụ; rỗng khi chưa chọn. Phải có trước khi gửi.")
    results = _text(help_text="Kết quả thực hiện.")
    difficulties = _text(help_text="Khó khăn, vướng mắc.")
    proposals = _text(help_text="Đề xuất, kiến nghị.")
    figures = _text(max_length=500, help_text="Số liệu.")

    @extend_schema_field(serializers.ChoiceField(choices=[("lead", "lead"),
                                                          ("coordinating", "coordinating")]))
    def get_role(self, obj: ReportItem) -> str:
        # The report's body comes in the context: reading obj.report would cost a query a row.
        return "lead" if obj.task.lead_id == self.context["agency"] else "coordinating"


class ReportDetailSerializer(ReportSerializer):
    items = serializers.SerializerMethodField()
    is_editable = serializers.SerializerMethodField(
        help_text="Báo cáo đang soạn hoặc bị trả lại: còn sửa, gửi được.")

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "is_editable", "summary", "review_comment",
                  "items"]
        extra_kwargs = {**ReportSerializer.Meta.extra_kwargs,
                        "summary": {"help_text": "Đánh giá chung."},
                        "review_comment": {"help_text": "Ý kiến khi Công an Thành phố trả "
                                                        "lại báo cáo."}}

    @extend_schema_field(serializers.BooleanField())
    def get_is_editable(self, obj: Report) -> bool:
        return obj.is_editable

    @extend_schema_field(ReportItemSerializer(many=True))
    def get_items(self, obj: Report) -> list[Any]:
        return list(ReportItemSerializer(self.context["items"], many=True,
                                   context={"agency": obj.agency_id}).data)


# --- Writing a report --------------------------------------------------------------------

class ReportWriteSerializer(serializers.Serializer):
    revision = serializers.IntegerField(
        required=False, min_value=0, max_value=2**31 - 1,
        help_text="Số lần lưu đã đọc (revision). Nếu có và báo cáo đã được lưu sau đó thì "
                  "không lưu gì (400); nếu bỏ trống thì ghi đè.")
    summary = _text(help_text="Đánh giá chung; bỏ trống thì giữ nguyên.")
    items: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=ReportItemSerializer(), required=False, max_length=1000,
        help_text="Các nhiệm vụ cần ghi (tối đa 1000); nhiệm vụ không nêu và trường không "
                  "nêu giữ nguyên.")
    submit = serializers.BooleanField(
        required=False, default=False,
        help_text="true: lưu rồi gửi Công an Thành phố (mọi nhiệm vụ phải có tình trạng, "
                  "có đánh giá chung).")

    def validate_items(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # Every item names a task of this report once; errors sit at the item's position.
        tasks = self.context["tasks"]
        seen: set[int] = set()
        errors: list[dict[str, Any]] = []
        for item in value:
            task = item["task_id"]
            if task not in tasks:
                errors.append({"task": [_("This report has no item for this task.")]})
            elif task in seen:
                errors.append({"task": [_("This task is given more than once.")]})
            else:
                errors.append({})
            seen.add(task)
        if any(errors):
            raise serializers.ValidationError(errors)
        return value
