"""The force's pages: who sees and does what, refused input kept as typed, the training plan
seen by the wards once published, commendation from proposal to decision with its
documents, the programme's review, years outside the programme, flat query counts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from accounts.models import Role
from force import services
from force.models import Attendance, Commendation, Course, Staffing, TrainingPlan
from testing.clients import login
from testing.factories import WardFactory

pytestmark = pytest.mark.django_db

YEAR = 2026
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STAFFING = {"establishment": 30, "headcount": 25, "leaders": 4, "university": 18,
            "police_training": 25, "political_theory": 6, "foreign_language": 9,
            "it_skills": 20, "mass_mobilisation": 12, "living_in_ward": 7,
            "average_age": Decimal("32.5")}
NOMINEE = "Nguyễn Văn An, Thượng úy, Cảnh sát khu vực, Công an Phường Hoàn Kiếm"


@pytest.fixture
def coordinator(world):
    return world.user(Role.CITY_COORDINATOR)


def _ward_url(world, year=YEAR, ward=None):
    return reverse("force:ward", args=[(ward or world.ward).code, year])


def _draft_plan(world, coordinator, *, coming: bool = True) -> TrainingPlan:
    """Not published: one course held in March and, when `coming`, one starting in
    December."""
    plan = services.training_plan_save(actor=coordinator, province=world.province, year=YEAR,
                                       title="Kế hoạch 125/KH-CAHN về đào tạo năm 2026")
    courses = [("Kỹ năng dân vận", date(YEAR, 3, 2), date(YEAR, 3, 6))]
    if coming:
        courses.append(("Tiếng Anh giao tiếp", date(YEAR, 12, 7), date(YEAR, 12, 11)))
    for title, starts_on, ends_on in courses:
        services.course_save(actor=coordinator, plan=plan, data=services.CourseInput(
            title=title, subject=Course.Subject.OTHER, starts_on=starts_on, ends_on=ends_on,
            organiser="Trường Cao đẳng Cảnh sát nhân dân I", places_per_ward=5))
    return plan


def _published_plan(world, coordinator, *, coming: bool = True) -> TrainingPlan:
    return services.training_plan_publish(
        actor=coordinator, plan=_draft_plan(world, coordinator, coming=coming))


def _courses(plan: TrainingPlan) -> tuple[Course, Course | None]:
    return (plan.courses.get(title="Kỹ năng dân vận"),
            plan.courses.filter(title="Tiếng Anh giao tiếp").first())


def _text(content: bytes) -> str:
    """Every paragraph and table cell of a DOCX, one per line."""
    document = Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for grid in document.tables:
        for row in grid.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


# --- The overview and the ward's page -------------------------------------------------------

def test_it_sends_a_ward_user_to_the_wards_page(client, world):
    login(client, world.user(Role.WARD_FRONT))

    response = client.get(reverse("force:overview"))

    assert response.status_code == 302
    assert response["Location"] == _ward_url(world)


def test_it_shows_the_city_every_ward_of_its_province(client, world, coordinator):
    services.staffing_save(actor=coordinator, ward=world.ward, year=YEAR, values=STAFFING)
    login(client, coordinator)

    response = client.get(reverse("force:overview"))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-ward="00070"' in html and 'data-ward="00004"' in html
    assert world.far_ward.name not in html


def test_it_lets_the_ward_chief_edit_the_wards_figures(client, world, coordinator):
    plan = _published_plan(world, coordinator)
    held, coming = _courses(plan)
    login(client, world.user(Role.WARD_CHIEF))

    response = client.get(_ward_url(world))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Công an Phường Hoàn Kiếm — 2026" in html
    assert "Lưu biên chế, quân số" in html
    assert "Lưu kết quả đào tạo" in html
    assert "Lưu số liệu kỷ luật" in html
    assert f'name="t{held.pk}"' in html
    assert f'name="t{coming.pk}"' not in html  # not started: nothing to record yet


def test_it_lets_the_front_read_the_wards_page_without_saving(client, world, coordinator):
    services.staffing_save(actor=coordinator, ward=world.ward, year=YEAR, values=STAFFING)
    plan = _published_plan(world, coordinator)
    held, _coming = _courses(plan)
    services.attendance_save(actor=coordinator, ward=world.ward, course=held, trained=11,
                             passed=9)
    front = world.user(Role.WARD_FRONT)
    login(client, front)

    response = client.get(_ward_url(world))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="25"' in html  # the headcount recorded
    assert "Kỹ năng dân vận" in html
    assert "Lưu biên chế, quân số" not in html
    assert "Lưu kết quả đào tạo" not in html
    assert "Lưu số liệu kỷ luật" not in html
    assert f'name="t{held.pk}"' not in html
    assert reverse("force:commendation_new") not in html
    response = client.post(reverse("force:staffing", args=[world.ward.code, YEAR]),
                           {**STAFFING, "headcount": 26})
    assert response.status_code == 403
    assert Staffing.objects.get(ward=world.ward).headcount == 25


def test_it_hides_another_wards_page(client, world, coordinator):
    services.staffing_save(actor=coordinator, ward=world.ward, year=YEAR, values=STAFFING)
    login(client, world.user(Role.WARD_CHIEF, own=False))

    assert client.get(_ward_url(world)).status_code == 404
    assert client.post(reverse("force:staffing", args=[world.ward.code, YEAR]),
                       {**STAFFING, "headcount": 26}).status_code == 404
    assert client.post(reverse("force:discipline", args=[world.ward.code, YEAR]),
                       {"violations_warning": "1", "officers_warning": "1"}).status_code == 404
    assert Staffing.objects.get(ward=world.ward).headcount == 25
    assert client.get(_ward_url(world, ward=world.other_ward)).status_code == 200


def test_it_keeps_the_typed_staffing_when_a_count_exceeds_the_headcount(client, world):
    login(client, world.user(Role.WARD_CHIEF))
    url = reverse("force:staffing", args=[world.ward.code, YEAR])
    typed = {"establishment": "30", "headcount": "25", "leaders": "4", "university": "40",
             "mass_mobilisation": "12", "average_age": "32,5"}

    response = client.post(url, typed)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Số trình độ đại học trở lên (40) không được lớn hơn quân số (25)." in html
    assert 'name="university" value="40"' in html
    assert 'name="establishment" value="30"' in html
    assert 'name="mass_mobilisation" value="12"' in html
    assert not Staffing.objects.exists()

    response = client.post(url, {**typed, "university": "18"}, follow=True)

    assert response.redirect_chain == [(_ward_url(world), 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã lưu số liệu biên chế, quân số."]
    stored = Staffing.objects.get(ward=world.ward, year=YEAR)
    assert (stored.establishment, stored.headcount, stored.university, stored.leaders,
            stored.average_age) == (30, 25, 18, 4, Decimal("32.5"))


def test_it_refuses_attendance_before_the_plan_is_published(client, world, coordinator):
    plan = _draft_plan(world, coordinator)
    held, _coming = _courses(plan)
    login(client, world.user(Role.WARD_CHIEF))

    response = client.post(reverse("force:attendance", args=[world.ward.code, YEAR]),
                           {f"t{held.pk}": "10", f"p{held.pk}": "9"})

    assert response.status_code == 404
    assert not Attendance.objects.exists()
    page = client.get(_ward_url(world)).content.decode()
    assert "Kế hoạch đào tạo năm 2026 của Thành phố chưa được ban hành." in page
    assert "Kỹ năng dân vận" not in page
    with pytest.raises(ValidationError) as caught:
        services.attendance_save(actor=world.user(Role.WARD_CHIEF), ward=world.ward,
                                 course=held, trained=10, passed=9)
    assert caught.value.code == "unpublished"


def test_it_records_attendance_only_for_courses_that_have_begun(client, world, coordinator):
    plan = _published_plan(world, coordinator)
    held, coming = _courses(plan)
    chief = world.user(Role.WARD_CHIEF)
    login(client, chief)

    response = client.post(reverse("force:attendance", args=[world.ward.code, YEAR]), {
        f"t{held.pk}": "10", f"p{held.pk}": "9", f"t{coming.pk}": "5", f"p{coming.pk}": "5"})

    assert response.status_code == 302
    assert list(Attendance.objects.values_list("course", "trained", "passed")) == [
        (held.pk, 10, 9)]
    with pytest.raises(ValidationError) as caught:
        services.attendance_save(actor=chief, ward=world.ward, course=coming, trained=5,
                                 passed=5)
    assert caught.value.code == "future"
    assert not Attendance.objects.filter(course=coming).exists()


def test_it_keeps_typed_attendance_when_more_passed_than_were_trained(client, world,
                                                                      coordinator):
    held, _none = _courses(_published_plan(world, coordinator, coming=False))
    login(client, world.user(Role.WARD_OFFICER))

    response = client.post(reverse("force:attendance", args=[world.ward.code, YEAR]),
                           {f"t{held.pk}": "3", f"p{held.pk}": "7"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Số đạt (7) lớn hơn số được đào tạo (3)." in html
    assert f'name="p{held.pk}" value="7"' in html
    assert f'name="t{held.pk}" value="3"' in html
    assert not Attendance.objects.exists()


def test_it_keeps_typed_attendance_on_a_plan_with_a_course_to_come(client, world,
                                                                   coordinator):
    held, coming = _courses(_published_plan(world, coordinator))
    login(client, world.user(Role.WARD_OFFICER))

    response = client.post(reverse("force:attendance", args=[world.ward.code, YEAR]),
                           {f"t{held.pk}": "3", f"p{held.pk}": "7"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Số đạt (7) lớn hơn số được đào tạo (3)." in html
    assert f'name="p{held.pk}" value="7"' in html
    assert "Tiếng Anh giao tiếp" in html
    assert f'name="t{coming.pk}"' not in html
    assert not Attendance.objects.exists()


# --- The training plan ----------------------------------------------------------------------

def test_it_shows_the_city_its_plan_before_publishing_it(client, world, coordinator):
    plan = _draft_plan(world, coordinator)
    login(client, coordinator)

    html = client.get(reverse("force:plan", args=[YEAR])).content.decode()

    assert plan.title in html and "Kỹ năng dân vận" in html
    assert "Chưa ban hành: Công an các phường chưa thấy kế hoạch" in html
    assert reverse("force:plan_publish", args=[plan.pk]) in html


def test_it_hides_an_unpublished_plan_from_a_ward_user(client, world, coordinator):
    plan = _draft_plan(world, coordinator)
    login(client, world.user(Role.WARD_CHIEF))

    response = client.get(reverse("force:plan", args=[YEAR]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kế hoạch đào tạo năm 2026 của Thành phố chưa được ban hành." in html
    assert plan.title not in html
    assert "Kỹ năng dân vận" not in html
    assert client.post(reverse("force:plan_publish", args=[plan.pk])).status_code == 403
    plan.refresh_from_db()
    assert not plan.is_published


def test_it_shows_a_ward_user_the_plan_once_published(client, world, coordinator):
    plan = _draft_plan(world, coordinator)
    login(client, world.user(Role.WARD_CHIEF))
    unpublished = client.get(reverse("force:plan", args=[YEAR]))
    services.training_plan_publish(actor=coordinator, plan=plan)

    published = client.get(reverse("force:plan", args=[YEAR]))

    assert unpublished.status_code == 200
    assert "Kế hoạch đào tạo năm 2026 của Thành phố chưa được ban hành." in (
        unpublished.content.decode())
    assert published.status_code == 200
    assert plan.title in published.content.decode()
    assert "Kỹ năng dân vận" in published.content.decode()


# --- Commendation ---------------------------------------------------------------------------

PROPOSAL = {"person_name": "Nguyễn Văn An", "person_position": "Thượng úy, Cảnh sát khu vực",
            "unit_name": "Công an Phường Hoàn Kiếm", "award": Commendation.Award.DIRECTOR,
            "achievement": "Vận động 40 hộ tham gia mô hình camera an ninh.",
            "period_from": "01/01/2026", "period_to": "30/06/2026"}


def _propose(client, world) -> Commendation:
    login(client, world.user(Role.WARD_CHIEF))
    response = client.post(reverse("force:commendation_new"), PROPOSAL)
    assert response.status_code == 302
    client.logout()
    return Commendation.objects.get()


def test_it_takes_a_proposal_from_the_ward_chief(client, world):
    login(client, world.user(Role.WARD_CHIEF))

    form = client.get(reverse("force:commendation_new"))
    response = client.post(reverse("force:commendation_new"), PROPOSAL, follow=True)

    assert form.status_code == 200
    assert 'value="Công an Phường Hoàn Kiếm"' in form.content.decode()
    row = Commendation.objects.get()
    assert response.redirect_chain == [(reverse("force:commendation", args=[row.pk]), 302)]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Đã gửi đề nghị tới Công an Thành phố."]
    assert (row.proposer_unit, row.year, row.state, row.nominee) == (
        world.ward, YEAR, Commendation.State.PROPOSED, NOMINEE)


def test_it_keeps_a_proposal_as_typed_when_the_period_has_not_ended(client, world):
    login(client, world.user(Role.WARD_CHIEF))

    response = client.post(reverse("force:commendation_new"),
                           {**PROPOSAL, "period_to": "31/12/2026"})

    assert response.status_code == 200
    assert 'value="Nguyễn Văn An"' in response.content.decode()
    assert not Commendation.objects.exists()


def test_it_forbids_the_front_to_propose(client, world):
    login(client, world.user(Role.WARD_FRONT))

    assert client.get(reverse("force:commendation_new")).status_code == 403
    assert client.post(reverse("force:commendation_new"), PROPOSAL).status_code == 403
    assert not Commendation.objects.exists()


def test_it_takes_a_proposal_through_review_to_the_decision(client, world, coordinator):
    row = _propose(client, world)
    url = reverse("force:commendation", args=[row.pk])
    login(client, coordinator)

    page = client.get(url).content.decode()
    early = client.post(url, {"approve": "yes", "number": "15/QĐ-CAHN",
                              "decided_on": "20/11/2026"})

    assert "Ghi nhận ý kiến thẩm định" in page and "Ghi nhận quyết định" not in page
    assert early.status_code == 200
    row.refresh_from_db()
    assert (row.state, row.decision_number) == (Commendation.State.PROPOSED, "")

    assert client.post(url, {"agree": "yes", "note": "Đủ điều kiện."}).status_code == 302
    row.refresh_from_db()
    assert (row.state, row.review_note) == (Commendation.State.REVIEWED, "Đủ điều kiện.")
    assert 'id="decide-form"' in client.get(url).content.decode()

    response = client.post(url, {"approve": "yes", "number": "15/QĐ-CAHN",
                                 "decided_on": "20/11/2026"}, follow=True)

    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Đã ghi nhận quyết định."]
    row.refresh_from_db()
    assert (row.state, row.decision_number, row.decision_date) == (
        Commendation.State.APPROVED, "15/QĐ-CAHN", date(2026, 11, 20))
    assert "15/QĐ-CAHN" in response.content.decode()


def test_it_says_why_a_decision_before_the_review_is_refused(client, world, coordinator):
    row = _propose(client, world)
    login(client, coordinator)

    response = client.post(reverse("force:commendation", args=[row.pk]), {
        "approve": "yes", "number": "15/QĐ-CAHN", "decided_on": "20/11/2026"})

    assert response.status_code == 200
    assert ("Chỉ ghi nhận quyết định cho đề nghị đã được Công an Thành phố thẩm định."
            in response.content.decode())


def test_it_refuses_the_decision_before_the_review_in_the_service(client, world, coordinator):
    row = _propose(client, world)

    with pytest.raises(ValidationError) as caught:
        services.commendation_decide(actor=coordinator, commendation=row, approve=True,
                                     number="15/QĐ-CAHN", decided_on=date(2026, 11, 20))

    assert caught.value.code == "state"
    row.refresh_from_db()
    assert row.state == Commendation.State.PROPOSED


def test_it_lets_only_the_city_review_a_proposal(client, world):
    row = _propose(client, world)
    url = reverse("force:commendation", args=[row.pk])
    login(client, world.user(Role.WARD_CHIEF))

    page = client.get(url)
    response = client.post(url, {"agree": "yes", "note": ""})

    assert page.status_code == 200
    assert 'id="review-form"' not in page.content.decode()
    assert response.status_code == 403
    client.logout()
    login(client, world.user(Role.WARD_CHIEF, own=False))
    assert client.get(url).status_code == 404
    row.refresh_from_db()
    assert row.state == Commendation.State.PROPOSED


def test_it_downloads_the_proposal_as_docx(client, world):
    row = _propose(client, world)
    login(client, world.user(Role.WARD_CHIEF))

    response = client.get(reverse("force:commendation_docx", args=[row.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        f'attachment; filename="to-trinh-khen-thuong-{row.pk}.docx"')
    text = _text(response.content)
    assert NOMINEE in text
    assert "Đề nghị khen thưởng: Giấy khen của Giám đốc Công an Thành phố" in text
    assert "Vận động 40 hộ tham gia mô hình camera an ninh." in text


def test_it_downloads_the_years_list_of_commendations(client, world, coordinator):
    row = _propose(client, world)
    services.commendation_review(actor=coordinator, commendation=row, agree=True)
    services.commendation_decide(actor=coordinator, commendation=row, approve=True,
                                 number="15/QĐ-CAHN", decided_on=date(2026, 11, 20))
    login(client, coordinator)

    response = client.get(reverse("force:commendations_docx", args=[YEAR]))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="danh-sach-khen-thuong-2026.docx"')
    text = _text(response.content)
    assert NOMINEE in text
    assert "Số 15/QĐ-CAHN ngày 20/11/2026" in text
    client.logout()
    login(client, world.user(Role.WARD_CHIEF))
    assert client.get(reverse("force:commendations_docx", args=[YEAR])).status_code == 403


def test_it_leaves_a_proposal_not_decided_off_the_list(client, world, coordinator):
    _propose(client, world)
    login(client, coordinator)

    text = _text(client.get(reverse("force:commendations_docx", args=[YEAR])).content)

    assert "Nguyễn Văn An" not in text
    assert "Năm 2026 chưa có quyết định khen thưởng nào được ghi nhận." in text


# --- The programme's review -----------------------------------------------------------------

def test_it_shows_a_review_with_the_systems_figures_and_drafts_its_report(client, world,
                                                                         coordinator):
    services.staffing_save(actor=coordinator, ward=world.ward, year=YEAR, values=STAFFING)
    held, _coming = _courses(_published_plan(world, coordinator))
    services.attendance_save(actor=coordinator, ward=world.ward, course=held, trained=11,
                             passed=9)
    review = services.programme_review_save(
        actor=coordinator, province=world.province, kind="interim",
        title="Sơ kết 3 năm thực hiện Kế hoạch", year=YEAR, held_on=date(2026, 11, 20),
        lessons="Phát huy vai trò của tổ dân phố.\nBám sát địa bàn.")
    login(client, coordinator)

    response = client.get(reverse("force:review", args=[review.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Số liệu trên hệ thống đến ngày 20/11/2026" in html
    assert 'id="review-figures"' in html
    assert "<dd>25 / 30</dd>" in html
    assert "<dd>11</dd>" in html

    response = client.get(reverse("force:review_docx", args=[review.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        f'attachment; filename="bao-cao-so-ket-{review.pk}.docx"')
    text = _text(response.content)
    assert "Sơ kết 3 năm thực hiện Kế hoạch" in text
    assert "quân số 25/30 biên chế; 11 lượt cán bộ được đào tạo, bồi dưỡng năm 2026" in text
    assert "Bám sát địa bàn." in text
    assert "báo cáo sơ kết thực hiện Kế hoạch" in text


def test_it_keeps_the_reviews_from_the_wards(client, world, coordinator):
    review = services.programme_review_save(
        actor=coordinator, province=world.province, kind="final", title="Tổng kết",
        year=YEAR, held_on=date(2026, 11, 20))
    login(client, world.user(Role.WARD_CHIEF))

    assert client.get(reverse("force:reviews")).status_code == 403
    assert client.get(reverse("force:review", args=[review.pk])).status_code == 404
    assert client.get(reverse("force:review_docx", args=[review.pk])).status_code == 404


# --- Years ----------------------------------------------------------------------------------

def test_it_refuses_years_outside_the_programme(client, world, coordinator):
    login(client, coordinator)

    for year in (2023, 2027):
        assert client.get(reverse("force:staffing_xlsx", args=[year])).status_code == 404
        assert client.get(reverse("force:attendance_xlsx", args=[year])).status_code == 404
        assert client.get(reverse("force:import", args=[year, "staffing"])).status_code == 404
        assert client.get(reverse("force:commendations_docx", args=[year])).status_code == 404
        assert client.post(reverse("force:staffing", args=[world.ward.code, year]),
                           STAFFING).status_code == 404
    # The plan is made a year ahead; not two.
    assert client.get(reverse("force:plan", args=[2027])).status_code == 200
    assert client.get(reverse("force:plan", args=[2028])).status_code == 404
    assert client.get(reverse("force:plan", args=[2023])).status_code == 404
    # The ward's page sends a year out of range to this year's.
    response = client.get(_ward_url(world, 2031))
    assert (response.status_code, response["Location"]) == (302, _ward_url(world))
    assert client.get(reverse("force:staffing_xlsx", args=[2024])).status_code == 200
    assert not Staffing.objects.exists()


# --- Query counts ---------------------------------------------------------------------------

def test_it_reads_the_citys_overview_in_the_same_number_of_queries_whatever_its_size(
        client, world, coordinator):
    held, _coming = _courses(_published_plan(world, coordinator))

    def record(ward, n):
        services.staffing_save(actor=coordinator, ward=ward, year=YEAR, values=STAFFING)
        services.attendance_save(actor=coordinator, ward=ward, course=held, trained=n,
                                 passed=n)
        services.discipline_save(actor=coordinator, ward=ward, year=YEAR,
                                 counts={"warning": (1, 1)})

    url = reverse("force:overview")
    for n, ward in enumerate((world.ward, world.other_ward), start=1):
        record(ward, n)
    login(client, coordinator)
    assert client.get(url).status_code == 200  # sessions, caches: out of the count
    with CaptureQueriesContext(connection) as small:
        small_page = client.get(url)
    for n in range(6):
        record(WardFactory(parent=world.province, code=f"0{n + 100}0",
                           name=f"Phường Thêm {n}"), n + 3)
    with CaptureQueriesContext(connection) as large:
        large_page = client.get(url)

    assert small_page.content.decode().count("data-ward=") == 2
    assert large_page.content.decode().count("data-ward=") == 8
    assert len(large.captured_queries) == len(small.captured_queries)
