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
from testing.factories import assessment_for, criteria_set_with

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


def outcome(**overrides):
    fields = {"recognised": True, "council_outcome": "Đủ điều kiện.",
              "minutes_file": pdf("bb.pdf"), "decision_number": "123/QĐ-UBND",
              "decision_date": date(2026, 11, 20), "decision_signer": "Chủ tịch UBND Thành phố",
              "decision_file": pdf("qd.pdf")}
    return ps.Outcome(**(fields | overrides))


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
    answer_all(dossier)
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
    """A set whose criterion 1.3 is the residents' satisfaction, at least 90 %."""
    criteria_set = criteria_set_with(3)
    criteria_set.criteria.filter(code="1.3").update(
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="90", value_source=Criterion.ValueSource.CONSULTATION,
    )
    dossier = assessment_for(world.ward, criteria_set=criteria_set)
    return at(dossier, S.ACCEPTED)


def test_it_fills_the_consultation_criteria_with_the_rate(world, consulted):
    front = world.user(Role.WARD_FRONT)
    ps.assessment_opinions_attach(actor=front, assessment=consulted, uploaded_file=pdf(),
                                  opinions=ps.Opinions(Decimal("95"), asked=200, satisfied=190))
    value = consulted.values.get(criterion__code="1.3")
    assert (value.value, value.met, value.score, value.revision) == ("95", True, 10, 1)
    assert consulted.total_score == 10
    assert consulted.state == S.OPINIONS_ATTACHED
    assert consulted.satisfaction_rate == Decimal("95")
    assert consulted.opinions_file.org_unit == world.ward


def test_it_judges_a_low_rate_as_not_met(world, consulted):
    ps.assessment_opinions_attach(actor=world.user(Role.WARD_FRONT), assessment=consulted,
                                  uploaded_file=pdf(), opinions=ps.Opinions(Decimal("80.5")))
    value = consulted.values.get(criterion__code="1.3")
    assert (value.value, value.met, value.score) == ("80.5", False, 0)


def test_it_refuses_a_rate_above_100_and_stores_nothing(world, consulted, tmp_path):
    with pytest.raises(ValidationError) as refused:
        ps.assessment_opinions_attach(actor=world.user(Role.WARD_FRONT), assessment=consulted,
                                      uploaded_file=pdf(), opinions=ps.Opinions(Decimal(140)))
    assert "between 0 and 100" in refused.value.message_dict["satisfaction_rate"][0]
    assert list(tmp_path.rglob("*.pdf")) == []
    assert Assessment.objects.get(pk=consulted.pk).state == S.ACCEPTED


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


# --- Outcome -----------------------------------------------------------------------------

def test_it_records_the_recognition_decision(world, dossier, coordinator):
    answer_all(dossier)
    at(dossier, S.APPRAISAL)
    step = ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=outcome())
    assert dossier.state == S.RECOGNISED
    assert (dossier.decision_number, dossier.decision_date) == ("123/QĐ-UBND", date(2026, 11, 20))
    assert dossier.decision_file.org_unit == world.ward
    assert dossier.minutes_file.original_name == "bb.pdf"
    assert step.reason == "Decision 123/QĐ-UBND of 20/11/2026, signed by Chủ tịch UBND Thành phố."


def test_it_refuses_recognition_without_a_decision_number(dossier, coordinator, tmp_path):
    at(dossier, S.APPRAISAL)
    with pytest.raises(ValidationError) as refused:
        ps.assessment_decide(actor=coordinator, assessment=dossier,
                             outcome=outcome(decision_number=" "))
    assert refused.value.message_dict == {
        "decision_number": ["Enter the number of the recognition decision."]
    }
    assert list(tmp_path.rglob("*.pdf")) == []


def test_it_refuses_a_decision_dated_in_the_future(dossier, coordinator):
    at(dossier, S.APPRAISAL)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        ps.assessment_decide(actor=coordinator, assessment=dossier,
                             outcome=outcome(decision_date=tomorrow))
    assert "decision_date" in refused.value.message_dict


def test_it_recognises_a_dossier_below_the_pass_rule_and_says_so(dossier, coordinator):
    at(dossier, S.APPRAISAL)  # nothing answered: the mandatory criterion is not met
    step = ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=outcome())
    assert dossier.state == S.RECOGNISED
    assert "does not meet the pass rule" in step.reason


def test_it_needs_a_reason_to_refuse_recognition(dossier, coordinator):
    at(dossier, S.APPRAISAL)
    with pytest.raises(ValidationError) as refused:
        ps.assessment_decide(actor=coordinator, assessment=dossier,
                             outcome=outcome(recognised=False))
    assert list(refused.value.message_dict) == ["reason"]


def test_it_records_non_recognition_with_its_reason(dossier, coordinator):
    at(dossier, S.APPRAISAL)
    step = ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=outcome(
        recognised=False, decision_number="", decision_file=None, reason="Trụ sở chưa đạt"))
    assert (dossier.state, step.reason, dossier.decision_number) == (
        S.NOT_RECOGNISED, "Trụ sở chưa đạt", "")


def test_it_refuses_an_outcome_from_a_council_member(dossier, member):
    at(dossier, S.APPRAISAL)
    with pytest.raises(PermissionDenied):
        ps.assessment_decide(actor=member, assessment=dossier, outcome=outcome())


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
    at(dossier, S.APPRAISAL)
    ps.assessment_decide(actor=coordinator, assessment=dossier, outcome=outcome())
    value = AssessmentValue.objects.get(assessment=dossier, criterion__code="1.2")
    with pytest.raises(ValidationError) as refused:
        services.assessment_value_save(actor=world.user(Role.WARD_OFFICER), assessment=dossier,
                                       criterion=value.criterion, raw_value="no",
                                       explanation="", revision=value.revision)
    assert refused.value.code == "locked"
    lock = lock_for(dossier)
    assert lock is not None
    assert "city coordinator" in lock.who_can_unlock
