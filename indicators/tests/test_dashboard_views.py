"""City and ward dashboards: figures equal a fresh aggregate, bounded queries, scoped drill-down."""

from __future__ import annotations

import csv
import io
import statistics
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from indicators.entry_services import indicator_values_import
from indicators.models import IndicatorDefinition, IndicatorValue
from indicators.services import indicator_value_set
from testing.clients import login
from testing.factories import WardFactory
from testing.sheets import header_row, table

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def reported():
    return IndicatorDefinition.objects.create(code="crimes-reported", name="Crimes reported",
                                              order=1)


def _fill(actor, wards, indicator, year=YEAR, base=3):
    for i, ward in enumerate(wards):
        for m in (1, 2, 3):
            indicator_value_set(actor=actor, ward=ward, indicator=indicator,
                                month=date(year, m, 1), raw=str(base + i * m))


def _dashboard(client, **params):
    params.setdefault("year", YEAR)
    return client.get(reverse("indicators:dashboard"), params)


def test_it_shows_monthly_and_year_totals_equal_to_a_fresh_aggregate(client, world, reported):
    coordinator = world.user(Role.CITY_COORDINATOR)
    _fill(coordinator, [world.ward, world.other_ward], reported)
    _fill(coordinator, [world.ward], reported, year=YEAR - 1, base=1)
    login(client, world.user(Role.CITY_LEADER))
    response = _dashboard(client)
    assert response.status_code == 200
    trend = next(t for t in response.context["trends"] if t.indicator == reported)
    for m in range(1, 13):
        fresh = IndicatorValue.objects.filter(indicator=reported, month=date(YEAR, m, 1)
                                              ).aggregate(s=Sum("value"))["s"]
        assert trend.months[m - 1] == fresh
    year_fresh = IndicatorValue.objects.filter(indicator=reported, month__year=YEAR
                                               ).aggregate(s=Sum("value"))["s"]
    prev_fresh = IndicatorValue.objects.filter(indicator=reported, month__year=YEAR - 1
                                               ).aggregate(s=Sum("value"))["s"]
    assert (trend.year_figure, trend.previous_figure) == (year_fresh, prev_fresh)
    assert trend.year_figure == Decimal(3 + 3 + 3 + 4 + 5 + 6)
    ranking = response.context["ranking"]
    assert [(r.code, r.value) for r in ranking] == [("00070", Decimal(9)),
                                                   ("00004", Decimal(15))]  # lower is better
    assert b"<svg" in response.content and b"<title" in response.content


def test_it_shows_the_new_total_after_a_value_changes(client, world, reported):
    officer = world.user(Role.WARD_OFFICER)
    _fill(officer, [world.ward], reported)
    login(client, world.user(Role.CITY_LEADER))
    before = next(t for t in _dashboard(client).context["trends"] if t.indicator == reported)
    assert before.months[1] == Decimal(3)
    indicator_value_set(actor=officer, ward=world.ward, indicator=reported,
                        month=date(YEAR, 2, 1), raw="40")
    response = _dashboard(client)
    after = next(t for t in response.context["trends"] if t.indicator == reported)
    assert after.months[1] == Decimal(40)
    assert after.year_figure == Decimal(3 + 40 + 3)
    row = response.content.decode().split('data-indicator="crimes-reported"')[1]
    assert ">46<" in row.split("</tr>")[0]


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert _dashboard(client).status_code == 200
    return len(ctx.captured_queries)


def test_it_reads_the_same_number_of_queries_for_3_and_30_wards(client, world, reported):
    coordinator = world.user(Role.CITY_COORDINATOR)
    login(client, coordinator)
    wards = [world.ward, world.other_ward, WardFactory(parent=world.province)]
    _fill(coordinator, wards, reported)
    few = _count_queries(client)
    more = [WardFactory(parent=world.province) for _ in range(27)]
    _fill(coordinator, more, reported)
    many = _count_queries(client)
    assert many == few
    assert len(_dashboard(client).context["ranking"]) == 30


