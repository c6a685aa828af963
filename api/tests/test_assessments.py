"""The recognition chain through the API: criteria sets, rounds and dossiers, read only."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from assessments.models import (
    Assessment,
    CriteriaGroup,
    CriteriaSet,
    Criterion,
    RecognitionRound,
    Transition,
)
from attachments.models import Attachment
from testing.api import api_call, key_for
from testing.factories import WardFactory, assessment_for, criteria_set_with, endorsed

SETS = "/api/v1/criteria-sets/"
ROUNDS = "/api/v1/rounds/"
DOSSIERS = "/api/v1/dossiers/"

# Query values that must be refused (400), never a 500, for each list.
BAD_YEARS = ["abc", "1999", "2101", "99999999999999999999999", "\x00", "2026\x00", " 20 26"]
BAD_IDS = ["0", "-1", "abc", str(2**63), "99999999999999999999999", "1.5", "\x00"]


def _get(client, path, key, **params):
    return api_call(client, "GET", path, key, data=params or None)


def _refused(response, field: str) -> None:
    """A 400 problem that names `field` (an address holding a NUL is refused before the
    operation, by core.middleware: a problem without a field to name)."""
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    if "errors" in body:
        assert body["errors"][0]["field"] == field


def _text(response) -> str:
    """The body as written on the wire (escapes undone), for searching names in it."""
    return json.dumps(response.json(), ensure_ascii=False)


@pytest.fixture
def dossiers(world):
    """Each ward of the province with its dossier in the 2026 round; the far ward's in
    another province's round."""
    own = assessment_for(world.ward)
    other = assessment_for(world.other_ward)
    far = assessment_for(world.far_ward)
    return own, other, far


def _submit(assessment: Assessment) -> Transition:
    assessment.state = Assessment.State.SUBMITTED
    assessment.save()
    return Transition.objects.create(assessment=assessment, from_state=Assessment.State.DRAFT,
                                     to_state=Assessment.State.SUBMITTED)


def _evidence(ward, name: str = "minh-chung.pdf") -> Attachment:
    content = b"%PDF-1.4\n%%EOF\n"
    return Attachment.objects.create(
        file=ContentFile(content, name=name), original_name=name, kind="pdf",
        size=len(content), sha256="0" * 64, org_unit=ward, uploaded_at=timezone.now())


def _set_with_computed_and_sub_criteria() -> CriteriaSet:
    criteria_set = criteria_set_with(2, pass_score="25", name="Bộ có tiêu chí con")
    group = CriteriaGroup.objects.create(criteria_set=criteria_set, code="II", title="Nhóm II",
                                         order=2)
    parent = Criterion.objects.create(
        criteria_set=criteria_set, group=group, code="2.1", title="Tiêu chí có tiêu chí con",
        value_type=Criterion.ValueType.YES_NO, comparison=Criterion.Comparison.YES,
        max_score=Decimal(20), order=1)
    Criterion.objects.create(
        criteria_set=criteria_set, group=group, parent=parent, code="2.1.a",
        title="Tỷ lệ điều tra khám phá", value_type=Criterion.ValueType.PERCENTAGE,
        comparison=Criterion.Comparison.GTE, target="90,5", max_score=Decimal(10), order=1,
        value_source=Criterion.ValueSource.INDICATORS, source_key="crime-solve-rate")
    Criterion.objects.create(
        criteria_set=criteria_set, group=group, parent=parent, code="2.1.b",
        title="Người dân hài lòng", value_type=Criterion.ValueType.PERCENTAGE,
        comparison=Criterion.Comparison.GTE, target="90", max_score=Decimal(10), order=2,
        value_source=Criterion.ValueSource.CONSULTATION)
    return criteria_set


# --- Criteria sets ---------------------------------------------------------------------

def test_it_lists_criteria_sets_with_their_counts(client, world):
    criteria_set = criteria_set_with(3, pass_score="20", name="Bộ 2026",
                                     legal_basis_number="12/QĐ-UBND")
    key = key_for(world.user(Role.WARD_CHIEF))
    body = _get(client, SETS, key).json()
    assert body["next"] is None and body["previous"] is None
    (row,) = body["results"]
    assert row == {
        "id": criteria_set.pk, "name": "Bộ 2026", "purpose": "ward_police",
        "legal_basis_number": "12/QĐ-UBND", "legal_basis_date": None, "year_from": 2024,
        "year_to": 2030, "pass_score": 20.0, "is_sample": False, "version": 1,
        "previous_version": None, "criteria_count": 3, "max_total_score": 30.0,
    }


