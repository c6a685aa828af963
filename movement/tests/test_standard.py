"""The "An toàn về ANTT" standard: the 70% rule, registration by the deadline, lineage of
groups merged or split in the year, recognition, and what it feeds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accounts.models import Role
from assessments import sources
from assessments.criteria_services import criteria_set_update
from assessments.models import Criterion
from indicators.entry_services import indicator_definitions_load
from indicators.models import IndicatorDefinition, IndicatorValue, WardYearTotal
from movement import services, standard_rules
from movement.models import ModelReview, ModelType, MovementModel, SafetyAssessment
from movement.selectors import criteria_of, province_overview, ward_year
from movement.tests.conftest import assess, decision, groups_of, registered
from testing.clock import hanoi
from testing.factories import ResidentialGroupFactory, WardFactory
from units.models import OrgUnit
from units.services import residential_group_split, unit_merge

pytestmark = pytest.mark.django_db


def _recognise(world, assessments, **fields):
    return services.safety_groups_recognise(
        actor=world.user(Role.WARD_COMMITTEE), ward=world.ward, year=2026,
        assessments=assessments, data=decision(**fields))


def _ward_with(world, standard_sets, *, passing: int, total: int):
    """world.ward with `total` groups, all registered and assessed, `passing` meeting."""
    group_set = standard_sets[0]
    chief = world.user(Role.WARD_CHIEF)
    groups = [world.group, *groups_of(world.ward, total - 1)]
    rows = []
    for n, group in enumerate(groups):
        rows.append(assess(chief, registered(group, world.ward, group_set),
                           failing=n >= passing))
    return rows


# --- The 70% rule --------------------------------------------------------------------------

@pytest.mark.parametrize(("recognised", "total", "shown", "met"), [
    (699, 1000, Decimal("69.90"), False),
    (69999, 100000, Decimal("69.99"), False),  # truncated: never rounded up to 70
    (7, 10, Decimal("70.00"), True),
    (8, 10, Decimal("80.00"), True),
    (0, 10, Decimal("0.00"), False),
])
def test_it_applies_the_70_percent_rule_at_its_edges(standard_sets, recognised, total, shown,
                                                     met):
    share = standard_rules.share(recognised, total)
    assert share == shown
    criterion = next(c for c in criteria_of(standard_sets[1]) if c.source_key ==
                     "groups-safe-share")
    assert criterion.evaluate(format(share, "f")).met is met


def test_it_has_no_share_without_groups():
    assert standard_rules.share(0, 0) is None


def test_it_computes_the_wards_share_from_the_decisions(world, standard_sets):
    rows = _ward_with(world, standard_sets, passing=8, total=10)
    _recognise(world, rows[:7])
    situation = ward_year(world.ward, 2026, date(2026, 11, 25))
    assert (situation.total, situation.recognised, situation.share) == (10, 7, Decimal("70.00"))
    reading = sources.read("lower_level", world.ward, 2026, "groups-safe-share")
    assert isinstance(reading, sources.Reading)
    assert reading.value == "70"
    assert "7/10" in reading.note


def test_it_meets_the_commune_criterion_at_70_and_not_below(world, standard_sets):
    commune_set = standard_sets[1]
    rows = _ward_with(world, standard_sets, passing=10, total=10)
    chief = world.user(Role.WARD_CHIEF)
    commune = registered(world.ward, world.ward, commune_set)
    MovementModel.objects.create(ward=world.ward, type=ModelType.objects.create(name="Camera"),
                                 name="Camera ngõ", started_on=date(2025, 1, 1))
    services.model_review_save(actor=chief, model=MovementModel.objects.get(), year=2026,
                               verdict=ModelReview.Verdict.EFFECTIVE)
    _recognise(world, rows[:6])
    assert assess(chief, commune).meets is False  # 60%
    _recognise(world, rows[6:7], number="121/QĐ-UBND")
    assert assess(chief, commune).meets is True  # 70%
    share = commune.values.get(criterion__source_key="groups-safe-share")
    assert share.value == "70"
    assert "7/10" in share.source_note


# --- Registration by the deadline (Hanoi's calendar) -------------------------------------

@pytest.mark.parametrize(("instant", "year", "allowed"), [
    (hanoi(2026, 1, 1, 0, 5), 2026, True),
    (hanoi(2028, 2, 29), 2028, True),
    (hanoi(2026, 3, 31, 23, 59), 2026, True),
    # 31/03 at 17:00 UTC is already 1 April in Hanoi.
    (hanoi(2026, 4, 1, 0, 0), 2026, False),
    (hanoi(2026, 6, 15), 2026, False),
    (hanoi(2026, 12, 31, 23, 59), 2026, False),
    (hanoi(2026, 12, 31, 23, 59), 2027, False),  # next year's registration opens on 1/1
    (hanoi(2027, 1, 1, 0, 0), 2026, False),
])
def test_it_registers_only_at_the_start_of_the_year(world, standard_sets, time_machine,
                                                    instant, year, allowed):
    time_machine.move_to(instant)
    chief = world.user(Role.WARD_CHIEF)
    if allowed:
        assert services.safety_register(actor=chief, ward=world.ward, year=year,
                                        groups=[world.group], include_ward=True) == 2
        row = SafetyAssessment.objects.get(unit=world.group)
        assert row.registered_on == instant.date()
        assert row.criteria_set == standard_sets[0]
        assert SafetyAssessment.objects.get(unit=world.ward).criteria_set == standard_sets[1]
    else:
        with pytest.raises(ValidationError):
            services.safety_register(actor=chief, ward=world.ward, year=year,
                                     groups=[world.group])
        assert not SafetyAssessment.objects.exists()


def test_it_refuses_to_register_another_wards_group(world, standard_sets, time_machine):
    time_machine.move_to(hanoi(2026, 2, 1))
    with pytest.raises(ValidationError, match="Không phải tổ hiện có"):
        services.safety_register(actor=world.user(Role.WARD_CHIEF), ward=world.ward,
                                 year=2026, groups=[world.other_group])


def test_it_lets_only_the_ward_police_register(world, standard_sets, time_machine):
    time_machine.move_to(hanoi(2026, 2, 1))
    for role in (Role.WARD_COMMITTEE, Role.WARD_FRONT):
        with pytest.raises(PermissionDenied):
            services.safety_register(actor=world.user(role), ward=world.ward, year=2026,
                                     groups=[world.group])
    with pytest.raises(PermissionDenied):
        services.safety_register(actor=world.user(Role.WARD_CHIEF, own=False), ward=world.ward,
                                 year=2026, groups=[world.group])


def test_it_reads_the_deadline_from_the_data_file():
    settings = standard_rules.parse_standard({
        "registration": {"deadline": "29/02"}, "recognition": {"group": "a", "commune": "b"},
        "criteria": {"group": "g.toml", "commune": "c.toml"}})
    assert settings.registration_deadline(2028) == date(2028, 2, 29)
    with pytest.raises(ValueError):
        standard_rules.parse_standard({
            "registration": {"deadline": "31/04"}, "recognition": {"group": "", "commune": ""},
            "criteria": {"group": "", "commune": ""}})


# --- Groups merged or split during the year -----------------------------------------------

def test_it_carries_a_registration_through_a_merger(world, standard_sets):
    group_set = standard_sets[0]
    a, b = groups_of(world.ward, 2, prefix="A")
    registered(a, world.ward, group_set)
    merged = ResidentialGroupFactory(parent=world.ward, code="AB", name="Tổ AB")
    unit_merge(actor=None, predecessors=[a, b], successor=merged,
               effective_date=date(2026, 6, 1))
    situation = ward_year(world.ward, 2026, date(2026, 11, 25))
    codes = {row.group.code: row for row in situation.rows}
    assert set(codes) == {world.group.code, "AB"}  # the merged groups are gone
    assert codes["AB"].inherited is not None and codes["AB"].assessment is None
    assert not codes[world.group.code].registered
    carried = services.safety_assessment_for_group(
        actor=world.user(Role.WARD_OFFICER), ward=world.ward, group=merged, year=2026)
    assert carried.inherited_from.unit == a
    assert carried.registered_on == date(2026, 1, 10)
    assert assess(world.user(Role.WARD_OFFICER), carried).meets is True


def test_it_carries_a_registration_to_both_halves_of_a_split(world, standard_sets):
    group_set = standard_sets[0]
    registered(world.group, world.ward, group_set)
    halves = residential_group_split(actor=None, group=world.group,
                                     parts=[("S1", "Tổ S1"), ("S2", "Tổ S2")],
                                     effective_date=date(2026, 7, 1))
    situation = ward_year(world.ward, 2026, date(2026, 11, 25))
    assert [row.group.code for row in situation.rows] == ["S1", "S2"]
    assert all(row.inherited is not None for row in situation.rows)
    officer = world.user(Role.WARD_OFFICER)
    for half in halves:
        services.safety_assessment_for_group(actor=officer, ward=world.ward, group=half,
                                             year=2026)
    assert SafetyAssessment.objects.filter(inherited_from__unit=world.group).count() == 2
    # Before the split the old group was the ward's only group.
    before = ward_year(world.ward, 2026, date(2026, 6, 30))
    assert [row.group for row in before.rows] == [world.group]


def test_it_refuses_a_split_into_one_or_taken_codes(world):
    with pytest.raises(ValidationError):
        residential_group_split(actor=None, group=world.group, parts=[("S1", "Tổ S1")],
                                effective_date=date(2026, 7, 1))
    other = ResidentialGroupFactory(parent=world.ward, code="S9")
    with pytest.raises(ValidationError, match="S9"):
        residential_group_split(actor=None, group=world.group,
                                parts=[("S1", "Tổ S1"), (other.code, "Tổ S9")],
                                effective_date=date(2026, 7, 1))


def test_it_does_not_carry_a_registration_from_a_merger_before_the_year(world, standard_sets):
    a = ResidentialGroupFactory(parent=world.ward, code="OLD")
    registered(a, world.ward, standard_sets[0], year=2025)
    merged = ResidentialGroupFactory(parent=world.ward, code="NEW")
    unit_merge(actor=None, predecessors=[a], successor=merged, effective_date=date(2025, 9, 1))
    with pytest.raises(ValidationError, match="không đăng ký"):
        services.safety_assessment_for_group(actor=world.user(Role.WARD_OFFICER),
                                             ward=world.ward, group=merged, year=2026)


# --- A commune's groups are "thôn" -------------------------------------------------------

def test_it_calls_a_communes_groups_thon(world, client):
    commune = WardFactory(parent=world.province, kind=OrgUnit.Kind.COMMUNE, code="00500",
                          name="Xã Sóc Sơn")
    with translation.override("vi"):
        assert commune.group_noun == "thôn"
        assert world.ward.group_noun == "tổ dân phố"
    from testing.clients import login

    login(client, world.user(Role.CITY_COORDINATOR))
    page = client.get(f"/movement/ward/{commune.code}/2026/").content.decode()
    assert "Số thôn" in page
    assert "tổ dân phố" not in page.split("<main")[1].split("An toàn về ANTT")[0]


# --- Recognition --------------------------------------------------------------------------

def test_it_recognises_only_groups_that_meet_the_standard(world, standard_sets):
    rows = _ward_with(world, standard_sets, passing=1, total=2)
    with pytest.raises(ValidationError) as refused:
        _recognise(world, rows)
    assert rows[1].unit.name in str(refused.value)
    assert not SafetyAssessment.objects.filter(decision__isnull=False).exists()
    decided = _recognise(world, rows[:1])
    assert decided.assessments.get() == rows[0]
    with pytest.raises(ValidationError, match="Đã được công nhận"):
        _recognise(world, rows[:1])


@pytest.mark.parametrize(("fields", "field"), [
    ({"number": " "}, "number"),
    ({"signed_on": None}, "signed_on"),
    ({"signed_on": date(2026, 11, 26)}, "signed_on"),  # tomorrow
    ({"signed_on": date(2025, 12, 31)}, "signed_on"),  # before the year it recognises
    ({"signer": ""}, "signer"),
    ({"document": None}, "document"),
])
def test_it_says_what_a_decision_lacks(world, standard_sets, fields, field):
    rows = _ward_with(world, standard_sets, passing=1, total=1)
    with pytest.raises(ValidationError) as refused:
        _recognise(world, rows, **fields)
    assert field in refused.value.message_dict
    assert not SafetyAssessment.objects.filter(decision__isnull=False).exists()


def test_it_lets_only_the_ward_committee_recognise(world, standard_sets):
    rows = _ward_with(world, standard_sets, passing=1, total=1)
    for actor in (world.user(Role.WARD_CHIEF), world.user(Role.WARD_COMMITTEE, own=False),
                  world.user(Role.WARD_FRONT)):
        with pytest.raises(PermissionDenied):
            services.safety_groups_recognise(actor=actor, ward=world.ward, year=2026,
                                             assessments=rows, data=decision())


def test_it_freezes_an_assessment_once_recognised(world, standard_sets):
    rows = _ward_with(world, standard_sets, passing=1, total=1)
    _recognise(world, rows)
    with pytest.raises(ValidationError, match="không thay đổi được nữa"):
        assess(world.user(Role.WARD_CHIEF), rows[0], failing=True)
    assert SafetyAssessment.objects.get(pk=rows[0].pk).meets is True


def test_it_freezes_the_criteria_set_a_recognition_used(world, standard_sets):
    group_set = standard_sets[0]
    assert not group_set.is_locked()
    _recognise(world, _ward_with(world, standard_sets, passing=1, total=1))
    assert group_set.is_locked()
    with pytest.raises(ValidationError, match="khóa"):
        criteria_set_update(actor=world.user(Role.CITY_COORDINATOR), criteria_set=group_set,
                            name="Đổi tên", legal_basis_number="", legal_basis_date=None,
                            year_from=2024, year_to=2030, pass_score=Decimal(0))


def test_it_says_what_is_wrong_in_an_assessment_and_keeps_nothing(world, standard_sets):
    assessment = registered(world.group, world.ward, standard_sets[0])
    criteria = criteria_of(standard_sets[0])
    with pytest.raises(ValidationError) as refused:
        services.safety_assessment_save(
            actor=world.user(Role.WARD_CHIEF), assessment=assessment,
            raw={c.pk: "có lẽ" if c.code == "2" else "yes" for c in criteria}, evidence={})
    assert list(refused.value.message_dict) == [f"c{criteria[1].pk}"]
    assert not assessment.values.exists()
    assert SafetyAssessment.objects.get(pk=assessment.pk).assessed_at is None


def test_it_leaves_the_result_open_while_a_criterion_is_blank(world, standard_sets):
    assessment = registered(world.group, world.ward, standard_sets[0])
    criteria = criteria_of(standard_sets[0])
    saved = services.safety_assessment_save(
        actor=world.user(Role.WARD_CHIEF), assessment=assessment,
        raw={c.pk: "yes" for c in criteria[1:]}, evidence={})
    assert saved.meets is None


# --- The commune's recognition by the city ------------------------------------------------

def test_it_refuses_the_communes_recognition_when_its_share_fell(world, standard_sets):
    rows = _ward_with(world, standard_sets, passing=10, total=10)
    chief = world.user(Role.WARD_CHIEF)
    commune = registered(world.ward, world.ward, standard_sets[1])
    model = MovementModel.objects.create(
        ward=world.ward, type=ModelType.objects.create(name="Camera"), name="Camera",
        started_on=date(2025, 1, 1))
    services.model_review_save(actor=chief, model=model, year=2026,
                               verdict=ModelReview.Verdict.EFFECTIVE)
    _recognise(world, rows[:7])
    assert assess(chief, commune).meets is True
    # Three more groups join the ward before the city decides: 7/13 is below 70%.
    groups_of(world.ward, 3, prefix="N")
    coordinator = world.user(Role.CITY_COORDINATOR)
    with pytest.raises(ValidationError, match="không đạt tiêu chuẩn"):
        services.safety_commune_decide(actor=coordinator, assessment=commune,
                                       data=decision(number="45/QĐ-UBND"))
    assert SafetyAssessment.objects.get(pk=commune.pk).decision is None
    with pytest.raises(PermissionDenied):
        services.safety_commune_decide(actor=chief, assessment=commune, data=decision())


def test_it_records_the_communes_recognition(world, standard_sets):
    rows = _ward_with(world, standard_sets, passing=10, total=10)
    chief = world.user(Role.WARD_CHIEF)
    commune = registered(world.ward, world.ward, standard_sets[1])
    model = MovementModel.objects.create(
        ward=world.ward, type=ModelType.objects.create(name="Camera"), name="Camera",
        started_on=date(2025, 1, 1))
    services.model_review_save(actor=chief, model=model, year=2026,
                               verdict=ModelReview.Verdict.EFFECTIVE)
    _recognise(world, rows)
    assess(chief, commune)
    services.safety_commune_decide(actor=world.user(Role.CITY_COORDINATOR),
                                   assessment=commune, data=decision(number="45/QĐ-UBND"))
    reading = sources.read("lower_level", world.ward, 2026, "commune-safe")
    assert isinstance(reading, sources.Reading) and reading.value == "yes"
    assert "45/QĐ-UBND" in reading.note


# --- What it feeds: the indicators and the ward police criteria ---------------------------

def test_it_feeds_the_yearly_indicators_and_keeps_earlier_typed_history(world, standard_sets):
    indicator_definitions_load()
    groups = IndicatorDefinition.objects.get(code="residential-groups")
    assert groups.typing_refusal() is not None
    # Typed before the system took the figure over: last year's and this year's months.
    for month in (date(2025, 5, 1), date(2026, 2, 1)):
        IndicatorValue.objects.create(indicator=groups, ward=world.ward, month=month,
                                      value=Decimal(30))
    from indicators.services import totals_rebuild

    totals_rebuild()
    rows = _ward_with(world, standard_sets, passing=8, total=10)
    _recognise(world, rows[:8])
    figures = {(v.indicator.code, v.month): v.value for v in
               IndicatorValue.objects.filter(ward=world.ward).select_related("indicator")}
    assert figures[("residential-groups", date(2026, 12, 1))] == 10
    assert figures[("safe-residential-groups", date(2026, 12, 1))] == 8
    assert ("residential-groups", date(2026, 2, 1)) not in figures
    assert figures[("residential-groups", date(2025, 5, 1))] == 30
    total = WardYearTotal.objects.get(indicator=groups, ward=world.ward, year=2026)
    assert (total.total, total.count) == (10, 1)
    from indicators.map_selectors import ward_values

    share = IndicatorDefinition.objects.get(code="safe-residential-group-share")
    assert ward_values(share, [world.ward.pk], 2026)[world.ward.pk] == 80


def test_it_refuses_typing_a_figure_the_system_records(world):
    indicator_definitions_load()
    from indicators.services import indicator_value_set

    with pytest.raises(ValidationError, match="do hệ thống tự ghi"):
        indicator_value_set(actor=world.user(Role.WARD_OFFICER), ward=world.ward,
                            indicator=IndicatorDefinition.objects.get(code="residential-groups"),
                            month=date(2026, 10, 1), raw="12")


def test_it_computes_the_ward_police_criterion_from_the_groups(world, standard_sets):
    from testing.factories import assessment_for, criteria_set_with

    ward_police = criteria_set_with(1)
    ward_police.criteria.update(value_type=Criterion.ValueType.PERCENTAGE,
                                comparison=Criterion.Comparison.GTE, target="70",
                                value_source=Criterion.ValueSource.LOWER_LEVEL,
                                source_key="groups-safe-share")
    rows = _ward_with(world, standard_sets, passing=8, total=10)
    _recognise(world, rows[:8])
    dossier = assessment_for(world.ward, criteria_set=ward_police)
    from assessments.services import assessment_sources_refresh

    assessment_sources_refresh(actor=world.user(Role.WARD_CHIEF), assessment=dossier)
    value = dossier.values.get()
    assert (value.value, value.met) == ("80", True)
    assert "8/10" in value.source_note


# --- The movement's models ----------------------------------------------------------------

def test_it_ends_a_model_on_a_stopped_review_and_counts_effective_ones(world):
    chief = world.user(Role.WARD_CHIEF)
    kind = ModelType.objects.create(name="Tổ tự quản")
    model = services.movement_model_save(
        actor=chief, ward=world.ward, data=services.ModelInput(
            type=kind, name="Tổ tự quản ngõ 12", started_on=date(2024, 5, 1),
            groups=[world.group], participants=25))
    services.model_review_save(actor=chief, model=model, year=2025,
                               verdict=ModelReview.Verdict.EFFECTIVE)
    assert ward_year(world.ward, 2025, date(2026, 11, 25)).effective_models == 1
    services.model_review_save(actor=chief, model=model, year=2026,
                               verdict=ModelReview.Verdict.STOPPED)
    model.refresh_from_db()
    assert model.stopped_on == date(2026, 12, 31)
    with pytest.raises(ValidationError):
        services.model_review_save(actor=chief, model=model, year=2023,
                                   verdict=ModelReview.Verdict.EFFECTIVE)
    with pytest.raises(ValidationError):
        services.movement_model_save(actor=chief, ward=world.ward, data=services.ModelInput(
            type=kind, name="X", started_on=date(2026, 1, 1), groups=[world.other_group]))
    with pytest.raises(PermissionDenied):
        services.model_review_save(actor=world.user(Role.WARD_CHIEF, own=False), model=model,
                                   year=2026, verdict=ModelReview.Verdict.EFFECTIVE)


def test_it_loads_the_kinds_of_models_once():
    assert services.model_types_load() == len(standard_rules.standard().model_types) > 0
    assert services.model_types_load() == 0


def test_it_refuses_a_kind_of_model_twice(world):
    coordinator = world.user(Role.CITY_COORDINATOR)
    services.model_type_save(actor=coordinator, name="Camera an ninh")
    with pytest.raises(ValidationError):
        services.model_type_save(actor=coordinator, name="camera an ninh ")
    with pytest.raises(PermissionDenied):
        services.model_type_save(actor=world.user(Role.WARD_CHIEF), name="Khác")


# --- The city's view ----------------------------------------------------------------------

def test_it_reads_the_city_overview_in_a_fixed_number_of_queries(world, standard_sets,
                                                                 django_assert_num_queries):
    coordinator = world.user(Role.CITY_COORDINATOR)
    coordinator.active_assignments()
    _recognise(world, _ward_with(world, standard_sets, passing=2, total=3)[:2])
    with django_assert_num_queries(5):
        small = province_overview(coordinator, world.province, 2026, date(2026, 11, 25))
    for n in range(6):
        ward = WardFactory(parent=world.province, code=f"0090{n}")
        registered(ResidentialGroupFactory(parent=ward), ward, standard_sets[0])
    with django_assert_num_queries(5):
        large = province_overview(coordinator, world.province, 2026, date(2026, 11, 25))
    assert len(large) == len(small) + 6
    own = next(r for r in large if r.ward == world.ward)
    assert (own.groups, own.registered, own.recognised) == (3, 3, 2)
