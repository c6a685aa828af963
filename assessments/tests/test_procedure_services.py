"""The procedure's writes: return with comments, opinions, council votes, outcome, revocation."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Role
from assessments import procedure_services as ps
from assessments import services
from assessments.models import Assessment, AssessmentValue, CouncilVote, Criterion
from assessments.procedure import lock_for
from assessments.tests.conftest import at, pdf
from testing.factories import assessment_for, criteria_set_with, endorsed

S = Assessment.State

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def _media(media_root):
    """Files stored by these tests go to a temporary directory."""




def answer_all(assessment, value="yes"):
    for v in assessment.values.select_related("criterion"):
        judgement = v.criterion.evaluate(value)
        v.value, v.met, v.score = value, judgement.met, judgement.score
        v.save()
    services.assessment_recompute(assessment=assessment)


@pytest.fixture
def dossier(world):
    return assessment_for(world.ward, criteria_set=criteria_set_with(3))


@pytest.fixture
def coordinator(world):
    return world.user(Role.CITY_COORDINATOR)


@pytest.fixture
def member(world):
    return world.user(Role.COUNCIL_MEMBER)


# --- Simple steps ----------------------------------------------------------------------

def test_it_refuses_to_submit_a_dossier_with_missing_values(world, dossier):
    chief = world.user(Role.WARD_CHIEF)
    with pytest.raises(ValidationError) as refused:
        ps.assessment_step(actor=chief, assessment=dossier, target=S.SUBMITTED)
    assert "1.1: the value is missing." in refused.value.messages
    assert Assessment.objects.get(pk=dossier.pk).state == S.DRAFT


def test_it_clears_review_comments_when_the_ward_submits_again(world, dossier):
    answer_all(endorsed(dossier))
    at(dossier, S.RETURNED)
    dossier.values.update(review_comment="Thiếu biên bản")
    ps.assessment_step(actor=world.user(Role.WARD_CHIEF), assessment=dossier,
                       target=S.SUBMITTED)
    assert dossier.state == S.SUBMITTED
    assert not dossier.values.exclude(review_comment="").exists()


def test_it_refuses_a_step_the_state_does_not_allow(dossier, coordinator):
    with pytest.raises(ValidationError, match="cannot go to"):
        ps.assessment_step(actor=coordinator, assessment=dossier, target=S.ACCEPTED)


def test_it_refuses_a_ward_officer_accepting(world, dossier):
    at(dossier, S.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        ps.assessment_step(actor=world.user(Role.WARD_OFFICER), assessment=dossier,
                           target=S.ACCEPTED)


def test_it_sends_steps_with_a_form_of_their_own_to_that_form(dossier, coordinator):
    at(dossier, S.UNDER_REVIEW)
    with pytest.raises(ValidationError, match="its own form"):
        ps.assessment_step(actor=coordinator, assessment=dossier, target=S.RETURNED,
                           reason="x")


def test_it_refuses_the_council_step_when_the_province_has_no_council(dossier, coordinator):
    at(dossier, S.OPINIONS_ATTACHED)
    with pytest.raises(ValidationError, match="no appraisal council member"):
        ps.assessment_step(actor=coordinator, assessment=dossier, target=S.APPRAISAL)


def test_it_sends_the_dossier_to_the_council(dossier, coordinator, member):
    at(dossier, S.OPINIONS_ATTACHED)
    ps.assessment_step(actor=coordinator, assessment=dossier, target=S.APPRAISAL)
    assert dossier.state == S.APPRAISAL


# --- Return ----------------------------------------------------------------------------

def test_it_returns_with_comments_on_the_commented_criteria_only(dossier, coordinator):
    at(dossier, S.UNDER_REVIEW)
    second = dossier.values.get(criterion__code="1.2")
    ps.assessment_return(actor=coordinator, assessment=dossier, reason="Bổ sung hồ sơ",
                         comments={second.criterion_id: "Thiếu ảnh trụ sở", 999999: ""})
    comments = dict(dossier.values.values_list("criterion__code", "review_comment"))
    assert comments == {"1.1": "", "1.2": "Thiếu ảnh trụ sở", "1.3": ""}
    assert dossier.state == S.RETURNED


def test_it_keeps_the_return_comments_in_the_timeline(dossier, coordinator):
    at(dossier, S.UNDER_REVIEW)
    second = dossier.values.get(criterion__code="1.2")
    step = ps.assessment_return(actor=coordinator, assessment=dossier, reason="Bổ sung",
                                comments={second.criterion_id: "Thiếu ảnh"})
    assert step.reason == "Bổ sung\n1.2: Thiếu ảnh"


def test_it_refuses_a_return_without_a_reason(dossier, coordinator):
    at(dossier, S.UNDER_REVIEW)
    with pytest.raises(ValidationError) as refused:
        ps.assessment_return(actor=coordinator, assessment=dossier, reason=" ", comments={})
    assert refused.value.message_dict == {"reason": ["Give the reason for this step."]}
    assert Assessment.objects.get(pk=dossier.pk).state == S.UNDER_REVIEW


# --- Residents' opinions ----------------------------------------------------------------

@pytest.fixture
def consulted(world):
    """A draft whose criterion 1.3 is the residents' satisfaction, at least 90 %."""
    criteria_set = criteria_set_with(3)
    criteria_set.criteria.filter(code="1.3").update(
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="90", value_source=Criterion.ValueSource.CONSULTATION,
    )
    return assessment_for(world.ward, criteria_set=criteria_set)


