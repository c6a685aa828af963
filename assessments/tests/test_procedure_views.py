"""The procedure's pages: every refusal answers with a message or a 403, never a 500."""

from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role
from assessments import procedure_services as ps
from assessments import services
from assessments.models import Assessment, CouncilVote, Criterion
from assessments.tests.conftest import at, pdf
from testing.clients import login
from testing.factories import assessment_for, criteria_set_with

S = Assessment.State

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def _media(media_root):
    """Files stored by these tests go to a temporary directory."""




def state_of(assessment):
    return Assessment.objects.get(pk=assessment.pk).state


@pytest.fixture
def dossier(world):
    return assessment_for(world.ward, criteria_set=criteria_set_with(3))


@pytest.fixture
def as_coordinator(client, world):
    login(client, world.user(Role.CITY_COORDINATOR))
    return client


def step_url(dossier, target):
    return reverse("assessments:transition", args=[dossier.pk, target])


# --- Simple steps ----------------------------------------------------------------------

def test_it_starts_the_review_and_goes_back_to_the_dossier(as_coordinator, dossier):
    at(dossier, S.SUBMITTED)
    response = as_coordinator.post(step_url(dossier, S.UNDER_REVIEW))
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{dossier.pk}/#procedure-panel"
    assert state_of(dossier) == S.UNDER_REVIEW


def test_it_goes_back_to_the_page_named_in_next(as_coordinator, dossier):
    at(dossier, S.SUBMITTED)
    response = as_coordinator.post(step_url(dossier, S.UNDER_REVIEW),
                                   {"next": f"/assessments/{dossier.pk}/procedure/"})
    assert response["Location"] == f"/assessments/{dossier.pk}/procedure/"


def test_it_ignores_a_next_address_on_another_site(as_coordinator, dossier):
    at(dossier, S.SUBMITTED)
    response = as_coordinator.post(step_url(dossier, S.UNDER_REVIEW),
                                   {"next": "https://evil.example/"})
    assert response["Location"].startswith(f"/assessments/{dossier.pk}/")


