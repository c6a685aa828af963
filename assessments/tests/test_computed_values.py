"""Criteria computed from the rest of the system: read from their source, never typed by the
ward, corrected only by the city with a reason that the audit log and the DOCX keep."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document

from accounts.models import Role
from assessments import procedure_services as ps
from assessments import services, sources
from assessments.documents import recognition_dossier_docx
from assessments.models import Assessment, Criterion
from assessments.tests.conftest import at, pdf
from audit.models import AuditEntry
from facilities.equipment_services import LineInput, inventory_update
from facilities.headquarters_services import headquarters_record
from facilities.models import EquipmentItem
from indicators.models import IndicatorDefinition
from indicators.services import indicator_value_set
from testing.clients import login
from testing.clock import hanoi
from testing.factories import assessment_for, criteria_set_with, endorsed

pytestmark = pytest.mark.django_db
S = Assessment.State


@pytest.fixture(autouse=True)
def _media(media_root):
    """Files stored by these tests go to a temporary directory."""


@pytest.fixture
def sourced(world):
    """1.1 own headquarters (mandatory), 1.2 equipment to norm ≥ 100 %, 1.3 crimes down on
    the year before; 1.4 typed by the ward."""
    criteria_set = criteria_set_with(4)
    criteria = {c.code: c for c in criteria_set.criteria.all()}
    Criterion.objects.filter(pk=criteria["1.1"].pk).update(
        value_source=Criterion.ValueSource.FACILITIES, source_key="headquarters-own")
    Criterion.objects.filter(pk=criteria["1.2"].pk).update(
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="100", value_source=Criterion.ValueSource.FACILITIES,
        source_key="equipment-to-norm")
    Criterion.objects.filter(pk=criteria["1.3"].pk).update(
        value_source=Criterion.ValueSource.INDICATORS, source_key="crimes-reported:decrease")
    return assessment_for(world.ward, criteria_set=criteria_set)


def _value(assessment, code):
    return assessment.values.select_related("criterion").get(criterion__code=code)


def _crimes(world, figures: dict[date, int]):
    indicator, _ = IndicatorDefinition.objects.get_or_create(
        code="crimes-reported", defaults={"name": "Số vụ phạm tội", "unit": "vụ"})
    coordinator = world.user(Role.CITY_COORDINATOR)
    for month, figure in figures.items():
        indicator_value_set(actor=coordinator, ward=world.ward, indicator=indicator,
                            month=month, raw=str(figure))


def test_it_reads_each_computed_criterion_from_its_owner(world, sourced):
    coordinator = world.user(Role.CITY_COORDINATOR)
    headquarters_record(actor=coordinator, ward=world.ward, valid_from=date(2026, 1, 5),
                        status="own")
    item = EquipmentItem.objects.create(code="may-tinh", name="Máy tính", norm_per_unit=4)
    other = EquipmentItem.objects.create(code="xe-may", name="Xe máy", norm_per_unit=2)
    inventory_update(actor=coordinator, ward=world.ward,
                     lines=[LineInput(item=item, usable=9, unusable=0),
                            LineInput(item=other, usable=1, unusable=0)])
    _crimes(world, {date(2025, 1, 1): 9, date(2025, 2, 1): 7, date(2025, 3, 1): 50,
                    date(2026, 1, 1): 10, date(2026, 2, 1): 8})

    changed = services.assessment_sources_refresh(actor=world.user(Role.WARD_OFFICER),
                                                  assessment=sourced)

    assert changed == 3
    own, equipment, crimes = (_value(sourced, c) for c in ("1.1", "1.2", "1.3"))
    assert (own.value, own.met) == ("yes", True)
    # A surplus of computers never makes up for the missing motorbike: (4 + 1) / 6.
    assert (equipment.value, equipment.met) == ("83.33", False)
    assert "5/6" in equipment.source_note
    # January–February (18) against the same months of 2025 (16): not a decrease, although
    # the whole of 2025 (66) is far above.
    assert crimes.value == "no"
    assert "tháng 1–2" in crimes.source_note and "cùng kỳ năm 2025 16 vụ" in crimes.source_note
    assert own.source_read_at is not None
    assert sourced.total_score == 10


def test_it_says_what_is_missing_and_who_enters_it(world, sourced, english):
    services.assessment_sources_refresh(actor=world.user(Role.WARD_OFFICER), assessment=sourced)
    own = _value(sourced, "1.1")
    assert own.value == "" and "Công an phường cập nhật tại trang Trụ sở" in own.source_note
    with pytest.raises(ValidationError) as refused:
        services.assessment_submit(actor=world.user(Role.WARD_CHIEF), assessment=sourced)
    assert any(m.startswith("1.1: the figure is not in the system yet.")
               for m in refused.value.messages)


def test_it_refuses_a_typed_value_on_a_computed_criterion_but_keeps_the_explanation(
        world, sourced, english):
    officer = world.user(Role.WARD_OFFICER)
    value = _value(sourced, "1.1")
    with pytest.raises(ValidationError, match="takes its value from"):
        services.assessment_value_save(actor=officer, assessment=sourced,
                                       criterion=value.criterion, raw_value="yes",
                                       explanation="", revision=value.revision)
    assert _value(sourced, "1.1").value == ""
    # The same (empty) value with a word of explanation is accepted.
    services.assessment_value_save(actor=officer, assessment=sourced,
                                   criterion=value.criterion, raw_value="",
                                   explanation="Trụ sở đang hoàn thiện hồ sơ đất.",
                                   revision=value.revision)
    assert _value(sourced, "1.1").explanation == "Trụ sở đang hoàn thiện hồ sơ đất."


def test_it_refuses_a_typed_value_posted_through_the_page(client, world, sourced, english):
    login(client, world.user(Role.WARD_OFFICER))
    value = _value(sourced, "1.1")
    response = client.post(
        reverse("assessments:save_value", args=[sourced.pk, value.criterion.pk]),
        {"value": "yes", "explanation": "", "revision": value.revision})
    assert "it cannot be typed" in response.content.decode()
    assert _value(sourced, "1.1").value == ""


def test_it_lets_the_city_correct_a_computed_value_with_its_reason(world, sourced):
    coordinator = world.user(Role.CITY_COORDINATOR)
    criterion = _value(sourced, "1.1").criterion
    corrected = services.assessment_value_override(
        actor=coordinator, assessment=sourced, criterion=criterion, raw_value="có",
        reason="Trụ sở mới bàn giao ngày 01/12, chưa cập nhật vào hệ thống.")
    assert (corrected.value, corrected.met, corrected.overridden_by) == ("yes", True,
                                                                         coordinator)
    # A correction survives the next reading of the sources.
    services.assessment_sources_refresh(actor=coordinator, assessment=sourced)
    assert _value(sourced, "1.1").value == "yes"
    entry = AuditEntry.objects.filter(object_repr__startswith="1.1").order_by("-pk").first()
    assert entry is not None
    assert "Trụ sở mới bàn giao" in str(entry.changes)
    document = Document(io.BytesIO(recognition_dossier_docx(sourced)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "điều chỉnh giá trị" in text and "Trụ sở mới bàn giao ngày 01/12" in text


@pytest.mark.parametrize("role", [Role.WARD_CHIEF, Role.WARD_OFFICER, Role.WARD_FRONT,
                                  Role.COUNCIL_MEMBER])
def test_it_lets_nobody_but_the_city_correct(world, sourced, role):
    criterion = _value(sourced, "1.1").criterion
    with pytest.raises(PermissionDenied):
        services.assessment_value_override(actor=world.user(role), assessment=sourced,
                                           criterion=criterion, raw_value="yes", reason="x")


def test_it_refuses_a_correction_without_a_reason_or_of_a_typed_criterion(world, sourced,
                                                                          english):
    coordinator = world.user(Role.CITY_COORDINATOR)
    with pytest.raises(ValidationError) as refused:
        services.assessment_value_override(
            actor=coordinator, assessment=sourced, criterion=_value(sourced, "1.1").criterion,
            raw_value="yes", reason="  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError, match="entered by the ward"):
        services.assessment_value_override(
            actor=coordinator, assessment=sourced, criterion=_value(sourced, "1.4").criterion,
            raw_value="yes", reason="Sửa")


def test_it_keeps_the_correction_page_input_after_a_bad_value(client, world, sourced,
                                                              english):
    login(client, world.user(Role.CITY_COORDINATOR))
    criterion = _value(sourced, "1.2").criterion
    url = reverse("assessments:override_value", args=[sourced.pk, criterion.pk])
    response = client.post(url, {"value": "140", "reason": "Theo biên bản kiểm kê"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "between 0 and 100" in page and "Theo biên bản kiểm kê" in page
    assert _value(sourced, "1.2").value == ""


def test_it_reads_the_sources_again_at_submission(world, sourced):
    """The dossier goes with the figures of the day it is submitted."""
    coordinator = world.user(Role.CITY_COORDINATOR)
    for value in sourced.values.select_related("criterion"):
        if not value.criterion.is_computed:
            value.value, value.met = "yes", True
            value.save()
    headquarters_record(actor=coordinator, ward=world.ward, valid_from=date(2026, 1, 5),
                        status="own")
    services.assessment_submit(actor=world.user(Role.WARD_CHIEF), assessment=endorsed(sourced))
    assert _value(sourced, "1.1").value == "yes"
    assert sourced.state == S.SUBMITTED


def test_it_reads_the_headquarters_on_the_last_day_of_a_past_year(world):
    criteria_set = criteria_set_with(1, year_from=2024)
    criteria_set.criteria.update(value_source=Criterion.ValueSource.FACILITIES,
                                 source_key="headquarters-own")
    dossier = assessment_for(world.ward, year=2025, criteria_set=criteria_set)
    coordinator = world.user(Role.CITY_COORDINATOR)
    headquarters_record(actor=coordinator, ward=world.ward, valid_from=date(2025, 3, 1),
                        status="borrowed_city")
    headquarters_record(actor=coordinator, ward=world.ward, valid_from=date(2026, 2, 1),
                        status="own")
    services.assessment_sources_refresh(actor=coordinator, assessment=dossier)
    value = dossier.values.get()
    assert value.value == "no" and "31/12/2025" in value.source_note


@pytest.mark.parametrize("moment", [hanoi(2026, 12, 31, 23, 59), hanoi(2027, 1, 1, 0, 30)])
def test_it_reads_this_years_headquarters_until_the_year_ends(world, sourced, moment):
    coordinator = world.user(Role.CITY_COORDINATOR)
    headquarters_record(actor=coordinator, ward=world.ward, valid_from=date(2026, 1, 5),
                        status="own")
    with time_machine.travel(moment, tick=False):
        services.assessment_sources_refresh(actor=coordinator, assessment=sourced)
    assert "31/12/2026" in _value(sourced, "1.1").source_note


def test_it_asks_for_recognition_only_when_the_unit_meets_the_pass_rule(world):
    dossier = assessment_for(world.ward, criteria_set=criteria_set_with(2, pass_score="20"))
    text = "\n".join(p.text for p in Document(io.BytesIO(
        recognition_dossier_docx(dossier))).paragraphs)
    assert "chưa đủ điều kiện nên chưa đề nghị công nhận" in text
    assert "kính đề nghị" not in text
    for value in dossier.values.select_related("criterion"):
        judgement = value.criterion.evaluate("yes")
        value.value, value.met, value.score = "yes", judgement.met, judgement.score
        value.save()
    services.assessment_recompute(assessment=dossier)
    text = "\n".join(p.text for p in Document(io.BytesIO(
        recognition_dossier_docx(dossier))).paragraphs)
    assert "kính đề nghị Công an Thành phố Hà Nội thẩm định" in text


def test_it_lets_the_front_attach_on_a_returned_dossier(world):
    criteria_set = criteria_set_with(1)
    criteria_set.criteria.update(value_type=Criterion.ValueType.PERCENTAGE,
                                 comparison=Criterion.Comparison.GTE, target="90",
                                 value_source=Criterion.ValueSource.CONSULTATION)
    dossier = at(assessment_for(world.ward, criteria_set=criteria_set), S.RETURNED)
    ps.assessment_opinions_attach(actor=world.user(Role.WARD_FRONT), assessment=dossier,
                                  uploaded_file=pdf(), opinions=ps.Opinions(Decimal("91")))
    assert dossier.values.get().met is True


def test_it_lets_the_ward_enter_a_source_the_system_does_not_hold_yet(client, world,
                                                                      monkeypatch):
    """A source no app reads (an installation without the movement app, say): the
    criterion says so and the ward enters it, until a reader for that source exists."""
    monkeypatch.delitem(sources._READERS, "lower_level")
    criteria_set = criteria_set_with(1)
    criteria_set.criteria.update(value_source=Criterion.ValueSource.LOWER_LEVEL,
                                 source_key="groups-safe-share")
    dossier = assessment_for(world.ward, criteria_set=criteria_set)
    value = dossier.values.select_related("criterion").get()
    assert not value.criterion.is_computed
    services.assessment_value_save(actor=world.user(Role.WARD_OFFICER), assessment=dossier,
                                   criterion=value.criterion, raw_value="yes",
                                   explanation="", revision=value.revision)
    assert dossier.values.get().value == "yes"
    login(client, world.user(Role.WARD_OFFICER))
    page = client.get(reverse("assessments:detail", args=[dossier.pk])).content.decode()
    assert 'class="muted source-missing"' in page
