from datetime import date

import pytest
from django.urls import reverse

from testing.clients import login
from testing.factories import UserFactory, WardFactory
from units.models import UnitMerger

pytestmark = pytest.mark.django_db

ADD = reverse("admin:units_unitmerger_add")


@pytest.fixture
def admin_client(client):
    login(client, UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def wards(world):
    return (WardFactory(parent=world.province, code="00001", name="Phường A"),
            WardFactory(parent=world.province, code="00002", name="Phường B"))


def test_it_records_a_merger_through_the_service(admin_client, wards):
    a, b = wards
    response = admin_client.post(ADD, {
        "successor": b.pk, "predecessors": [a.pk, b.pk], "effective_date": "01/07/2025",
        "legal_basis": "NQ 1656", "note": "",
    })
    assert response.status_code == 302
    merger = UnitMerger.objects.get()
    assert set(merger.predecessors.all()) == {a, b}
    a.refresh_from_db()
    assert a.valid_to == date(2025, 6, 30)


def test_it_shows_the_services_validation_errors_in_the_form(admin_client, wards, world):
    a, _b = wards
    response = admin_client.post(ADD, {
        "successor": a.pk, "predecessors": [world.far_ward.pk], "effective_date": "01/07/2025",
    })
    assert response.status_code == 200
    assert "same province" in response.content.decode()
    assert not UnitMerger.objects.exists()


def test_it_searches_units_by_code(admin_client, wards):
    response = admin_client.get(reverse("admin:units_orgunit_changelist"), {"q": "00002"})
    body = response.content.decode()
    assert "Phường B" in body
    assert "Phường A" not in body


def test_it_filters_units_by_province(admin_client, world):
    response = admin_client.get(reverse("admin:units_orgunit_changelist"),
                                {"province": world.other_province.pk})
    body = response.content.decode()
    assert "Phường Sài Gòn" in body
    assert "Phường Ba Đình" not in body


def test_it_opens_the_agency_admin(admin_client, world):
    response = admin_client.get(reverse("admin:units_agency_changelist"))
    assert "Sở Tư pháp" in response.content.decode()


def test_it_lets_an_existing_merger_change_only_its_basis_and_note(admin_client, wards):
    a, b = wards
    admin_client.post(ADD, {"successor": b.pk, "predecessors": [a.pk],
                            "effective_date": "01/07/2025"})
    merger = UnitMerger.objects.get()
    url = reverse("admin:units_unitmerger_change", args=[merger.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"legal_basis": "NQ 1656", "note": "Sửa",
                                       "effective_date": "01/01/2020"})
    assert response.status_code == 302
    merger.refresh_from_db()
    assert (merger.legal_basis, merger.effective_date) == ("NQ 1656", date(2025, 7, 1))
    assert list(merger.predecessors.all()) == [a]
