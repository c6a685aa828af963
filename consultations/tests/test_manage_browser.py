"""The Front's pages in a real browser; with SHOTS=<dir> it also saves screenshots."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from accounts.models import Role
from consultations.models import Answer, ContactRequest, PaperTally, Question, Response
from testing.browser import log_in
from testing.factories import TEST_PASSWORD, ResidentialGroupFactory, campaign_for

COMMENTS = ("Các đồng chí công an phường làm việc rất tận tình, giải quyết nhanh.",
            "Vỉa hè phố Hàng Bông vẫn bị lấn chiếm buổi tối.",
            "Nội dung không phù hợp")


def _shot(page, name):
    folder = os.environ.get("SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _campaign(world):
    groups = [world.group, *(ResidentialGroupFactory(parent=world.ward, households=80 + 10 * n)
                             for n in range(3))]
    campaign = campaign_for(world.ward)
    overall = campaign.questions.get(is_overall=True)
    conduct = campaign.questions.get(code="conduct")
    text = campaign.questions.get(kind=Question.Kind.TEXT)
    for n, group in enumerate(groups):
        for i in range(12 - 3 * n):
            response = Response.objects.create(campaign=campaign, group=group,
                                               nonce=uuid.uuid4().hex,
                                               channel=Response.Channel.WEB if i % 3
                                               else Response.Channel.CODE)
            Answer.objects.create(response=response, question=overall, rating=5 - (i % 4 == 3))
            Answer.objects.create(response=response, question=conduct, rating=4 + (i % 2))
            if i < len(COMMENTS) and n == 0:
                Answer.objects.create(response=response, question=text, text=COMMENTS[i],
                                      hidden=i == 2, hidden_reason="Xúc phạm" if i == 2 else "")
        PaperTally.objects.create(campaign=campaign, group=group, question=overall, rating=5,
                                  count=8 + n)
        PaperTally.objects.create(campaign=campaign, group=group, question=overall, rating=2,
                                  count=1)
    ContactRequest.objects.create(campaign=campaign, phone="0912345678", consent_text="Đồng ý")
    return campaign, groups


def test_it_walks_the_front_through_tallies_and_results(world, page):
    front = world.user(Role.WARD_FRONT)
    campaign, groups = _campaign(world)
    log_in(page, front.username, TEST_PASSWORD)
    page.goto("/consultations/")
    _shot(page, "list")
    page.goto(f"/consultations/{campaign.pk}/")
    _shot(page, "detail")
    page.goto(f"/consultations/{campaign.pk}/groups/{groups[1].pk}/tally/")
    page.locator("#id_overall-5").fill("50")
    page.locator("#id_overall-4").fill("-1")
    page.locator("#id_conduct-5").fill("90")
    page.get_by_role("button", name="Lưu kết quả").click()
    assert page.locator("#id_overall-4").input_value() == "-1"
    _shot(page, "tally-errors")
    page.locator("#id_overall-4").fill("20")
    page.get_by_role("button", name="Lưu kết quả").click()
    assert page.locator("#row-conduct .errorlist").is_visible()
    _shot(page, "tally-row-error")
    page.locator("#id_conduct-5").fill("60")
    page.get_by_role("button", name="Lưu kết quả").click()
    page.wait_for_url(f"**/consultations/{campaign.pk}/")
    page.goto(f"/consultations/{campaign.pk}/results/")
    _shot(page, "results")
    page.get_by_label("Phiếu giấy").check()
    page.wait_for_function("() => !document.querySelector('#results-tables.htmx-request')")
    page.wait_for_timeout(300)
    assert "channel=paper" in page.url
    _shot(page, "results-paper")
    page.goto(f"/consultations/{campaign.pk}/groups/{groups[0].pk}/qr/")
    _shot(page, "qr")
    page.goto(f"/consultations/{campaign.pk}/groups/{groups[0].pk}/codes/")
    page.get_by_label("Số lượng mã").fill("12")
    page.get_by_role("button", name="Cấp mã").click()
    _shot(page, "slips")
    page.emulate_media(media="print")
    _shot(page, "slips-print")
    page.emulate_media(media="screen")
    page.goto(f"/consultations/{campaign.pk}/contacts/")
    _shot(page, "contacts")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/consultations/{campaign.pk}/results/")
    _shot(page, "results-phone")
