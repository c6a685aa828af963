"""The ward's opinions before submission, and the proposal that carries approved units to
the Ministry."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from accounts.models import Role
from assessments import procedure_services as ps
from assessments.documents import proposal_docx
from assessments.models import Assessment, Endorsement
from assessments.tests.conftest import at, pdf
from testing.clients import login
from testing.factories import assessment_for, criteria_set_with, endorsed

pytestmark = pytest.mark.django_db
S = Assessment.State


@pytest.fixture(autouse=True)
def _media(media_root):
    """Files stored by these tests go to a temporary directory."""


@pytest.fixture
def dossier(world):
    return assessment_for(world.ward, criteria_set=criteria_set_with(2))


def opinion(**overrides):
    fields = {"body": "committee", "opinion": "agree", "text": "",
              "document_number": "45/UBND-CAP", "document_date": date(2026, 11, 20),
              "document": pdf("y-kien.pdf")}
    return ps.EndorsementInput(**(fields | overrides))


def test_it_records_the_committees_opinion_and_replaces_it_when_given_again(world, dossier):
    committee = world.user(Role.WARD_COMMITTEE)
    ps.assessment_endorse(actor=committee, assessment=dossier, data=opinion())
    ps.assessment_endorse(actor=committee, assessment=dossier, data=opinion(
        opinion="remarks", text="Đề nghị bổ sung minh chứng về trụ sở.",
        document_number="47/UBND-CAP"))
    (endorsement,) = dossier.endorsements.all()
    assert (endorsement.opinion, endorsement.document_number, endorsement.recorded_by) == (
        "remarks", "47/UBND-CAP", committee)
    assert endorsement.document.org_unit == world.ward


@pytest.mark.parametrize("role", [Role.WARD_CHIEF, Role.WARD_OFFICER, Role.WARD_FRONT,
                                  Role.COUNCIL_MEMBER])
def test_it_lets_only_the_ward_committee_and_the_city_record_it(world, dossier, role):
    with pytest.raises(PermissionDenied):
        ps.assessment_endorse(actor=world.user(role), assessment=dossier, data=opinion())


def test_it_refuses_another_wards_committee(world, dossier):
    with pytest.raises(PermissionDenied):
        ps.assessment_endorse(actor=world.user(Role.WARD_COMMITTEE, own=False),
                              assessment=dossier, data=opinion())


def test_it_lists_every_missing_piece_of_an_opinion(world, dossier, english):
    with pytest.raises(ValidationError) as refused:
        ps.assessment_endorse(actor=world.user(Role.WARD_COMMITTEE), assessment=dossier,
                              data=opinion(opinion="disagree", document_number=" ",
                                           document_date=timezone.localdate()
                                           + timedelta(days=1), document=None))
    assert set(refused.value.message_dict) == {"text", "document_number", "document_date",
                                               "document"}
    assert not dossier.endorsements.exists()


def test_it_takes_opinions_only_before_submission(world, dossier, english):
    at(dossier, S.SUBMITTED)
    with pytest.raises(ValidationError, match="before the ward police submits"):
        ps.assessment_endorse(actor=world.user(Role.WARD_COMMITTEE), assessment=dossier,
                              data=opinion())


def test_it_keeps_the_typed_opinion_when_the_file_is_missing(client, world, dossier,
                                                             english):
    login(client, world.user(Role.WARD_COMMITTEE))
    response = client.post(reverse("assessments:endorse", args=[dossier.pk]), {
        "body": "party", "opinion": "remarks", "text": "Cần làm rõ tiêu chí 1.2",
        "document_number": "12-CV/ĐU", "document_date": "20/11/2026"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page and "Cần làm rõ tiêu chí 1.2" in page
    assert 'value="12-CV/ĐU"' in page
    assert not Endorsement.objects.exists()


def test_it_lists_the_approved_units_in_the_proposal(world, dossier):
    endorsed(dossier)
    dossier.council_outcome = "Hội đồng tán thành 5/5."
    dossier.satisfaction_rate = 95
    dossier.save()
    at(dossier, S.PROPOSED)
    document = Document(io.BytesIO(proposal_docx(dossier.round, [dossier], draft=True)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.tables[0].rows[1].cells[0].text == "Số: …/TTr-CAHN"
    assert "TỜ TRÌNH" in text and "DỰ THẢO" in text
    assert "Kính gửi: Bộ trưởng Bộ Công an." in text
    row = [c.text for c in document.tables[1].rows[1].cells]
    assert row[1] == "Công an phường Hoàn Kiếm" and row[4] == "95%"
    assert row[5] == "Hội đồng tán thành 5/5."
    assert "ý kiến của Ủy ban nhân dân phường (văn bản số 1/UBND ngày 20/11/2026)" in text


def test_it_offers_the_proposal_on_the_round_page_to_the_coordinator_only(client, world,
                                                                          dossier):
    at(dossier, S.PROPOSED)
    url = reverse("assessments:round_detail", args=[dossier.round.year])
    login(client, world.user(Role.CITY_COORDINATOR))
    assert 'id="proposal-docx"' in client.get(url).content.decode()
    docx = client.get(reverse("assessments:proposal_docx", args=[dossier.round.year]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    login(client, world.user(Role.CITY_LEADER))
    assert 'id="proposal-docx"' not in client.get(url).content.decode()
    assert client.get(reverse("assessments:proposal_docx",
                              args=[dossier.round.year])).status_code == 403
