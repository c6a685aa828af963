"""The recognition chain as another system reads it: criteria sets, rounds and dossiers.

Read only. A dossier's figures are those the pages show (the stored judgement of each
criterion, the totals the services keep); nothing here judges a value again.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.criteria_selectors import GroupNode
from assessments.models import Assessment, AssessmentValue, CriteriaSet, Criterion
from assessments.procedure import STEPS
from assessments.selectors import GapReport


def _score(help_text: str, *, max_digits: int = 9, **options: Any
           ) -> serializers.DecimalField:
    """A score as the models keep it (at most 9 digits, 2 decimals), as a JSON number; a
    sum of scores gets more digits."""
    return serializers.DecimalField(max_digits=max_digits, decimal_places=2,
                                    coerce_to_string=False, help_text=help_text, **options)


class NamedUnitSerializer(serializers.Serializer):
    """A ward or a province, as a dossier, a round or a consultation names it."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


# --- Criteria sets ------------------------------------------------------------------------

class CriteriaFilters(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=CriteriaSet.Purpose.choices, required=False,
                                      help_text="Bộ tiêu chí dùng để đánh giá gì.")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100,
                                    help_text="Chỉ các bộ tiêu chí áp dụng trong năm này.")


class CriteriaSetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    purpose = serializers.ChoiceField(choices=CriteriaSet.Purpose.choices)
    legal_basis_number = serializers.CharField(help_text="Số quyết định ban hành (có thể rỗng).")
    legal_basis_date = serializers.DateField(allow_null=True)
    year_from = serializers.IntegerField()
    year_to = serializers.IntegerField()
    pass_score = _score("Tổng điểm tối thiểu để đạt (cùng với mọi tiêu chí bắt buộc).")
    is_sample = serializers.BooleanField(help_text="Bộ mẫu, sẽ được thay bằng bộ chính thức.")
    version = serializers.IntegerField()
    previous_version = serializers.IntegerField(source="previous_version_id", allow_null=True,
                                                help_text="Bộ tiêu chí mà phiên bản này sao từ.")
    criteria_count = serializers.IntegerField(help_text="Số tiêu chí (kể cả tiêu chí con).")
    max_total_score = _score("Tổng điểm tối đa của các tiêu chí cấp trên.", max_digits=14)


class SubCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    guidance = serializers.CharField()
    value_type = serializers.ChoiceField(choices=Criterion.ValueType.choices)
    choices = serializers.ListField(child=serializers.CharField(), source="choice_list",
                                    help_text="Các lựa chọn, với tiêu chí kiểu lựa chọn.")
    comparison = serializers.ChoiceField(choices=Criterion.Comparison.choices,
                                         help_text="So sánh giá trị với mục tiêu.")
    target = serializers.CharField(help_text="Mục tiêu như bộ tiêu chí ghi (rỗng: không có).")
    target_number = serializers.SerializerMethodField(
        help_text="Mục tiêu dạng số, khi mục tiêu là một số.")
    max_score = _score("Điểm tối đa.")
    mandatory = serializers.BooleanField()
    evidence_required = serializers.BooleanField()
    legal_source = serializers.CharField()
    value_source = serializers.ChoiceField(
        choices=Criterion.ValueSource.choices,
        help_text="Nguồn giá trị: phường nhập, hay hệ thống tính từ ý kiến người dân, chỉ "
                  "tiêu, trụ sở và trang thiết bị, kết quả cấp dưới, lực lượng.")
    source_key = serializers.CharField(
        help_text="Với tiêu chí tự tính: mã chỉ tiêu hoặc quy tắc mà giá trị được tính từ.")
    computed = serializers.BooleanField(
        source="is_computed",
        help_text="Hệ thống tự tính giá trị (phường không nhập); một nguồn hệ thống chưa "
                  "đọc được thì phường nhập.")
    order = serializers.IntegerField()

    @extend_schema_field(serializers.DecimalField(max_digits=30, decimal_places=10,
                                                  coerce_to_string=False, allow_null=True))
    def get_target_number(self, obj: Criterion) -> Decimal | None:
        number = obj.target_number() if obj.target else None
        # Within what the description promises (a target is a percentage or a count).
        if number is None or not number.is_finite() or abs(number) >= Decimal(10) ** 20:
            return None
        return number