def test_it_fills_the_consultation_criteria_with_the_rate_while_the_ward_prepares(
        world, consulted):
    front = world.user(Role.WARD_FRONT)
    record = ps.assessment_opinions_attach(
        actor=front, assessment=consulted, uploaded_file=pdf(),
        opinions=ps.Opinions(Decimal("95"), asked=200, satisfied=190))
    value = consulted.values.get(criterion__code="1.3")
    assert (value.value, value.met, value.score, value.revision) == ("95", True, 10, 1)
    assert "190 of 200" in value.source_note
    assert consulted.total_score == 10
    # Not a step: the dossier stays with the ward, which submits it afterwards.
    assert consulted.state == S.DRAFT
    assert consulted.satisfaction_rate == Decimal("95")
    assert consulted.opinions_file.org_unit == world.ward
    assert (record.attached_by, record.asked, record.satisfied) == (front, 200, 190)


def test_it_keeps_every_summary_and_shows_the_latest(world, consulted):
    front = world.user(Role.WARD_FRONT)
    for rate in ("88", "93.5"):
        ps.assessment_opinions_attach(actor=front, assessment=consulted, uploaded_file=pdf(),
                                      opinions=ps.Opinions(Decimal(rate)))
    assert consulted.satisfaction_rate == Decimal("93.5")
    assert consulted.values.get(criterion__code="1.3").met is True
    assert list(consulted.opinions_records.values_list("satisfaction_rate", flat=True)) == [
        Decimal("88"), Decimal("93.5")]


def test_it_refuses_the_summary_once_the_dossier_is_submitted_and_says_who_acts(
        world, consulted):
    at(consulted, S.SUBMITTED)
    with pytest.raises(ValidationError, match=r"before it is submitted.*return it to the ward"):
        ps.assessment_opinions_attach(actor=world.user(Role.WARD_FRONT), assessment=consulted,
                                      uploaded_file=pdf(), opinions=ps.Opinions(Decimal(95)))


def test_it_never_lets_the_ward_police_attach_the_figure_that_judges_it(world, consulted):
    for role in (Role.WARD_CHIEF, Role.WARD_OFFICER):
        with pytest.raises(PermissionDenied):
            ps.assessment_opinions_attach(actor=world.user(role), assessment=consulted,
                                          uploaded_file=pdf(), opinions=ps.Opinions(Decimal(99)))
    assert consulted.values.get(criterion__code="1.3").value == ""


def test_it_refuses_submission_without_the_fronts_summary_and_says_who_must_act(
        world, consulted):
    answer_all_entered(endorsed(consulted))
    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(actor=world.user(Role.WARD_CHIEF), assessment=consulted)
    assert refused.value.messages == [
        "The residents' opinions are missing: the ward's Fatherland Front committee attaches "
        "the summary of its consultation to this dossier (criterion 1.3 takes its value from "
        "it)."]
    ps.assessment_opinions_attach(actor=world.user(Role.WARD_FRONT), assessment=consulted,
                                  uploaded_file=pdf(), opinions=ps.Opinions(Decimal(95)))
    services.assessment_submit(actor=world.user(Role.WARD_CHIEF), assessment=consulted)
    assert consulted.state == S.SUBMITTED


