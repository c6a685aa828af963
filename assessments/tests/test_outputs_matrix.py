"""The city matrix: wards × criteria on screen and as XLSX, in a flat number of queries."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from accounts.models import Role
from assessments.models import Assessment
from testing.clients import login
from testing.factories import WardFactory, assessment_for, criteria_set_with
from units.models import OrgUnit

URL = reverse("assessments:matrix", args=[2026])
XLSX_URL = reverse("assessments:matrix_xlsx", args=[2026])


def _sheet(content: bytes) -> Worksheet:
    sheet = load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    return sheet


def _answer(assessment: Assessment, code: str, value: str) -> None:
    judged = assessment.values.get(criterion__code=code)
    judgement = judged.criterion.evaluate(value)
    judged.value, judged.met, judged.score = value, judgement.met, judgement.score
    judged.save()


def _round_with(world, wards: int) -> Assessment:
    """The world's ward (1.1 yes, 1.2 no) plus `wards - 1` more, all in the 2026 round."""
    criteria_set = criteria_set_with(3)
    own = assessment_for(world.ward, criteria_set=criteria_set)
    _answer(own, "1.1", "yes")
    _answer(own, "1.2", "no")
    for _ in range(wards - 1):
        ward: OrgUnit = WardFactory(parent=world.province)  # type: ignore[assignment]
        other = assessment_for(ward, criteria_set=criteria_set)
        _answer(other, "1.1", "yes")
    return own


@pytest.mark.parametrize("wards", [5, 40])
def test_it_reads_the_matrix_in_a_flat_number_of_queries(
    client, world, wards, django_assert_num_queries
):
    _round_with(world, wards)
    login(client, world.user(Role.CITY_COORDINATOR))
    # Session, user, roles, OTP device, session save, round, criteria, rows, values.
    with django_assert_num_queries(12):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["matrix"].rows) == wards


def test_it_shows_values_marks_and_scores(client, world, english):
    _round_with(world, 1)
    login(client, world.user(Role.CITY_COORDINATOR))
    row = client.get(URL).context["matrix"].rows[0]
    assert [(c.text, c.met, c.score_text) for c in row.cells] == [
        ("Yes", True, "10"), ("No", False, "0"), ("", None, ""),
    ]


def test_it_cuts_a_long_value_and_gives_the_whole_text_escaped_as_a_tooltip(client, world):
    own = _round_with(world, 2)
    _answer(own, "1.3", "<b>" + "rất dài " * 5)
    login(client, world.user(Role.CITY_COORDINATOR))
    html = client.get(URL).content.decode()
    assert '<td class="cell m-bad" title="&lt;b&gt;rất dài rất dài rất dài rất dài rất dài ">' \
        '&lt;b&gt;rất dài rất dà… <span class="mark"' in html
    assert "<b>" not in html
    # The second ward left 1.2 and 1.3 unanswered: no mark and no score.
    assert html.count('<td class="cell m-none"><small></small></td>') == 2


def test_it_filters_by_state(client, world):
    own = _round_with(world, 3)
    Assessment.objects.filter(pk=own.pk).update(state=Assessment.State.SUBMITTED)
    login(client, world.user(Role.CITY_COORDINATOR))
    rows = client.get(URL, {"state": "submitted"}).context["matrix"].rows
    assert [r.assessment.pk for r in rows] == [own.pk]


def test_it_answers_htmx_with_the_table_alone(client, world):
    _round_with(world, 2)
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.get(URL, {"state": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b'id="matrix-table"' in response.content
    assert b"<html" not in response.content


def test_it_shows_a_ward_user_only_the_own_row(client, world):
    own = _round_with(world, 4)
    login(client, world.user(Role.WARD_OFFICER))
    rows = client.get(URL).context["matrix"].rows
    assert [r.assessment.pk for r in rows] == [own.pk]


def test_it_answers_404_for_a_year_without_a_round(client, world):
    _round_with(world, 1)
    login(client, world.user(Role.CITY_COORDINATOR))
    assert client.get(reverse("assessments:matrix", args=[2031])).status_code == 404


def test_it_hides_the_round_from_another_province(client, world):
    _round_with(world, 1)
    login(client, world.user(Role.CITY_COORDINATOR, own=False))
    assert client.get(URL).status_code == 404


def test_it_requires_login_for_the_matrix(client, world):
    _round_with(world, 1)
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_exports_the_matrix_as_a_workbook(client, world, english):
    _round_with(world, 2)
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.get(XLSX_URL)
    sheet = _sheet(response.content)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "2026" in sheet["A1"].value
    assert sheet["A4"].value == "Code"
    assert sheet["F4"].value == "1.1. Tiêu chí 1.1"
    assert (sheet["A6"].value, sheet["B6"].value) == ("00070", "Phường Hoàn Kiếm")
    assert (sheet["F6"].value, sheet["G6"].value) == ("Yes", 10)
    assert sheet["H6"].value == "No"
    assert sheet.freeze_panes == "F6"


def test_it_colours_met_and_unmet_cells_in_the_workbook(client, world):
    _round_with(world, 1)
    login(client, world.user(Role.CITY_COORDINATOR))
    sheet = _sheet(client.get(XLSX_URL).content)
    assert sheet["F6"].fill.fgColor.rgb.endswith("C6EFCE")
    assert sheet["H6"].fill.fgColor.rgb.endswith("FFC7CE")
    assert sheet["J6"].fill.fill_type is None


def test_it_exports_only_the_filtered_state(client, world):
    _round_with(world, 3)
    login(client, world.user(Role.CITY_COORDINATOR))
    sheet = _sheet(client.get(XLSX_URL, {"state": "recognised"}).content)
    assert sheet.max_row == 5
