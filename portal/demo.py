"""Demo data: one login per role, three sample wards with residential groups.

Used by `manage.py load_demo` (and so by `make demo`) and by the browser tests, so the
logins printed for a newcomer are the ones the tests prove work.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ROLE_SCOPE_KIND, Role, RoleAssignment, ScopeKind, User
from assessments.models import Criterion
from units.models import Agency, OrgUnit

DEMO_PASSWORD = "KieuMau-demo-2026"  # noqa: S105 — printed for the demo on purpose
# Fixed key so the demo's two-factor codes can be reproduced (`manage.py totp_code`).
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
# Phường Hoàn Kiếm, Phường Ba Đình, Xã Sóc Sơn: an inner ward, a ward, a rural commune.
DEMO_WARD_CODES = ("00070", "00004", "00376")
DEMO_GROUPS_PER_WARD = 12
# Made-up people for each demo ward: chief, officer, People's Committee, Fatherland Front.
DEMO_PEOPLE = (
    ("Nguyễn Văn Hùng", "Phạm Thị Lan", "Đỗ Văn Thành", "Đặng Thị Hoa"),
    ("Trần Quốc Bảo", "Hoàng Văn Nam", "Bùi Thị Mai", "Phan Văn Long"),
    ("Lê Minh Tuấn", "Vũ Thị Hạnh", "Ngô Văn Sơn", "Trịnh Thị Thu"),
)
DEMO_AGENCY_PLAN_ITEM = 6  # Sở Tư pháp


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str
    two_factor: bool


def _ascii_slug(name: str) -> str:
    name = name.replace("Đ", "D").replace("đ", "d")
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    for prefix in ("Phuong ", "Xa ", "Dac khu "):
        plain = plain.removeprefix(prefix)
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _user(username: str, full_name: str, role: str, *, org_unit: OrgUnit | None = None,
          agency: Agency | None = None, position: str = "") -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"full_name": full_name, "position": position}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    kind = ROLE_SCOPE_KIND[role]
    RoleAssignment.objects.get_or_create(
        user=user, role=role, revoked_at=None,
        org_unit=org_unit if kind in (ScopeKind.PROVINCE, ScopeKind.WARD) else None,
        agency=agency if kind == ScopeKind.AGENCY else None,
    )
    if user.requires_two_factor and not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(user=user, name="Demo", key=DEMO_TOTP_KEY, confirmed=True)
    return user


@transaction.atomic
def demo_load(
    *, province_code: str | None = None, with_assessments: bool = True
) -> list[DemoLogin]:
    """Create (or complete) the demo data; running it twice changes nothing."""
    code = province_code or settings.KIEUMAU_PROVINCE_CODE
    province = OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE, code=code).first()
    if province is None:
        call_command("load_units", province=code)
        province = OrgUnit.objects.get(kind=OrgUnit.Kind.PROVINCE, code=code)
    if not Agency.objects.filter(province=province).exists():
        call_command("load_agencies", province=code)

    logins: list[DemoLogin] = []

    def add(user: User, role: str, scope: str) -> None:
        logins.append(DemoLogin(user.username, str(Role(role).label), scope,
                                user.requires_two_factor))

    admin = _user("quantri", "Quản trị hệ thống", Role.SYSADMIN)
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    add(admin, Role.SYSADMIN, str(ScopeKind.GLOBAL.label))
    for username, full_name, role in (
        ("dieuphoi", "Trần Văn Điều Phối", Role.CITY_COORDINATOR),
        ("lanhdao", "Nguyễn Thị Lãnh Đạo", Role.CITY_LEADER),
        ("hoidong", "Lê Văn Thẩm Định", Role.COUNCIL_MEMBER),
    ):
        add(_user(username, full_name, role, org_unit=province), role, province.name)

    wards = OrgUnit.objects.filter(province=province, code__in=DEMO_WARD_CODES,
                                   valid_to__isnull=True)
    for ward in sorted(wards, key=lambda w: DEMO_WARD_CODES.index(w.code)):
        slug = _ascii_slug(ward.name)
        # People's names (documents are signed by a person), their posts as positions.
        chief, officer, committee, front = DEMO_PEOPLE[DEMO_WARD_CODES.index(ward.code)]
        for username, full_name, role, position in (
            (f"cap.{slug}.truong", chief, Role.WARD_CHIEF, f"Trưởng Công an {ward.name}"),
            (f"cap.{slug}.canbo", officer, Role.WARD_OFFICER, f"Cán bộ Công an {ward.name}"),
            (f"ubnd.{slug}", committee, Role.WARD_COMMITTEE, f"Cán bộ UBND {ward.name}"),
            (f"mttq.{slug}", front, Role.WARD_FRONT, f"Chủ tịch Ủy ban MTTQ {ward.name}"),
        ):
            add(_user(username, full_name, role, org_unit=ward, position=position), role,
                ward.name)
        for n in range(1, DEMO_GROUPS_PER_WARD + 1):
            OrgUnit.objects.get_or_create(
                parent=ward, kind=OrgUnit.Kind.RESIDENTIAL_GROUP, code=f"TDP{n:02d}",
                defaults={"name": f"Tổ dân phố số {n}", "households": 80 + (n * 37) % 140},
            )


    agency = Agency.objects.filter(province=province, plan_item=DEMO_AGENCY_PLAN_ITEM).first()
    if agency is not None:
        add(_user("baocao.sotuphap", f"Cán bộ báo cáo {agency.name}", Role.AGENCY_REPORTER,
                  agency=agency), Role.AGENCY_REPORTER, agency.name)

    if with_assessments:
        # The owners' figures first: the dossiers read their computed criteria from them,
        # and the Front's consultation comes before a dossier can be submitted.
        _demo_facilities(province)
        _demo_indicators(province)
        _demo_consultation(province)
        _demo_movement(province)
        _demo_force(province)
        _demo_assessments(province)
        _demo_reports(province)
    return logins


# A minimal valid PDF: demo evidence, so a dossier can be submitted.
_DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _demo_answer(criterion: Criterion) -> str:
    """A plausible answer that meets the target, for demo dossiers."""
    kind = criterion.value_type
    if kind == Criterion.ValueType.YES_NO:
        return "có"
    if kind in (Criterion.ValueType.NUMBER, Criterion.ValueType.PERCENTAGE):
        target = criterion.target_number()
        if criterion.comparison == Criterion.Comparison.LTE:
            return "0"
        return str(max(target or 0, 95 if kind == Criterion.ValueType.PERCENTAGE else 1))
    if kind == Criterion.ValueType.SCORE:
        return str(criterion.max_score)
    if kind == Criterion.ValueType.CHOICE:
        return criterion.target or criterion.choice_list[0]
    return "Đã thực hiện theo kế hoạch."


def _demo_assessments(province: OrgUnit) -> None:
    """The sample criteria set, this year's round, one draft and one submitted dossier.

    Each value is set by whoever owns it: the ward types what only it knows, the computed
    criteria are read from the indicators and facilities, and the satisfaction comes from
    the Front (Hoàn Kiếm's consultation in the system once it has closed; Ba Đình's Front
    attaches the summary of a consultation it ran on paper)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from assessments import services
    from assessments.criteria_services import criteria_set_load_sample
    from assessments.models import Assessment, AssessmentValue, RecognitionRound
    from attachments.services import attachment_create

    criteria_set, _created = criteria_set_load_sample()
    today = timezone.localdate()
    year = today.year
    coordinator = User.objects.get(username="dieuphoi")
    round_ = RecognitionRound.objects.filter(province=province, year=year).first()
    if round_ is None:
        # The demo registers and submits through the services on the day it is loaded, so
        # its deadlines never lie before today: registration until the end of March, the
        # dossier by 10 December (after the residents' opinions of 30 November), or today.
        round_ = services.round_open(
            actor=coordinator, province=province, year=year, criteria_set=criteria_set,
            registration_deadline=max(date(year, 3, 31), today),
            submission_deadline=max(date(year, 12, 10), today),
        )
    # Hoàn Kiếm: half-filled draft. Ba Đình: through the council, proposed to the Ministry
    # (the proposal not yet sent). Sóc Sơn: complete and submitted, waiting for review.
    for code, fill, submit in (("00070", 0.5, False), ("00004", 1.0, True),
                               ("00376", 1.0, True)):
        ward = OrgUnit.objects.filter(province=province, code=code, valid_to__isnull=True).first()
        if ward is None or Assessment.objects.filter(round=round_, ward=ward).exists():
            continue
        chief = User.objects.get(username=f"cap.{_ascii_slug(ward.name)}.truong")
        services.registration_create(actor=chief, round=round_, ward=ward)
        assessment = Assessment.objects.get(round=round_, ward=ward)
        values = list(
            AssessmentValue.objects.filter(assessment=assessment, criterion__children=None)
            .select_related("criterion").order_by("criterion__group__order", "criterion__order")
        )
        for value in values[: round(len(values) * fill)]:
            if value.criterion.is_computed:
                continue
            services.assessment_value_save(
                actor=chief, assessment=assessment, criterion=value.criterion,
                raw_value=_demo_answer(value.criterion), explanation="", revision=value.revision,
            )
            if value.criterion.evidence_required:
                evidence = attachment_create(
                    actor=chief, org_unit=ward, description=f"Minh chứng {value.criterion.code}",
                    uploaded_file=SimpleUploadedFile(f"minh-chung-{value.criterion.code}.pdf",
                                                     _DEMO_PDF, "application/pdf"),
                )
                value.evidence.add(evidence)
        services.assessment_sources_refresh(actor=chief, assessment=assessment)
        _demo_opinions(assessment)
        _demo_endorsements(assessment, both=submit)
        if submit:
            services.assessment_submit(actor=chief, assessment=assessment)
        if code == "00004":
            _demo_city_work(assessment)


