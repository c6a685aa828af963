"""The round's deadlines: registration until its day, the first submission of a dossier by
its day, later only through the coordinator's recorded extension."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from assessments import procedure_services as ps
from assessments import services
from assessments.models import Assessment, SubmissionExtension
from assessments.tests.conftest import at
from audit.models import AuditEntry
from testing.clients import login
from testing.clock import hanoi
from testing.factories import assessment_for, criteria_set_with, endorsed

pytestmark = pytest.mark.django_db
S = Assessment.State
DEADLINE = date(2026, 12, 10)  # the factory round's self-assessment deadline


@pytest.fixture
def dossier(world):
    dossier = assessment_for(world.ward, criteria_set=criteria_set_with(2))
    for value in dossier.values.select_related("criterion"):
        judgement = value.criterion.evaluate("yes")
        value.value, value.met, value.score = "yes", judgement.met, judgement.score
        value.save()
    services.assessment_recompute(assessment=dossier)
    assert dossier.round.submission_deadline == DEADLINE
    return endorsed(dossier)


def submit(world, dossier):
    return ps.assessment_step(actor=world.user(Role.WARD_CHIEF), assessment=dossier,
                              target=S.SUBMITTED)


def test_it_accepts_a_submission_until_midnight_in_hanoi_on_the_deadline(
        world, dossier, time_machine):
    time_machine.move_to(hanoi(2026, 12, 10, 23, 59))
    submit(world, dossier)
    assert Assessment.objects.get(pk=dossier.pk).state == S.SUBMITTED


def test_it_refuses_the_first_submission_the_day_after(world, dossier, time_machine):
    time_machine.move_to(hanoi(2026, 12, 11, 0, 0))  # 17:00 UTC on the deadline
    with pytest.raises(ValidationError) as refused:
        submit(world, dossier)
    assert refused.value.code == "late"
    assert "10/12/2026" in refused.value.messages[0]
    assert Assessment.objects.get(pk=dossier.pk).state == S.DRAFT


def test_it_accepts_a_late_submission_through_the_coordinators_extension(
        world, dossier, time_machine):
    coordinator = world.user(Role.CITY_COORDINATOR)
    time_machine.move_to(hanoi(2026, 12, 13))
    extension = services.submission_extend(
        actor=coordinator, assessment=dossier, until=date(2026, 12, 20),
        reason="Trưởng Công an phường đi học tập trung.")
    assert dossier.submission_due() == date(2026, 12, 20)
    submit(world, dossier)
    assert Assessment.objects.get(pk=dossier.pk).state == S.SUBMITTED
    entry = AuditEntry.objects.get(model="assessments.submissionextension",
                                   object_id=str(extension.pk))
    assert entry.changes["granted_by_id"] == [None, coordinator.pk]
    assert entry.changes["until"] == [None, "2026-12-20"]
    assert entry.changes["reason"][1] == "Trưởng Công an phường đi học tập trung."


def test_it_refuses_again_once_the_extension_has_run_out(world, dossier, time_machine):
    time_machine.move_to(hanoi(2026, 12, 13))
    services.submission_extend(actor=world.user(Role.CITY_COORDINATOR), assessment=dossier,
                               until=date(2026, 12, 20), reason="Lý do")
    time_machine.move_to(hanoi(2026, 12, 21))
    with pytest.raises(ValidationError) as refused:
        submit(world, dossier)
    assert "20/12/2026" in refused.value.messages[0]


@pytest.mark.parametrize("role", [Role.WARD_CHIEF, Role.WARD_OFFICER, Role.CITY_LEADER,
                                  Role.COUNCIL_MEMBER, Role.WARD_FRONT])
def test_it_lets_only_the_coordinator_extend(world, dossier, role):
    with pytest.raises(PermissionDenied):
        services.submission_extend(actor=world.user(role), assessment=dossier,
                                   until=date(2026, 12, 20), reason="Lý do")
    assert not SubmissionExtension.objects.exists()


@pytest.mark.parametrize(("until", "reason", "field"), [
    (date(2026, 12, 20), "", "reason"),
    (date(2026, 12, 20), "x" * 1001, "reason"),
    (DEADLINE, "Lý do", "until"),
    (date(2026, 12, 1), "Lý do", "until"),
])
def test_it_refuses_an_extension_without_reason_or_later_day(world, dossier, until, reason,
                                                            field):
    with pytest.raises(ValidationError) as refused:
        services.submission_extend(actor=world.user(Role.CITY_COORDINATOR), assessment=dossier,
                                   until=until, reason=reason)
    assert field in refused.value.message_dict
    assert not SubmissionExtension.objects.exists()


def test_it_refuses_an_extension_of_a_submitted_dossier(world, dossier):
    submit(world, dossier)
    with pytest.raises(ValidationError):
        services.submission_extend(actor=world.user(Role.CITY_COORDINATOR), assessment=dossier,
                                   until=date(2026, 12, 20), reason="Lý do")


def test_it_lets_a_returned_dossier_be_resubmitted_after_the_deadline(
        world, dossier, time_machine):
    at(dossier, S.RETURNED)
    time_machine.move_to(hanoi(2027, 1, 20))
    submit(world, dossier)
    assert Assessment.objects.get(pk=dossier.pk).state == S.SUBMITTED


@pytest.mark.parametrize(("day", "is_open"), [
    (date(2026, 3, 30), True), (date(2026, 3, 31), True), (date(2026, 4, 1), False)])
def test_it_keeps_registration_open_until_its_deadline_inclusive(world, dossier, day, is_open):
    assert dossier.round.registration_deadline == date(2026, 3, 31)
    assert dossier.round.registration_open_on(day) is is_open


def test_it_shows_the_deadline_and_offers_the_extension_to_the_coordinator(
        client, world, dossier, time_machine):
    time_machine.move_to(hanoi(2026, 12, 8))
    url = reverse("assessments:procedure", args=[dossier.pk])
    extend = reverse("assessments:extend", args=[dossier.pk])
    login(client, world.user(Role.WARD_CHIEF))
    page = client.get(url).content.decode()
    assert "10/12/2026" in page and "còn 2 ngày" in page
    assert extend not in page
    assert client.post(extend, {"until": "20/12/2026", "reason": "Lý do"}).status_code == 403

    client.logout()
    login(client, world.user(Role.CITY_COORDINATOR))
    assert extend in client.get(url).content.decode()
    refused = client.post(extend, {"until": "01/12/2026", "reason": "Chờ biên bản họp."})
    assert 'value="01/12/2026"' in refused.content.decode()
    assert "Chờ biên bản họp." in refused.content.decode()
    assert client.post(extend, {"until": "20/12/2026", "reason": "Chờ biên bản họp.",
                                "next": url}).status_code == 302
    page = client.get(url).content.decode()
    assert "20/12/2026" in page and "Chờ biên bản họp." in page