def test_it_refuses_a_typed_satisfaction(world, consulted):
    value = consulted.values.get(criterion__code="1.3")
    with pytest.raises(ValidationError, match="takes its value from the residents' opinions"):
        services.assessment_value_save(actor=world.user(Role.WARD_CHIEF), assessment=consulted,
                                       criterion=value.criterion, raw_value="99",
                                       explanation="", revision=value.revision)
    assert consulted.values.get(criterion__code="1.3").value == ""


def test_it_refuses_a_rate_above_100_and_stores_nothing(world, consulted, tmp_path):
    with pytest.raises(ValidationError) as refused:
        ps.assessment_opinions_attach(actor=world.user(Role.WARD_FRONT), assessment=consulted,
                                      uploaded_file=pdf(), opinions=ps.Opinions(Decimal(140)))
    assert "between 0 and 100" in refused.value.message_dict["satisfaction_rate"][0]
    assert list(tmp_path.rglob("*.pdf")) == []
    assert not consulted.opinions_records.exists()


def test_it_judges_a_low_rate_as_not_met(world, consulted):
    ps.assessment_opinions_attach(actor=world.user(Role.WARD_FRONT), assessment=consulted,
                                  uploaded_file=pdf(), opinions=ps.Opinions(Decimal("80.5")))
    value = consulted.values.get(criterion__code="1.3")
    assert (value.value, value.met, value.score) == ("80.5", False, 0)


def test_it_refuses_a_rate_that_contradicts_the_counts(world, consulted):
    with pytest.raises(ValidationError) as refused:
        ps.assessment_opinions_attach(
            actor=world.user(Role.WARD_FRONT), assessment=consulted, uploaded_file=pdf(),
            opinions=ps.Opinions(Decimal(95), asked=200, satisfied=150),
        )
    assert refused.value.message_dict["satisfaction_rate"] == [
        "150 of 200 residents is 75.00 %, not 95 %."
    ]


def test_it_refuses_more_satisfied_residents_than_asked(world, consulted):
    with pytest.raises(ValidationError) as refused:
        ps.assessment_opinions_attach(
            actor=world.user(Role.WARD_FRONT), assessment=consulted, uploaded_file=pdf(),
            opinions=ps.Opinions(Decimal(100), asked=10, satisfied=11),
        )
    assert "satisfied" in refused.value.message_dict


def test_it_refuses_opinions_from_another_wards_front(world, consulted):
    with pytest.raises(PermissionDenied):
        ps.assessment_opinions_attach(actor=world.user(Role.WARD_FRONT, own=False),
                                      assessment=consulted, uploaded_file=pdf(),
                                      opinions=ps.Opinions(Decimal(95)))


def answer_all_entered(assessment, value="yes"):
    """The ward's own answers (the computed criteria are left to their source)."""
    for v in assessment.values.select_related("criterion"):
        if not v.criterion.is_computed:
            judgement = v.criterion.evaluate(value)
            v.value, v.met, v.score = value, judgement.met, judgement.score
            v.save()
    services.assessment_recompute(assessment=assessment)


# --- Council -----------------------------------------------------------------------------

def test_it_records_one_vote_per_member_and_lets_it_change(dossier, member):
    at(dossier, S.APPRAISAL)
    ps.council_vote_record(actor=member, assessment=dossier, vote="reject", opinion="Chưa đạt")
    ps.council_vote_record(actor=member, assessment=dossier, vote="approve", opinion="Đạt")
    vote = CouncilVote.objects.get(assessment=dossier)
    assert (vote.member, vote.vote, vote.opinion) == (member, "approve", "Đạt")


def test_it_refuses_a_vote_from_someone_outside_the_council(dossier, coordinator):
    at(dossier, S.APPRAISAL)
    with pytest.raises(PermissionDenied, match="Only members of the appraisal council"):
        ps.council_vote_record(actor=coordinator, assessment=dossier, vote="approve")


def test_it_refuses_a_vote_from_another_provinces_council(world, dossier):
    at(dossier, S.APPRAISAL)
    with pytest.raises(PermissionDenied):
        ps.council_vote_record(actor=world.user(Role.COUNCIL_MEMBER, own=False),
                               assessment=dossier, vote="approve")


def test_it_refuses_a_vote_once_the_outcome_is_recorded(dossier, member):
    at(dossier, S.RECOGNISED)
    with pytest.raises(ValidationError, match="under appraisal"):
        ps.council_vote_record(actor=member, assessment=dossier, vote="reject")


