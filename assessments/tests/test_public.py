"""The public list of recognised units: no login, only recognised units, nothing personal."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from assessments.models import Assessment
from testing.factories import WardFactory, assessment_for, criteria_set_with

URL = reverse("public:recognised")


def _recognised(ward, *, year: int = 2026, state: str = Assessment.State.RECOGNISED,
                number: str = "12/QĐ-CATP") -> Assessment:
    assessment = assessment_for(ward, year=year, criteria_set=criteria_set_with(1))
    Assessment.objects.filter(pk=assessment.pk).update(
        state=state, decision_number=number, decision_date=date(year, 12, 5),
        decision_signer="Nguyễn Văn Ký",
    )
    return assessment


def test_it_opens_without_login(client, world):
    _recognised(world.ward)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Phường Hoàn Kiếm" in response.content.decode()


def test_it_lists_only_recognised_units(client, world):
    _recognised(world.ward)
    _recognised(world.other_ward, state=Assessment.State.REVOKED, number="13/QĐ-CATP")
    _recognised(WardFactory(parent=world.province, name="Phường Chờ"),
                state=Assessment.State.APPRAISAL, number="14/QĐ-CATP")
    units = client.get(URL).context["units"]
    assert [u.ward_name for u in units] == ["Phường Hoàn Kiếm"]


def test_it_shows_the_decision_number_and_date_but_not_the_signer(client, world):
    _recognised(world.ward)
    page = client.get(URL).content.decode()
    assert "12/QĐ-CATP" in page
    assert "05/12/2026" in page
    assert "Nguyễn Văn Ký" not in page


def test_it_lists_the_requested_year(client, world):
    _recognised(world.ward, year=2025, number="7/QĐ-CATP")
    _recognised(world.other_ward, year=2026)
    units = client.get(URL, {"year": "2025"}).context["units"]
    assert [u.decision_number for u in units] == ["7/QĐ-CATP"]


def test_it_defaults_to_the_latest_year_with_recognitions(client, world):
    _recognised(world.ward, year=2025)
    _recognised(world.other_ward, year=2026)
    assert client.get(URL).context["year"] == 2026


def test_it_explains_a_bad_year_and_keeps_what_was_typed(client, world, english):
    _recognised(world.ward)
    response = client.get(URL, {"year": "abc"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a year as four digits, such as 2026." in page
    assert 'value="abc"' in page


def test_it_says_when_a_year_has_no_recognised_unit(client, world, english):
    page = client.get(URL, {"year": "2024"}).content.decode()
    assert "No ward police unit has been recognised for 2024 yet." in page


def test_it_reads_the_list_in_a_flat_number_of_queries(client, world,
                                                     django_assert_num_queries):
    for _ in range(10):
        _recognised(WardFactory(parent=world.province))
    with django_assert_num_queries(2):
        response = client.get(URL)
    assert len(response.context["units"]) == 10
