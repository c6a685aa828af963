"""On a phone: the Front enters a paper tally, then sends the summary into the dossier."""

import pytest

from accounts.models import Role
from assessments.models import Assessment, AssessmentValue, Criterion
from consultations.models import Response
from testing.browser import log_in
from testing.factories import TEST_PASSWORD, assessment_for, campaign_for, criteria_set_with

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def draft_dossier(world, settings, tmp_path):
    """The ward police is preparing its dossier: the Front's summary comes before it submits."""
    settings.MEDIA_ROOT = tmp_path
    criteria_set = criteria_set_with(2)
    criteria_set.criteria.filter(code="1.2").update(
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="90", value_source=Criterion.ValueSource.CONSULTATION,
    )
    return assessment_for(world.ward, year=2026, criteria_set=criteria_set)


def test_it_takes_a_paper_tally_into_the_dossiers_satisfaction(world, page,
                                                               draft_dossier):
    campaign = campaign_for(world.ward, year=2026, min_responses_per_group=10)
    front = world.user(Role.WARD_FRONT)
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, front.username, TEST_PASSWORD)

    page.goto(f"/consultations/{campaign.pk}/groups/{world.group.pk}/tally/")
    page.locator("#id_overall-5").fill("60")
    page.locator("#id_overall-4").fill("36")
    page.locator("#id_overall-2").fill("4")
    page.get_by_role("button", name="Lưu kết quả").click()
    page.wait_for_url(f"**/consultations/{campaign.pk}/")
    assert Response.objects.filter(campaign=campaign).count() == 0  # paper: tallies only

    page.goto(f"/consultations/{campaign.pk}/results/")
    page.get_by_role("button", name="Đính kèm bản tổng hợp vào hồ sơ").click()
    page.wait_for_url(f"**/assessments/{draft_dossier.pk}/**")

    draft_dossier.refresh_from_db()
    assert draft_dossier.state == Assessment.State.DRAFT
    assert draft_dossier.satisfaction_rate == 96  # 96 of 100 satisfied
    assert draft_dossier.opinions_file.original_name.endswith(".docx")
    satisfaction = AssessmentValue.objects.get(assessment=draft_dossier,
                                               criterion__code="1.2")
    assert (satisfaction.value, satisfaction.met) == ("96", True)