def test_it_filters_criteria_sets_by_purpose_and_year(client, world):
    police = criteria_set_with(1, year_from=2024, year_to=2026)
    group = criteria_set_with(1, year_from=2027, year_to=2030,
                              purpose=CriteriaSet.Purpose.SAFE_GROUP)
    key = key_for(world.user(Role.CITY_COORDINATOR))

    def ids(**params):
        return [r["id"] for r in _get(client, SETS, key, **params).json()["results"]]

    assert ids() == [police.pk, group.pk]
    assert ids(purpose="safe_group") == [group.pk]
    assert ids(year=2026) == [police.pk]
    assert ids(year=2028, purpose="ward_police") == []


def test_it_refuses_bad_criteria_set_filters(client, world):
    key = key_for(world.user(Role.WARD_CHIEF))
    for year in BAD_YEARS:
        _refused(_get(client, SETS, key, year=year), "year")
    response = _get(client, SETS, key, year="2026.5")
    assert response["Content-Type"] == "application/problem+json"
    _refused(response, "year")
    for purpose in ("", "nope", "\x00", "x" * 5000):
        _refused(_get(client, SETS, key, purpose=purpose), "purpose")


def test_it_gives_a_criteria_set_with_groups_criteria_and_sources(client, world):
    criteria_set = _set_with_computed_and_sub_criteria()
    key = key_for(world.user(Role.WARD_OFFICER))
    response = _get(client, f"{SETS}{criteria_set.pk}/", key)
    assert response.status_code == 200
    body = response.json()
    assert body["criteria_count"] == 5
    assert body["max_total_score"] == 40.0  # 2 × 10 in group I, 20 for 2.1 (not its subs)
    assert body["pass_score"] == 25.0
    first, second = body["groups"]
    assert (first["code"], first["max_score"]) == ("I", 20.0)
    assert [c["code"] for c in first["criteria"]] == ["1.1", "1.2"]
    one = first["criteria"][0]
    assert one["mandatory"] is True and one["value_type"] == "yes_no"
    assert one["computed"] is False and one["value_source"] == "entered"
    assert one["sub_criteria"] == []
    (parent,) = second["criteria"]
    assert parent["code"] == "2.1"
    solve, satisfied = parent["sub_criteria"]
    assert solve["code"] == "2.1.a"
    assert (solve["comparison"], solve["target"], solve["target_number"]) == ("gte", "90,5",
                                                                                90.5)
    assert (solve["value_source"], solve["source_key"], solve["computed"]) == (
        "indicators", "crime-solve-rate", True)
    assert (satisfied["value_source"], satisfied["computed"]) == ("consultation", True)
    assert "sub_criteria" not in solve


def test_it_keeps_criteria_sets_list_within_the_ward(client, world, dossiers):
    """Criteria sets are shared: the ward key reads them all, and nothing in them names the
    other ward, although that ward's dossier froze the set."""
    _own, other, _far = dossiers
    _submit(other)
    key = key_for(world.user(Role.WARD_CHIEF))
    response = _get(client, SETS, key)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [
        s.pk for s in CriteriaSet.objects.order_by("pk")]
    text = _text(response)
    assert world.other_ward.name not in text and world.other_ward.code not in text
    assert f'"id": {world.other_ward.pk},' not in text
    # A key whose roles do not read criteria sets reads none.
    reporter = key_for(world.user(Role.AGENCY_REPORTER))
    assert _get(client, SETS, reporter).json()["results"] == []


def test_it_keeps_criteria_set_get_within_the_ward(client, world, dossiers):
    _own, other, _far = dossiers
    _submit(other)
    key = key_for(world.user(Role.WARD_CHIEF))
    response = _get(client, f"{SETS}{other.criteria_set_id}/", key)
    assert response.status_code == 200
    text = _text(response)
    assert world.other_ward.name not in text and world.other_ward.code not in text
    assert not ({"ward", "wards", "assessments", "dossiers", "locked"} & set(response.json()))
    reporter = key_for(world.user(Role.AGENCY_REPORTER))
    assert _get(client, f"{SETS}{other.criteria_set_id}/", reporter).status_code == 404
    assert _get(client, f"{SETS}{other.criteria_set_id + 1000}/", key).status_code == 404