def test_it_counts_the_votes(world, dossier, member):
    at(dossier, S.APPRAISAL)
    other = world.user(Role.COUNCIL_MEMBER)
    world.user(Role.COUNCIL_MEMBER)
    ps.council_vote_record(actor=member, assessment=dossier, vote="approve")
    ps.council_vote_record(actor=other, assessment=dossier, vote="abstain")
    tally = ps.council_tally(assessment=dossier)
    assert (tally.approve, tally.reject, tally.abstain, tally.voted, tally.members) == (
        1, 0, 1, 2, 3)


# --- Outcome: the council proposes, the Ministry decides ----------------------------------

def proposed(dossier, coordinator, *, sent=True):
    """Through the council (proposed to the Ministry) and, when `sent`, the proposal sent."""
    at(dossier, S.APPRAISAL)
    ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=ps.Outcome(
        recognised=False, propose=True, council_outcome="Hội đồng tán thành 5/5.",
        minutes_file=pdf("bb.pdf")))
    if sent:
        ps.proposal_send(actor=coordinator, round=dossier.round, number="45/TTr-CAHN",
                         sent_on=date(2026, 11, 20), document=pdf("to-trinh.pdf"))
        dossier.refresh_from_db()
    return dossier


def ministry(**overrides):
    fields = {"recognised": True, "decision_number": "123/QĐ-BCA",
              "decision_date": date(2026, 11, 24), "decision_signer": "Bộ trưởng Bộ Công an",
              "decision_file": pdf("qd.pdf")}
    return ps.Outcome(**(fields | overrides))


def test_it_proposes_the_unit_with_the_councils_conclusion(dossier, coordinator):
    answer_all(dossier)
    step = proposed(dossier, coordinator, sent=False).transitions.last()
    assert dossier.state == S.PROPOSED and dossier.proposal is None
    assert dossier.council_outcome == "Hội đồng tán thành 5/5."
    assert dossier.minutes_file.original_name == "bb.pdf"
    assert step.reason == "Hội đồng tán thành 5/5."


def test_it_needs_the_councils_conclusion_and_minutes_to_propose(dossier, coordinator):
    at(dossier, S.APPRAISAL)
    with pytest.raises(ValidationError) as refused:
        ps.assessment_decide(actor=coordinator, assessment=dossier,
                             outcome=ps.Outcome(recognised=False, propose=True))
    assert set(refused.value.message_dict) == {"council_outcome", "minutes_file"}


def test_it_records_the_ministrys_decision(world, dossier, coordinator):
    answer_all(dossier)
    proposed(dossier, coordinator)
    step = ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=ministry())
    assert dossier.state == S.RECOGNISED
    assert (dossier.decision_number, dossier.decision_date) == ("123/QĐ-BCA", date(2026, 11, 24))
    assert dossier.decision_file.org_unit == world.ward
    assert dossier.proposal.number == "45/TTr-CAHN"
    assert step.reason == "Decision 123/QĐ-BCA of 24/11/2026, signed by Bộ trưởng Bộ Công an."


def test_it_waits_for_the_proposal_to_be_sent_before_the_decision(dossier, coordinator):
    proposed(dossier, coordinator, sent=False)
    with pytest.raises(ValidationError, match="has not been recorded as sent"):
        ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=ministry())
    assert Assessment.objects.get(pk=dossier.pk).state == S.PROPOSED


def test_it_refuses_recognition_straight_from_the_appraisal(dossier, coordinator):
    """The Ministry decides (the step table has no appraisal → recognised row)."""
    at(dossier, S.APPRAISAL)
    with pytest.raises(ValidationError, match="cannot go to"):
        ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=ministry(
            council_outcome="Đạt", minutes_file=pdf()))


def test_it_refuses_recognition_without_a_decision_number(dossier, coordinator, tmp_path):
    proposed(dossier, coordinator)
    before = set(tmp_path.rglob("*.pdf"))
    with pytest.raises(ValidationError) as refused:
        ps.assessment_decide(actor=coordinator, assessment=dossier,
                             outcome=ministry(decision_number=" "))
    assert refused.value.message_dict == {
        "decision_number": ["Enter the number of the recognition decision."]
    }
    assert set(tmp_path.rglob("*.pdf")) == before


def test_it_refuses_a_decision_dated_in_the_future(dossier, coordinator):
    proposed(dossier, coordinator)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        ps.assessment_decide(actor=coordinator, assessment=dossier,
                             outcome=ministry(decision_date=tomorrow))
    assert "decision_date" in refused.value.message_dict


