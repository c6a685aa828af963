from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from assessments import services
from assessments.models import Assessment, AssessmentValue, Criterion
from testing.factories import assessment_for, criteria_set_with, endorsed

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(world):
    return assessment_for(world.ward, criteria_set=criteria_set_with(3, pass_score="20"))


def _save(actor, dossier, code, raw, revision=None):
    criterion = dossier.criteria_set.criteria.get(code=code)
    if revision is None:
        revision = AssessmentValue.objects.get(assessment=dossier, criterion=criterion).revision
    return services.assessment_value_save(actor=actor, assessment=dossier, criterion=criterion,
                                          raw_value=raw, explanation="", revision=revision)


def test_it_saves_a_value_and_recomputes_the_totals(world, dossier):
    officer = world.user(Role.WARD_OFFICER)
    _save(officer, dossier, "1.1", "có")
    _save(officer, dossier, "1.2", "có")
    dossier.refresh_from_db()
    assert (dossier.total_score, dossier.mandatory_met, dossier.passes) == (
        Decimal(20), True, True)


def test_it_fails_the_pass_rule_when_a_mandatory_criterion_is_unmet(world, dossier):
    officer = world.user(Role.WARD_OFFICER)
    _save(officer, dossier, "1.1", "không")
    _save(officer, dossier, "1.2", "có")
    _save(officer, dossier, "1.3", "có")
    dossier.refresh_from_db()
    assert dossier.total_score == Decimal(20)
    assert dossier.passes is False


def test_it_refuses_a_stale_save_and_keeps_the_newer_value(world, dossier):
    officer, chief = world.user(Role.WARD_OFFICER), world.user(Role.WARD_CHIEF)
    _save(officer, dossier, "1.2", "có", revision=0)
    with pytest.raises(services.StaleEdit):
        _save(chief, dossier, "1.2", "không", revision=0)
    assert AssessmentValue.objects.get(assessment=dossier, criterion__code="1.2").value == "yes"


def test_it_refuses_edits_after_submission(world, dossier):
    chief = world.user(Role.WARD_CHIEF)
    _save(chief, dossier, "1.1", "có")
    services.assessment_submit(actor=chief, assessment=endorsed(dossier))
    with pytest.raises(ValidationError) as error:
        _save(chief, dossier, "1.2", "có")
    assert error.value.code == "locked"


def test_it_refuses_edits_by_another_wards_officer(world, dossier):
    with pytest.raises(PermissionDenied):
        _save(world.user(Role.WARD_OFFICER, own=False), dossier, "1.1", "có")


def test_it_lists_what_blocks_submission(world, dossier):
    criterion = dossier.criteria_set.criteria.get(code="1.2")
    criterion.evidence_required = True
    criterion.save()
    chief = world.user(Role.WARD_CHIEF)
    _save(chief, dossier, "1.2", "có")
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(actor=chief, assessment=endorsed(dossier))
    assert len(error.value.messages) == 2  # 1.1 has no value, 1.2 has no evidence
    dossier.refresh_from_db()
    assert dossier.state == Assessment.State.DRAFT


def test_it_rolls_sub_criteria_up_into_their_parent(world):
    criteria_set = criteria_set_with(1)
    group = criteria_set.groups.get()
    parent = Criterion.objects.create(criteria_set=criteria_set, group=group, code="2",
                                      title="Cha", value_type="yes_no", mandatory=True)
    for code in ("2.1", "2.2"):
        Criterion.objects.create(criteria_set=criteria_set, group=group, parent=parent,
                                 code=code, title=code, value_type="yes_no", comparison="yes",
                                 max_score=Decimal(5))
    dossier = assessment_for(world.ward, criteria_set=criteria_set)
    officer = world.user(Role.WARD_OFFICER)
    _save(officer, dossier, "1.1", "có")
    _save(officer, dossier, "2.1", "có")
    parent_value = AssessmentValue.objects.get(assessment=dossier, criterion=parent)
    assert parent_value.met is None  # 2.2 still unanswered
    _save(officer, dossier, "2.2", "có")
    parent_value.refresh_from_db()
    assert (parent_value.met, parent_value.score) == (True, Decimal(10))
    dossier.refresh_from_db()
    assert dossier.total_score == Decimal(20) and dossier.mandatory_met


def test_it_registers_a_ward_once(world, settings):
    from datetime import date

    from assessments.models import RecognitionRound

    coordinator = world.user(Role.CITY_COORDINATOR)
    round_ = services.round_open(
        actor=coordinator, province=world.province, year=2030,
        criteria_set=criteria_set_with(2), registration_deadline=date(2030, 3, 31),
        submission_deadline=date(2030, 10, 31),
    )
    assert RecognitionRound.objects.get(year=2030) == round_
    chief = world.user(Role.WARD_CHIEF)
    services.registration_create(actor=chief, round=round_, ward=world.ward)
    assert Assessment.objects.get(round=round_, ward=world.ward).values.count() == 2
    with pytest.raises(ValidationError):
        services.registration_create(actor=chief, round=round_, ward=world.ward)
    with pytest.raises(PermissionDenied):
        services.registration_create(actor=world.user(Role.WARD_OFFICER), round=round_,
                                     ward=world.ward)


def test_it_refuses_a_round_outside_the_sets_years(world):
    from datetime import date

    with pytest.raises(ValidationError):
        services.round_open(
            actor=world.user(Role.CITY_COORDINATOR), province=world.province, year=2031,
            criteria_set=criteria_set_with(1), registration_deadline=date(2031, 3, 1),
            submission_deadline=date(2031, 9, 1),
        )


def test_it_records_who_moved_the_dossier(world, dossier):
    chief = world.user(Role.WARD_CHIEF)
    _save(chief, dossier, "1.1", "có")
    services.assessment_submit(actor=chief, assessment=endorsed(dossier))
    step = dossier.transitions.get()
    assert (step.from_state, step.to_state, step.actor) == ("draft", "submitted", chief)
    assert dossier.criteria_set.is_locked()


def test_it_refuses_submission_until_the_ward_has_given_its_opinion(world, dossier, english):
    chief = world.user(Role.WARD_CHIEF)
    for code in ("1.1", "1.2", "1.3"):
        _save(chief, dossier, code, "có")
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(actor=chief, assessment=dossier)
    assert error.value.messages == [
        "The ward People's Committee has not given its opinion on the dossier: its user "
        "records it on this page.",
        "The ward Party committee's opinion is missing: the ward People's Committee records "
        "it on this page from the committee's document."]
    services.assessment_submit(actor=chief, assessment=endorsed(dossier))
    assert dossier.state == Assessment.State.SUBMITTED
