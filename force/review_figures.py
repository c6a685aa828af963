"""The programme's figures for a review's report, read from the system on the day asked:
recognitions, residents' satisfaction, headquarters and equipment (the road to 2030),
the force (staffing, training, discipline, commendation), the "An toàn về ANTT" groups and
key indicators against the year before. Each part comes from the app that owns it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum

from accounts.models import User
from assessments.models import Assessment
from facilities.roadmap_selectors import projection_for
from force.models import Attendance, Commendation, Discipline, Staffing
from indicators.models import IndicatorDefinition, WardYearTotal
from movement.selectors import province_overview
from units.models import OrgUnit

# Indicators a review reports against the year before (when the province defines them).
KEY_INDICATORS = ("crimes-reported", "crime-solve-rate", "traffic-accidents", "fires",
                  "drug-cases")


@dataclass
class Figures:
    day: date
    year: int
    recognised: int = 0
    in_procedure: int = 0
    satisfaction: Decimal | None = None
    satisfaction_count: int = 0
    own_headquarters: Decimal | None = None
    equipped: Decimal | None = None
    establishment: int = 0
    headcount: int = 0
    trained: int = 0
    disciplined: int = 0
    commended: int = 0
    groups: int = 0
    safe_groups: int = 0
    indicators: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)
    # The year's dossiers by step of the recognition chain: (step's name, count).
    by_step: list[tuple[str, int]] = field(default_factory=list)


def review_figures(actor: User, province: OrgUnit, year: int, day: date) -> Figures:
    """The figures of `year` as the system holds them on `day` (capped at the year's end)."""
    day = min(day, date(year, 12, 31))
    figures = Figures(day=day, year=year)
    dossiers = Assessment.objects.filter(round__province=province)
    counts = dossiers.aggregate(
        recognised=Count("pk", filter=Q(state=Assessment.State.RECOGNISED)),
        open=Count("pk", filter=Q(round__year=year) & ~Q(state__in=(
            Assessment.State.RECOGNISED, Assessment.State.NOT_RECOGNISED,
            Assessment.State.REVOKED))),
        satisfaction=Avg("satisfaction_rate", filter=Q(round__year=year)),
        rated=Count("pk", filter=Q(round__year=year, satisfaction_rate__isnull=False)))
    figures.recognised, figures.in_procedure = counts["recognised"], counts["open"]
    steps = dict(dossiers.filter(round__year=year).values("state").annotate(n=Count("pk"))
                 .values_list("state", "n"))
    figures.by_step = [(str(label), steps[state]) for state, label in
                       Assessment.State.choices if steps.get(state)]
    figures.satisfaction_count = counts["rated"]
    if counts["satisfaction"] is not None:
        figures.satisfaction = Decimal(counts["satisfaction"]).quantize(Decimal("0.01"))
    roadmap = projection_for(actor, day)
    current = next((row for row in roadmap.rows if row.year == year), None)
    if current is not None:
        figures.own_headquarters = current.independent_share
        figures.equipped = current.equipped_share
    in_province = Q(ward__province=province)
    staffing = Staffing.objects.filter(in_province, year=year).aggregate(
        e=Sum("establishment"), h=Sum("headcount"))
    figures.establishment, figures.headcount = staffing["e"] or 0, staffing["h"] or 0
    figures.trained = Attendance.objects.filter(in_province, course__plan__year=year).aggregate(
        n=Sum("trained"))["n"] or 0
    figures.disciplined = Discipline.objects.filter(in_province, year=year).aggregate(
        n=Sum("officers"))["n"] or 0
    figures.commended = Commendation.objects.filter(
        Q(proposer_unit=province) | Q(proposer_unit__province=province), year=year,
        state=Commendation.State.APPROVED).count()
    wards = province_overview(actor, province, year, day)
    figures.groups = sum(w.groups for w in wards)
    figures.safe_groups = sum(w.recognised for w in wards)
    definitions = {d.code: d for d in IndicatorDefinition.objects.filter(
        code__in=KEY_INDICATORS, aggregation=IndicatorDefinition.Aggregation.SUM)}
    totals = {(row["indicator_id"], row["year"]): row["total"] for row in
              WardYearTotal.objects.filter(indicator__in=definitions.values(),
                                           year__in=(year - 1, year), ward__province=province)
              .values("indicator_id", "year").annotate(total=Sum("total"))}
    for code in KEY_INDICATORS:
        definition = definitions.get(code)
        if definition is not None:
            figures.indicators.append((definition.name,
                                       totals.get((definition.pk, year - 1), Decimal(0)),
                                       totals.get((definition.pk, year), Decimal(0))))
    return figures


def report_lines(actor: User, province: OrgUnit, year: int, day: date) -> list[str]:
    """The figures of `review_figures` as lines of the consolidated report (reports.figures),
    in Vietnamese, as the official reads them."""
    from core.documents import vn_number

    f = review_figures(actor, province, year, day)
    lines = [f"- Công nhận Công an phường kiểu mẫu: {f.recognised} đơn vị đã được công nhận; "
             f"{f.in_procedure} hồ sơ năm {year} đang trong quy trình."]
    if f.by_step:
        lines.append(f"- Hồ sơ năm {year} theo bước: "
                     + "; ".join(f"{step} {count}" for step, count in f.by_step) + ".")
    if f.satisfaction is not None:
        lines.append(f"- Tỷ lệ Nhân dân hài lòng bình quân: {vn_number(f.satisfaction)}% "
                     f"({f.satisfaction_count} hồ sơ).")
    if f.own_headquarters is not None:
        lines.append(f"- Trụ sở, trang thiết bị: {vn_number(f.own_headquarters)}% đơn vị có trụ "
                     f"sở độc lập; {vn_number(f.equipped)}% đơn vị trang bị đủ theo định mức.")
    if f.establishment:
        lines.append(f"- Xây dựng lực lượng: quân số {f.headcount}/{f.establishment} biên chế; "
                     f"{f.trained} lượt cán bộ được đào tạo, bồi dưỡng; {f.disciplined} cán bộ "
                     f"bị xử lý kỷ luật; {f.commended} tập thể, cá nhân được khen thưởng.")
    if f.groups:
        lines.append(f"- Phong trào “An toàn về ANTT”: {f.safe_groups}/{f.groups} tổ dân phố, "
                     "thôn được công nhận.")
    for name, before, now in f.indicators:
        lines.append(f"- {name}: {vn_number(now)} (năm {year - 1}: {vn_number(before)}).")
    return lines