def test_it_reloads_the_page_after_a_step_through_htmx(as_coordinator, dossier):
    at(dossier, S.SUBMITTED)
    response = as_coordinator.post(step_url(dossier, S.UNDER_REVIEW), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == f"/assessments/{dossier.pk}/#procedure-panel"


def test_it_explains_a_step_the_state_does_not_allow(as_coordinator, dossier):
    response = as_coordinator.post(step_url(dossier, S.ACCEPTED))
    assert response.status_code == 200
    assert "A dossier in the state “Draft” cannot go to “Accepted after review”." in (
        response.content.decode())
    assert state_of(dossier) == S.DRAFT


def test_it_lists_every_missing_value_when_the_chief_submits(client, world, dossier):
    dossier.criteria_set.criteria.update(mandatory=True)
    login(client, world.user(Role.WARD_CHIEF))
    response = client.post(step_url(dossier, S.SUBMITTED))
    page = response.content.decode()
    for code in ("1.1", "1.2", "1.3"):
        assert f"{code}: the value is missing." in page
    assert state_of(dossier) == S.DRAFT


def test_it_keeps_the_typed_reason_when_a_revocation_lacks_nothing_but_a_state(
        as_coordinator, dossier):
    response = as_coordinator.post(reverse("assessments:revoke", args=[dossier.pk]),
                                   {"reason": "Lý do đã gõ"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "cannot go to" in page
    assert "Lý do đã gõ" in page


def test_it_asks_for_the_reason_and_keeps_the_panel(as_coordinator, dossier):
    at(dossier, S.RECOGNISED)
    response = as_coordinator.post(reverse("assessments:revoke", args=[dossier.pk]),
                                   {"reason": "   "})
    assert response.status_code == 200
    assert "Give the reason for this step." in response.content.decode()
    assert state_of(dossier) == S.RECOGNISED


def test_it_refuses_a_ward_officer_accepting(client, world, dossier):
    at(dossier, S.UNDER_REVIEW)
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(step_url(dossier, S.ACCEPTED))
    assert response.status_code == 403
    assert state_of(dossier) == S.UNDER_REVIEW


def test_it_hides_another_wards_dossier(client, world, dossier):
    at(dossier, S.SUBMITTED)
    login(client, world.user(Role.WARD_CHIEF, own=False))
    assert client.post(step_url(dossier, S.SUBMITTED)).status_code == 404


def test_it_sends_a_step_with_a_form_to_its_page(as_coordinator, dossier):
    at(dossier, S.UNDER_REVIEW)
    response = as_coordinator.post(step_url(dossier, S.RETURNED), {"reason": "x"})
    assert response["Location"] == reverse("assessments:return", args=[dossier.pk])
    assert state_of(dossier) == S.UNDER_REVIEW


def test_it_refuses_an_unknown_step_with_a_message(as_coordinator, dossier):
    response = as_coordinator.post(step_url(dossier, "published"), follow=False)
    assert response.status_code == 302
    assert state_of(dossier) == S.DRAFT


# --- Return ------------------------------------------------------------------------------

def test_it_returns_with_a_comment_on_one_criterion(as_coordinator, dossier):
    at(dossier, S.UNDER_REVIEW)
    second = dossier.values.get(criterion__code="1.2")
    response = as_coordinator.post(reverse("assessments:return", args=[dossier.pk]), {
        "reason": "Bổ sung", f"comment_{second.criterion_id}": "Thiếu ảnh trụ sở"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert (state_of(dossier), second.review_comment) == (S.RETURNED, "Thiếu ảnh trụ sở")


def test_it_keeps_the_comments_typed_when_the_reason_is_missing(as_coordinator, dossier):
    at(dossier, S.UNDER_REVIEW)
    second = dossier.values.get(criterion__code="1.2")
    response = as_coordinator.post(reverse("assessments:return", args=[dossier.pk]), {
        "reason": "", f"comment_{second.criterion_id}": "Thiếu ảnh trụ sở"})
    page = response.content.decode()
    assert "Give the reason for this step." in page
    assert "Thiếu ảnh trụ sở" in page
    assert state_of(dossier) == S.UNDER_REVIEW


def test_it_refuses_the_return_page_to_the_ward(client, world, dossier):
    at(dossier, S.UNDER_REVIEW)
    login(client, world.user(Role.WARD_CHIEF))
    assert client.get(reverse("assessments:return", args=[dossier.pk])).status_code == 403


def test_it_sends_the_reviewer_back_when_the_dossier_cannot_be_returned(as_coordinator,
                                                                        dossier):
    response = as_coordinator.get(reverse("assessments:return", args=[dossier.pk]), follow=True)
    assert "cannot go to “Returned for changes”" in response.content.decode()


def test_it_shows_the_return_page_in_an_exact_number_of_queries(
        as_coordinator, world, django_assert_num_queries):
    criteria_set = criteria_set_with(25)
    dossier = at(assessment_for(world.ward, criteria_set=criteria_set), S.UNDER_REVIEW)
    with django_assert_num_queries(11):
        response = as_coordinator.get(reverse("assessments:return", args=[dossier.pk]))
    assert response.status_code == 200


# --- Residents' opinions -----------------------------------------------------------------

@pytest.fixture
def accepted(dossier):
    """A dossier being prepared whose criterion 1.3 is the satisfaction (the Front attaches
    its summary before the ward submits)."""
    dossier.criteria_set.criteria.filter(code="1.3").update(
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="90", value_source=Criterion.ValueSource.CONSULTATION)
    return dossier


def test_it_attaches_the_opinions_for_the_front(client, world, accepted):
    login(client, world.user(Role.WARD_FRONT))
    response = client.post(reverse("assessments:attach_opinions", args=[accepted.pk]), {
        "file": pdf("tong-hop.pdf"), "satisfaction_rate": "95,5", "asked": "", "satisfied": ""})
    assert response.status_code == 302
    accepted.refresh_from_db()
    assert (accepted.state, str(accepted.satisfaction_rate)) == (S.DRAFT, "95.50")
    assert accepted.values.get(criterion__code="1.3").value == "95.5"


def test_it_refuses_a_satisfaction_of_140_and_keeps_the_input(client, world, accepted):
    login(client, world.user(Role.WARD_FRONT))
    response = client.post(reverse("assessments:attach_opinions", args=[accepted.pk]), {
        "file": pdf(), "satisfaction_rate": "140", "asked": "300", "satisfied": ""})
    page = response.content.decode()
    assert "The satisfaction rate is a percentage between 0 and 100; 140 is not." in page
    assert 'value="300"' in page
    assert not accepted.opinions_records.exists()


def test_it_says_when_the_rate_is_not_a_number(client, world, accepted):
    login(client, world.user(Role.WARD_FRONT))
    response = client.post(reverse("assessments:attach_opinions", args=[accepted.pk]), {
        "file": pdf(), "satisfaction_rate": "chín mươi"})
    assert "“chín mươi” is not a number." in response.content.decode()


@pytest.mark.parametrize("role", [Role.WARD_OFFICER, Role.WARD_CHIEF])
def test_it_refuses_the_opinions_page_to_the_ward_police(client, world, accepted, role):
    login(client, world.user(role))
    response = client.get(reverse("assessments:attach_opinions", args=[accepted.pk]))
    assert response.status_code == 403


def test_it_sends_the_front_back_to_the_dossier_once_it_is_submitted(client, world, accepted,
                                                                      english):
    at(accepted, S.SUBMITTED)
    login(client, world.user(Role.WARD_FRONT))
    response = client.get(reverse("assessments:attach_opinions", args=[accepted.pk]),
                          follow=True)
    assert "before it is submitted" in response.content.decode()


# --- Council -----------------------------------------------------------------------------

def test_it_records_a_council_members_vote(client, world, dossier):
    at(dossier, S.APPRAISAL)
    member = world.user(Role.COUNCIL_MEMBER)
    login(client, member)
    response = client.post(reverse("assessments:vote", args=[dossier.pk]),
                           {"vote": "approve", "opinion": "Đạt"})
    assert response.status_code == 302
    assert CouncilVote.objects.get(assessment=dossier, member=member).vote == "approve"


def test_it_refuses_a_vote_from_a_non_member_with_a_message(as_coordinator, dossier):
    at(dossier, S.APPRAISAL)
    response = as_coordinator.post(reverse("assessments:vote", args=[dossier.pk]),
                                   {"vote": "approve"})
    assert response.status_code == 403
    assert "Only members of the appraisal council vote" in response.content.decode()
    assert not CouncilVote.objects.exists()


def test_it_shows_the_tally_and_each_opinion_in_the_panel(client, world, dossier):
    at(dossier, S.APPRAISAL)
    member = world.user(Role.COUNCIL_MEMBER)
    CouncilVote.objects.create(assessment=dossier, member=member, vote="reject",
                               opinion="Trụ sở còn mượn")
    login(client, world.user(Role.CITY_COORDINATOR))
    page = client.get(reverse("assessments:procedure", args=[dossier.pk])).content.decode()
    assert "Do not approve: 1" in page
    assert "Trụ sở còn mượn" in page
    assert "1 of 1 members have voted." in page


def test_it_hides_the_votes_from_the_ward(client, world, dossier):
    at(dossier, S.APPRAISAL)
    CouncilVote.objects.create(assessment=dossier, member=world.user(Role.COUNCIL_MEMBER),
                               vote="reject", opinion="Trụ sở còn mượn")
    login(client, world.user(Role.WARD_CHIEF))
    page = client.get(reverse("assessments:procedure", args=[dossier.pk])).content.decode()
    assert "Trụ sở còn mượn" not in page


# --- Outcome ----------------------------------------------------------------------------

def decide_data(**overrides):
    """The Ministry's decision as the coordinator records it."""
    data = {"outcome": "recognised", "decision_number": "123/QĐ-BCA",
            "decision_date": "20/11/2026", "decision_signer": "Bộ trưởng Bộ Công an",
            "decision_file": pdf("quyet-dinh.pdf"), "reason": ""}
    return data | overrides


def sent_to_the_ministry(dossier, coordinator_user):
    at(dossier, S.PROPOSED)
    proposal = ps.proposal_send(actor=coordinator_user, round=dossier.round, number="45/TTr",
                                sent_on=date(2026, 11, 18), document=pdf("tt.pdf"))
    dossier.refresh_from_db()
    return proposal


def test_it_proposes_the_unit_after_the_council(as_coordinator, dossier):
    at(dossier, S.APPRAISAL)
    page = as_coordinator.get(reverse("assessments:decide", args=[dossier.pk])).content.decode()
    assert "Propose the unit to the Ministry" in page and "decision_number" not in page
    response = as_coordinator.post(reverse("assessments:decide", args=[dossier.pk]), {
        "outcome": "proposed", "council_outcome": "Tán thành 5/5.",
        "minutes_file": pdf("bien-ban.pdf"), "reason": ""})
    assert response.status_code == 302
    assert state_of(dossier) == S.PROPOSED


def test_it_records_the_ministrys_recognition(as_coordinator, world, dossier):
    sent_to_the_ministry(dossier, world.user(Role.CITY_COORDINATOR))
    page = as_coordinator.get(reverse("assessments:decide", args=[dossier.pk])).content.decode()
    # The step table names who decides: the form starts with that signer.
    assert 'value="Minister of Public Security"' in page and "council_outcome" not in page
    response = as_coordinator.post(reverse("assessments:decide", args=[dossier.pk]),
                                   decide_data())
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.state, dossier.decision_date) == (S.RECOGNISED, date(2026, 11, 20))


def test_it_refuses_recognition_without_a_decision_number_and_keeps_the_rest(
        as_coordinator, world, dossier):
    sent_to_the_ministry(dossier, world.user(Role.CITY_COORDINATOR))
    response = as_coordinator.post(reverse("assessments:decide", args=[dossier.pk]),
                                   decide_data(decision_number=""))
    page = response.content.decode()
    assert "Enter the number of the recognition decision." in page
    assert "Bộ trưởng Bộ Công an" in page
    assert 'value="20/11/2026"' in page
    assert state_of(dossier) == S.PROPOSED


def test_it_says_how_to_write_a_bad_decision_date(as_coordinator, world, dossier):
    sent_to_the_ministry(dossier, world.user(Role.CITY_COORDINATOR))
    response = as_coordinator.post(reverse("assessments:decide", args=[dossier.pk]),
                                   decide_data(decision_date="2026-13-45"))
    assert "Enter the date as dd/mm/yyyy." in response.content.decode()


def test_it_warns_before_recognising_a_dossier_below_the_pass_rule(as_coordinator, dossier):
    at(dossier, S.APPRAISAL)
    page = as_coordinator.get(reverse("assessments:decide", args=[dossier.pk])).content.decode()
    assert "does not meet the pass rule" in page


def test_it_refuses_the_outcome_page_to_a_council_member(client, world, dossier):
    at(dossier, S.APPRAISAL)
    login(client, world.user(Role.COUNCIL_MEMBER))
    assert client.get(reverse("assessments:decide", args=[dossier.pk])).status_code == 403


def test_it_keeps_the_ward_out_after_recognition_and_names_who_acts(client, world, dossier):
    at(dossier, S.RECOGNISED)
    officer = world.user(Role.WARD_OFFICER)
    value = dossier.values.get(criterion__code="1.1")
    with pytest.raises(services.ValidationError):
        services.assessment_value_save(actor=officer, assessment=dossier,
                                       criterion=value.criterion, raw_value="yes",
                                       explanation="", revision=value.revision)
    login(client, officer)
    page = client.get(reverse("assessments:procedure", args=[dossier.pk])).content.decode()
    assert "the ward can no longer change it" in page
    assert "the city coordinator decides the next step" in page


# --- Panel ------------------------------------------------------------------------------

def render_panel(user, assessment):
    request = RequestFactory().get(f"/assessments/{assessment.pk}/")
    request.user = user
    template = Template("{% load procedure %}{% procedure_panel assessment %}")
    return template.render(Context({"request": request, "user": user,
                                    "assessment": assessment}))


def test_it_offers_each_role_only_its_own_steps(world, dossier):
    at(dossier, S.UNDER_REVIEW)
    coordinator_panel = render_panel(world.user(Role.CITY_COORDINATOR), dossier)
    officer_panel = render_panel(world.user(Role.WARD_OFFICER), dossier)
    assert 'data-step="accepted"' in coordinator_panel
    assert 'data-step="returned"' in coordinator_panel
    assert "data-step=" not in officer_panel


def test_it_points_the_panel_forms_back_at_the_page_it_is_on(world, dossier):
    at(dossier, S.SUBMITTED)
    panel = render_panel(world.user(Role.CITY_COORDINATOR), dossier)
    assert f'name="next" value="/assessments/{dossier.pk}/"' in panel


def test_it_renders_the_panel_in_an_exact_number_of_queries(world, dossier,
                                                            django_assert_num_queries):
    at(dossier, S.APPRAISAL)
    for _ in range(5):
        member = world.user(Role.COUNCIL_MEMBER)
        CouncilVote.objects.create(assessment=dossier, member=member, vote="approve")
    coordinator = world.user(Role.CITY_COORDINATOR)
    coordinator.active_assignments()
    # Among them: the Front's summaries, the ward's opinions, the corrected values.
    with django_assert_num_queries(14):
        render_panel(coordinator, dossier)


def test_it_says_why_a_late_vote_was_not_recorded(client, world, dossier):
    at(dossier, S.RECOGNISED)
    login(client, world.user(Role.COUNCIL_MEMBER))
    response = client.post(reverse("assessments:vote", args=[dossier.pk]),
                           {"vote": "reject"}, follow=True)
    assert "Votes are taken while the dossier is under appraisal" in response.content.decode()
    assert not CouncilVote.objects.exists()
