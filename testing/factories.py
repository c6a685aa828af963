"""Factories for tests: a small province with wards, groups, agencies and role holders."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from accounts.models import ROLE_SCOPE_KIND, Role, RoleAssignment, ScopeKind, User
from units.models import Agency, OrgUnit

TEST_PASSWORD = "mật-khẩu-thử-nghiệm-đủ-dài"


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("kind", "code")

    kind = OrgUnit.Kind.PROVINCE
    code = factory.Sequence(lambda n: f"{90 + n % 9:02d}")
    name = factory.LazyAttribute(lambda o: f"Tỉnh thử {o.code}")


class WardFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = OrgUnit.Kind.WARD
    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Phường Thử {n}")
    parent = factory.SubFactory(ProvinceFactory)


class ResidentialGroupFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = OrgUnit.Kind.RESIDENTIAL_GROUP
    code = factory.Sequence(lambda n: f"TDP{n:03d}")
    name = factory.Sequence(lambda n: f"Tổ dân phố số {n}")
    parent = factory.SubFactory(WardFactory)
    households = 120


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"co-quan-{n}")
    name = factory.Sequence(lambda n: f"Sở Thử {n}")
    kind = Agency.Kind.DEPARTMENT
    plan_item = 24


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            obj.save()


def user_with_role(role: str, *, org_unit: OrgUnit | None = None,
                   agency: Agency | None = None, **user_fields: Any) -> User:
    """A user holding one role in the given scope (the scope's kind must fit the role)."""
    user = UserFactory(**user_fields)
    kind = ROLE_SCOPE_KIND[role]
    RoleAssignment.objects.create(
        user=user, role=role,
        org_unit=org_unit if kind in (ScopeKind.PROVINCE, ScopeKind.WARD) else None,
        agency=agency if kind == ScopeKind.AGENCY else None,
    )
    return user


__all__ = [
    "TEST_PASSWORD", "AgencyFactory", "ProvinceFactory", "ResidentialGroupFactory", "Role",
    "UserFactory", "WardFactory", "user_with_role",
]


# --- Criteria and assessments ------------------------------------------------------------

def criteria_set_with(criteria: int = 3, *, pass_score: str = "0", **fields: Any):
    """A criteria set with one group and `criteria` yes/no criteria worth 10 points each."""
    from decimal import Decimal

    from assessments.models import CriteriaGroup, CriteriaSet, Criterion

    criteria_set = CriteriaSet.objects.create(
        name=fields.pop("name", "Bộ tiêu chí thử"), year_from=fields.pop("year_from", 2024),
        year_to=fields.pop("year_to", 2030), pass_score=Decimal(pass_score), **fields,
    )
    group = CriteriaGroup.objects.create(criteria_set=criteria_set, code="I", title="Nhóm I")
    for n in range(1, criteria + 1):
        Criterion.objects.create(
            criteria_set=criteria_set, group=group, code=f"1.{n}", title=f"Tiêu chí 1.{n}",
            value_type=Criterion.ValueType.YES_NO, comparison=Criterion.Comparison.YES,
            max_score=Decimal(10), mandatory=n == 1, order=n,
        )
    return criteria_set


def assessment_for(ward: OrgUnit, *, year: int = 2026, criteria_set=None):
    """A registered ward with its draft assessment in the province's round for `year`."""
    from datetime import date

    from assessments.models import Assessment, AssessmentValue, RecognitionRound, Registration

    province = ward.province or ward.parent
    round_, _ = RecognitionRound.objects.get_or_create(
        province=province, year=year,
        defaults={"criteria_set": criteria_set or criteria_set_with(),
                  "registration_deadline": date(year, 3, 31),
                  "submission_deadline": date(year, 12, 10)},
    )
    Registration.objects.get_or_create(round=round_, ward=ward)
    assessment, created = Assessment.objects.get_or_create(
        round=round_, ward=ward, defaults={"criteria_set": round_.criteria_set}
    )
    if created:
        AssessmentValue.objects.bulk_create(
            AssessmentValue(assessment=assessment, criterion=c)
            for c in round_.criteria_set.criteria.all()
        )
    return assessment


def campaign_for(ward: OrgUnit, *, year: int = 2026, **fields: Any):
    """An open consultation of `ward` (with its residential groups) for `year`."""
    from datetime import date

    from consultations.models import Campaign, GroupLink, Question
    from consultations.services import DEFAULT_QUESTIONS

    campaign, created = Campaign.objects.get_or_create(
        ward=ward, year=year,
        defaults={"title": f"Lấy ý kiến {ward.name} {year}", "opens_on": date(year, 1, 1),
                  "closes_on": date(year, 12, 31), **fields},
    )
    if created:
        groups = list(OrgUnit.objects.filter(parent=ward, kind=OrgUnit.Kind.RESIDENTIAL_GROUP))
        campaign.groups.set(groups)
        for n, (code, text, kind, overall) in enumerate(DEFAULT_QUESTIONS, 1):
            Question.objects.create(campaign=campaign, order=n, code=code, text=str(text),
                                    kind=kind, is_overall=overall)
        for group in groups:
            GroupLink.objects.create(campaign=campaign, group=group)
    return campaign


def response_stored(campaign, group: OrgUnit, rating: int | None, *, channel: str = "web",
                    comment: str = "", hidden: bool = False):
    """One stored response (overall rating, optional comment) of any channel on any day,
    with the campaign's tallies brought up to date as the answer page keeps them."""
    import uuid

    from consultations.models import Answer, Question, Response
    from consultations.services import tallies_rebuild

    response = Response.objects.create(campaign=campaign, group=group, channel=channel,
                                       nonce=uuid.uuid4().hex)
    if rating is not None:
        Answer.objects.create(response=response, rating=rating,
                              question=campaign.questions.get(is_overall=True))
    if comment:
        Answer.objects.create(response=response, text=comment, hidden=hidden,
                              question=campaign.questions.get(kind=Question.Kind.TEXT))
    tallies_rebuild()
    return response


def plan_with_task(province: OrgUnit, lead: Agency):
    """A plan of `province` with one recurring task led by `lead`."""
    from reports.models import Plan, PlanTask

    plan, _ = Plan.objects.get_or_create(
        province=province, number="01/KH-TEST",
        defaults={"issuer": "UBND Thành phố", "title": "Kế hoạch thử", "year_from": 2024,
                  "year_to": 2030},
    )
    PlanTask.objects.get_or_create(plan=plan, section="IV.1", text="Nhiệm vụ thử", lead=lead)
    return plan


def report_for(agency: Agency, *, year: int = 2026):
    """The agency's draft report for the 6-monthly period of `year` of its province's plan."""
    from datetime import date

    from reports.models import Report, ReportingPeriod

    plan = plan_with_task(agency.province, agency)
    period, _ = ReportingPeriod.objects.get_or_create(
        plan=plan, kind=ReportingPeriod.Kind.HALF_YEAR, year=year,
        defaults={"title": f"Báo cáo 6 tháng {year}", "cutoff_start": date(year - 1, 12, 15),
                  "cutoff_end": date(year, 6, 14), "due_date": date(year, 6, 15)},
    )
    report, _ = Report.objects.get_or_create(period=period, agency=agency)
    return report


def other_province_agency(world: Any) -> Agency:
    return Agency.objects.get_or_create(
        province=world.other_province, code="cong-an-thanh-pho",
        defaults={"name": "Công an Thành phố Hồ Chí Minh", "kind": Agency.Kind.POLICE,
                  "plan_item": 1},
    )[0]


def endorsed(assessment: Any) -> Any:
    """The ward People's Committee's and Party committee's opinions on the dossier (agree),
    as recorded before the ward submits; files stored under MEDIA_ROOT."""
    from datetime import date

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from assessments.models import Endorsement
    from attachments.models import Attachment

    content = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    for n, body in enumerate(Endorsement.Body.values, start=1):
        document = Attachment.objects.create(
            file=ContentFile(content, name=f"y-kien-{body}.pdf"), original_name=f"{body}.pdf",
            kind="pdf", size=len(content), sha256="0" * 64, org_unit=assessment.ward,
            uploaded_at=timezone.now())
        Endorsement.objects.update_or_create(
            assessment=assessment, body=body, defaults={
                "opinion": Endorsement.Opinion.AGREE, "document_number": f"{n}/UBND",
                "document_date": date(2026, 11, 20), "document": document})
    return assessment
