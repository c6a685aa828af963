"""Rounds: the city opens them and follows them; the ward police chief registers the ward."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from assessments.models import Assessment, RecognitionRound, Registration
from testing.clients import login
from testing.factories import assessment_for, criteria_set_with


def _round(world, *, deadline: date | None = None, year: int = 2026) -> RecognitionRound:
    return RecognitionRound.objects.create(
        province=world.province, year=year, criteria_set=criteria_set_with(),
        registration_deadline=deadline or timezone.localdate() + timedelta(days=30),
        submission_deadline=date(year, 10, 31) if deadline else timezone.localdate()
        + timedelta(days=90),
    )


def _register(client, world, year: int = 2026):
    return client.post(reverse("assessments:register", args=[year, world.ward.code]))


def test_it_registers_the_ward_when_the_chief_asks(client, world):
    _round(world)
    login(client, world.user(Role.WARD_CHIEF))
    response = _register(client, world)
    assert response.status_code == 302
    assessment = Assessment.objects.get(ward=world.ward)
    assert assessment.state == Assessment.State.DRAFT
    assert assessment.values.count() == 3


def test_it_forbids_the_officer_to_register(client, world):
    _round(world)
    login(client, world.user(Role.WARD_OFFICER))
    assert _register(client, world).status_code == 403
    assert not Registration.objects.exists()


def test_it_hides_another_wards_registration(client, world):
    _round(world)
    login(client, world.user(Role.WARD_CHIEF, own=False))
    assert _register(client, world).status_code == 404


def test_it_refuses_registration_after_the_deadline_with_the_date(client, world, english):
    _round(world, deadline=timezone.localdate() - timedelta(days=1))
    login(client, world.user(Role.WARD_CHIEF))
    response = _register(client, world)
    page = client.get(response["Location"]).content.decode()
    day = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Registration closed on {day}." in page
    assert not Registration.objects.exists()


def test_it_refuses_a_second_registration(client, world, english):
    _round(world)
    login(client, world.user(Role.WARD_CHIEF))
    _register(client, world)
    response = _register(client, world)
    page = client.get(response["Location"]).content.decode()
    assert "The ward has already registered for 2026." in page
    assert Registration.objects.count() == 1


def test_it_shows_the_ward_its_round_with_a_register_button(client, world, english):
    _round(world)
    login(client, world.user(Role.WARD_CHIEF))
    page = client.get(reverse("assessments:rounds")).content.decode()
    assert "Register to strive for recognition" in page
    assert reverse("assessments:register", args=[2026, world.ward.code]) in page


def test_it_links_the_registered_ward_to_its_dossier(client, world):
    assessment = assessment_for(world.ward)
    login(client, world.user(Role.WARD_OFFICER))
    page = client.get(reverse("assessments:rounds")).content.decode()
    assert reverse("assessments:detail", args=[assessment.pk]) in page


def _open(client, **overrides):
    data = {"province": "", "year": "2027", "criteria_set": "",
            "registration_deadline": "31/03/2027", "submission_deadline": "31/10/2027"}
    data.update(overrides)
    return client.post(reverse("assessments:rounds"), data)


def test_it_opens_a_round_for_the_coordinator(client, world):
    criteria_set = criteria_set_with()
    login(client, world.user(Role.CITY_COORDINATOR))
    response = _open(client, province=world.province.pk, criteria_set=criteria_set.pk)
    assert response.status_code == 302
    opened = RecognitionRound.objects.get(year=2027)
    assert opened.registration_deadline == date(2027, 3, 31)
    assert opened.province == world.province


def test_it_refuses_a_self_assessment_deadline_before_registration_and_keeps_input(
    client, world, english
):
    criteria_set = criteria_set_with()
    login(client, world.user(Role.CITY_COORDINATOR))
    response = _open(client, province=world.province.pk, criteria_set=criteria_set.pk,
                     submission_deadline="01/03/2027")
    page = response.content.decode()
    assert response.status_code == 200
    assert "The self-assessment deadline cannot be before the registration deadline." in page
    assert 'value="01/03/2027"' in page
    assert not RecognitionRound.objects.exists()


def test_it_refuses_a_date_that_is_not_dd_mm_yyyy(client, world, english):
    criteria_set = criteria_set_with()
    login(client, world.user(Role.CITY_COORDINATOR))
    response = _open(client, province=world.province.pk, criteria_set=criteria_set.pk,
                     registration_deadline="31/13/2027")
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    assert not RecognitionRound.objects.exists()


def test_it_refuses_a_set_that_does_not_cover_the_year(client, world, english):
    criteria_set = criteria_set_with(year_from=2024, year_to=2025)
    login(client, world.user(Role.CITY_COORDINATOR))
    response = _open(client, province=world.province.pk, criteria_set=criteria_set.pk)
    assert "This criteria set applies to 2024–2025, not to 2027." in response.content.decode()
    assert not RecognitionRound.objects.exists()


def test_it_forbids_a_ward_user_to_open_a_round(client, world):
    criteria_set = criteria_set_with()
    login(client, world.user(Role.WARD_CHIEF))
    response = _open(client, province=world.province.pk, criteria_set=criteria_set.pk)
    assert response.status_code == 403


def test_it_lists_every_unit_of_the_province_registered_or_not(client, world, english):
    assessment_for(world.ward)
    login(client, world.user(Role.CITY_LEADER))
    page = client.get(reverse("assessments:round_detail", args=[2026])).content.decode()
    assert world.ward.name in page
    assert world.other_ward.name in page
    assert world.far_ward.name not in page
    assert "Not registered" in page


def test_it_filters_the_round_to_unregistered_units_in_an_htmx_partial(client, world):
    assessment_for(world.ward)
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.get(reverse("assessments:round_detail", args=[2026]),
                          {"status": "not_registered"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="unit-table">')
    assert world.other_ward.name in page
    assert world.ward.name not in page


def test_it_filters_the_round_by_state(client, world):
    assessment_for(world.ward)
    assessment_for(world.other_ward)
    Assessment.objects.filter(ward=world.other_ward).update(state=Assessment.State.SUBMITTED)
    login(client, world.user(Role.CITY_COORDINATOR))
    page = client.get(reverse("assessments:round_detail", args=[2026]),
                      {"status": "submitted"}).content.decode()
    assert world.other_ward.name in page
    assert world.ward.name not in page


def test_it_keeps_the_city_round_page_from_ward_users(client, world):
    assessment_for(world.ward)
    login(client, world.user(Role.WARD_CHIEF))
    assert client.get(reverse("assessments:round_detail", args=[2026])).status_code == 403


def test_it_answers_404_for_a_round_of_another_province(client, world):
    assessment_for(world.far_ward)
    login(client, world.user(Role.CITY_COORDINATOR))
    assert client.get(reverse("assessments:round_detail", args=[2026])).status_code == 404


@pytest.mark.parametrize("wards", [2, 30])
def test_it_lists_the_round_in_an_exact_number_of_queries(
    client, world, wards, django_assert_num_queries
):
    from testing.factories import WardFactory

    for _ in range(wards):
        assessment_for(WardFactory(parent=world.province))
    login(client, world.user(Role.CITY_COORDINATOR))
    with django_assert_num_queries(14):  # two of them: the proposal to the Ministry
        client.get(reverse("assessments:round_detail", args=[2026]))
