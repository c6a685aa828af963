"""Answers that can be trusted: open-web answers never outnumber a group's households (the
excess is held, not counted), they decide the criterion only when the Front chooses so,
and the page and the summary say which channels counted and how many came through each."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from consultations.manage_services import summary_bytes
from consultations.models import Campaign, Response
from consultations.selectors import campaign_result, counted_result
from consultations.tests.test_results_views import answer, paper
from testing.factories import campaign_for

pytestmark = pytest.mark.django_db
C = Response.Channel


@pytest.fixture
def campaign(world) -> Campaign:
    world.group.households = 4
    world.group.save()
    return campaign_for(world.ward)


def test_it_holds_open_web_answers_beyond_the_households_in_arrival_order(world, campaign):
    answer(campaign, world.group, 5, channel=C.CODE)
    answer(campaign, world.group, 5, channel=C.CODE)
    answer(campaign, world.group, 1)  # the first two open-web answers fill the room left
    answer(campaign, world.group, 2)
    for _ in range(5):
        answer(campaign, world.group, 5)  # a flood after that: held
    result = campaign_result(campaign)
    group = result.groups[0]
    assert (group.answered, group.held) == (4, 5)
    assert group.by_channel == {C.CODE: 2, C.WEB: 2}
    assert group.satisfied == 2  # the flood's fives are not counted


def test_it_lets_codes_count_first_even_after_a_flood(world, campaign):
    for _ in range(4):
        answer(campaign, world.group, 1)
    answer(campaign, world.group, 5, channel=C.CODE)
    group = campaign_result(campaign).groups[0]
    assert group.by_channel == {C.CODE: 1, C.WEB: 3}
    assert group.held == 1


def test_it_has_no_cap_where_the_household_count_is_unknown(world, campaign):
    world.group.households = None
    world.group.save()
    for _ in range(6):
        answer(campaign, world.group, 5)
    assert campaign_result(campaign).groups[0].held == 0


def test_it_decides_the_criterion_on_codes_and_paper_unless_the_front_chooses(world, campaign):
    answer(campaign, world.group, 5, channel=C.CODE)
    paper(campaign, world.group, 1, 1)
    answer(campaign, world.group, 5)
    answer(campaign, world.group, 5)
    counted = counted_result(campaign)
    assert (counted.answered, counted.satisfied, str(counted.rate)) == (2, 1, "50.0")
    assert not counted.counts_open_web
    Campaign.objects.filter(pk=campaign.pk).update(open_web_counts=True)
    campaign.refresh_from_db()
    counted = counted_result(campaign)
    assert (counted.answered, counted.satisfied) == (4, 3)


def test_it_gives_each_channels_share(world, campaign):
    answer(campaign, world.group, 5, channel=C.CODE)
    answer(campaign, world.group, 5)
    paper(campaign, world.group, 4, 2)
    shares = {label: (n, str(share)) for label, n, share in campaign_result(campaign)
              .channel_shares}
    assert shares == {str(C.CODE.label): (1, "25.0"), str(C.WEB.label): (1, "25.0"),
                      str(C.PAPER.label): (2, "50.0")}


def test_it_states_the_channels_and_the_counted_rate_in_the_summary(world, campaign):
    answer(campaign, world.group, 5, channel=C.CODE)
    paper(campaign, world.group, 2, 1)
    for _ in range(4):
        answer(campaign, world.group, 5)  # two counted as shown, two held
    text = "\n".join(p.text for p in Document(io.BytesIO(summary_bytes(campaign))).paragraphs)
    assert "thống kê riêng, không tính vào tỷ lệ" in text
    assert "2 ý kiến vượt quá số hộ" in text
    assert "50,0%" in text or "50%" in text  # the counted rate: 1 of 2
    assert "(1/2 ý kiến)" in text


def test_it_shows_the_counted_result_and_the_held_answers_on_the_page(world, campaign, client):
    from accounts.models import Role
    from testing.clients import login

    answer(campaign, world.group, 5, channel=C.CODE)
    for _ in range(5):
        answer(campaign, world.group, 4)
    login(client, world.user(Role.WARD_FRONT))
    page = client.get(reverse("consultations:results", args=[campaign.pk]))
    assert page.context["counted"].answered == 1
    body = page.content.decode()
    assert 'id="counted-result"' in body and "2" in body
    assert page.context["result"].held == 2


def _at(response: Response, when) -> None:
    Response.objects.filter(pk=response.pk).update(submitted_at=when)


def test_it_flags_a_group_answering_far_faster_than_usual(world, campaign, client):
    from datetime import timedelta

    from accounts.models import Role
    from testing.clients import login
    from testing.clock import hanoi

    world.group.households = None  # no cap, so every answer stays in view
    world.group.save()
    start = hanoi(2026, 11, 1, 20, 0)
    for day in range(10):  # two a day for ten days: the usual pace
        for n in range(2):
            _at(answer(campaign, world.group, 4), start - timedelta(days=day, hours=n))
    for second in range(25):  # then 25 within five minutes
        _at(answer(campaign, world.group, 5), start + timedelta(seconds=12 * second))
    login(client, world.user(Role.WARD_FRONT))
    page = client.get(reverse("consultations:results", args=[campaign.pk]))
    (burst,) = page.context["bursts"]
    assert burst.group == world.group and burst.answers >= 25
    assert burst.usual_per_day < 10
    assert 'class="problems burst"' in page.content.decode()


def test_it_does_not_flag_a_steady_group(world, campaign):
    from datetime import timedelta

    from consultations.selectors import answer_bursts
    from testing.clock import hanoi

    world.group.households = None
    world.group.save()
    start = hanoi(2026, 11, 1, 8, 0)
    for n in range(60):  # one every twenty minutes
        _at(answer(campaign, world.group, 5), start + timedelta(minutes=20 * n))
    assert answer_bursts(campaign) == []


def test_it_says_where_the_rate_came_from_for_the_dossier(world, campaign):
    from consultations.manage_services import channel_source

    answer(campaign, world.group, 5, channel=C.CODE)
    paper(campaign, world.group, 4, 1)
    for _ in range(4):
        answer(campaign, world.group, 5)  # room for 2, the other 2 held
    source = channel_source(campaign_result(campaign))
    assert source.startswith("tính từ trả lời trực tuyến bằng mã hộ gia đình: 1; phiếu giấy: 1")
    assert "2 ý kiến qua đường dẫn không có mã hộ gia đình thống kê riêng, không tính" in source
    assert "2 ý kiến vượt số hộ chưa được tính" in source


def test_it_prints_the_source_beside_the_rate_in_the_dossier(world, settings, tmp_path):
    from decimal import Decimal

    from assessments.documents import recognition_dossier_docx
    from assessments.models import Assessment
    from testing.factories import assessment_for

    settings.MEDIA_ROOT = tmp_path
    dossier = assessment_for(world.ward)
    Assessment.objects.filter(pk=dossier.pk).update(
        satisfaction_rate=Decimal("92.5"), satisfaction_source="tính từ phiếu giấy: 40")
    dossier.refresh_from_db()
    text = "\n".join(p.text for p in Document(io.BytesIO(recognition_dossier_docx(dossier)))
                     .paragraphs)
    assert "92,5% (tính từ phiếu giấy: 40)." in text
