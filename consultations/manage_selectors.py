"""Reads for the Fatherland Front's pages: campaign lists, groups, tallies, contacts.

Views fetch campaigns through `selectors.campaign_get_for_user` (the permission layer);
everything here starts from a campaign the view already holds, or from the actor's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from accounts.models import Role, User
from accounts.permissions import Action, get_for_user, scope
from assessments.models import Assessment
from consultations.models import (
    SATISFIED_RATINGS,
    Answer,
    AnswerTally,
    Campaign,
    CampaignExtension,
    ContactRequest,
    GroupLink,
    HouseholdCode,
    PaperTally,
    Question,
)
from consultations.selectors import percent
from units.models import OrgUnit


def manageable_wards(actor: User) -> QuerySet[OrgUnit]:
    """Commune-level units whose consultation the actor may run."""
    units = OrgUnit.objects.filter(kind__in=OrgUnit.COMMUNE_LEVEL, valid_to__isnull=True)
    return scope(actor, units, Action.CONSULTATION_MANAGE).order_by("code")


def residential_groups(wards: list[OrgUnit]) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(
        parent__in=wards, kind=OrgUnit.Kind.RESIDENTIAL_GROUP, valid_to__isnull=True
    ).order_by("parent__code", "code")


@dataclass
class CampaignRow:
    campaign: Campaign
    answered: int
    satisfied: int

    @property
    def rate(self) -> Decimal | None:
        return percent(self.satisfied, self.answered)


def campaign_rows(campaigns: QuerySet[Campaign]) -> list[CampaignRow]:
    """Answers so far and the rate of each campaign, in three queries whatever their number
    (and whatever the number of answers: read from the tallies the answer page keeps).

    Counted like `selectors.campaign_result`: respondents are those who rated the overall
    question, on the web or on paper.
    """
    listed = list(campaigns)
    ids = [c.pk for c in listed]
    totals = {pk: [0, 0] for pk in ids}
    satisfied_q = Q(rating__in=[r.value for r in SATISFIED_RATINGS])
    web = (AnswerTally.objects.filter(campaign_id__in=ids, question__is_overall=True)
           .values("campaign_id")
           .annotate(answered=Sum("n"), ok=Sum("n", filter=satisfied_q)).order_by())
    paper = (PaperTally.objects.filter(campaign_id__in=ids, question__is_overall=True)
             .values("campaign_id")
             .annotate(answered=Sum("count"), ok=Sum("count", filter=satisfied_q)).order_by())
    for row in [*web, *paper]:
        totals[row["campaign_id"]][0] += row["answered"] or 0
        totals[row["campaign_id"]][1] += row["ok"] or 0
    return [CampaignRow(c, *totals[c.pk]) for c in listed]


def campaign_links(campaign: Campaign) -> list[GroupLink]:
    """The groups' public links, in group order."""
    return list(GroupLink.objects.filter(campaign=campaign).select_related("group")
                .order_by("group__code"))


def campaign_group_link(campaign: Campaign, group_pk: int) -> GroupLink:
    """One group of a campaign the view already fetched through the permission layer."""
    link = (GroupLink.objects.filter(campaign=campaign, group_id=group_pk)
            .select_related("group").first())
    if link is None:
        raise Http404
    return link


def rating_questions(campaign: Campaign) -> list[Question]:
    return list(campaign.questions.filter(kind=Question.Kind.RATING).order_by("order"))


def group_tallies(campaign: Campaign, group: OrgUnit) -> dict[tuple[str, int], int]:
    """(question code, rating) → count of the group's paper tally."""
    rows = PaperTally.objects.filter(campaign=campaign, group=group).select_related("question")
    return {(t.question.code, t.rating): t.count for t in rows}


def unused_codes(campaign: Campaign, group: OrgUnit) -> list[HouseholdCode]:
    return list(HouseholdCode.objects.filter(campaign=campaign, group=group,
                                             used_at__isnull=True).order_by("pk"))


def code_counts(campaign: Campaign, group: OrgUnit) -> tuple[int, int]:
    """(codes issued, codes used) for a group."""
    counts = HouseholdCode.objects.filter(campaign=campaign, group=group).aggregate(
        issued=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False)))
    return counts["issued"], counts["used"]


def campaign_answer_get_for_user(actor: User, campaign: Campaign, pk: int,
                                 action: Action = Action.CONSULTATION_MANAGE) -> Answer:
    """A text answer of this campaign, through the permission layer (for moderation)."""
    answers = Answer.objects.filter(response__campaign=campaign,
                                    question__kind=Question.Kind.TEXT).select_related(
        "response__campaign__ward")
    return get_for_user(actor, answers, action, pk=pk)


def contact_list(campaign: Campaign) -> QuerySet[ContactRequest]:
    """Phone numbers left for follow-up; only the contacts page reads them."""
    return ContactRequest.objects.filter(campaign=campaign).order_by("-created_at")


def assessment_of_campaign(campaign: Campaign) -> Assessment | None:
    """The ward's dossier in the recognition round of the campaign's year, if any."""
    return (Assessment.objects.filter(ward=campaign.ward, round__year=campaign.year)
            .select_related("ward", "round").first())


def campaign_extensions(campaign: Campaign) -> list[CampaignExtension]:
    """The city's extensions of a campaign, oldest first, with who granted each."""
    return list(CampaignExtension.objects.filter(campaign=campaign)
                .select_related("granted_by").order_by("granted_at", "pk"))


def front_signer(user: User, campaign: Campaign) -> str:
    """The name under the summary's signature: the user's, when they belong to this ward's
    Fatherland Front; otherwise blank, for the Front's chairman to sign by hand (a city
    officer producing the file does not sign for the Front)."""
    is_front = any(a.role == Role.WARD_FRONT and a.org_unit_id == campaign.ward_id
                   for a in user.active_assignments())
    return user.full_name if is_front else ""