def test_it_reads_a_page_of_criteria_sets_in_the_same_queries_at_any_size(client, world):
    key = key_for(world.user(Role.CITY_COORDINATOR))
    criteria_set_with(2)
    _get(client, SETS, key)  # the key's first use is recorded once

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert _get(client, SETS, key).status_code == 200
        return len(queries)

    few = count()
    for _n in range(6):
        criteria_set_with(4)
    assert count() == few


# --- Rounds ------------------------------------------------------------------------------

def test_it_lists_rounds_with_deadlines_and_state(client, world, dossiers):
    own, _other, _far = dossiers
    key = key_for(world.user(Role.CITY_COORDINATOR))
    body = _get(client, ROUNDS, key).json()
    (row,) = body["results"]
    assert row == {
        "id": own.round_id, "year": 2026,
        "province": {"id": world.province.pk, "code": "01", "name": "Thành phố Hà Nội"},
        "criteria_set": own.criteria_set_id, "criteria_set_name": own.criteria_set.name,
        "registration_deadline": "2026-03-31", "submission_deadline": "2026-12-10",
        "is_open": True, "registration_open": False, "opened_at": row["opened_at"],
    }
    assert row["opened_at"]


def test_it_filters_rounds(client, world, dossiers):
    own, _other, _far = dossiers
    later = RecognitionRound.objects.create(
        province=world.province, year=2027, criteria_set=own.criteria_set, is_open=False,
        registration_deadline=date(2027, 3, 31), submission_deadline=date(2027, 12, 10))
    key = key_for(world.user(Role.CITY_COORDINATOR))

    def ids(**params):
        response = _get(client, ROUNDS, key, **params)
        assert response.status_code == 200, response.json()
        return [r["id"] for r in response.json()["results"]]

    assert ids() == [own.round_id, later.pk]
    assert ids(year=2027) == [later.pk]
    assert ids(is_open="false") == [later.pk]
    assert ids(is_open="true", province=world.province.pk) == [own.round_id]
    assert ids(province=world.other_province.pk) == []
    for params in ({"year": "x"}, {"province": "0"}, {"province": str(2**64)},
                   {"is_open": "maybe"}, {"is_open": ""}, {"year": ""},
                   {"province": "\x00"}):
        _refused(_get(client, ROUNDS, key, **params), next(iter(params)))


def test_it_keeps_rounds_list_within_the_ward(client, world, dossiers):
    """A ward sees its province's round (it registers in it), never another province's,
    and the round tells it nothing about the other wards."""
    own, other, far = dossiers
    _submit(other)
    key = key_for(world.user(Role.WARD_CHIEF))
    response = _get(client, ROUNDS, key)
    assert [r["id"] for r in response.json()["results"]] == [own.round_id]
    assert far.round_id != own.round_id
    text = _text(response)
    assert world.other_ward.name not in text and world.other_ward.code not in text
    assert not ({"registered", "registrations", "states", "dossiers"}
                & set(response.json()["results"][0]))
    assert _get(client, ROUNDS, key, province=world.other_province.pk).json()["results"] == []


def test_it_keeps_round_get_within_the_ward(client, world, dossiers):
    own, _other, far = dossiers
    key = key_for(world.user(Role.WARD_CHIEF))
    response = _get(client, f"{ROUNDS}{own.round_id}/", key)
    assert response.status_code == 200
    assert response.json()["province"]["id"] == world.province.pk
    assert world.other_ward.name not in _text(response)
    assert _get(client, f"{ROUNDS}{far.round_id}/", key).status_code == 404
    reporter = key_for(world.user(Role.AGENCY_REPORTER))
    assert _get(client, f"{ROUNDS}{own.round_id}/", reporter).status_code == 404
    assert _get(client, f"{ROUNDS}99999999/", key).status_code == 404


# --- Dossiers ----------------------------------------------------------------------------

def test_it_lists_dossiers_with_their_step_score_and_decision(client, world, dossiers):
    own, _other, _far = dossiers
    submitted = _submit(own)
    own.state = Assessment.State.RECOGNISED
    own.total_score = Decimal("27.5")
    own.mandatory_met = own.passes = True
    own.decision_number, own.decision_date = "123/QĐ-BCA", date(2026, 11, 20)
    own.decision_signer = "Bộ trưởng Bộ Công an"
    own.save()
    key = key_for(world.user(Role.WARD_CHIEF))
    response = _get(client, DOSSIERS, key)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row == {
        "id": own.pk,
        "ward": {"id": world.ward.pk, "code": world.ward.code, "name": world.ward.name},
        "year": 2026, "round": own.round_id, "criteria_set": own.criteria_set_id,
        "step": "recognised", "step_label": row["step_label"],
        "next_steps": [{"step": "revoked", "label": row["next_steps"][0]["label"]}],
        "total_score": 27.5, "pass_score": 0.0, "mandatory_met": True, "passes": True,
        "satisfaction_rate": None,
        "submitted_at": row["submitted_at"],
        "decision": {"number": "123/QĐ-BCA", "date": "2026-11-20",
                     "signer": "Bộ trưởng Bộ Công an"},
        "updated_at": row["updated_at"],
    }
    assert row["step_label"] and row["next_steps"][0]["label"]
    assert row["submitted_at"].startswith(
        timezone.localtime(submitted.at).isoformat()[:19])


