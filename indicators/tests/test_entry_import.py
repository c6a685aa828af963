"""Importing indicator figures from CSV/XLSX: every bad row listed, nothing half-imported."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from indicators.models import IndicatorValue, ProvinceMonthTotal
from testing.clients import login

pytestmark = pytest.mark.django_db

HEADER = "Mã phường,Tháng,Mã chỉ tiêu,Giá trị\n"


@pytest.fixture(autouse=True)
def defaults(db):
    call_command("load_indicators", verbosity=0)


def _csv(body: str, header: str = HEADER) -> SimpleUploadedFile:
    return SimpleUploadedFile("so-lieu.csv", (header + body).encode("utf-8"), "text/csv")


def _post(client, upload):
    return client.post(reverse("indicators:import"), {"file": upload})


def _errors(response):
    return [(e.row, e.column, e.message) for e in response.context["errors"]]


def _as(client, world, role=Role.WARD_OFFICER, own=True):
    user = world.user(role, own=own)
    login(client, user)
    return user


def test_it_imports_a_clean_file(world, client, english):
    _as(client, world)
    response = _post(client, _csv("00070,03/2026,crimes-reported,12\n"
                                  "00070,03/2026,crimes-solved,9\n"
                                  "00070,02/2026,fires,1\n"))
    assert response.status_code == 302
    values = {(v.indicator.code, v.month.month): v.value
              for v in IndicatorValue.objects.select_related("indicator")}
    assert values == {("crimes-reported", 3): 12, ("crimes-solved", 3): 9, ("fires", 2): 1}
    assert ProvinceMonthTotal.objects.filter(total__gt=0).count() == 3


def test_it_lists_every_bad_row_and_imports_nothing(world, client, english):
    _as(client, world)
    response = _post(client, _csv(
        "00070,03/2026,crimes-reported,12\n"        # 2: fine on its own
        "99999,03/2026,fires,1\n"                  # 3: unknown ward
        "00004,03/2026,fires,1\n"                  # 4: another ward
        "00070,13/2026,fires,1\n"                  # 5: bad month
        "00070,01/2099,fires,1\n"                  # 6: future month
        "00070,03/2026,no-such-thing,1\n"          # 7: unknown indicator
        "00070,03/2026,fires,một\n"                # 8: not a number
        "00070,03/2026,crime-solve-rate,80\n"      # 9: a computed rate
        "00070,03/2026,crimes-solved,15\n"         # 10: more solved than reported
        "00070,03/2026,crimes-reported,13\n"       # 11: twice the same cell
    ))
    assert response.status_code == 200
    assert not IndicatorValue.objects.exists()
    errors = _errors(response)
    by_row = {(row, column) for row, column, _message in errors}
    assert by_row == {(3, "ward"), (4, "ward"), (5, "month"), (6, "month"), (7, "indicator"),
                      (8, "value"), (9, "indicator"), (10, "value"), (2, "value"),
                      (11, "indicator")}
    messages = " ".join(m for _r, _c, m in errors)
    assert "No current ward or commune has the code 99999." in messages
    assert "You may not enter figures for Phường Ba Đình (00004)." in messages
    assert "01/2099 has not happened yet" in messages
    assert "is computed from other indicators" in messages
    assert "cannot be more than" in messages
    assert "Nothing was imported" in response.content.decode()


def test_it_refuses_solved_above_a_stored_reported_figure(world, client, english):
    _as(client, world)
    _post(client, _csv("00070,03/2026,crimes-reported,5\n"))
    response = _post(client, _csv("00070,03/2026,crimes-solved,6\n"))
    assert _errors(response) == [(2, "value", response.context["errors"][0].message)]
    assert "cannot be more than" in response.context["errors"][0].message
    assert IndicatorValue.objects.count() == 1


def test_it_accepts_solved_with_a_higher_reported_in_the_same_file(world, client, english):
    _as(client, world)
    _post(client, _csv("00070,03/2026,crimes-reported,5\n"))
    response = _post(client, _csv("00070,03/2026,crimes-solved,8\n"
                                  "00070,03/2026,crimes-reported,10\n"))
    assert response.status_code == 302
    assert IndicatorValue.objects.count() == 2


def test_it_names_a_missing_column(world, client, english):
    _as(client, world)
    response = _post(client, _csv("00070,03/2026,12\n", header="Mã phường,Tháng,Giá trị\n"))
    assert (1, "indicator", "This column is missing.") in _errors(response)


def test_it_lets_the_city_import_every_ward_of_the_city_only(world, client, english):
    _as(client, world, Role.CITY_COORDINATOR)
    response = _post(client, _csv("00070,03/2026,fires,1\n00004,03/2026,fires,2\n"
                                  "26734,03/2026,fires,3\n"))
    assert [(r, c) for r, c, _m in _errors(response)] == [(4, "ward")]
    assert not IndicatorValue.objects.exists()


def test_it_imports_an_xlsx_file_filled_from_the_template(world, client, english):
    from openpyxl import load_workbook

    _as(client, world)
    template = client.get(reverse("indicators:import_template_xlsx"))
    assert template.status_code == 200
    workbook = load_workbook(io.BytesIO(template.content))
    sheet = workbook.worksheets[0]
    sheet.append(["00070", "03/2026", "traffic-accidents", 4])
    out = io.BytesIO()
    workbook.save(out)
    response = _post(client, SimpleUploadedFile("so-lieu.xlsx", out.getvalue()))
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == 4


def test_it_offers_a_csv_template_only_to_those_who_enter_figures(world, client, english):
    _as(client, world)
    response = client.get(reverse("indicators:import_template_csv"))
    assert response.content.decode("utf-8-sig").startswith("Mã phường,Tháng,Mã chỉ tiêu")
    login(client, world.user(Role.CITY_LEADER))
    assert client.get(reverse("indicators:import_template_csv")).status_code == 403
    assert client.get(reverse("indicators:import")).status_code == 403
