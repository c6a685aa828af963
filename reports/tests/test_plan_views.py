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


# --- The signed plan's number and date ---------------------------------------------------

def test_it_lets_the_coordinator_enter_the_plans_number_and_date(client, world, plan):
    from datetime import date

    from audit.models import AuditEntry

    plan.number = "KH-CT31"  # the placeholder a plan is loaded with
    plan.save()
    login(client, world.user("city_coordinator"))
    detail = client.get(reverse("reports:plan_detail", args=[plan.pk])).content.decode()
    assert 'id="plan-number-missing"' in detail
    form = client.get(reverse("reports:plan_edit", args=[plan.pk])).content.decode()
    assert 'value="KH-CT31"' not in form  # the placeholder is not offered as the number
    response = client.post(reverse("reports:plan_edit", args=[plan.pk]),
                           {"number": " 158/KH-UBND ", "issued_on": "12/06/2024",
                            "signer": "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH Nguyễn Văn A"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.signer == "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH Nguyễn Văn A"
    history = client.get(reverse("reports:plan_edit", args=[plan.pk])).content.decode()
    assert "KH-CT31 → 158/KH-UBND" in history.split('id="plan-history"')[1]
    assert (plan.number, plan.issued_on, plan.has_number) == ("158/KH-UBND", date(2024, 6, 12),
                                                              True)
    assert AuditEntry.objects.filter(object_repr__startswith="158/KH-UBND").exists()


@pytest.mark.parametrize(("number", "issued_on", "message"), [
    ("", "", "This field is required."),
    ("KH-CT31", "", "for example 123/KH-UBND"),
    ("158/KH-UBND", "31/12/2099", "cannot be in the future"),
    ("158/KH-UBND", "32/13/2024", "Enter the date as dd/mm/yyyy."),
])
def test_it_refuses_a_bad_number_or_date_and_keeps_the_input(client, world, plan, english,
                                                            number, issued_on, message):
    login(client, world.user("city_coordinator"))
    response = client.post(reverse("reports:plan_edit", args=[plan.pk]),
                           {"number": number, "issued_on": issued_on})
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    if issued_on:
        assert f'value="{issued_on}"' in page
    assert Plan.objects.get(pk=plan.pk).number == plan.number


def test_it_refuses_the_number_of_another_plan_of_the_province(client, world, plan, english):
    Plan.objects.create(province=world.province, number="7/KH-UBND", issuer="UBND",
                        title="Kế hoạch khác", year_from=2024, year_to=2030)
    login(client, world.user("city_coordinator"))
    response = client.post(reverse("reports:plan_edit", args=[plan.pk]),
                           {"number": "7/KH-UBND", "issued_on": ""})
    assert "Another plan of this province has that number." in response.content.decode()


@pytest.mark.parametrize("role", ["city_leader", "agency_reporter"])
def test_it_keeps_the_number_from_those_who_only_read_the_plan(client, world, plan, role):
    login(client, world.user(role))
    assert client.get(reverse("reports:plan_edit", args=[plan.pk])).status_code == 403
    assert client.post(reverse("reports:plan_edit", args=[plan.pk]),
                       {"number": "9/KH-UBND"}).status_code == 403


def test_it_keeps_the_entered_number_when_the_plan_file_is_loaded_again(world):
    """The bundled file holds a placeholder number; once an official entered the real one,
    reloading the file updates that plan instead of creating a second one."""
    from django.core.management import call_command

    from reports.plan_services import plan_identity_update

    call_command("load_agencies", "--province", "01", verbosity=0)
    call_command("load_plan", "--province", "01", verbosity=0)
    plan = Plan.objects.get(province=world.province)
    plan_identity_update(actor=world.user("city_coordinator"), plan=plan,
                         number="158/KH-UBND", issued_on=None)
    call_command("load_plan", "--province", "01", verbosity=0)
    assert list(Plan.objects.filter(province=world.province).values_list("number", flat=True)
                ) == ["158/KH-UBND"]
