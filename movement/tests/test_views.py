"""The movement's pages: who sees and does what, bad input kept, query counts flat."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Role
from movement.models import ModelReview, ModelType, MovementModel, SafetyAssessment
from movement.selectors import criteria_of
from movement.tests.conftest import PDF, assess, groups_of, pdf, registered
from testing.clients import login
from testing.factories import ResidentialGroupFactory, WardFactory

pytestmark = pytest.mark.django_db


def _ward_url(world, year=2026):
    return reverse("movement:ward", args=[world.ward.code, year])


def test_it_sends_a_ward_user_to_the_wards_page(client, world):
    login(client, world.user(Role.WARD_FRONT))
    response = client.get(reverse("movement:overview"))
    assert response.status_code == 302
    assert response["Location"] == _ward_url(world)


def test_it_shows_the_city_every_ward_of_its_province(client, world, standard_sets):
    registered(world.group, world.ward, standard_sets[0])
    login(client, world.user(Role.CITY_LEADER))
    page = client.get(reverse("movement:overview")).content.decode()
    assert world.ward.name in page and world.other_ward.name in page
    assert world.far_ward.name not in page


def test_it_hides_another_wards_page(client, world):
    login(client, world.user(Role.WARD_CHIEF, own=False))
    assert client.get(_ward_url(world)).status_code == 404
    assert client.get(reverse("movement:results_xlsx", args=[world.ward.code, 2026])
                      ).status_code == 404


def test_it_refuses_years_outside_the_programme(client, world):
    login(client, world.user(Role.WARD_CHIEF))
    assert client.get(reverse("movement:results_xlsx", args=[world.ward.code, 2023])
                      ).status_code == 404
    assert client.get(reverse("movement:recognise", args=[world.ward.code, 2027])
                      ).status_code == 404
    assert client.get(_ward_url(world, 2031)).status_code == 302


def test_it_lets_only_the_committee_open_the_recognition_page(client, world, standard_sets):
    url = reverse("movement:recognise", args=[world.ward.code, 2026])
    for role, status in ((Role.WARD_CHIEF, 403), (Role.WARD_FRONT, 403),
                         (Role.WARD_COMMITTEE, 200)):
        client.logout()
        login(client, world.user(role))
        assert client.get(url).status_code == status, role


def test_it_keeps_what_was_typed_when_a_decision_is_refused(client, world, standard_sets):
    assess(world.user(Role.WARD_CHIEF), registered(world.group, world.ward, standard_sets[0]))
    login(client, world.user(Role.WARD_COMMITTEE))
    url = reverse("movement:recognise", args=[world.ward.code, 2026])
    response = client.post(url, {"groups": [world.group.pk], "number": "120/QĐ-UBND",
                                 "signed_on": "31/12/2026", "signer": "Chủ tịch",
                                 "document": pdf()})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không được ở tương lai." in page or "tương lai" in page
    assert 'value="120/QĐ-UBND"' in page
    assert not SafetyAssessment.objects.filter(decision__isnull=False).exists()
    response = client.post(url, {"groups": [world.group.pk], "number": "120/QĐ-UBND",
                                 "signed_on": "20/11/2026", "signer": "Chủ tịch",
                                 "document": pdf()})
    assert response.status_code == 302
    assert SafetyAssessment.objects.get(unit=world.group).is_recognised


def test_it_saves_an_assessment_and_keeps_a_wrong_one_as_typed(client, world, standard_sets):
    assessment = registered(world.group, world.ward, standard_sets[0])
    criteria = criteria_of(standard_sets[0])
    login(client, world.user(Role.WARD_OFFICER))
    url = reverse("movement:assess", args=[assessment.pk])
    data = {f"c{c.pk}": "yes" for c in criteria}
    data[f"c{criteria[0].pk}"] = "maybe"
    data[f"e{criteria[1].pk}"] = "Biên bản họp tổ ngày 12/11"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Biên bản họp tổ ngày 12/11" in response.content.decode()
    assert not assessment.values.exists()
    data[f"c{criteria[0].pk}"] = "yes"
    assert client.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.meets is True
    assert assessment.values.get(criterion=criteria[1]).evidence == "Biên bản họp tổ ngày 12/11"


def test_it_shows_a_recognised_assessment_read_only(client, world, standard_sets):
    from movement import services
    from movement.tests.conftest import decision

    assessment = assess(world.user(Role.WARD_CHIEF),
                        registered(world.group, world.ward, standard_sets[0]))
    services.safety_groups_recognise(actor=world.user(Role.WARD_COMMITTEE), ward=world.ward,
                                     year=2026, assessments=[assessment], data=decision())
    login(client, world.user(Role.WARD_CHIEF))
    page = client.get(reverse("movement:assess", args=[assessment.pk])).content.decode()
    assert "Đã công nhận" in page
    assert 'type="radio"' not in page
    assert "Lưu kết quả đánh giá" not in page


def test_it_lets_the_front_read_but_not_assess(client, world, standard_sets):
    assessment = registered(world.group, world.ward, standard_sets[0])
    login(client, world.user(Role.WARD_FRONT))
    assert client.get(reverse("movement:assess", args=[assessment.pk])).status_code == 200
    assert client.post(reverse("movement:assess", args=[assessment.pk]), {}).status_code == 403
    page = client.get(_ward_url(world)).content.decode()
    assert "Nhập kết quả từ Excel" not in page and "Thêm mô hình" not in page


def test_it_records_a_model_with_its_photo_and_review(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kind = ModelType.objects.create(name="Camera an ninh")
    login(client, world.user(Role.WARD_OFFICER))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("movement:model_new", args=[world.ward.code]), {
        "type": kind.pk, "name": "Camera ngõ 5", "started_on": "01/02/2025",
        "groups": [world.group.pk], "participants": "30", "results": "Phát hiện 2 vụ",
        "photo": SimpleUploadedFile("anh.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    model = MovementModel.objects.get()
    assert (model.ward, list(model.groups.all()), model.photos.count()) == (
        world.ward, [world.group], 1)
    response = client.post(reverse("movement:model_review", args=[model.pk]),
                           {"year": "2026", "verdict": "effective", "note": ""})
    assert response.status_code == 302
    assert ModelReview.objects.get().verdict == ModelReview.Verdict.EFFECTIVE
    # Another ward's group is not a choice; the typed name stays on the page.
    response = client.post(reverse("movement:model_new", args=[world.ward.code]), {
        "type": kind.pk, "name": "Mô hình khác", "started_on": "01/02/2025",
        "groups": [world.other_group.pk], "participants": "3"})
    assert response.status_code == 200
    assert 'value="Mô hình khác"' in response.content.decode()
    assert MovementModel.objects.count() == 1


def test_it_lets_only_the_city_manage_the_kinds_of_models(client, world):
    login(client, world.user(Role.WARD_CHIEF))
    assert client.get(reverse("movement:types")).status_code == 200
    assert client.post(reverse("movement:types"), {"name": "Mới"}).status_code == 403
    client.logout()
    login(client, world.user(Role.CITY_COORDINATOR))
    assert client.post(reverse("movement:types"),
                       {"name": "Tổ liên gia", "is_active": "on"}).status_code == 302
    assert ModelType.objects.filter(name="Tổ liên gia").exists()


def test_it_lets_the_city_record_a_communes_recognition(client, world, standard_sets):
    commune = registered(world.ward, world.ward, standard_sets[1])
    url = reverse("movement:decide", args=[commune.pk])
    login(client, world.user(Role.WARD_COMMITTEE))
    assert client.get(url).status_code == 403
    client.logout()
    login(client, world.user(Role.CITY_COORDINATOR))
    response = client.post(url, {"number": "45/QĐ-UBND", "signed_on": "20/11/2026",
                                 "signer": "Chủ tịch UBND Thành phố", "document": pdf()})
    # No group is recognised, no model is effective: the commune does not meet it.
    assert response.status_code == 200
    assert "không đạt tiêu chuẩn" in response.content.decode()
    assert SafetyAssessment.objects.get(pk=commune.pk).decision is None


def test_it_reads_a_wards_page_in_the_same_number_of_queries_whatever_its_size(
        client, world, standard_sets):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    chief = world.user(Role.WARD_CHIEF)
    login(client, chief)
    for group in [world.group, *groups_of(world.ward, 3)]:
        assess(chief, registered(group, world.ward, standard_sets[0]))
    with CaptureQueriesContext(connection) as small:
        assert client.get(_ward_url(world)).status_code == 200
    for group in groups_of(world.ward, 20, prefix="M"):
        assess(chief, registered(group, world.ward, standard_sets[0]))
    with CaptureQueriesContext(connection) as large:
        assert client.get(_ward_url(world)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_it_says_thon_on_a_communes_page(client, world, standard_sets):
    commune = WardFactory(parent=world.province, kind="commune", code="10500", name="Xã Ba Vì")
    ResidentialGroupFactory(parent=commune, code="T1", name="Thôn 1")
    login(client, world.user(Role.CITY_COORDINATOR))
    page = client.get(reverse("movement:ward", args=[commune.code, 2026])).content.decode()
    assert "Danh sách thôn" in page and "Thôn 1" in page
    assert date(2026, 3, 31).strftime("%d/%m/%Y") in page