def _demo_movement(province: OrgUnit) -> None:
    """The "An toàn về ANTT" standard: last year complete in Hoàn Kiếm (10 of 12 groups
    recognised, the ward recognised by the city) and Ba Đình (8 of 12, below 70%), this
    year registered and partly assessed; models with their reviews.

    Registrations are dated 15 January, as if recorded then: the service only registers
    during the registration weeks, and the demo loads on any day of the year."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from movement import services as movement
    from movement.models import ModelReview, ModelType, MovementModel, SafetyAssessment
    from movement.selectors import criteria_of

    group_set, commune_set = movement.standard_sets_load()
    movement.model_types_load()
    today = timezone.localdate()
    coordinator = User.objects.get(username="dieuphoi")

    def pdf(name: str) -> SimpleUploadedFile:
        return SimpleUploadedFile(name, _DEMO_PDF, "application/pdf")

    for code, passing, commune_recognised in (("00070", 10, True), ("00004", 8, False)):
        ward = OrgUnit.objects.filter(province=province, code=code, valid_to__isnull=True).first()
        if ward is None or SafetyAssessment.objects.filter(ward=ward).exists():
            continue
        slug = _ascii_slug(ward.name)
        chief = User.objects.get(username=f"cap.{slug}.truong")
        committee = User.objects.get(username=f"ubnd.{slug}")
        groups = list(OrgUnit.objects.filter(parent=ward, kind=OrgUnit.Kind.RESIDENTIAL_GROUP,
                                             valid_to__isnull=True).order_by("code"))
        kinds = list(ModelType.objects.order_by("order")[:2])
        for n, kind in enumerate(kinds):
            model = MovementModel.objects.create(
                ward=ward, type=kind, name=f"{kind.name} {ward.name}",
                started_on=date(today.year - 2, 3 + n, 1), participants=40 + 25 * n,
                results="Góp phần phát hiện, ngăn chặn nhiều vụ việc.", created_by=chief)
            model.groups.set(groups[n::2])
            movement.model_review_save(actor=chief, model=model, year=today.year - 1,
                                       verdict=ModelReview.Verdict.EFFECTIVE)
        for year in (today.year - 1, today.year):
            registered_on = min(date(year, 1, 15), today)
            units = [(g, group_set) for g in groups] + [(ward, commune_set)]
            rows = {unit.pk: SafetyAssessment.objects.create(
                unit=unit, ward=ward, year=year, criteria_set=criteria_set,
                registered_on=registered_on, registered_by=chief)
                for unit, criteria_set in units}
            criteria = criteria_of(group_set)
            # This year only the first groups are assessed so far; last year, all of them.
            assessed = groups if year < today.year else groups[:4]
            for n, group in enumerate(assessed):
                fails = n >= passing
                movement.safety_assessment_save(
                    actor=chief, assessment=rows[group.pk],
                    raw={c.pk: "no" if fails and c.code == "3" else "yes" for c in criteria},
                    evidence={c.pk: "Biên bản họp tổ dân phố" for c in criteria})
            if year == today.year:
                continue
            recognised = [rows[g.pk] for g in groups[:passing]]
            movement.safety_groups_recognise(
                actor=committee, ward=ward, year=year, assessments=recognised,
                data=movement.DecisionInput(
                    number=f"{150 + passing}/QĐ-UBND", signed_on=date(year, 12, 20),
                    signer=f"Chủ tịch UBND {ward.name}", document=pdf("quyet-dinh.pdf")))
            commune = rows[ward.pk]
            commune_criteria = [c for c in criteria_of(commune_set) if not c.is_computed]
            movement.safety_assessment_save(
                actor=chief, assessment=commune,
                raw={c.pk: "yes" for c in commune_criteria},
                evidence={c.pk: "Báo cáo tình hình an ninh, trật tự năm" for c in
                          commune_criteria})
            if commune_recognised:
                movement.safety_commune_decide(
                    actor=coordinator, assessment=commune, data=movement.DecisionInput(
                        number="45/QĐ-UBND", signed_on=date(year, 12, 28),
                        signer="Chủ tịch UBND Thành phố", document=pdf("quyet-dinh-xa.pdf")))


def _demo_force(province: OrgUnit) -> None:
    """Staffing of the demo wards, the city's published training plan with courses before
    today (so their attendance can be recorded on any day), Hoàn Kiếm's and Ba Đình's
    attendance, one commendation proposed and one decided, and a review of last year."""
    from datetime import timedelta
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from force import services as force
    from force.models import Commendation, Course, TrainingPlan

    force.emulation_criteria_load()
    today = timezone.localdate()
    year = today.year
    coordinator = User.objects.get(username="dieuphoi")
    if TrainingPlan.objects.filter(province=province, year=year).exists():
        return
    wards = {w.code: w for w in OrgUnit.objects.filter(province=province,
                                                        code__in=DEMO_WARD_CODES,
                                                        valid_to__isnull=True)}
    for n, code in enumerate(DEMO_WARD_CODES):
        ward = wards.get(code)
        if ward is None:
            continue
        chief = User.objects.get(username=f"cap.{_ascii_slug(ward.name)}.truong")
        force.staffing_save(actor=chief, ward=ward, year=year, values={
            "establishment": 32, "headcount": 30 - 2 * n, "leaders": 4, "university": 24 - n,
            "police_training": 28 - 2 * n, "political_theory": 9, "foreign_language": 6,
            "it_skills": 20, "mass_mobilisation": 22 - 3 * n, "living_in_ward": 7 + n,
            "average_age": Decimal("33.5") + n})
    plan = force.training_plan_save(actor=coordinator, province=province, year=year,
                                    title=f"Kế hoạch đào tạo, bồi dưỡng năm {year}")
    # The courses start on 1 January, so attendance can be recorded whatever day the demo
    # loads; the last one ends later in the year when there is room.
    for title, subject, days, places in (
            ("Bồi dưỡng kỹ năng dân vận cho Công an phường", Course.Subject.MASS_MOBILISATION,
             2, 10),
            ("Tập huấn nghiệp vụ quản lý cư trú, định danh điện tử",
             Course.Subject.PROFESSIONAL, 4, 12),
            ("Bồi dưỡng tin học, chuyển đổi số", Course.Subject.IT, 60, 8)):
        force.course_save(actor=coordinator, plan=plan, data=force.CourseInput(
            title=title, subject=subject, starts_on=date(year, 1, 1),
            ends_on=min(date(year, 1, 1) + timedelta(days=days), date(year, 12, 31)),
            organiser="Phòng Tổ chức cán bộ, Công an Thành phố", places_per_ward=places))
    force.training_plan_publish(actor=coordinator, plan=plan)
    courses = list(plan.courses.order_by("starts_on", "pk"))
    for code, trained in (("00070", (10, 12, 6)), ("00004", (7, 9, 0))):
        ward = wards.get(code)
        if ward is None:
            continue
        chief = User.objects.get(username=f"cap.{_ascii_slug(ward.name)}.truong")
        for course, count in zip(courses, trained, strict=True):
            if count:
                force.attendance_save(actor=chief, ward=ward, course=course, trained=count,
                                      passed=count - 1)
    hoan_kiem = wards.get("00070")
    if hoan_kiem is not None:
        chief = User.objects.get(username=f"cap.{_ascii_slug(hoan_kiem.name)}.truong")
        proposal = force.commendation_propose(
            actor=chief, proposer_unit=hoan_kiem, data=force.CommendationInput(
                person_name="Nguyễn Văn Hùng", person_position="Thượng tá, Trưởng Công an phường",
                unit_name=f"Công an {hoan_kiem.name}", award=Commendation.Award.DIRECTOR,
                achievement="Chỉ đạo xây dựng mô hình camera an ninh phủ kín các tổ dân phố.",
                period_from=date(year - 1, 1, 1), period_to=date(year - 1, 12, 31)),
            document=SimpleUploadedFile("bao-cao-thanh-tich.pdf", _DEMO_PDF, "application/pdf"))
        force.commendation_review(actor=coordinator, commendation=proposal, agree=True)
        force.commendation_decide(actor=coordinator, commendation=proposal, approve=True,
                                  number="215/QĐ-CAHN-PX01", decided_on=date(year, 1, 20)
                                  if today >= date(year, 1, 20) else today)
        force.commendation_propose(
            actor=chief, proposer_unit=hoan_kiem, data=force.CommendationInput(
                unit_name=f"Công an {hoan_kiem.name}", award=Commendation.Award.CITY,
                achievement="Dẫn đầu phong trào thi đua “Vì an ninh Tổ quốc” năm trước.",
                period_from=date(year - 1, 1, 1), period_to=date(year - 1, 12, 31)))
    force.programme_review_save(
        actor=coordinator, province=province, kind="interim", year=year - 1,
        title=f"Sơ kết thực hiện Kế hoạch xây dựng Công an phường kiểu mẫu năm {year - 1}",
        held_on=date(year, 1, 15) if today >= date(year, 1, 15) else today,
        lessons="Phát huy vai trò của Nhân dân trong xây dựng mô hình tự quản.\n"
                "Ưu tiên bố trí trụ sở độc lập cho các phường còn mượn trụ sở.")


def _demo_city_work(assessment: Any) -> None:
    """The city's part up to the proposal: review, council vote, the council's outcome."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments import procedure_services as procedure
    from assessments.models import Assessment

    coordinator = User.objects.get(username="dieuphoi")
    for target in (Assessment.State.UNDER_REVIEW, Assessment.State.ACCEPTED,
                   Assessment.State.APPRAISAL):
        procedure.assessment_step(actor=coordinator, assessment=assessment, target=target)
    procedure.council_vote_record(actor=User.objects.get(username="hoidong"),
                                  assessment=assessment, vote="approve",
                                  opinion="Đạt các tiêu chí bắt buộc, Nhân dân hài lòng cao.")
    procedure.assessment_decide(actor=coordinator, assessment=assessment, outcome=procedure.Outcome(
        recognised=False, propose=True,
        council_outcome="Hội đồng thẩm định thống nhất đề nghị Bộ Công an công nhận.",
        minutes_file=SimpleUploadedFile("bien-ban-hoi-dong.pdf", _DEMO_PDF, "application/pdf")))