class CriterionSerializer(SubCriterionSerializer):
    sub_criteria = serializers.SerializerMethodField(
        help_text="Các tiêu chí con: tiêu chí đạt khi mọi tiêu chí con đạt.")

    @extend_schema_field(SubCriterionSerializer(many=True))
    def get_sub_criteria(self, obj: Criterion) -> list[dict[str, Any]]:
        children = self.context.get("children", {}).get(obj.pk, [])
        return SubCriterionSerializer(children, many=True).data  # type: ignore[return-value]


class CriteriaGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="group.pk")
    code = serializers.CharField(source="group.code")
    title = serializers.CharField(source="group.title")
    order = serializers.IntegerField(source="group.order")
    max_score = _score("Tổng điểm tối đa của các tiêu chí trong nhóm.", max_digits=14)
    criteria = serializers.SerializerMethodField()

    @extend_schema_field(CriterionSerializer(many=True))
    def get_criteria(self, obj: GroupNode) -> list[dict[str, Any]]:
        children = {node.criterion.pk: node.children for node in obj.criteria}
        return CriterionSerializer(  # type: ignore[return-value]
            [node.criterion for node in obj.criteria], many=True,
            context={"children": children}).data


class CriteriaSetDetailSerializer(CriteriaSetSerializer):
    groups = serializers.SerializerMethodField(help_text="Các nhóm tiêu chí, theo thứ tự.")

    @extend_schema_field(CriteriaGroupSerializer(many=True))
    def get_groups(self, obj: CriteriaSet) -> list[dict[str, Any]]:
        return CriteriaGroupSerializer(self.context["tree"], many=True).data  # type: ignore


# --- Rounds -------------------------------------------------------------------------------

class RoundFilters(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    province = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="Mã số (id) tỉnh, thành phố.")
    is_open = serializers.BooleanField(required=False, allow_null=True, default=None,
                                       help_text="true: chỉ đợt đang mở; false: chỉ đợt đã đóng.")


class RecognitionRoundSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    province = NamedUnitSerializer()
    criteria_set = serializers.IntegerField(source="criteria_set_id")
    criteria_set_name = serializers.CharField(source="criteria_set.name")
    registration_deadline = serializers.DateField(help_text="Hạn đăng ký (hết ngày này).")
    submission_deadline = serializers.DateField(help_text="Hạn nộp hồ sơ tự đánh giá.")
    is_open = serializers.BooleanField(help_text="Đợt còn mở.")
    registration_open = serializers.SerializerMethodField(
        help_text="Hôm nay phường còn đăng ký được.")
    opened_at = serializers.DateTimeField()

    @extend_schema_field(serializers.BooleanField())
    def get_registration_open(self, obj: Any) -> bool:
        return bool(obj.registration_open_on(timezone.localdate()))


# --- Dossiers -----------------------------------------------------------------------------

class DossierFilters(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    ward = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                    help_text="Mã số (id) phường.")
    round = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                     help_text="Mã số (id) đợt công nhận.")
    step = serializers.ChoiceField(choices=Assessment.State.choices, required=False,
                                   help_text="Bước của hồ sơ trong quy trình công nhận.")


class DossierStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=Assessment.State.choices,
                                   help_text="Bước mà hồ sơ có thể chuyển tới.")
    label = serializers.CharField()  # type: ignore[assignment]


class DossierDecisionSerializer(serializers.Serializer):
    number = serializers.CharField(source="decision_number")
    date = serializers.DateField(source="decision_date", allow_null=True)
    signer = serializers.CharField(source="decision_signer")


class DossierSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ward = NamedUnitSerializer()
    year = serializers.IntegerField(source="round.year")
    round = serializers.IntegerField(source="round_id")
    criteria_set = serializers.IntegerField(source="criteria_set_id")
    # Named `step`, not `state`: other operations' `state` is another list of values, and
    # one name for two lists makes clients' generated enums collide.
    step = serializers.ChoiceField(source="state", choices=Assessment.State.choices,
                                   help_text="Bước hiện tại của hồ sơ trong quy trình "
                                             "(trạng thái của hồ sơ).")
    step_label = serializers.CharField(source="get_state_display")
    next_steps = serializers.SerializerMethodField(
        help_text="Các bước quy trình cho phép từ trạng thái hiện tại (ai được làm là việc "
                  "của phân quyền).")
    total_score = _score("Tổng điểm.")
    pass_score = _score("Điểm đạt của bộ tiêu chí.", source="criteria_set.pass_score")
    mandatory_met = serializers.BooleanField(help_text="Đạt mọi tiêu chí bắt buộc.")
    passes = serializers.BooleanField(
        help_text="Đạt điều kiện công nhận: mọi tiêu chí bắt buộc và đủ điểm đạt.")
    satisfaction_rate = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False, allow_null=True,
        help_text="Tỷ lệ người dân hài lòng (%) theo tổng hợp của Mặt trận.")
    submitted_at = serializers.DateTimeField(
        allow_null=True, help_text="Lần phường nộp (hoặc nộp lại) hồ sơ gần nhất.")
    decision = serializers.SerializerMethodField(help_text="Quyết định công nhận, nếu đã có.")
    updated_at = serializers.DateTimeField()

    @extend_schema_field(DossierStepSerializer(many=True))
    def get_next_steps(self, obj: Assessment) -> list[dict[str, Any]]:
        return [{"step": step.target, "label": str(step.label)}
                for step in STEPS if step.source == obj.state]

    @extend_schema_field(DossierDecisionSerializer(allow_null=True))
    def get_decision(self, obj: Assessment) -> dict[str, Any] | None:
        if not (obj.decision_number or obj.decision_date):
            return None
        return DossierDecisionSerializer(obj).data  # type: ignore[return-value]


class DossierValueSourceSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Mã chỉ tiêu hoặc quy tắc (source_key).")
    note = serializers.CharField(help_text="Hệ thống đã đọc gì (số liệu, kỳ), hoặc vì sao "
                                           "chưa có số liệu.")
    read_at = serializers.DateTimeField(allow_null=True, help_text="Lúc đọc số liệu.")


class DossierCorrectionSerializer(serializers.Serializer):
    reason = serializers.CharField()
    corrected_at = serializers.DateTimeField()


class DossierValueSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(source="criterion_id")
    code = serializers.CharField(source="criterion.code")
    title = serializers.CharField(source="criterion.title")
    group = serializers.CharField(source="criterion.group.code", help_text="Mã nhóm tiêu chí.")
    parent = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text="Mã tiêu chí cha, với tiêu chí con.")
    mandatory = serializers.BooleanField(source="criterion.mandatory")
    max_score = _score("Điểm tối đa.", source="criterion.max_score")
    value = serializers.CharField(
        help_text="Giá trị ở dạng chuẩn: \"yes\"/\"no\", số thập phân dấu chấm, một lựa chọn "
                  "hoặc văn bản; rỗng khi chưa có. Với tiêu chí tự tính: giá trị hệ thống "
                  "tính (hoặc giá trị thành phố đã hiệu chỉnh, xem correction).")
    met = serializers.BooleanField(allow_null=True, help_text="Đạt; null khi chưa có giá trị.")
    score = _score("Điểm đạt được.")
    computed = serializers.BooleanField(source="criterion.is_computed",
                                        help_text="Giá trị do hệ thống tự tính.")
    value_source = serializers.ChoiceField(source="criterion.value_source",
                                           choices=Criterion.ValueSource.choices)
    source = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text="Với tiêu chí tự tính: giá trị được tính từ đâu.")
    correction = serializers.SerializerMethodField(
        help_text="Hiệu chỉnh của thành phố đối với giá trị tự tính, nếu có.")
    evidence_count = serializers.IntegerField(help_text="Số tệp minh chứng.")
    explanation = serializers.CharField(help_text="Thuyết minh của phường.")
    review_comment = serializers.CharField(help_text="Nhận xét của người thẩm tra.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_parent(self, obj: AssessmentValue) -> str | None:
        return self.context.get("codes", {}).get(obj.criterion.parent_id)

    @extend_schema_field(DossierValueSourceSerializer(allow_null=True))
    def get_source(self, obj: AssessmentValue) -> dict[str, Any] | None:
        criterion = obj.criterion
        if criterion.value_source == Criterion.ValueSource.ENTERED:
            return None
        return DossierValueSourceSerializer(  # type: ignore[return-value]
            {"key": criterion.source_key, "note": obj.source_note,
             "read_at": obj.source_read_at}).data

    @extend_schema_field(DossierCorrectionSerializer(allow_null=True))
    def get_correction(self, obj: AssessmentValue) -> dict[str, Any] | None:
        if obj.overridden_at is None:
            return None
        return DossierCorrectionSerializer(  # type: ignore[return-value]
            {"reason": obj.override_reason, "corrected_at": obj.overridden_at}).data


class DossierGapItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    missing_value = serializers.BooleanField()
    below_target = serializers.BooleanField()
    missing_evidence = serializers.BooleanField()
    blocks = serializers.BooleanField(help_text="Tiêu chí bắt buộc chưa đạt: không thể công "
                                                "nhận dù đủ điểm.")
    shortfall = _score("Số điểm còn thiếu ở tiêu chí này.")


class DossierGapSerializer(serializers.Serializer):
    score_shortfall = _score("Số điểm còn thiếu so với điểm đạt.")
    mandatory_unmet = serializers.IntegerField(help_text="Số tiêu chí bắt buộc chưa đạt.")
    criteria = DossierGapItemSerializer(many=True,
                                        help_text="Các tiêu chí chưa đạt, chặn nhất trước.")


def gap_data(report: GapReport) -> dict[str, Any]:
    return {
        "score_shortfall": report.score_shortfall, "mandatory_unmet": report.mandatory_unmet,
        "criteria": [{"code": g.criterion.code, "missing_value": g.missing_value,
                      "below_target": g.below_target, "missing_evidence": g.missing_evidence,
                      "blocks": g.blocks, "shortfall": g.shortfall} for g in report.gaps],
    }


class DossierDetailSerializer(DossierSerializer):
    satisfaction_source = serializers.CharField(
        help_text="Nguồn của tỷ lệ hài lòng, như bản tổng hợp của Mặt trận ghi.")
    submission_due = serializers.SerializerMethodField(
        help_text="Hạn nộp lần đầu: hạn của đợt, hoặc hạn thành phố đã gia hạn.")
    council_outcome = serializers.CharField(help_text="Kết luận của Hội đồng thẩm định.")
    revocation_reason = serializers.CharField(help_text="Lý do thu hồi công nhận, nếu có.")
    values = serializers.SerializerMethodField(
        help_text="Giá trị của từng tiêu chí, theo thứ tự của bộ tiêu chí.")
    gap = serializers.SerializerMethodField(help_text="Những gì còn thiếu để được công nhận.")

    @extend_schema_field(serializers.DateField())
    def get_submission_due(self, obj: Assessment) -> date:
        return obj.submission_due()

    @extend_schema_field(DossierValueSerializer(many=True))
    def get_values(self, obj: Assessment) -> list[dict[str, Any]]:
        values = self.context["values"]
        codes = {v.criterion_id: v.criterion.code for v in values}
        return DossierValueSerializer(values, many=True,  # type: ignore[return-value]
                                      context={"codes": codes}).data

    @extend_schema_field(DossierGapSerializer)
    def get_gap(self, obj: Assessment) -> dict[str, Any]:
        return DossierGapSerializer(gap_data(self.context["gap"])).data  # type: ignore