def test_it_lists_a_draft_without_submission_or_decision(client, world, dossiers):
    key = key_for(world.user(Role.WARD_OFFICER))
    (row,) = _get(client, DOSSIERS, key).json()["results"]
    assert row["step"] == "draft"
    assert row["next_steps"] == [{"step": "submitted", "label": row["next_steps"][0]["label"]}]
    assert row["submitted_at"] is None and row["decision"] is None


def test_it_filters_dossiers_by_year_ward_step_and_round(client, world, dossiers):
    own, other, far = dossiers
    _submit(other)
    later = assessment_for(world.ward, year=2027, criteria_set=own.criteria_set)
    key = key_for(world.user(Role.CITY_COORDINATOR))

    def ids(**params):
        response = _get(client, DOSSIERS, key, **params)
        assert response.status_code == 200, response.json()
        return sorted(r["id"] for r in response.json()["results"])

    assert ids() == sorted([own.pk, other.pk, later.pk])
    assert ids(year=2027) == [later.pk]
    assert ids(ward=world.ward.pk) == sorted([own.pk, later.pk])
    assert ids(step="submitted") == [other.pk]
    assert ids(round=own.round_id, step="draft") == [own.pk]
    assert ids(ward=world.far_ward.pk) == []  # another province: not the coordinator's
    assert far.pk not in ids()


def test_it_refuses_bad_dossier_filters(client, world, dossiers):
    key = key_for(world.user(Role.WARD_CHIEF))
    for year in BAD_YEARS:
        _refused(_get(client, DOSSIERS, key, year=year), "year")
    for name in ("ward", "round"):
        for value in BAD_IDS:
            _refused(_get(client, DOSSIERS, key, **{name: value}), name)
    for name in ("year", "ward", "round", "step"):
        _refused(_get(client, DOSSIERS, key, **{name: ""}), name)
    for step in ("state", "DRAFT", "\x00", "x" * 10_000):
        _refused(_get(client, DOSSIERS, key, step=step), "step")
    for cursor in ("nope", "\x00", "cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5", "x" * 5000):
        assert _get(client, DOSSIERS, key, cursor=cursor).status_code < 500
    for size in ("0", "-1", "abc", "501", "99999999999999999999"):
        _refused(_get(client, DOSSIERS, key, page_size=size), "page_size")
    _refused(_get(client, DOSSIERS, key, ward_id=world.ward.pk), "ward_id")


def test_it_keeps_dossiers_list_within_the_ward(client, world, dossiers):
    own, other, _far = dossiers
    _submit(other)
    key = key_for(world.user(Role.WARD_CHIEF))
    response = _get(client, DOSSIERS, key)
    assert [r["id"] for r in response.json()["results"]] == [own.pk]
    assert world.other_ward.name not in _text(response)
    for params in ({"ward": world.other_ward.pk}, {"step": "submitted"},
                   {"round": other.round_id, "ward": world.other_ward.pk}):
        assert _get(client, DOSSIERS, key, **params).json()["results"] == [], params


