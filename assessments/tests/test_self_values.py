"""The self-assessment form: one criterion saved at a time, never a bad or stale value."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from assessments.models import Assessment, AssessmentValue, Criterion
from assessments.procedure import assessment_transition
from testing.clients import login
from testing.factories import assessment_for, criteria_set_with

HTMX = {"HX-Request": "true"}


@pytest.fixture
def dossier(world):
    return assessment_for(world.ward)


@pytest.fixture
def officer(client, world):
    user = world.user(Role.WARD_OFFICER)
    login(client, user)
    return user


def _criterion(assessment: Assessment, code: str = "1.1") -> Criterion:
    return assessment.criteria_set.criteria.get(code=code)


def _add(assessment: Assessment, code: str, value_type: str, **fields) -> Criterion:
    """A criterion of another value type in the dossier's set, with its empty value."""
    group = assessment.criteria_set.groups.get()
    criterion = Criterion.objects.create(
        criteria_set=assessment.criteria_set, group=group, code=code, title=f"Tiêu chí {code}",
        value_type=value_type, max_score=Decimal(10), order=50, **fields,
    )
    AssessmentValue.objects.create(assessment=assessment, criterion=criterion)
    return criterion


def _save(client, assessment, criterion, value, *, revision=0, explanation="", htmx=False):
    url = reverse("assessments:save_value", args=[assessment.pk, criterion.pk])
    data = {"value": value, "explanation": explanation, "revision": revision}
    return client.post(url, data, headers=HTMX if htmx else None)


def _stored(assessment, criterion) -> AssessmentValue:
    return AssessmentValue.objects.get(assessment=assessment, criterion=criterion)


def test_it_saves_a_value_and_redirects_to_the_row(client, dossier, officer):
    criterion = _criterion(dossier)
    response = _save(client, dossier, criterion, "yes", explanation="Trụ sở độc lập")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/assessments/{dossier.pk}/#c-1.1")
    stored = _stored(dossier, criterion)
    assert (stored.value, stored.met, stored.score, stored.revision) == ("yes", True, 10, 1)
    assert stored.explanation == "Trụ sở độc lập"
    dossier.refresh_from_db()
    assert dossier.total_score == 10


def test_it_answers_an_htmx_save_with_the_computed_parts_only(client, dossier, officer):
    criterion = _criterion(dossier)
    response = _save(client, dossier, criterion, "yes", htmx=True)
    page = response.content.decode()
    assert response.status_code == 200
    # The inputs stay as the user left them (they may have typed on); the result cell
    # with the new revision and the totals arrive out of band.
    assert response["HX-Reswap"] == "none"
    assert f'id="r-{criterion.pk}" hx-swap-oob="true"' in page
    assert 'name="value"' not in page
    assert '<section id="totals"' in page and 'hx-swap-oob="true"' in page
    assert 'name="revision" value="1"' in page
    assert "<html" not in page


def test_it_refuses_a_percentage_of_140_and_keeps_the_input(client, dossier, officer, english):
    criterion = _add(dossier, "1.9", Criterion.ValueType.PERCENTAGE,
                     comparison=Criterion.Comparison.GTE, target="90")
    response = _save(client, dossier, criterion, "140", htmx=True)
    page = response.content.decode()
    assert "A percentage is between 0 and 100; 140 is not." in page
    assert 'value="140"' in page
    assert _stored(dossier, criterion).value == ""
    assert _stored(dossier, criterion).revision == 0


def test_it_refuses_text_in_a_number_field_without_javascript(client, dossier, officer, english):
    criterion = _add(dossier, "1.9", Criterion.ValueType.NUMBER)
    response = _save(client, dossier, criterion, "mười hai", explanation="đếm tay")
    page = response.content.decode()
    assert response.status_code == 200
    assert "“mười hai” is not a number." in page
    assert 'value="mười hai"' in page
    assert "đếm tay</textarea>" in page
    assert 'href="#c-1.9">Nothing was saved for 1.9' in page
    assert _stored(dossier, criterion).value == ""


def test_it_accepts_a_decimal_comma_and_shows_it_back(client, dossier, officer):
    criterion = _add(dossier, "1.9", Criterion.ValueType.NUMBER,
                     comparison=Criterion.Comparison.GTE, target="10")
    _save(client, dossier, criterion, "12,5", htmx=True)
    assert _stored(dossier, criterion).value == "12.5"
    assert _stored(dossier, criterion).met is True
    page = client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()
    assert 'value="12,5"' in page


def test_it_refuses_a_stale_save_and_shows_both_values(client, world, dossier, officer, english):
    criterion = _criterion(dossier)
    colleague = world.user(Role.WARD_CHIEF)
    colleague.full_name = "Trần Thị Trưởng"
    colleague.save()
    from assessments.services import assessment_value_save

    assessment_value_save(actor=colleague, assessment=dossier, criterion=criterion,
                          raw_value="no", explanation="Đang mượn trụ sở", revision=0)
    response = _save(client, dossier, criterion, "yes", explanation="Đã có trụ sở", htmx=True)
    page = response.content.decode()
    assert "after you opened the form" in page
    assert "Trần Thị Trưởng" in page
    assert "Đang mượn trụ sở" in page  # the value saved meanwhile
    assert "Đã có trụ sở</textarea>" in page  # what this user typed
    assert re.search(r'value="yes"[^>]*checked>', page)
    assert 'name="revision" value="1"' in page
    assert _stored(dossier, criterion).value == "no"


