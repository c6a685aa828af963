"""Residents' consultations as another system reads them: the campaigns and their results.

Aggregates only. Nothing here reads or names a single answer, a comment, a household code
or a contact: the results come from `consultations.selectors.campaign_results`, which
reads the tallies the answer page keeps, and are shown as the results page and the
Front's summary show them (per group: answers and satisfied; per question: answers per
rating over the whole campaign).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers_assessments import NamedUnitSerializer
from consultations.models import Campaign, Question, Rating, Response
from consultations.selectors import (
    PHASE_CLOSED,
    PHASE_NOT_OPEN,
    PHASE_OPEN,
    CampaignResult,
    campaign_phase,
    percent,
)

PHASES = [PHASE_NOT_OPEN, PHASE_OPEN, PHASE_CLOSED]


def _share(help_text: str) -> serializers.DecimalField:
    """A percentage as `consultations.selectors.percent` rounds it (one decimal), or null
    when nobody answered."""
    return serializers.DecimalField(max_digits=4, decimal_places=1, coerce_to_string=False,
                                    allow_null=True, min_value=Decimal(0),
                                    max_value=Decimal(100), help_text=help_text)


class ConsultationFilters(serializers.Serializer):
    ward = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                    help_text="Mã số (id) phường.")
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    phase = serializers.ChoiceField(choices=PHASES, required=False,
                                    help_text="Hôm nay cuộc lấy ý kiến chưa mở, đang mở hay "
                                              "đã đóng.")


class ConsultationCountedSerializer(serializers.Serializer):
    """The result that decides the satisfaction criterion: the counted channels only."""

    respondents = serializers.IntegerField(
        help_text="Số người trả lời câu hỏi hài lòng chung, qua các kênh được tính.")
    satisfied = serializers.IntegerField(help_text="Trong đó hài lòng hoặc rất hài lòng.")
    satisfied_share = _share("Tỷ lệ hài lòng (%), làm tròn một chữ số thập phân.")
    meets_threshold = serializers.BooleanField(help_text="Tỷ lệ đạt ngưỡng của cuộc lấy ý kiến.")
    is_valid = serializers.BooleanField(  # type: ignore[assignment]
        help_text="Mọi tổ dân phố đều có đủ số ý kiến tối thiểu.")
    groups = serializers.IntegerField(help_text="Số tổ dân phố được hỏi.")
    groups_short = serializers.IntegerField(help_text="Số tổ dân phố chưa đủ số ý kiến tối "
                                                      "thiểu.")
    held = serializers.IntegerField(
        help_text="Ý kiến qua đường link chung vượt quá số hộ của tổ: giữ lại, không tính.")


def counted_data(result: CampaignResult) -> dict[str, Any]:
    return {"respondents": result.answered, "satisfied": result.satisfied,
            "satisfied_share": result.rate, "meets_threshold": result.meets_threshold,
            "is_valid": result.is_valid, "groups": len(result.groups),
            "groups_short": len(result.groups_short), "held": result.held}


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ward = NamedUnitSerializer()
    year = serializers.IntegerField()
    title = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField(help_text="Ngày cuối nhận ý kiến (kể cả gia hạn).")
    closed_early_at = serializers.DateTimeField(allow_null=True,
                                                help_text="Lúc Mặt trận đóng sớm, nếu có.")
    phase = serializers.SerializerMethodField(
        help_text="Hôm nay: not_open (chưa mở), open (đang nhận ý kiến), closed (đã đóng).")
    require_codes = serializers.BooleanField(help_text="Mỗi hộ trả lời bằng mã dùng một lần.")
    open_web_counts = serializers.BooleanField(
        help_text="Ý kiến qua đường link chung (không mã hộ) cũng được tính vào tiêu chí.")
    counted_channels = serializers.SerializerMethodField(
        help_text="Các kênh được tính vào tiêu chí hài lòng.")
    min_responses_per_group = serializers.IntegerField()
    satisfaction_threshold = serializers.DecimalField(
        max_digits=5, decimal_places=2, coerce_to_string=False,
        help_text="Ngưỡng hài lòng (%).")
    counted = serializers.SerializerMethodField(
        help_text="Kết quả dùng cho tiêu chí hài lòng (chỉ các kênh được tính).")

    @extend_schema_field(serializers.ChoiceField(choices=PHASES))
    def get_phase(self, obj: Campaign) -> str:
        return campaign_phase(obj, timezone.localdate())

    @extend_schema_field(serializers.ListField(
        child=serializers.ChoiceField(choices=Response.Channel.choices)))
    def get_counted_channels(self, obj: Campaign) -> list[str]:
        return [str(c) for c in obj.counted_channels()]

    @extend_schema_field(ConsultationCountedSerializer)
    def get_counted(self, obj: Campaign) -> dict[str, Any]:
        return ConsultationCountedSerializer(  # type: ignore[return-value]
            counted_data(self.context["counted"][obj.pk])).data


class ChannelCountsSerializer(serializers.Serializer):
    """Respondents (to the overall question) through each channel."""

    code = serializers.IntegerField(help_text="Trên web, bằng mã hộ.")
    web = serializers.IntegerField(help_text="Trên web, qua đường link chung của tổ.")
    paper = serializers.IntegerField(help_text="Phiếu giấy.")


class ConsultationGroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    households = serializers.IntegerField(allow_null=True)
    respondents = serializers.IntegerField(help_text="Mọi kênh.")
    satisfied = serializers.IntegerField()
    satisfied_share = _share("Tỷ lệ hài lòng (%), mọi kênh.")
    by_channel = ChannelCountsSerializer()
    counted_respondents = serializers.IntegerField(help_text="Chỉ các kênh được tính.")
    counted_satisfied = serializers.IntegerField()
    short = serializers.BooleanField(help_text="Chưa đủ số ý kiến tối thiểu (các kênh được "
                                               "tính).")
    held = serializers.IntegerField()


class RatingCountSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5,
                                      help_text="5: rất hài lòng … 1: rất không hài lòng.")
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    share = _share("Phần của mức này trong các câu trả lời của câu hỏi (%).")


class ConsultationQuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    is_overall = serializers.BooleanField(help_text="Câu hỏi hài lòng chung, quyết định tỷ lệ.")
    answers = serializers.IntegerField()
    ratings = RatingCountSerializer(many=True)


class ConsultationResultsSerializer(serializers.Serializer):
    campaign = ConsultationSerializer()
    respondents = serializers.IntegerField(help_text="Mọi kênh.")
    satisfied = serializers.IntegerField()
    satisfied_share = _share("Tỷ lệ hài lòng (%), mọi kênh.")
    by_channel = ChannelCountsSerializer()
    held = serializers.IntegerField()
    questions = ConsultationQuestionSerializer(
        many=True, help_text="Số câu trả lời theo từng mức của mỗi câu hỏi chấm điểm, trên "
                             "toàn phường, mọi kênh.")
    groups = ConsultationGroupSerializer(many=True, help_text="Theo tổ dân phố.")


def _channels(by_channel: dict[str, int]) -> dict[str, int]:
    return {c: by_channel.get(c, 0) for c in Response.Channel.values}


# The scale as the results page orders it: most satisfied first.
RATING_ORDER = sorted(Rating, key=lambda r: -r.value)


def results_data(result: CampaignResult, counted: CampaignResult) -> dict[str, Any]:
    """Everything of `result` (every channel) a reader of aggregates may see, with the
    counted channels' figures (`counted`) beside each group's."""
    campaign = result.campaign
    minimum = campaign.min_responses_per_group
    counted_by_group = {g.group.pk: g for g in counted.groups}
    questions = []
    for question in campaign.question_list:
        if question.kind != Question.Kind.RATING:
            continue  # open comments are answers, never aggregated here
        counts = [sum(g.counts.get(question.code, {}).get(r, 0) for g in result.groups)
                  for r in RATING_ORDER]
        total = sum(counts)
        questions.append({
            "code": question.code, "text": question.text, "is_overall": question.is_overall,
            "answers": total,
            "ratings": [{"rating": int(r), "label": str(r.label), "count": n,
                         "share": percent(n, total)}
                        for r, n in zip(RATING_ORDER, counts, strict=True)],
        })
    groups = []
    for g in result.groups:
        kept = counted_by_group.get(g.group.pk)
        counted_answered = kept.answered if kept is not None else 0
        groups.append({
            "id": g.group.pk, "code": g.group.code, "name": g.group.name,
            "households": g.group.households, "respondents": g.answered,
            "satisfied": g.satisfied, "satisfied_share": g.rate,
            "by_channel": _channels(g.by_channel),
            "counted_respondents": counted_answered,
            "counted_satisfied": kept.satisfied if kept is not None else 0,
            "short": counted_answered < minimum, "held": g.held,
        })
    return {"campaign": campaign, "respondents": result.answered,
            "satisfied": result.satisfied, "satisfied_share": result.rate,
            "by_channel": result.channel_totals, "held": result.held,
            "questions": questions, "groups": groups}
