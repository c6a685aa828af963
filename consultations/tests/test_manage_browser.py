"""The Front's pages in a real browser; with SHOTS=<dir> it also saves screenshots."""

from __future__ import annotations

import uuid

from accounts.models import Role
from consultations.models import Answer, ContactRequest, PaperTally, Question, Response
from testing.browser import log_in, screenshot_if_asked
from testing.factories import TEST_PASSWORD, ResidentialGroupFactory, campaign_for

COMMENTS = ("Các đồng chí công an phường làm việc rất tận tình, giải quyết nhanh.",
            "Vỉa hè phố Hàng Bông vẫn bị lấn chiếm buổi tối.",
            "Nội dung không phù hợp")




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
    screenshot_if_asked(page, "list")
    page.goto(f"/consultations/{campaign.pk}/")
    screenshot_if_asked(page, "detail")
    page.goto(f"/consultations/{campaign.pk}/groups/{groups[1].pk}/tally/")
    page.locator("#id_overall-5").fill("50")
    page.locator("#id_overall-4").fill("-1")
    page.locator("#id_conduct-5").fill("90")
    page.get_by_role("button", name="Lưu kết quả").click()
    assert page.locator("#id_overall-4").input_value() == "-1"
    screenshot_if_asked(page, "tally-errors")
    page.locator("#id_overall-4").fill("20")
    page.get_by_role("button", name="Lưu kết quả").click()
    assert page.locator("#row-conduct .errorlist").is_visible()
    screenshot_if_asked(page, "tally-row-error")
    page.locator("#id_conduct-5").fill("60")
    page.get_by_role("button", name="Lưu kết quả").click()
    page.wait_for_url(f"**/consultations/{campaign.pk}/")
    page.goto(f"/consultations/{campaign.pk}/results/")
    screenshot_if_asked(page, "results")
    page.get_by_label("Phiếu giấy").check()
    page.wait_for_function("() => !document.querySelector('#results-tables.htmx-request')")
    page.wait_for_timeout(300)
    assert "channel=paper" in page.url
    screenshot_if_asked(page, "results-paper")
    page.goto(f"/consultations/{campaign.pk}/groups/{groups[0].pk}/qr/")
    screenshot_if_asked(page, "qr")
    page.goto(f"/consultations/{campaign.pk}/groups/{groups[0].pk}/codes/")
    page.get_by_label("Số lượng mã").fill("12")
    page.get_by_role("button", name="Cấp mã").click()
    screenshot_if_asked(page, "slips")
    page.emulate_media(media="print")
    screenshot_if_asked(page, "slips-print")
    page.emulate_media(media="screen")
    page.goto(f"/consultations/{campaign.pk}/contacts/")
    screenshot_if_asked(page, "contacts")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/consultations/{campaign.pk}/results/")
    screenshot_if_asked(page, "results-phone")
