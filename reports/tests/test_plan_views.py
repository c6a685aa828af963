"""The plan pages: who sees them, the filter by body, the import form and its template."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import Plan, PlanTask
from testing.clients import login
from testing.factories import plan_with_task
from testing.sheets import table


@pytest.fixture
def plan(world):
    plan = plan_with_task(world.province, world.agency)
    other = PlanTask.objects.create(plan=plan, section="IV.12", order=2, text="Việc của Sở XD",
                                    lead=world.other_agency)
    other.coordinating.add(world.agency)
    PlanTask.objects.create(plan=plan, section="IV.12", order=3, text="Việc riêng Sở XD",
                            lead=world.other_agency)
    return plan


def test_it_lists_plans_for_an_agency_reporter(client, world, plan):
    login(client, world.user("agency_reporter"))
    response = client.get(reverse("reports:plans"))
    assert response.status_code == 200
    assert plan.number in response.content.decode()


def test_it_forbids_the_plans_to_ward_officers(client, world, plan):
    login(client, world.user("ward_officer"))
    assert client.get(reverse("reports:plans")).status_code == 403


def test_it_groups_tasks_by_section_with_their_bodies(client, world, plan):
    login(client, world.user("city_coordinator"))
    html = client.get(reverse("reports:plan_detail", args=[plan.pk])).content.decode()
    assert html.index("IV.1") < html.index("IV.12")
    assert "Việc của Sở XD" in html and "Sở Xây dựng" in html


def test_it_filters_tasks_by_body_as_lead_or_coordinating(client, world, plan):
    login(client, world.user("agency_reporter"))
    html = client.get(reverse("reports:plan_detail", args=[plan.pk]),
                      {"body": "so-tu-phap"}).content.decode()
    assert "Nhiệm vụ thử" in html and "Việc của Sở XD" in html
    assert "Việc riêng Sở XD" not in html


def test_it_answers_htmx_with_the_task_list_only(client, world, plan):
    login(client, world.user("agency_reporter"))
    html = client.get(reverse("reports:plan_detail", args=[plan.pk]), {"body": "so-xay-dung"},
                      HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="plan-tasks">')
    assert "Nhiệm vụ thử" not in html


def test_it_ignores_an_unknown_body_in_the_filter(client, world, plan):
    login(client, world.user("agency_reporter"))
    response = client.get(reverse("reports:plan_detail", args=[plan.pk]), {"body": "nope"})
    assert response.status_code == 200
    assert "Việc riêng Sở XD" in response.content.decode()


def test_it_answers_404_for_a_missing_plan(client, world):
    login(client, world.user("agency_reporter"))
    assert client.get(reverse("reports:plan_detail", args=[999])).status_code == 404


def test_it_forbids_the_import_to_an_agency_reporter(client, world):
    login(client, world.user("agency_reporter"))
    assert client.get(reverse("reports:plan_import")).status_code == 403
    assert client.get(reverse("reports:plan_template")).status_code == 403


def test_it_serves_a_template_with_both_sheets(client, world):
    login(client, world.user("city_coordinator"))
    response = client.get(reverse("reports:plan_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Kế hoạch", "Nhiệm vụ"]
    assert table(workbook["Nhiệm vụ"])[0][:3] == ["Mục", "Nhiệm vụ", "Mã cơ quan chủ trì"]


def _filled_template(client, task_lead: str) -> SimpleUploadedFile:
    workbook = load_workbook(io.BytesIO(client.get(reverse("reports:plan_template")).content))
    workbook["Kế hoạch"].append(["9/KH", "01/03/2025", "UBND", "Kế hoạch mới", 2025, 2025])
    workbook["Nhiệm vụ"].append(["1", "Làm việc A", task_lead, "", "", ""])
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("ke-hoach.xlsx", out.getvalue())


def test_it_imports_the_filled_template_and_shows_the_plan(client, world):
    login(client, world.user("city_coordinator"))
    response = client.post(reverse("reports:plan_import"),
                           {"file": _filled_template(client, "so-tu-phap")})
    plan = Plan.objects.get(number="9/KH")
    assert response.status_code == 302
    assert response.url == reverse("reports:plan_detail", args=[plan.pk])


def test_it_shows_every_problem_of_a_bad_upload(client, world, english):
    login(client, world.user("city_coordinator"))
    response = client.post(reverse("reports:plan_import"),
                           {"file": _filled_template(client, "so-khong-co")})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was imported" in html and "so-khong-co" in html
    assert not Plan.objects.exists()


def test_it_asks_for_a_file(client, world, english):
    login(client, world.user("city_coordinator"))
    response = client.post(reverse("reports:plan_import"), {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