def _demo_endorsements(assessment: Any, *, both: bool) -> None:
    """The ward People's Committee's opinion (and, when `both`, the Party committee's)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from assessments.models import Endorsement
    from assessments.procedure_services import EndorsementInput, assessment_endorse

    committee = User.objects.get(username=f"ubnd.{_ascii_slug(assessment.ward.name)}")
    bodies = [(Endorsement.Body.COMMITTEE, "UBND-CAP")]
    if both:
        bodies.append((Endorsement.Body.PARTY, "ĐU"))
    for n, (body, symbol) in enumerate(bodies, start=1):
        assessment_endorse(actor=committee, assessment=assessment, data=EndorsementInput(
            body=body, opinion=Endorsement.Opinion.AGREE, text="",
            document_number=f"{10 + n}/{symbol}", document_date=timezone.localdate(),
            document=SimpleUploadedFile(f"y-kien-{body}.pdf", _DEMO_PDF, "application/pdf")))


def _demo_opinions(assessment: Any) -> None:
    """The Front's summary on the dossier, where the calendar allows it today."""
    from decimal import Decimal

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from assessments.procedure_services import Opinions, assessment_opinions_attach
    from consultations import manage_services
    from consultations.models import Campaign

    front = User.objects.get(username=f"mttq.{_ascii_slug(assessment.ward.name)}")
    campaign = Campaign.objects.filter(ward=assessment.ward, year=assessment.round.year).first()
    if campaign is not None:
        # In the system: attached once the consultation has closed (from 1 December).
        if not campaign.is_open_on(timezone.localdate()):
            manage_services.campaign_opinions_attach(actor=front, campaign=campaign,
                                                     attach_anyway=True)
        return
    summary = SimpleUploadedFile("tong-hop-y-kien-tren-giay.pdf", _DEMO_PDF, "application/pdf")
    assessment_opinions_attach(
        actor=front, assessment=assessment, uploaded_file=summary,
        opinions=Opinions(satisfaction_rate=Decimal("93.5"), asked=400, satisfied=374,
                          source="phiếu giấy do Ủy ban MTTQ phường tổng hợp: 400"))