def test_it_proposes_a_dossier_below_the_pass_rule_and_says_so(dossier, coordinator):
    proposed(dossier, coordinator)  # nothing answered: the mandatory criterion is not met
    step = dossier.transitions.last()
    assert "does not meet the pass rule" in step.reason
    step = ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=ministry())
    assert dossier.state == S.RECOGNISED
    assert "does not meet the pass rule" in step.reason


def test_it_needs_a_reason_not_to_propose(dossier, coordinator):
    at(dossier, S.APPRAISAL)
    with pytest.raises(ValidationError) as refused:
        ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=ps.Outcome(
            recognised=False, council_outcome="Không tán thành", minutes_file=pdf()))
    assert list(refused.value.message_dict) == ["reason"]


def test_it_records_that_the_council_did_not_propose(dossier, coordinator):
    at(dossier, S.APPRAISAL)
    step = ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=ps.Outcome(
        recognised=False, council_outcome="Không tán thành", minutes_file=pdf(),
        reason="Trụ sở chưa đạt"))
    assert (dossier.state, step.reason, dossier.decision_number) == (
        S.NOT_RECOGNISED, "Trụ sở chưa đạt", "")


def test_it_records_the_ministrys_refusal_with_its_reason(dossier, coordinator):
    proposed(dossier, coordinator)
    step = ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=ps.Outcome(
        recognised=False, reason="Bộ Công an chưa công nhận: tỷ lệ hài lòng chưa đạt"))
    assert (dossier.state, dossier.council_outcome) == (S.NOT_RECOGNISED,
                                                        "Hội đồng tán thành 5/5.")
    assert step.reason.startswith("Bộ Công an chưa công nhận")


def test_it_refuses_an_outcome_from_a_council_member(dossier, member):
    at(dossier, S.APPRAISAL)
    with pytest.raises(PermissionDenied):
        ps.assessment_decide(actor=member, assessment=dossier, outcome=ps.Outcome(
            recognised=False, propose=True, council_outcome="x", minutes_file=pdf()))


def test_it_sends_the_proposal_only_with_dossiers_to_propose(world, dossier, coordinator):
    with pytest.raises(ValidationError, match="waits to be proposed"):
        ps.proposal_send(actor=coordinator, round=dossier.round, number="1/TTr",
                         sent_on=date(2026, 11, 20), document=pdf())
    proposed(dossier, coordinator, sent=False)
    with pytest.raises(PermissionDenied):
        ps.proposal_send(actor=world.user(Role.WARD_CHIEF), round=dossier.round,
                         number="1/TTr", sent_on=date(2026, 11, 20), document=pdf())
    with pytest.raises(ValidationError) as refused:
        ps.proposal_send(actor=coordinator, round=dossier.round, number=" ",
                         sent_on=timezone.localdate() + timedelta(days=1), document=None)
    assert set(refused.value.message_dict) == {"number", "sent_on", "document"}


def test_it_revokes_with_the_reason_kept_on_the_dossier(dossier, coordinator):
    at(dossier, S.RECOGNISED)
    ps.assessment_revoke(actor=coordinator, assessment=dossier, reason="Vi phạm kỷ luật")
    assert (dossier.state, dossier.revocation_reason) == (S.REVOKED, "Vi phạm kỷ luật")


def test_it_refuses_a_revocation_without_a_reason(dossier, coordinator):
    at(dossier, S.RECOGNISED)
    with pytest.raises(ValidationError):
        ps.assessment_revoke(actor=coordinator, assessment=dossier, reason="")
    assert Assessment.objects.get(pk=dossier.pk).state == S.RECOGNISED


def test_it_keeps_a_recognised_dossier_from_the_ward_and_says_who_acts(world, dossier,
                                                                        coordinator):
    answer_all(dossier)
    proposed(dossier, coordinator)
    ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=ministry())
    value = AssessmentValue.objects.get(assessment=dossier, criterion__code="1.2")
    with pytest.raises(ValidationError) as refused:
        services.assessment_value_save(actor=world.user(Role.WARD_OFFICER), assessment=dossier,
                                       criterion=value.criterion, raw_value="no",
                                       explanation="", revision=value.revision)
    assert refused.value.code == "locked"
    lock = lock_for(dossier)
    assert lock is not None
    assert "city coordinator" in lock.who_can_unlock
