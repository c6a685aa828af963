from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from facilities import headquarters_services
from facilities.models import InvestmentProject
from testing.clients import login

pytestmark = pytest.mark.django_db


def _data(**values):
    data = {"kind": "new_build", "title": "Xây trụ sở Công an phường", "budget_source": "",
            "estimated_cost": None, "approved_cost": None, "stage": "proposed",
            "approved_on": None, "expected_completion": None, "completed_on": None,
            "notes": ""}
    data.update(values)
    return data


def _create(world, **values):
    return headquarters_services.project_create(
        actor=world.user(Role.WARD_OFFICER), ward=world.ward, data=_data(**values))


def _problems(world, **values):
    with pytest.raises(ValidationError) as caught:
        _create(world, **values)
    return caught.value.message_dict


def test_it_refuses_completion_before_approval(world, english):
    problems = _problems(world, stage="in_use", approved_on=date(2025, 5, 1),
                         completed_on=date(2025, 4, 30))

    assert problems["completed_on"] == ["The project cannot be completed before it was "
                                        "approved."]


def test_it_refuses_an_approved_cost_before_approval(world):
    assert "approved_cost" in _problems(world, approved_cost=1000)


def test_it_requires_the_completion_date_for_a_project_in_use(world):
    assert "completed_on" in _problems(world, stage="in_use", approved_on=date(2024, 1, 1))


def test_it_requires_the_approval_date_for_an_approved_project(world):
    assert "approved_on" in _problems(world, stage="approved")


def test_it_refuses_a_negative_cost(world):
    assert "estimated_cost" in _problems(world, estimated_cost=-1)


def test_it_refuses_an_expected_completion_after_2040(world):
    assert "expected_completion" in _problems(world, expected_completion=date(2041, 1, 1))


def test_it_saves_a_project_from_the_form_with_a_decimal_comma(client, world):
    login(client, world.user(Role.WARD_OFFICER))

    response = client.post(reverse("facilities:project_new", args=["00070"]), {
        "kind": "new_build", "title": "Trụ sở mới", "stage": "approved",
        "estimated_cost": "12.500,5", "approved_cost": "12000", "approved_on": "01/03/2025",
        "expected_completion": "30/09/2027"})

    assert response.status_code == 302
    project = InvestmentProject.objects.get()
    assert (project.estimated_cost, project.approved_on) == (12500.5, date(2025, 3, 1))


def test_it_warns_after_saving_a_completion_after_2035(client, world, english):
    login(client, world.user(Role.WARD_OFFICER))

    response = client.post(reverse("facilities:project_new", args=["00070"]), {
        "kind": "renovation", "title": "Cải tạo", "stage": "proposed",
        "expected_completion": "31/12/2036"}, follow=True)

    assert "after 2035" in response.content.decode()
    assert InvestmentProject.objects.count() == 1


def test_it_keeps_what_was_typed_when_the_form_is_refused(client, world, english):
    login(client, world.user(Role.WARD_OFFICER))

    response = client.post(reverse("facilities:project_new", args=["00070"]), {
        "kind": "new_build", "title": "Giữ tiêu đề", "stage": "approved",
        "approved_on": "01/05/2025", "completed_on": "01/04/2025"})

    html = response.content.decode()
    assert "completed before it was approved" in html
    assert "Giữ tiêu đề" in html
    assert not InvestmentProject.objects.exists()


def test_it_edits_a_project(client, world):
    project = _create(world)
    login(client, world.user(Role.WARD_CHIEF))

    client.post(reverse("facilities:project_edit", args=[project.pk]), {
        "kind": "new_build", "title": "Đổi tên", "stage": "proposed"})

    project.refresh_from_db()
    assert project.title == "Đổi tên"


def test_it_hides_another_wards_project_from_a_ward_officer(client, world):
    project = InvestmentProject.objects.create(ward=world.other_ward, kind="new_build",
                                               title="Khác")
    login(client, world.user(Role.WARD_OFFICER))

    assert client.get(reverse("facilities:project_edit", args=[project.pk])).status_code == 404


def test_it_forbids_a_city_leader_to_edit_a_project(client, world):
    project = _create(world)
    login(client, world.user(Role.CITY_LEADER))

    assert client.get(reverse("facilities:project_edit", args=[project.pk])).status_code == 403
