"""Each demo role logs in through a real browser and sees its own navigation and scope."""

import pytest

from portal.demo import DEMO_PASSWORD, demo_load
from testing.browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)

ALL_NAV = ["Trang chủ", "Đơn vị hành chính", "Đánh giá, công nhận", "Bộ tiêu chí",
           "Ý kiến Nhân dân", "Trụ sở, trang thiết bị", "“An toàn về ANTT”", "Lực lượng",
           "Báo cáo định kỳ", "Bảng điều hành",
           "Cơ quan, đơn vị", "Người dùng", "Nhật ký hệ thống"]

RECOGNITION = ["Đánh giá, công nhận", "Bộ tiêu chí", "Ý kiến Nhân dân", "Trụ sở, trang thiết bị",
               "“An toàn về ANTT”", "Lực lượng"]
WARD_NAV = ["Trang chủ", "Đơn vị hành chính", *RECOGNITION, "Bảng điều hành", "Cơ quan, đơn vị"]

# username → (navigation it must show, heading of its role card, scope it must name)
EXPECTED = {
    "quantri": (ALL_NAV, "Quản trị hệ thống", "Toàn hệ thống"),
    "dieuphoi": (ALL_NAV, "Cán bộ điều phối Thành phố", "Thành phố Hà Nội"),
    "lanhdao": (["Trang chủ", "Đơn vị hành chính", *RECOGNITION, "Báo cáo định kỳ",
                 "Bảng điều hành", "Cơ quan, đơn vị", "Người dùng"],
                "Lãnh đạo Thành phố", "Thành phố Hà Nội"),
    "hoidong": (WARD_NAV,
                "Thành viên Hội đồng thẩm định", "Thành phố Hà Nội"),
    "cap.hoankiem.truong": (WARD_NAV,
                            "Trưởng Công an phường, xã", "Phường Hoàn Kiếm"),
    "cap.hoankiem.canbo": (WARD_NAV,
                           "Cán bộ Công an phường, xã", "Phường Hoàn Kiếm"),
    # The ward's People's Committee also writes its own periodic report.
    "ubnd.badinh": (["Trang chủ", "Đơn vị hành chính", *RECOGNITION, "Báo cáo định kỳ",
                     "Bảng điều hành", "Cơ quan, đơn vị"],
                    "UBND phường, xã", "Phường Ba Đình"),
    "mttq.socson": (WARD_NAV,
                    "Ủy ban MTTQ phường, xã", "Xã Sóc Sơn"),
    "baocao.sotuphap": (["Trang chủ", "Báo cáo định kỳ", "Cơ quan, đơn vị"],
                        "Cán bộ báo cáo của cơ quan, đơn vị", "Sở Tư pháp"),
}


@pytest.fixture
def demo(db):
    logins = demo_load(province_code="01", with_assessments=False)
    return {login.username: login for login in logins}


def test_it_has_a_demo_login_for_every_role(demo):
    from accounts.models import Role

    assert {str(Role(r).label) for r in Role.values} == {login.role for login in demo.values()}


@pytest.mark.parametrize("username", list(EXPECTED))
def test_it_shows_each_role_its_navigation_and_scope(page, demo, username):
    nav, role_heading, scope = EXPECTED[username]
    log_in(page, username, DEMO_PASSWORD)
    assert page.url.endswith("/"), page.url  # landed on the home page, not a login step
    assert "/accounts/" not in page.url
    links = page.locator("nav.nav a").all_inner_texts()
    assert [text.strip() for text in links] == nav
    card = page.locator(".scope-card").first
    assert role_heading in card.inner_text()
    assert scope in card.inner_text()


def test_it_stays_usable_on_a_360px_phone(page, demo):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, "cap.hoankiem.canbo", DEMO_PASSWORD)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.goto("/units/")
    assert page.locator("h1").inner_text() == "Đơn vị hành chính"


def test_it_loads_demo_dossiers_at_three_points_of_the_chain(db, settings, tmp_path):
    from assessments.models import Assessment

    settings.MEDIA_ROOT = tmp_path
    demo_load(province_code="01")
    states = dict(Assessment.objects.values_list("ward__code", "state"))
    assert states == {"00070": "draft", "00004": "proposed", "00376": "submitted"}
    demo_load(province_code="01")  # a second run changes nothing
    assert Assessment.objects.count() == 3