def _demo_consultation(province: OrgUnit) -> None:
    """Hoàn Kiếm's Front and this year's consultation, as the calendar has it today.

    Until 30 November it is open, with a few answers already in through the public page;
    from 1 December it has closed (the plan wants opinions before then), and its answers
    are the paper forms the Front typed in, so the results page has a result to show.
    """
    import secrets

    from django.utils import timezone

    from consultations import manage_services
    from consultations import services as consultations
    from consultations.models import Campaign, consultation_last_day

    ward = OrgUnit.objects.filter(province=province, code="00070", valid_to__isnull=True).first()
    today = timezone.localdate()
    year = today.year
    if ward is None or Campaign.objects.filter(ward=ward, year=year).exists():
        return
    front = User.objects.get(username=f"mttq.{_ascii_slug(ward.name)}")
    last_day = consultation_last_day(year)
    is_open = today <= last_day
    campaign = consultations.campaign_create(
        actor=front, ward=ward, year=year,
        opens_on=date(year, 1, 1) if is_open else date(year, 10, 1),
    )
    # Open: a few groups have started answering. Closed: every group's paper forms are in.
    links = list(campaign.links.select_related("group").order_by("pk"))
    for n, link in enumerate(links if not is_open else links[:4]):
        answers = 6 + n
        if is_open:
            for i in range(answers):
                consultations.response_submit(
                    campaign=campaign, group=link.group, nonce=secrets.token_urlsafe(24),
                    raw_answers={"q-overall": str(5 - (i % 5 == 4)), "q-conduct": "4"},
                )
        else:
            very, fairly = answers * 2 + n, answers * 3
            manage_services.paper_tally_save(
                actor=front, campaign=campaign, group=link.group,
                counts={"overall": {5: very, 4: fairly, 3: 2},
                        "conduct": {5: very - 1, 4: fairly, 3: 2, 2: 1}},
            )


