"""Reads for the recognition procedure: the dossier, its timeline, the council and its votes."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Role, User
from assessments.models import (
    Assessment,
    AssessmentValue,
    CouncilVote,
    SubmissionExtension,
    Transition,
)
from units.models import OrgUnit


def transition_list(*, assessment: Assessment) -> QuerySet[Transition]:
    """The dossier's timeline, oldest first."""
    return assessment.transitions.select_related("actor").order_by("at", "pk")


def submission_extension_list(*, assessment: Assessment) -> list[SubmissionExtension]:
    """The deadline extensions the city granted the dossier, oldest first."""
    return list(assessment.submission_extensions.select_related("granted_by")
                .order_by("granted_at", "pk"))


def council_members(*, province: OrgUnit | None) -> QuerySet[User]:
    """The appraisal council of a province: its active holders of the council member role."""
    if province is None:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.COUNCIL_MEMBER,
        role_assignments__org_unit=province,
        role_assignments__revoked_at__isnull=True,
    ).distinct().order_by("full_name", "username")


def council_vote_list(*, assessment: Assessment) -> QuerySet[CouncilVote]:
    return assessment.votes.select_related("member").order_by("member__full_name", "pk")


def review_value_list(*, assessment: Assessment) -> QuerySet[AssessmentValue]:
    """The dossier's values in the order of the criteria set, for the reviewer's page."""
    return (
        assessment.values.select_related("criterion", "criterion__group")
        .prefetch_related("evidence")
        .order_by("criterion__group__order", "criterion__group__code", "criterion__order",
                  "criterion__code")
    )
