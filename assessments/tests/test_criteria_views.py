"""Criteria set pages: who sees what, import through the browser form, lock, copy, export."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from assessments.criteria_services import criteria_set_load_sample
from assessments.models import CriteriaSet
from assessments.tests.test_criteria_io import GOOD_ROWS, dump, lock, workbook
from testing.clients import login
from testing.factories import criteria_set_with

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "bo-tieu-chi.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


@pytest.fixture
def coordinator_client(client, world):
    login(client, world.user(Role.CITY_COORDINATOR))
    return client


def test_it_shows_the_sets_to_a_ward_officer(client, world):
    criteria_set = criteria_set_with(3, name="Bộ tiêu chí năm 2026")
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("criteria:list"))
    assert response.status_code == 200
    assert "Bộ tiêu chí năm 2026" in response.content.decode()
    assert client.get(reverse("criteria:detail", args=[criteria_set.pk])).status_code == 200


def test_it_forbids_a_ward_officer_to_import(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(reverse("criteria:import")).status_code == 403
    response = client.post(reverse("criteria:import"), {"file": upload(workbook(GOOD_ROWS))})
    assert response.status_code == 403
    assert CriteriaSet.objects.count() == 0


def test_it_forbids_a_ward_officer_to_copy_or_edit(client, world):
    criteria_set = criteria_set_with(2)
    login(client, world.user(Role.WARD_OFFICER))
    assert client.post(reverse("criteria:copy", args=[criteria_set.pk])).status_code == 403
    assert client.get(reverse("criteria:edit", args=[criteria_set.pk])).status_code == 403
    assert client.get(reverse("criteria:replace", args=[criteria_set.pk])).status_code == 403


def test_it_forbids_an_agency_reporter_the_list(client, world):
    login(client, world.user(Role.AGENCY_REPORTER))
    assert client.get(reverse("criteria:list")).status_code == 403


def test_it_imports_a_file_and_opens_the_new_set(coordinator_client):
    response = coordinator_client.post(reverse("criteria:import"),
                                       {"file": upload(workbook(GOOD_ROWS))})
    created = CriteriaSet.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("criteria:detail", args=[created.pk])
    assert created.criteria.count() == 5


def test_it_lists_the_file_problems_on_the_page_and_saves_nothing(coordinator_client, english):
    rows = [*GOOD_ROWS, {"level": "criterion", "code": "1.1", "title": "", "value_type": "x"}]
    response = coordinator_client.post(reverse("criteria:import"),
                                       {"file": upload(workbook(rows))})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The file has 3 problems; nothing was saved." in page
    assert "D (Tên)" in page and "The title is empty." in page
    assert CriteriaSet.objects.count() == 0


def test_it_refuses_a_file_that_is_not_xlsx_by_name(coordinator_client, english):
    response = coordinator_client.post(reverse("criteria:import"),
                                       {"file": upload(b"a;b", "bo.csv")})
    assert "Choose an Excel workbook (.xlsx)" in response.content.decode()


def test_it_answers_htmx_with_the_form_only_and_a_client_redirect(coordinator_client):
    headers = {"HX-Request": "true"}
    bad = coordinator_client.post(reverse("criteria:import"),
                                  {"file": upload(b"not a workbook", "x.xlsx")}, headers=headers)
    assert bad.status_code == 200
    assert "<html" not in bad.content.decode() and 'id="import-form"' in bad.content.decode()
    good = coordinator_client.post(reverse("criteria:import"),
                                   {"file": upload(workbook(GOOD_ROWS))}, headers=headers)
    assert good["HX-Redirect"] == reverse("criteria:detail", args=[CriteriaSet.objects.get().pk])


def test_it_shows_why_a_set_is_locked(client, world, english):
    criteria_set = criteria_set_with(2)
    lock(criteria_set, world.ward)
    login(client, world.user(Role.CITY_COORDINATOR))
    page = client.get(reverse("criteria:detail", args=[criteria_set.pk])).content.decode()
    assert "the 2026 self-assessment of Phường Hoàn Kiếm was submitted" in page
    assert reverse("criteria:edit", args=[criteria_set.pk]) not in page


def test_it_refuses_a_locked_set_edit_with_the_reason(coordinator_client, world, english):
    criteria_set = criteria_set_with(2)
    lock(criteria_set, world.ward)
    response = coordinator_client.post(reverse("criteria:edit", args=[criteria_set.pk]), {
        "name": "Tên mới", "year_from": 2024, "year_to": 2030, "pass_score": "0"})
    assert response.status_code == 200
    assert "Only a copy can be changed" in response.content.decode()
    assert 'value="Tên mới"' in response.content.decode()  # what was typed stays
    criteria_set.refresh_from_db()
    assert criteria_set.name == "Bộ tiêu chí thử"


def test_it_refuses_a_locked_set_replace_with_the_reason(coordinator_client, world, english):
    criteria_set = criteria_set_with(2)
    lock(criteria_set, world.ward)
    before = dump(criteria_set)
    response = coordinator_client.post(reverse("criteria:replace", args=[criteria_set.pk]),
                                       {"file": upload(workbook(GOOD_ROWS))})
    assert "Only a copy can be changed: make a new version" in response.content.decode()
    assert dump(criteria_set) == before


def test_it_edits_the_details_of_an_unlocked_set(coordinator_client):
    criteria_set = criteria_set_with(2)
    response = coordinator_client.post(reverse("criteria:edit", args=[criteria_set.pk]), {
        "name": "Bộ tiêu chí 2026", "legal_basis_number": "639/QĐ-BCA-V05",
        "legal_basis_date": "30/01/2024", "year_from": 2024, "year_to": 2030,
        "pass_score": "15"})
    assert response.status_code == 302
    criteria_set.refresh_from_db()
    assert (criteria_set.name, criteria_set.pass_score) == ("Bộ tiêu chí 2026", Decimal(15))
    assert f"{criteria_set.legal_basis_date:%d/%m/%Y}" == "30/01/2024"


def test_it_keeps_the_typed_details_when_the_years_are_reversed(coordinator_client, english):
    criteria_set = criteria_set_with(2)
    response = coordinator_client.post(reverse("criteria:edit", args=[criteria_set.pk]), {
        "name": "Bộ mới", "year_from": 2030, "year_to": 2024, "pass_score": "0"})
    page = response.content.decode()
    assert "The last year cannot be before the first year." in page
    assert 'value="Bộ mới"' in page


def test_it_copies_a_locked_set_into_version_2(coordinator_client, world):
    criteria_set = criteria_set_with(3)
    lock(criteria_set, world.ward)
    response = coordinator_client.post(reverse("criteria:copy", args=[criteria_set.pk]))
    copy = CriteriaSet.objects.get(version=2)
    assert response["Location"] == reverse("criteria:detail", args=[copy.pk])
    assert copy.previous_version == criteria_set and not copy.is_locked()
    assert dump(copy) == dump(criteria_set)


def test_it_exports_a_workbook(client, world):
    criteria_set = criteria_set_with(2)
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("criteria:export", args=[criteria_set.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"
    template = client.get(reverse("criteria:template"))
    assert template.status_code == 200 and template.content[:2] == b"PK"


def test_it_reads_a_large_set_in_an_exact_number_of_queries(
    client, world, django_assert_num_queries
):
    criteria_set, _created = criteria_set_load_sample()
    login(client, world.user(Role.CITY_COORDINATOR))
    with django_assert_num_queries(14):
        response = client.get(reverse("criteria:detail", args=[criteria_set.pk]))
    assert response.status_code == 200
    assert response.content.decode().count("<details>") >= 5
    with django_assert_num_queries(9):
        assert client.get(reverse("criteria:list")).status_code == 200


def test_it_shows_a_locked_set_read_only_in_the_admin(client, world):
    admin = world.user(Role.SYSADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    locked, editable = criteria_set_with(2), criteria_set_with(2, name="Bộ khác")
    lock(locked, world.ward)
    login(client, admin)
    url = reverse("admin:assessments_criteriaset_change", args=[locked.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "Đổi"}).status_code == 403
    editable_page = client.get(reverse("admin:assessments_criteriaset_change",
                                       args=[editable.pk]))
    assert 'name="_save"' in editable_page.content.decode()
    assessment_url = reverse("admin:assessments_assessment_changelist")
    assert client.get(assessment_url).status_code == 200
    assert client.get(reverse("admin:assessments_assessment_add")).status_code == 403