@dataclass(frozen=True)
class DemoConsultation:
    """What load_demo tells a newcomer about the demo consultation today."""

    answer_url: str | None  # a public page that takes answers today, if any
    results_url: str | None
    closes_on: date | None


def demo_consultation_links() -> DemoConsultation:
    """The demo consultation's public answer page while it takes answers, and its results
    page (printed by load_demo)."""
    from django.urls import reverse
    from django.utils import timezone

    from consultations.models import Campaign

    campaign = (Campaign.objects.filter(ward__code="00070").order_by("-year")
                .prefetch_related("links").first())
    if campaign is None:
        return DemoConsultation(None, None, None)
    results = reverse("consultations:results", args=[campaign.pk])
    link = min(campaign.links.all(), key=lambda link: link.pk, default=None)
    if link is None or not campaign.is_open_on(timezone.localdate()):
        return DemoConsultation(None, results, campaign.closes_on)
    return DemoConsultation(f"/y/{link.token}/", results, campaign.closes_on)


def _demo_facilities(province: OrgUnit) -> None:
    """Three headquarters situations, a project, part of the equipment and a plan."""
    from decimal import Decimal

    from django.utils import timezone

    from facilities.equipment_services import LineInput, inventory_update
    from facilities.headquarters_services import headquarters_record, project_create
    from facilities.models import (
        EquipmentItem,
        HeadquartersRecord,
        InvestmentProject,
        ProcurementPlan,
    )

    call_command("load_sample_equipment")
    coordinator = User.objects.get(username="dieuphoi")
    wards = {w.code: w for w in OrgUnit.objects.filter(
        province=province, code__in=DEMO_WARD_CODES, valid_to__isnull=True)}
    if not wards or HeadquartersRecord.objects.filter(ward__in=wards.values()).exists():
        return
    today = timezone.localdate()
    # Hoàn Kiếm: old inner district, borrowed and degraded; Ba Đình: own; Sóc Sơn: none.
    situations: dict[str, dict[str, Any]] = {
        "00070": {"status": "borrowed_committee", "land_area": Decimal(180),
                  "floor_area": Decimal(320), "storeys": 2, "condition": "degraded",
                  "year_built": 1995, "households_inside": 2, "special_inner_district": True},
        "00004": {"status": "own", "land_area": Decimal(450), "floor_area": Decimal(900),
                  "storeys": 3, "condition": "good", "year_built": 2018},
        "00376": {"status": "none"},
    }
    for code, values in situations.items():
        if code in wards:
            headquarters_record(actor=coordinator, ward=wards[code], valid_from=today, **values)
    if "00070" in wards:
        project_create(actor=coordinator, ward=wards["00070"], data={
            "kind": InvestmentProject.Kind.NEW_BUILD,
            "title": "Xây mới trụ sở Công an phường Hoàn Kiếm",
            "budget_source": "Ngân sách Thành phố",
            "estimated_cost": Decimal(25000), "stage": InvestmentProject.Stage.PROPOSED,
            "expected_completion": date(2029, 6, 30),
        })
    items = list(EquipmentItem.objects.order_by("order"))
    for n, (_code, ward) in enumerate(sorted(wards.items())):
        lines = [LineInput(item=item, usable=max(item.norm_per_unit - (k + n) % 3, 0), unusable=0)
                 for k, item in enumerate(items)]
        inventory_update(actor=coordinator, ward=ward, lines=lines)
        gaps = [line for line in lines if line.usable < line.item.norm_per_unit]
        for line in gaps[:2]:
            ProcurementPlan.objects.create(
                ward=ward, item=line.item, year=min(today.year + 1, 2030),
                quantity=line.item.norm_per_unit - line.usable, budget=Decimal(50),
            )