def test_it_gives_a_dossier_with_every_criterion_value_and_its_source(client, world):
    criteria_set = _set_with_computed_and_sub_criteria()
    dossier = assessment_for(world.ward, criteria_set=criteria_set)
    values = {v.criterion.code: v for v in dossier.values.select_related("criterion")}
    first = values["1.1"]
    first.value, first.met, first.score = "yes", True, Decimal(10)
    first.explanation = "Đã có quyết định"
    first.save()
    first.evidence.add(_evidence(world.ward), _evidence(world.ward, "b.pdf"))
    solve = values["2.1.a"]
    solve.value, solve.met, solve.score = "92.5", True, Decimal(10)
    solve.source_note = "Chỉ tiêu “Tỷ lệ điều tra khám phá” năm 2026: 92,5%"
    solve.source_read_at = timezone.now()
    solve.save()
    satisfied = values["2.1.b"]
    satisfied.value, satisfied.met, satisfied.score = "95", True, Decimal(10)
    satisfied.source_note = "Tổng hợp của Mặt trận"
    satisfied.override_reason = "Mặt trận gửi lại bản tổng hợp"
    satisfied.overridden_at = timezone.now()
    satisfied.save()
    dossier.total_score = Decimal(30)
    dossier.save()
    key = key_for(world.user(Role.WARD_CHIEF))
    response = _get(client, f"{DOSSIERS}{dossier.pk}/", key)
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == dossier.pk and body["step"] == "draft"
    assert body["submission_due"] == "2026-12-10"
    assert body["pass_score"] == 25.0 and body["total_score"] == 30.0
    by_code = {v["code"]: v for v in body["values"]}
    assert [v["code"] for v in body["values"]] == ["1.1", "1.2", "2.1", "2.1.a", "2.1.b"]
    assert by_code["1.1"] == {
        "criterion": first.criterion_id, "code": "1.1", "title": "Tiêu chí 1.1", "group": "I",
        "parent": None, "mandatory": True, "max_score": 10.0, "value": "yes", "met": True,
        "score": 10.0, "computed": False, "value_source": "entered", "source": None,
        "correction": None, "evidence_count": 2, "explanation": "Đã có quyết định",
        "review_comment": "",
    }
    assert by_code["1.2"]["met"] is None and by_code["1.2"]["value"] == ""
    assert by_code["2.1.a"]["parent"] == "2.1"
    assert by_code["2.1.a"]["computed"] is True
    assert by_code["2.1.a"]["source"]["key"] == "crime-solve-rate"
    assert by_code["2.1.a"]["source"]["note"] == solve.source_note
    assert by_code["2.1.a"]["source"]["read_at"]
    assert by_code["2.1.a"]["correction"] is None
    assert by_code["2.1.b"]["source"] == {"key": "", "note": "Tổng hợp của Mặt trận",
                                          "read_at": None}
    assert by_code["2.1.b"]["correction"]["reason"] == "Mặt trận gửi lại bản tổng hợp"
    gap = body["gap"]
    assert gap["score_shortfall"] == 0.0 and gap["mandatory_unmet"] == 0
    assert [g["code"] for g in gap["criteria"]] == ["1.2"]
    assert gap["criteria"][0]["missing_value"] is True


def test_it_keeps_dossier_get_within_the_ward(client, world, dossiers):
    own, other, far = dossiers
    endorsed(other)
    key = key_for(world.user(Role.WARD_CHIEF))
    assert _get(client, f"{DOSSIERS}{own.pk}/", key).status_code == 200
    for dossier in (other, far):
        response = _get(client, f"{DOSSIERS}{dossier.pk}/", key)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert world.other_ward.name not in response.content.decode()
    # The city sees its wards' dossiers, not another province's.
    city = key_for(world.user(Role.CITY_COORDINATOR))
    assert _get(client, f"{DOSSIERS}{other.pk}/", city).status_code == 200
    assert _get(client, f"{DOSSIERS}{far.pk}/", city).status_code == 404


def test_it_reads_a_page_of_dossiers_in_the_same_queries_at_any_size(client, world):
    criteria_set = criteria_set_with(3)
    key = key_for(world.user(Role.CITY_COORDINATOR))
    first = assessment_for(world.ward, criteria_set=criteria_set)
    _submit(first)
    _get(client, DOSSIERS, key)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = _get(client, DOSSIERS, key)
            assert response.status_code == 200
        return len(queries)

    few = count()
    for _n in range(8):
        dossier = assessment_for(WardFactory(parent=world.province), criteria_set=criteria_set)
        _submit(dossier)
    assert count() == few
    assert len(_get(client, DOSSIERS, key).json()["results"]) == 9


def test_it_reads_a_dossier_in_the_same_queries_at_any_size(client, world):
    key = key_for(world.user(Role.CITY_COORDINATOR))
    small = assessment_for(world.ward, criteria_set=criteria_set_with(2))
    large = assessment_for(world.other_ward, year=2027, criteria_set=criteria_set_with(12))
    for value in large.values.all():
        value.evidence.add(_evidence(world.other_ward))
    _get(client, DOSSIERS, key)

    def count(dossier: Assessment) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = _get(client, f"{DOSSIERS}{dossier.pk}/", key)
            assert response.status_code == 200
        return len(queries)

    assert count(small) == count(large)