def test_it_sends_a_ward_user_to_the_ward_dashboard(client, world, reported):
    login(client, world.user(Role.WARD_CHIEF))
    response = client.get(reverse("indicators:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:ward", args=["00070"])


def test_it_shows_the_ward_beside_the_city_median(client, world, reported):
    coordinator = world.user(Role.CITY_COORDINATOR)
    third = WardFactory(parent=world.province)
    _fill(coordinator, [world.ward, world.other_ward, third], reported)
    far = world.user(Role.WARD_OFFICER)  # noqa: F841 — values in another province are ignored
    login(client, world.user(Role.WARD_CHIEF))
    response = client.get(reverse("indicators:ward", args=["00070"]),
                          {"year": YEAR, "indicator": "crimes-reported"})
    assert response.status_code == 200
    series = response.context["series"]
    for m in (1, 2, 3):
        values = list(IndicatorValue.objects.filter(indicator=reported, month=date(YEAR, m, 1))
                      .values_list("value", flat=True))
        assert series.median[m - 1] == statistics.median(values)
        assert series.ward[m - 1] == IndicatorValue.objects.get(
            indicator=reported, ward=world.ward, month=date(YEAR, m, 1)).value
    assert series.median[1] == Decimal(5)  # 3, 5, 7
    assert (series.rank, series.ranked) == (1, 3)


def test_it_hides_another_wards_dashboard_from_a_ward_user(client, world, reported):
    login(client, world.user(Role.WARD_CHIEF))
    assert client.get(reverse("indicators:ward", args=["00004"])).status_code == 404


def test_it_scopes_the_drill_down_to_the_officers_ward(client, world, reported):
    coordinator = world.user(Role.CITY_COORDINATOR)
    _fill(coordinator, [world.ward, world.other_ward], reported)
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("indicators:values"), {"indicator": "crimes-reported",
                                                         "year": YEAR})
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert len(rows) == 3 and {v.ward_id for v in rows} == {world.ward.pk}
    asked = client.get(reverse("indicators:values"), {"ward": "00004"})
    assert list(asked.context["page"]) == []


def test_it_exports_the_source_rows_as_csv_and_xlsx(client, world, reported):
    coordinator = world.user(Role.CITY_COORDINATOR)
    _fill(coordinator, [world.ward, world.other_ward], reported)
    login(client, coordinator)
    response = client.get(reverse("indicators:values"),
                          {"indicator": "crimes-reported", "year": YEAR, "month": 2,
                           "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Mã chỉ tiêu", "Tên chỉ tiêu", "Mã phường", "Tên phường", "Tháng",
                       "Giá trị"]
    assert sorted((r[2], r[4], r[5]) for r in rows[1:]) == [
        ("00004", f"02/{YEAR}", "5"), ("00070", f"02/{YEAR}", "3")]
    xlsx = client.get(reverse("indicators:values"),
                      {"indicator": "crimes-reported", "year": YEAR, "format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Số liệu chỉ tiêu theo tháng"
    assert sheet["A2"].value == f"Năm {YEAR}, chỉ tiêu crimes-reported"
    headings, cells = table(sheet)
    assert headings == rows[0]
    # Months are dates and values numbers, not text.
    typed = {(row[2], row[4].date()): row[5] for row in cells}
    assert typed[("00004", date(YEAR, 2, 1))] == 5 and typed[("00070", date(YEAR, 2, 1))] == 3
    top = header_row(sheet)
    assert sheet.cell(row=top + 1, column=5).number_format == "mm/yyyy"


def test_it_imports_an_exported_xlsx_back_without_a_change(client, world, reported):
    coordinator = world.user(Role.CITY_COORDINATOR)
    _fill(coordinator, [world.ward, world.other_ward], reported)
    login(client, coordinator)
    xlsx = client.get(reverse("indicators:values"),
                      {"indicator": "crimes-reported", "year": YEAR, "format": "xlsx"}).content
    result = indicator_values_import(
        actor=coordinator, uploaded_file=SimpleUploadedFile("so-lieu.xlsx", xlsx))
    assert result.rows == IndicatorValue.objects.filter(
        indicator__code="crimes-reported").count() and result.changed == 0


def test_it_never_fails_on_bad_filters(client, world, reported):
    login(client, world.user(Role.CITY_LEADER))
    assert _dashboard(client, year="abc", indicator="nope").status_code == 200
    assert client.get(reverse("indicators:values"),
                      {"year": "x", "month": "13", "page": "zz"}).status_code == 200


@pytest.mark.parametrize(("role", "offered"), [
    (Role.CITY_COORDINATOR, True), (Role.CITY_LEADER, False), (Role.COUNCIL_MEMBER, False)])
def test_it_offers_the_import_only_to_who_may_import(client, world, reported, role, offered):
    login(client, world.user(role))
    response = _dashboard(client)
    assert response.status_code == 200
    assert (reverse("indicators:import") in response.content.decode()) is offered


@pytest.mark.parametrize(("role", "offered"), [
    (Role.WARD_CHIEF, True), (Role.CITY_COORDINATOR, True), (Role.CITY_LEADER, False)])
def test_it_offers_monthly_entry_only_to_who_may_enter(client, world, reported, role, offered):
    login(client, world.user(role))
    response = client.get(reverse("indicators:ward", args=["00070"]))
    assert response.status_code == 200
    entry = reverse("indicators:entry", args=["00070"])
    assert (entry in response.content.decode()) is offered
    assert (client.get(entry).status_code == 200) is offered