def _demo_reports(province: OrgUnit) -> None:
    """The Hanoi plan, this year's periods, and Sở Tư pháp's 6-monthly report submitted."""
    from django.utils import timezone

    from reports.consolidation import consolidated_draft
    from reports.models import Plan, Report, ReportingPeriod
    from reports.plan_services import plan_load
    from reports.report_services import ItemInput, report_submit
    from reports.services import periods_ensure

    if province.code != "01" or Plan.objects.filter(province=province).exists():
        return
    plan_load(province_code="01")
    periods_ensure(today=timezone.localdate())
    report = Report.objects.filter(
        agency__province=province, agency__plan_item=DEMO_AGENCY_PLAN_ITEM,
        period__kind=ReportingPeriod.Kind.HALF_YEAR,
    ).first()
    if report is None:
        return
    reporter = User.objects.filter(username="baocao.sotuphap").first()
    if reporter is None:
        return
    work = "Đã rà soát văn bản quy phạm pháp luật liên quan đến an ninh, trật tự."
    report_submit(
        actor=reporter, report=report, revision=report.revision,
        summary="Sở Tư pháp đã triển khai các nhiệm vụ được giao theo Kế hoạch.",
        items={item.pk: ItemInput(status="in_progress", results=work)
               for item in report.items.all()},
    )
    # The city's consolidated report of that period, drafted from what came in.
    consolidated_draft(period=report.period, actor=User.objects.get(username="dieuphoi"))


