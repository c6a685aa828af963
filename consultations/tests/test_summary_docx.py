"""The Front's summary DOCX and the one action that attaches it to the ward's dossier."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from accounts.models import Role
from assessments.models import Assessment, Criterion
from consultations.models import ContactRequest, PaperTally
from testing.clients import login
from testing.factories import assessment_for, campaign_for, criteria_set_with, response_stored

S = Assessment.State


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def campaign(world):
    return campaign_for(world.ward)


@pytest.fixture
def front(world, client):
    user = world.user(Role.WARD_FRONT)
    login(client, user)
    return user


def paper(campaign, group, rating, count):
    PaperTally.objects.create(campaign=campaign, group=group, rating=rating, count=count,
                              question=campaign.questions.get(is_overall=True))


def comment(campaign, group, text, *, hidden=False):
    response_stored(campaign, group, 5, comment=text, hidden=hidden)


def _text(content: bytes) -> tuple[str, list[list[str]]]:
    document = Document(io.BytesIO(content))
    body = "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    return body, cells


def _download(client, campaign):
    return client.get(reverse("consultations:summary_docx", args=[campaign.pk]))


def test_it_writes_the_rate_and_the_group_table(world, campaign, front, client):
    paper(campaign, world.group, 5, 18)
    paper(campaign, world.group, 2, 2)
    response = _download(client, campaign)
    body, rows = _text(response.content)
    assert response["Content-Disposition"].endswith('tong-hop-y-kien-00070-2026.docx"')
    assert "BÁO CÁO\nTổng hợp kết quả lấy ý kiến nhân dân đối với Công an phường" in body
    assert "Số: …/BC-MTTQ" in rows[1]  # the letterhead's second row
    assert "90% (18/20 ý kiến), đạt mức yêu cầu 90%" in body
    assert [world.group.name, "120", "20", "18", "90%"] == rows_of(rows, world.group.name)


def rows_of(rows, first):
    return next(r[1:] for r in rows if len(r) > 1 and r[1] == first)


def test_it_quotes_visible_comments_only_and_never_phone_numbers(world, campaign, front,
                                                                 client):
    comment(campaign, world.group, "Công an phường rất tận tình")
    comment(campaign, world.group, "Nội dung đã ẩn", hidden=True)
    comment(campaign, world.group, "Gọi tôi số 0912 345 678 nhé")
    ContactRequest.objects.create(campaign=campaign, phone="0987654321", consent_text="Đồng ý")
    body, _ = _text(_download(client, campaign).content)
    assert "Công an phường rất tận tình" in body
    assert "Nội dung đã ẩn" not in body
    assert "0912 345 678" not in body and "Gọi tôi số ***" in body
    assert "0987654321" not in body


@pytest.fixture
def dossier(world):
    """The ward's dossier being prepared, whose criterion 1.3 is the satisfaction (≥ 90 %)."""
    criteria_set = criteria_set_with(3)
    criteria_set.criteria.filter(code="1.3").update(
        value_type=Criterion.ValueType.PERCENTAGE, comparison=Criterion.Comparison.GTE,
        target="90", value_source=Criterion.ValueSource.CONSULTATION,
    )
    return assessment_for(world.ward, criteria_set=criteria_set)


def _attach(client, campaign, **data):
    return client.post(reverse("consultations:attach", args=[campaign.pk]), data)


def test_it_attaches_the_summary_and_fills_the_satisfaction_criterion(world, campaign,
                                                                      dossier, front, client):
    paper(campaign, world.group, 5, 19)
    paper(campaign, world.group, 1, 1)
    response = _attach(client, campaign)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:detail", args=[dossier.pk])
    dossier.refresh_from_db()
    value = dossier.values.get(criterion__code="1.3")
    assert (dossier.state, dossier.satisfaction_rate) == (S.DRAFT, Decimal("95"))
    assert (value.value, value.met) == ("95", True)
    assert dossier.opinions_file.original_name == "tong-hop-y-kien-00070-2026.docx"


def test_it_refuses_when_the_ward_has_no_dossier_that_year(world, campaign, front, client,
                                                          english):
    paper(campaign, world.group, 5, 20)
    response = _attach(client, campaign)
    message = str(next(iter(response.wsgi_request._messages)))
    assert "has no recognition dossier for 2026" in message


def test_it_says_who_must_act_when_the_dossier_is_already_submitted(world, campaign, dossier,
                                                                   front, client, english):
    Assessment.objects.filter(pk=dossier.pk).update(state=S.UNDER_REVIEW)
    paper(campaign, world.group, 5, 20)
    response = _attach(client, campaign)
    message = str(next(iter(response.wsgi_request._messages)))
    assert "“Under review”" in message and "coordinator can return it to the ward" in message
    assert Assessment.objects.get(pk=dossier.pk).satisfaction_rate is None


def test_it_refuses_without_answers(world, campaign, dossier, front, client, english):
    response = _attach(client, campaign)
    assert "No resident has answered yet" in str(next(iter(response.wsgi_request._messages)))


def test_it_refuses_a_short_result_unless_confirmed(world, campaign, dossier, front, client,
                                                    english):
    paper(campaign, world.group, 5, 9)
    refused = _attach(client, campaign)
    assert f"{world.group.name} (9)" in str(next(iter(refused.wsgi_request._messages)))
    assert Assessment.objects.get(pk=dossier.pk).satisfaction_rate is None
    _attach(client, campaign, attach_anyway="on")
    assert Assessment.objects.get(pk=dossier.pk).satisfaction_rate == Decimal(100)


def test_it_refuses_the_attach_action_to_a_ward_officer(world, campaign, dossier, client):
    paper(campaign, world.group, 5, 20)
    login(client, world.user(Role.WARD_OFFICER))
    assert _attach(client, campaign).status_code == 403
    assert Assessment.objects.get(pk=dossier.pk).satisfaction_rate is None


def test_it_is_signed_by_the_fronts_user_and_left_blank_for_anyone_else(client, world):
    campaign = campaign_for(world.ward)
    front = world.user(Role.WARD_FRONT)
    front.full_name = "Đặng Thị Hoa"
    front.save()
    url = reverse("consultations:summary_docx", args=[campaign.pk])

    def signature(user) -> str:
        client.logout()
        login(client, user)
        document = Document(io.BytesIO(client.get(url).content))
        return document.tables[-1].rows[0].cells[1].text

    assert "Đặng Thị Hoa" in signature(front)
    assert "Đặng Thị Hoa" not in signature(world.user(Role.CITY_COORDINATOR))
