"""No text a ward types becomes a live formula in an export the city opens: every XLSX is
saved through core.spreadsheets, which stores such text as text."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from assessments.models import AssessmentValue, Criterion
from facilities.headquarters_services import headquarters_record
from facilities.models import HeadquartersRecord
from testing.clients import login
from testing.factories import assessment_for, criteria_set_with

pytestmark = pytest.mark.django_db
TRAPS = ['=HYPERLINK("http://attacker.example","Bấm vào đây")', "+1", "-1", "@x", "=1+1"]


def _cells(content: bytes):
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _no_formula(content: bytes, expected: list[str]) -> None:
    cells = list(_cells(content))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    for trap in expected:
        assert trap in texts, trap  # still there, as text


@pytest.mark.parametrize("trap", TRAPS)
def test_it_keeps_a_wards_headquarters_notes_as_text(client, world, trap):
    headquarters_record(actor=world.user(Role.WARD_OFFICER), ward=world.ward,
                        valid_from=date(2026, 1, 5), status=HeadquartersRecord.Status.OWN,
                        land_legal_status=trap, notes=trap)
    login(client, world.user(Role.CITY_COORDINATOR))
    _no_formula(client.get(reverse("facilities:hq_export")).content, [trap])


@pytest.mark.parametrize("trap", TRAPS)
def test_it_keeps_a_wards_self_assessment_text_as_text(client, world, trap):
    dossier = assessment_for(world.ward, criteria_set=criteria_set_with(2))
    Criterion.objects.filter(criteria_set=dossier.criteria_set, code="1.1").update(
        value_type=Criterion.ValueType.TEXT, comparison=Criterion.Comparison.NONE, target="")
    AssessmentValue.objects.filter(assessment=dossier, criterion__code="1.1").update(value=trap)
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.get(reverse("assessments:matrix_xlsx", args=[2026]))
    assert response.status_code == 200
    _no_formula(response.content, [trap])
