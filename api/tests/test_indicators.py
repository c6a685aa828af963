"""The indicators through the API: definitions, values, totals, and a batch of figures
recorded with the spreadsheet import's rules (all rows or none)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken, Role
from audit.models import AuditEntry
from core.imports import MAX_ROWS, ImportErrors
from indicators.entry_services import indicator_values_import, indicator_values_record
from indicators.models import IndicatorDefinition, IndicatorValue, ProvinceMonthTotal, WardYearTotal
from indicators.services import indicator_value_set
from testing.api import api_call, key_for
from testing.factories import WardFactory, user_with_role

pytestmark = pytest.mark.django_db

DEFINITIONS = "/api/v1/indicators/"
VALUES = "/api/v1/indicator-values/"
TOTALS = "/api/v1/indicator-totals/"


@pytest.fixture(autouse=True)
def defaults(db):
    call_command("load_indicators", verbosity=0)


def _set(ward, code: str, month: date, value: int) -> IndicatorValue:
    admin = user_with_role(Role.SYSADMIN)
    return indicator_value_set(actor=admin, ward=ward, month=month, raw=value,
                               indicator=IndicatorDefinition.objects.get(code=code))


def _results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _fields(response) -> set[tuple]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {(e.get("row"), e["field"]) for e in response.json()["errors"]}


def _write(client, key, rows):
    return api_call(client, "POST", VALUES, key, {"rows": rows})


def _row(ward="00070", month="03/2026", indicator="fires", value="1"):
    return {"ward": ward, "month": month, "indicator": indicator, "value": value}


def _everything_read(client, key, path: str) -> list[dict]:
    results, url = [], path
    while url:
        response = api_call(client, "GET", url, key)
        results += _results(response)
        url = response.json()["next"]
    return results


# --- definitions ------------------------------------------------------------------------------

def test_it_lists_the_definitions_with_the_indicators_they_are_made_of(client, world):
    key = key_for(world.user(Role.WARD_OFFICER))
    results = _everything_read(client, key, DEFINITIONS)
    assert len(results) == IndicatorDefinition.objects.count()
    by_code = {r["code"]: r for r in results}
    rate = by_code["crime-solve-rate"]
    assert rate["computed"] is True and rate["typed"] is False
    assert (rate["aggregation"], rate["numerator"], rate["denominator"]) == (
        "ratio", "crimes-solved", "crimes-reported")
    solved = by_code["crimes-solved"]
    assert solved["not_above"] == "crimes-reported" and solved["numerator"] is None
    assert solved["typed"] is True and solved["computed"] is False and solved["active"] is True
    filled = [r for r in results if r["filled_by"]]
    assert filled and all(not r["typed"] for r in filled)
    assert set(solved) == {"id", "code", "name", "unit", "aggregation", "period_type",
                           "whole_number", "higher_is_better", "computed", "typed",
                           "filled_by", "numerator", "denominator", "not_above", "order",
                           "active"}


def test_it_filters_the_definitions_by_code_and_by_whether_in_use(client, world):
    IndicatorDefinition.objects.filter(code="fires").update(is_active=False)
    key = key_for(world.user(Role.WARD_OFFICER))
    assert [r["code"] for r in _results(api_call(client, "GET", DEFINITIONS, key,
                                                 {"active": "false"}))] == ["fires"]
    active = _results(api_call(client, "GET", DEFINITIONS, key, {"active": "true"}))
    assert active and "fires" not in {r["code"] for r in active}
    assert [r["code"] for r in _results(api_call(client, "GET", DEFINITIONS, key,
                                                 {"code": "fires"}))] == ["fires"]
    assert _results(api_call(client, "GET", DEFINITIONS, key, {"code": " fires"})) == []
    for bad in ({"active": "maybe"}, {"active": "1"}, {"active": ""}, {"code": "x" * 41},
                {"code": ""}):
        assert _fields(api_call(client, "GET", DEFINITIONS, key, bad)) == {
            (None, next(iter(bad)))}
    # A NUL anywhere in the address is refused before any view (core.middleware).
    assert api_call(client, "GET", DEFINITIONS, key, {"code": "a\x00b"}).status_code == 400


def test_it_keeps_indicators_list_within_the_ward(client, world):
    # Definitions are the province's shared list: both wards read the same, and nothing
    # in it belongs to a ward; a body's reporter, without the right, reads none.
    _set(world.other_ward, "fires", date(2026, 3, 1), 4)
    mine = _everything_read(client, key_for(world.user(Role.WARD_CHIEF)), DEFINITIONS)
    theirs = _everything_read(client, key_for(world.user(Role.WARD_CHIEF, own=False)),
                              DEFINITIONS)
    assert mine == theirs
    assert not any({"ward", "value", "total"} & set(r) for r in mine)
    assert _results(api_call(client, "GET", DEFINITIONS,
                             key_for(world.user(Role.AGENCY_REPORTER)))) == []


# --- values ------------------------------------------------------------------------------------

def test_it_lists_values_with_their_ward_indicator_and_month(client, world):
    stored = _set(world.ward, "crimes-reported", date(2026, 3, 1), 12)
    key = key_for(world.user(Role.WARD_OFFICER))
    [value] = _results(api_call(client, "GET", VALUES, key))
    assert value == {"id": stored.pk, "ward": world.ward.pk, "ward_code": "00070",
                     "indicator": "crimes-reported", "month": "2026-03", "value": 12,
                     "updated_at": value["updated_at"]}
    assert value["updated_at"].startswith("2026-11-25")


def test_it_filters_values_by_ward_indicator_and_months(client, world):
    for month in (1, 2, 3, 4):
        _set(world.ward, "fires", date(2026, month, 1), month)
        _set(world.other_ward, "fires", date(2026, month, 1), month)
    _set(world.ward, "crimes-reported", date(2026, 2, 1), 7)
    key = key_for(world.user(Role.CITY_COORDINATOR))

    def read(**filters) -> set[tuple[str, str, str]]:
        return {(r["ward_code"], r["indicator"], r["month"])
                for r in _everything_read(client, key, VALUES + "?" + "&".join(
                    f"{k}={v}" for k, v in filters.items()))}

    assert len(read()) == 9
    assert read(ward=world.other_ward.pk) == {("00004", "fires", f"2026-0{m}")
                                              for m in (1, 2, 3, 4)}
    assert read(ward_code="00070", indicator="crimes-reported") == {
        ("00070", "crimes-reported", "2026-02")}
    assert read(ward_code="00070", month_from="2026-02", month_to="2026-03",
                indicator="fires") == {("00070", "fires", "2026-02"),
                                       ("00070", "fires", "2026-03")}
    assert read(ward=world.ward.pk, ward_code="00004") == set()
    assert read(indicator="no-such-thing") == set()


def test_it_refuses_values_filters_that_are_not_values(client, world):
    key = key_for(world.user(Role.CITY_COORDINATOR))
    for name, bad in (("month_from", "2026-13"), ("month_from", "03/2026"),
                      ("month_to", "1999-12"), ("month_to", "2026-3"), ("ward", "0"),
                      ("ward", str(2**63)), ("ward", "x"),
                      ("ward_code", "9" * 21), ("indicator", "x" * 41),
                      # An empty value is a wrong value, not a filter left out.
                      ("ward", ""), ("ward_code", ""), ("month_from", "")):
        assert _fields(api_call(client, "GET", VALUES, key, {name: bad})) == {(None, name)}
    assert api_call(client, "GET", VALUES, key, {"cursor": "nonsense"}).status_code == 404


def test_it_keeps_indicator_values_list_within_the_ward(client, world):
    _set(world.ward, "fires", date(2026, 3, 1), 1)
    _set(world.other_ward, "fires", date(2026, 3, 1), 2)
    _set(world.far_ward, "fires", date(2026, 3, 1), 3)
    key = key_for(world.user(Role.WARD_CHIEF))
    assert {r["ward_code"] for r in _everything_read(client, key, VALUES)} == {"00070"}
    for asked in ({"ward": world.other_ward.pk}, {"ward_code": "00004"}):
        assert _results(api_call(client, "GET", VALUES, key, asked)) == []
    city = key_for(world.user(Role.CITY_COORDINATOR))
    assert {r["ward_code"] for r in _everything_read(client, city, VALUES)} == {
        "00070", "00004"}


def test_it_reads_a_page_of_values_in_as_many_queries_whatever_its_length(client, world):
    key = key_for(world.user(Role.CITY_COORDINATOR))
    api_call(client, "GET", VALUES, key)  # the key's first use is recorded once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _results(api_call(client, "GET", VALUES, key))
        return len(captured)

    _set(world.ward, "fires", date(2026, 1, 1), 1)
    few = queries()
    for n, ward in enumerate([world.ward, world.other_ward, *WardFactory.create_batch(
            3, parent=world.province)]):
        for month in range(2, 8):
            _set(ward, "fires", date(2026, month, 1), n + month)
    assert queries() == few


# --- totals ------------------------------------------------------------------------------------

def test_it_lists_the_totals_of_the_wards_by_year_and_of_the_city_by_month(client, world):
    _set(world.ward, "fires", date(2026, 3, 1), 2)
    _set(world.ward, "fires", date(2026, 4, 1), 3)
    _set(world.other_ward, "fires", date(2026, 3, 1), 5)
    _set(world.ward, "fires", date(2025, 3, 1), 1)
    key = key_for(world.user(Role.CITY_COORDINATOR))
    yearly = _everything_read(client, key, TOTALS + "?indicator=fires&year_from=2026")
    assert sorted((r["ward_code"], r["year"], r["total"], r["count"]) for r in yearly) == [
        ("00004", 2026, 5, 1), ("00070", 2026, 5, 2)]
    row = next(r for r in yearly if r["ward_code"] == "00070")
    assert row == {"level": "ward_year", "indicator": "fires", "ward": world.ward.pk,
                   "ward_code": "00070", "province": world.province.pk, "province_code": "01",
                   "year": 2026, "month": None, "total": 5, "count": 2}
    monthly = _everything_read(client, key, TOTALS + "?level=province_month&indicator=fires"
                                                     "&month_from=2026-01&month_to=2026-12")
    assert sorted((r["month"], r["total"], r["count"]) for r in monthly) == [
        ("2026-03", 7, 2), ("2026-04", 3, 1)]
    assert {(r["level"], r["ward"], r["ward_code"], r["province"], r["province_code"],
             r["year"]) for r in monthly} == {
        ("province_month", None, None, world.province.pk, "01", 2026)}
    assert [r["year"] for r in _everything_read(
        client, key, TOTALS + "?level=province_month&year_to=2025")] == [2025]
    assert {r["ward_code"] for r in _everything_read(
        client, key, TOTALS + f"?ward={world.other_ward.pk}")} == {"00004"}
    assert len(_everything_read(client, key, TOTALS + f"?province={world.province.pk}"
                                                      "&ward_code=00070")) == 2


def test_it_reads_every_totals_filter_the_same_way_at_both_levels(client, world):
    _set(world.ward, "fires", date(2025, 12, 1), 1)
    _set(world.ward, "fires", date(2026, 1, 1), 2)
    _set(world.ward, "fires", date(2026, 5, 1), 3)
    key = key_for(world.user(Role.CITY_COORDINATOR))

    def read(**filters) -> list[tuple]:
        query = "&".join(f"{k}={v}" for k, v in filters.items())
        return sorted((r["ward_code"] or r["province_code"], r["year"], r["month"])
                      for r in _everything_read(client, key, f"{TOTALS}?{query}"))

    # The years a range of months overlaps, for the yearly totals.
    assert read(month_from="2025-12", month_to="2026-01") == [
        ("00070", 2025, None), ("00070", 2026, None)]
    assert read(month_from="2026-02") == [("00070", 2026, None)]
    assert read(level="province_month", month_from="2025-12", month_to="2026-01") == [
        ("01", 2025, "2025-12"), ("01", 2026, "2026-01")]
    # A ward's totals: the province's monthly ones belong to no ward.
    assert read(level="province_month", ward=world.ward.pk) == []
    assert read(level="province_month", ward_code="00070") == []
    assert read(level="province_month", province=world.province.pk, year_from=2026) == [
        ("01", 2026, "2026-01"), ("01", 2026, "2026-05")]
    assert read(province=world.other_province.pk) == []
    key = key_for(world.user(Role.CITY_COORDINATOR))
    for name, bad in (("level", "country"), ("year_from", "1999"), ("year_to", "2101"),
                      ("province", "-1"), ("indicator", "x" * 41), ("level", ""),
                      ("year_from", ""), ("month_to", "2026-00")):
        assert _fields(api_call(client, "GET", TOTALS, key, {name: bad})) == {(None, name)}


def test_it_keeps_indicator_totals_list_within_the_ward(client, world):
    # A ward reads its own ward's yearly totals; the city's monthly totals are the city's
    # dashboard, which a ward role does not see (the dashboard sends it to its ward's page).
    _set(world.ward, "fires", date(2026, 3, 1), 2)
    _set(world.other_ward, "fires", date(2026, 3, 1), 5)
    _set(world.far_ward, "fires", date(2026, 3, 1), 9)
    key = key_for(world.user(Role.WARD_CHIEF))
    assert {r["ward_code"] for r in _everything_read(client, key, TOTALS)} == {"00070"}
    assert _results(api_call(client, "GET", TOTALS, key, {"ward": world.other_ward.pk})) == []
    assert _results(api_call(client, "GET", TOTALS, key, {"level": "province_month"})) == []
    city = key_for(world.user(Role.CITY_COORDINATOR))
    assert {r["ward_code"] for r in _everything_read(client, city, TOTALS)} == {
        "00070", "00004"}
    assert {r["province_code"] for r in _everything_read(
        client, city, TOTALS + "?level=province_month")} == {"01"}


def test_it_reads_a_page_of_totals_in_as_many_queries_whatever_its_length(client, world):
    key = key_for(world.user(Role.CITY_COORDINATOR))
    api_call(client, "GET", TOTALS, key)

    def queries(level: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _results(api_call(client, "GET", TOTALS, key, {"level": level}))
        return len(captured)

    _set(world.ward, "fires", date(2026, 1, 1), 1)
    few = {level: queries(level) for level in ("ward_year", "province_month")}
    for n, ward in enumerate([world.ward, world.other_ward, *WardFactory.create_batch(
            3, parent=world.province)]):
        for code in ("fires", "drug-cases"):
            for year in (2025, 2026):
                for month in (2, 5):
                    _set(ward, code, date(year, month, 1), n + month)
    assert {level: queries(level) for level in few} == few


# --- a batch of figures ------------------------------------------------------------------------

def test_it_records_a_batch_and_keeps_the_totals_with_it(client, world):
    officer = world.user(Role.WARD_OFFICER)
    key = key_for(officer)
    response = _write(client, key, [
        _row(indicator="crimes-reported", value="12"),
        _row(month="2026-03", indicator="crimes-solved", value=9),
        _row(month=" 02/2026 ", indicator="fires", value=1.0),
    ])
    assert response.status_code == 200, response.content
    assert response.json() == {"rows": 3, "changed": 3}
    stored = {(v.indicator.code, v.month): v.value
              for v in IndicatorValue.objects.select_related("indicator")}
    assert stored == {("crimes-reported", date(2026, 3, 1)): 12,
                      ("crimes-solved", date(2026, 3, 1)): 9, ("fires", date(2026, 2, 1)): 1}
    assert IndicatorValue.objects.filter(entered_by=officer).count() == 3
    assert ProvinceMonthTotal.objects.get(indicator__code="crimes-reported",
                                          month=date(2026, 3, 1)).total == 12
    assert WardYearTotal.objects.get(indicator__code="crimes-solved", ward=world.ward,
                                     year=2026).total == 9
    label = ApiToken.objects.get(user=officer).label
    entries = AuditEntry.objects.filter(model="indicators.indicatorvalue")
    assert entries.count() == 3 and {e.via for e in entries} == {label}
    # The same batch again changes nothing; a corrected figure changes it and its totals.
    assert _write(client, key, [_row(indicator="crimes-reported", value="12")]).json() == {
        "rows": 1, "changed": 0}
    assert _write(client, key, [_row(indicator="crimes-reported", value="15")]).json() == {
        "rows": 1, "changed": 1}
    assert ProvinceMonthTotal.objects.get(indicator__code="crimes-reported",
                                          month=date(2026, 3, 1)).total == 15


def test_it_saves_nothing_of_a_batch_with_one_bad_row(client, world, english):
    key = key_for(world.user(Role.WARD_OFFICER))
    response = _write(client, key, [
        _row(indicator="crimes-reported", value="12"),  # 1: fine on its own
        _row(value="một"),                                # 2: not a number
        _row(indicator="drug-cases", value="2"),          # 3: fine on its own
    ])
    assert _fields(response) == {(2, "value")}
    assert response.json()["errors"][0]["detail"] == "“một” is not a number."
    assert not IndicatorValue.objects.exists()
    assert not ProvinceMonthTotal.objects.exists() and not WardYearTotal.objects.exists()
    assert not AuditEntry.objects.filter(model="indicators.indicatorvalue").exists()


def test_it_refuses_what_the_import_refuses_in_the_same_words(client, world, english):
    # The rows of the import's own test of every bad row: the same errors, numbered from 1
    # instead of from the spreadsheet's row 2.
    cells = [("00070", "03/2026", "crimes-reported", "12"),
             ("99999", "03/2026", "fires", "1"),       # unknown ward
             ("00004", "03/2026", "fires", "1"),       # another ward
             ("00070", "13/2026", "fires", "1"),       # not a month
             ("00070", "12/2026", "fires", "1"),       # a month still to come
             ("00070", "03/2026", "no-such-thing", "1"),
             ("00070", "03/2026", "fires", "một"),
             ("00070", "03/2026", "crime-solve-rate", "80"),  # computed
             ("00070", "03/2026", "crimes-solved", "15"),     # above crimes reported
             ("00070", "03/2026", "crimes-reported", "13"),   # twice the same figure
             ("00070", "03/2026", "residential-groups", "4"),  # filled in by the system
             ("", "", "", "")]
    officer = world.user(Role.WARD_OFFICER)
    response = _write(client, key_for(officer), [
        dict(zip(("ward", "month", "indicator", "value"), row, strict=True)) for row in cells])
    assert response.status_code == 400
    got = [(e["row"], e["field"], e["detail"]) for e in response.json()["errors"]]
    csv = "Mã phường,Tháng,Mã chỉ tiêu,Giá trị\n" + "".join(
        ",".join(row) + "\n" for row in cells[:-1])
    with pytest.raises(ImportErrors) as caught:
        indicator_values_import(actor=officer, uploaded_file=SimpleUploadedFile(
            "so-lieu.csv", csv.encode(), "text/csv"))
    # The import names the spreadsheet's row of the first figure; the API its position.
    expected = [(e.row - 1, e.column, e.message.replace("on row 2.", "on row 1."))
                for e in caught.value.errors]
    assert got[:len(expected)] == expected
    assert {(row, field) for row, field, _detail in got[len(expected):]} == {
        (12, "ward"), (12, "month"), (12, "indicator")}
    assert {(row, field) for row, field, _detail in expected} >= {
        (2, "ward"), (3, "ward"), (4, "month"), (5, "month"), (6, "indicator"), (7, "value"),
        (8, "indicator"), (9, "value"), (10, "indicator"), (11, "indicator")}
    details = " ".join(detail for _row, _field, detail in got)
    assert "You may not enter figures for Phường Ba Đình (00004)." in details
    assert "12/2026 has not happened yet" in details
    assert "is computed from other indicators" in details
    assert "already on row 1" in details
    assert not IndicatorValue.objects.exists()


def test_it_keeps_indicator_values_write_within_the_ward(client, world, english):
    chief = key_for(world.user(Role.WARD_CHIEF))
    response = _write(client, chief, [_row(value="1"), _row(ward="00004", value="2")])
    assert _fields(response) == {(2, "ward")}
    assert "Phường Ba Đình (00004)" in response.json()["errors"][0]["detail"]
    assert _fields(_write(client, chief, [_row(ward="26734")])) == {(1, "ward")}
    assert not IndicatorValue.objects.exists()
    # A city role writes for every ward of its own city only.
    city = key_for(world.user(Role.CITY_COORDINATOR, own=False))
    assert _fields(_write(client, city, [_row(ward="00070")])) == {(1, "ward")}
    # Roles that only read indicators may not write at all; nor may a read-only key.
    for key in (key_for(world.user(Role.CITY_LEADER)),
                key_for(world.user(Role.WARD_CHIEF), read_only=True)):
        response = _write(client, key, [_row()])
        assert response.status_code == 403, response.content
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.filter(model="indicators.indicatorvalue").exists()


def test_it_refuses_a_computed_figure_a_future_month_and_the_same_figure_twice(client, world):
    key = key_for(world.user(Role.WARD_OFFICER))
    assert _fields(_write(client, key, [_row(indicator="crime-solve-rate", value="50")])) == {
        (1, "indicator")}
    assert _fields(_write(client, key, [_row(month="2026-12")])) == {(1, "month")}
    assert _fields(_write(client, key, [_row(month="12/2030")])) == {(1, "month")}
    assert _fields(_write(client, key, [_row(value="1"), _row(month="2026-03", value="2")])
                   ) == {(2, "indicator")}
    assert not IndicatorValue.objects.exists()
    # This month's figures may be entered as they come in.
    assert _write(client, key, [_row(month="11/2026")]).status_code == 200


def test_it_refuses_a_batch_that_is_not_a_batch_and_saves_nothing(client, world):
    key = key_for(world.user(Role.WARD_OFFICER))
    good = _row()
    for body, field in (
        ({}, "rows"),
        ({"rows": "00070,03/2026,fires,1"}, "rows"),
        ({"rows": {"0": good}}, "rows"),
        ({"rows": [good, "fires"]}, "rows.1"),
        ({"rows": [good, {**good, "wrd": "00070"}]}, "rows.1.wrd"),
        ({"rows": [good, {**good, "value": True}]}, "rows.1.value"),
        ({"rows": [good, {**good, "value": [1]}]}, "rows.1.value"),
        ({"rows": [good, {**good, "value": None}]}, "rows.1.value"),
        ({"rows": [good, {**good, "ward": {"code": "00070"}}]}, "rows.1.ward"),
        ({"rows": [good, {**good, "ward": "000\x0070"}]}, "rows.1.ward"),
        ({"rows": [good, {**good, "indicator": "fi\ud800res"}]}, "rows.1.indicator"),
        ({"rows": [good, {**good, "\ud800": "x"}]}, "rows.1.?"),
        ({"rows": [good] * (MAX_ROWS + 1)}, "rows"),
    ):
        response = api_call(client, "POST", VALUES, key, body)
        assert _fields(response) == {(None, field)}, body
    for rows, where in (([], {(None, None)}),
                        ([{**good, "value": 10**30}], {(1, "value")}),
                        ([{**good, "value": "1e400"}], {(1, "value")}),
                        ([{**good, "value": "-1"}], {(1, "value")}),
                        ([{**good, "value": "1.5"}], {(1, "value")}),
                        ([{**good, "value": ""}], {(1, "value")}),
                        ([{"value": "1"}], {(1, "ward"), (1, "month"), (1, "indicator")}),
                        ([{**good, "ward": "0" * 100_000}], {(1, "ward")}),
                        ([{**good, "month": "03/99999"}], {(1, "month")})):
        assert _fields(_write(client, key, rows)) == where, rows
    for raw in (b"not json", b'{"rows": [{"value": Infinity}]}', b'{"rows": [NaN]}',
                b"[1, 2]", b"\xff"):
        response = client.post(VALUES, data=raw, content_type="application/json",
                                headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 400, raw
    assert not IndicatorValue.objects.exists()


def test_it_refuses_a_batch_too_long_before_reading_it(client, world, english):
    officer = world.user(Role.WARD_OFFICER)
    response = _write(client, key_for(officer), [_row()] * (MAX_ROWS + 1))
    assert [e["field"] for e in response.json()["errors"]] == ["rows"]
    # The service says so itself, for any caller, before checking a row.
    with pytest.raises(ImportErrors) as caught:
        indicator_values_record(actor=officer, rows=[_row()] * (MAX_ROWS + 1))
    assert [(e.row, e.message) for e in caught.value.errors] == [
        (None, f"{MAX_ROWS + 1} rows were sent; at most {MAX_ROWS} figures can be recorded "
               "at once.")]
    assert not IndicatorValue.objects.exists()


def test_it_checks_every_row_of_a_full_batch(client, world):
    # MAX_ROWS rows are a batch, not too many: each is checked (and here refused).
    key = key_for(world.user(Role.WARD_OFFICER))
    response = _write(client, key, [_row(indicator="no-such-thing")] * MAX_ROWS)
    assert _fields(response) == {(n, "indicator") for n in range(1, MAX_ROWS + 1)}


def test_it_reads_a_number_as_the_import_reads_a_cell(client, world):
    key = key_for(world.user(Role.WARD_OFFICER))
    response = _write(client, key, [
        _row(indicator="crimes-reported", value=" 1.234,0 "),
        _row(indicator="crimes-solved", value="1 000"),
        _row(indicator="fires", value=3),
    ])
    assert response.status_code == 200, response.content
    assert dict(IndicatorValue.objects.values_list("indicator__code", "value")) == {
        "crimes-reported": 1234, "crimes-solved": 1000, "fires": 3}
    assert _fields(_write(client, key, [_row(value="1.234")])) == {(1, "value")}