def _demo_indicators(province: OrgUnit) -> None:
    """The default indicators and this year's figures so far for every ward (synthetic)."""
    from decimal import Decimal

    from django.utils import timezone

    from indicators.models import IndicatorDefinition, IndicatorValue
    from indicators.services import totals_rebuild

    call_command("load_indicators")
    wards = list(OrgUnit.objects.filter(province=province, kind__in=OrgUnit.COMMUNE_LEVEL,
                                        valid_to__isnull=True).order_by("code"))
    if IndicatorValue.objects.filter(ward__province=province).exists():
        return
    # The twelve months before this one, so January shows a year as well as December.
    this_month = timezone.localdate().replace(day=1)
    months = [_months_before(this_month, k) for k in range(12, 0, -1)]
    # Figures the system records itself (the groups' recognitions) are not typed.
    typed = [d for d in IndicatorDefinition.objects.all()
             if not d.is_computed and not d.filled_by]
    by_code = {d.code: d for d in typed}
    rows = []
    for n, ward in enumerate(wards):
        for month in months:
            seed = (n * 7 + month.month * 3) % 11
            figures: dict[str, int] = {}
            # Parents before the indicators capped by them ("solved ≤ reported").
            for definition in sorted(typed, key=lambda d: d.not_above_id is not None):
                ceiling = figures.get(definition.not_above.code) if definition.not_above else None
                value = (seed + definition.pk * 5 + month.month) % 17
                if ceiling is not None:
                    value = min(value, ceiling)
                figures[definition.code] = value
                rows.append(IndicatorValue(indicator=by_code[definition.code], ward=ward,
                                           month=month, value=Decimal(value)))
    IndicatorValue.objects.bulk_create(rows, batch_size=2000)
    totals_rebuild()


def _months_before(month: date, count: int) -> date:
    """The first day of the month `count` months before `month` (itself a first day)."""
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)
