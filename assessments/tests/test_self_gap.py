"""Gap to recognition: what still blocks the dossier, the most blocking first."""

from decimal import Decimal

from django.urls import reverse

from accounts.models import Role
from assessments.models import AssessmentValue, Criterion
from assessments.selectors import gap_to_recognition
from assessments.services import assessment_value_save
from testing.clients import login
from testing.factories import assessment_for, criteria_set_with


def _dossier(world):
    """1.1 mandatory (10 points), 1.2 and 1.3 (10 points), 1.4 a percentage worth 30."""
    criteria_set = criteria_set_with(3, pass_score="40")
    group = criteria_set.groups.get()
    Criterion.objects.create(
        criteria_set=criteria_set, group=group, code="1.4", title="Tỷ lệ hài lòng",
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="90", max_score=Decimal(30), order=4,
    )
    Criterion.objects.filter(criteria_set=criteria_set, code="1.2").update(evidence_required=True)
    return assessment_for(world.ward, criteria_set=criteria_set)


def _set(world, assessment, code, raw):
    criterion = assessment.criteria_set.criteria.get(code=code)
    value = AssessmentValue.objects.get(assessment=assessment, criterion=criterion)
    assessment_value_save(actor=world.user(Role.WARD_OFFICER), assessment=assessment,
                          criterion=criterion, raw_value=raw, explanation="",
                          revision=value.revision)


def test_it_puts_unmet_mandatory_criteria_first_then_the_largest_shortfall(world):
    assessment = _dossier(world)
    _set(world, assessment, "1.2", "yes")
    _set(world, assessment, "1.4", "75")
    report = gap_to_recognition(assessment)
    assert [g.criterion.code for g in report.gaps] == ["1.1", "1.4", "1.3", "1.2"]


def test_it_says_what_each_criterion_lacks(world):
    assessment = _dossier(world)
    _set(world, assessment, "1.2", "yes")
    _set(world, assessment, "1.4", "75")
    gaps = {g.criterion.code: g for g in gap_to_recognition(assessment).gaps}
    assert gaps["1.1"].missing_value and not gaps["1.1"].below_target
    assert gaps["1.4"].below_target and gaps["1.4"].shortfall == 30
    assert gaps["1.2"].missing_evidence and gaps["1.2"].shortfall == 0


def test_it_counts_the_points_missing_to_the_pass_mark(world):
    assessment = _dossier(world)
    _set(world, assessment, "1.1", "yes")
    _set(world, assessment, "1.2", "yes")
    report = gap_to_recognition(assessment)
    assert report.total_score == 20
    assert report.score_shortfall == 20
    assert report.mandatory_unmet == 0


def test_it_leaves_out_the_criteria_already_met_with_their_evidence(world):
    assessment = _dossier(world)
    _set(world, assessment, "1.3", "yes")
    assert "1.3" not in [g.criterion.code for g in gap_to_recognition(assessment).gaps]


def test_it_shows_value_against_target_on_the_page(client, world, english):
    assessment = _dossier(world)
    _set(world, assessment, "1.4", "75,5")
    login(client, world.user(Role.WARD_CHIEF))
    page = client.get(reverse("assessments:gap", args=[assessment.pk])).content.decode()
    assert "Below the target" in page
    assert "75.5 %" in page
    assert "≥ 90 %" in page
    assert f'href="/assessments/{assessment.pk}/#c-1.4"' in page


def test_it_hides_another_wards_gap(client, world):
    assessment = _dossier(world)
    login(client, world.user(Role.WARD_CHIEF, own=False))
    assert client.get(reverse("assessments:gap", args=[assessment.pk])).status_code == 404