def test_it_saves_over_the_stale_value_with_the_revision_offered(client, world, dossier, officer):
    criterion = _criterion(dossier)
    from assessments.services import assessment_value_save

    assessment_value_save(actor=world.user(Role.WARD_CHIEF), assessment=dossier,
                          criterion=criterion, raw_value="no", explanation="", revision=0)
    _save(client, dossier, criterion, "yes", revision=0)
    _save(client, dossier, criterion, "yes", revision=1)
    assert _stored(dossier, criterion).value == "yes"


def test_it_refuses_to_edit_a_submitted_dossier(client, world, dossier, officer, english):
    criterion = _criterion(dossier)
    assessment_transition(actor=world.user(Role.WARD_CHIEF), assessment=dossier,
                          target=Assessment.State.SUBMITTED)
    response = _save(client, dossier, criterion, "yes", htmx=True)
    assert "it cannot be edited now" in response.content.decode()
    assert _stored(dossier, criterion).value == ""


def test_it_disables_the_inputs_and_shows_who_can_unlock(client, world, dossier, officer, english):
    assessment_transition(actor=world.user(Role.WARD_CHIEF), assessment=dossier,
                          target=Assessment.State.SUBMITTED)
    page = client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()
    assert "This dossier is locked." in page
    assert "The city coordinator can return it to the ward for changes." in page
    assert "disabled" in page
    assert reverse("assessments:save_value", args=[dossier.pk, _criterion(dossier).pk]) not in page


def test_it_forbids_saving_to_a_role_that_only_reads(client, world, dossier):
    login(client, world.user(Role.WARD_FRONT))
    assert _save(client, dossier, _criterion(dossier), "yes").status_code == 403
    assert _stored(dossier, _criterion(dossier)).value == ""


def test_it_hides_another_wards_dossier(client, world, dossier):
    login(client, world.user(Role.WARD_OFFICER, own=False))
    assert client.get(reverse("assessments:detail", args=[dossier.pk])).status_code == 404
    assert _save(client, dossier, _criterion(dossier), "yes").status_code == 404


def test_it_shows_the_reviewers_comment_on_a_returned_dossier(client, dossier, officer):
    AssessmentValue.objects.filter(assessment=dossier, criterion__code="1.2").update(
        review_comment="Thiếu biên bản kiểm tra"
    )
    Assessment.objects.filter(pk=dossier.pk).update(state=Assessment.State.RETURNED)
    page = client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()
    assert "Thiếu biên bản kiểm tra" in page
    assert "criterion-returned" in page


def test_it_renders_every_value_type_with_a_fitting_input(client, dossier, officer):
    _add(dossier, "2.1", Criterion.ValueType.PERCENTAGE)
    _add(dossier, "2.2", Criterion.ValueType.CHOICE, choices="Độc lập\nMượn")
    _add(dossier, "2.3", Criterion.ValueType.TEXT)
    page = client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()
    assert 'type="radio"' in page
    assert 'inputmode="decimal"' in page
    assert '<option value="Mượn">Mượn</option>' in page
    assert 'hx-trigger="keyup changed delay:800ms, change"' in page


def test_it_indents_sub_criteria_and_computes_the_parent(client, dossier, officer):
    parent = _criterion(dossier, "1.3")
    child = _add(dossier, "1.3.1", Criterion.ValueType.YES_NO, parent=parent,
                 comparison=Criterion.Comparison.YES)
    response = _save(client, dossier, child, "yes", htmx=True)
    page = response.content.decode()
    assert 'hx-swap-oob="outerHTML:#c-1\\.3"' in page  # the parent, out of band
    assert _stored(dossier, parent).met is True
    detail = client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()
    assert 'style="--depth: 1"' in detail


def test_it_refuses_a_value_on_a_parent_criterion(client, dossier, officer):
    parent = _criterion(dossier, "1.3")
    _add(dossier, "1.3.1", Criterion.ValueType.YES_NO, parent=parent)
    _save(client, dossier, parent, "yes")
    assert _stored(dossier, parent).value == ""


@pytest.mark.parametrize("size", [5, 40])
def test_it_renders_the_dossier_in_an_exact_number_of_queries(
    client, world, size, django_assert_num_queries
):
    assessment = assessment_for(world.ward, criteria_set=criteria_set_with(size))
    user = world.user(Role.WARD_OFFICER)
    login(client, user)
    with django_assert_num_queries(20):
        response = client.get(reverse("assessments:detail", args=[assessment.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="criterion-row') == size
