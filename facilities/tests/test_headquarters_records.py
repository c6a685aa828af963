from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from facilities import headquarters_services
from facilities.models import HeadquartersRecord, InvestmentProject
from facilities.selectors import headquarters_on
from testing.clients import login

pytestmark = pytest.mark.django_db


def _record(world, officer, day, **values):
    data = {"status": HeadquartersRecord.Status.BORROWED_COMMITTEE, **values}
    return headquarters_services.headquarters_record(actor=officer, ward=world.ward,
                                                     valid_from=day, **data)


def _form(**values):
    data = {"valid_from": timezone.localdate().strftime("%d/%m/%Y"), "status": "own",
            "land_area": "", "floor_area": "", "storeys": "", "condition": "",
            "year_built": "", "land_legal_status": "", "households_inside": "0", "notes": ""}
    data.update(values)
    return data


def test_it_keeps_each_dated_record_and_answers_the_situation_on_a_past_date(world):
    officer = world.user(Role.WARD_OFFICER)
    _record(world, officer, date(2024, 1, 10), land_area=Decimal(200))
    _record(world, officer, date(2025, 6, 1), status=HeadquartersRecord.Status.OWN)

    assert HeadquartersRecord.objects.filter(ward=world.ward).count() == 2
    earlier, later = (headquarters_on(world.ward, date(2024, 12, 31)),
                      headquarters_on(world.ward, date(2025, 6, 1)))
    assert earlier is not None
    assert later is not None
    assert (earlier.status, later.status) == ("borrowed_committee", "own")
    assert headquarters_on(world.ward, date(2023, 12, 31)) is None


def test_it_replaces_the_record_of_the_same_date(world):
    officer = world.user(Role.WARD_OFFICER)
    _record(world, officer, date(2025, 6, 1), land_area=Decimal(100))
    _record(world, officer, date(2025, 6, 1), land_area=Decimal(150))

    assert list(HeadquartersRecord.objects.values_list("land_area", flat=True)) == [150]


def test_it_shows_the_history_newest_first_with_who_recorded_it(client, world, english):
    officer = world.user(Role.WARD_OFFICER)
    _record(world, officer, date(2024, 1, 10))
    _record(world, officer, date(2025, 6, 1), status=HeadquartersRecord.Status.OWN)
    login(client, officer)

    html = client.get(reverse("facilities:ward", args=["00070"])).content.decode()

    history = html[html.index('id="hq-history"'):]
    assert history.index("01/06/2025") < history.index("10/01/2024")
    assert str(officer) in history


def test_it_saves_a_new_record_from_the_form_prefilled_from_the_latest(client, world):
    officer = world.user(Role.WARD_OFFICER)
    _record(world, officer, date(2024, 1, 10), land_area=Decimal("321.5"))
    login(client, officer)
    url = reverse("facilities:hq_update", args=["00070"])

    form = client.get(url).context["form"]
    response = client.post(url, _form(land_area="400,5", floor_area="800", storeys="2"))

    assert form.initial["land_area"] == Decimal("321.5")
    assert response.status_code == 302
    latest = headquarters_on(world.ward, timezone.localdate())
    assert latest is not None
    assert (latest.status, latest.land_area, latest.recorded_by) == ("own", Decimal("400.5"),
                                                                      officer)


def test_it_refuses_a_negative_area_and_keeps_what_was_typed(client, world, english):
    login(client, world.user(Role.WARD_OFFICER))

    response = client.post(reverse("facilities:hq_update", args=["00070"]),
                            _form(land_area="-5", notes="giữ lại"))

    assert response.status_code == 200
    assert "An area cannot be negative." in response.content.decode()
    assert "giữ lại" in response.content.decode()
    assert not HeadquartersRecord.objects.exists()


@pytest.mark.parametrize(("typed", "message"), [
    ("1e400", "This number is too large."),
    ("9" * 30, "This number is too large."),
    ("120,55", "Use at most one decimal place."),
])
def test_it_refuses_an_area_it_cannot_store_and_keeps_what_was_typed(
        client, world, english, typed, message):
    login(client, world.user(Role.WARD_OFFICER))

    response = client.post(reverse("facilities:hq_update", args=["00070"]),
                           _form(land_area=typed, households_inside="9" * 30))

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert typed in page
    assert "Check the number of households" in page
    assert not HeadquartersRecord.objects.exists()


def test_it_refuses_a_floor_area_above_land_times_storeys_and_says_the_limit(world, english):
    officer = world.user(Role.WARD_OFFICER)

    with pytest.raises(ValidationError) as caught:
        _record(world, officer, date(2025, 1, 1), land_area=Decimal(100),
                floor_area=Decimal(331), storeys=3)

    assert "330" in caught.value.message_dict["floor_area"][0]


def test_it_allows_several_storeys_within_the_limit(world):
    record = _record(world, world.user(Role.WARD_OFFICER), date(2025, 1, 1),
                     land_area=Decimal(100), floor_area=Decimal(330), storeys=3)

    assert record.floor_area == 330


def test_it_refuses_a_date_in_the_future(world, english):
    tomorrow = timezone.localdate() + timedelta(days=1)

    with pytest.raises(ValidationError) as caught:
        _record(world, world.user(Role.WARD_OFFICER), tomorrow)

    assert "in the future" in caught.value.message_dict["valid_from"][0]


@pytest.mark.parametrize(("field", "value"), [("storeys", 31), ("year_built", 1899),
                                              ("households_inside", -1),
                                              ("households_inside", 1001)])
def test_it_refuses_values_out_of_range(world, field, value):
    with pytest.raises(ValidationError) as caught:
        _record(world, world.user(Role.WARD_OFFICER), date(2025, 1, 1), **{field: value})

    assert field in caught.value.message_dict


def test_it_refuses_areas_for_a_ward_with_no_headquarters(world, english):
    with pytest.raises(ValidationError) as caught:
        _record(world, world.user(Role.WARD_OFFICER), date(2025, 1, 1),
                status=HeadquartersRecord.Status.NONE, land_area=Decimal(50))

    assert "no headquarters" in caught.value.message_dict["land_area"][0]


def test_it_refuses_a_photo_that_is_not_an_image(client, world, english):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, world.user(Role.WARD_OFFICER))
    pdf = SimpleUploadedFile("anh.pdf", b"%PDF-1.4 test", content_type="application/pdf")

    response = client.post(reverse("facilities:hq_update", args=["00070"]),
                           {**_form(), "photos": [pdf]})

    assert "is not a JPEG or PNG photo" in response.content.decode()
    assert not HeadquartersRecord.objects.exists()


def test_it_attaches_uploaded_photos_to_the_record(client, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    login(client, world.user(Role.WARD_OFFICER))
    png = SimpleUploadedFile("tru-so.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64,
                             content_type="image/png")

    client.post(reverse("facilities:hq_update", args=["00070"]), {**_form(), "photos": [png]})

    photo = HeadquartersRecord.objects.get().photos.get()
    assert (photo.org_unit, photo.original_name) == (world.ward, "tru-so.png")


def test_it_lets_a_ward_officer_edit_their_own_ward(client, world):
    login(client, world.user(Role.WARD_OFFICER))

    assert client.get(reverse("facilities:hq_update", args=["00070"])).status_code == 200


def test_it_hides_another_ward_from_a_ward_officer(client, world):
    login(client, world.user(Role.WARD_OFFICER))

    assert client.get(reverse("facilities:ward", args=["00004"])).status_code == 404
    assert client.get(reverse("facilities:hq_update", args=["00004"])).status_code == 404


def test_it_lets_a_city_leader_view_but_not_edit(client, world):
    login(client, world.user(Role.CITY_LEADER))

    assert client.get(reverse("facilities:ward", args=["00070"])).status_code == 200
    assert client.get(reverse("facilities:hq_update", args=["00070"])).status_code == 403
    assert client.get(reverse("facilities:project_new", args=["00070"])).status_code == 403


def test_it_refuses_a_city_leader_writing_through_the_service(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _record(world, world.user(Role.CITY_LEADER), date(2025, 1, 1))


def test_it_lists_wards_with_status_and_expected_own_headquarters(client, world):
    officer = world.user(Role.WARD_OFFICER)
    _record(world, officer, date(2025, 1, 1))
    InvestmentProject.objects.create(
        ward=world.ward, kind="new_build", title="Trụ sở mới", stage="approved",
        approved_on=date(2025, 3, 1), expected_completion=date(2027, 9, 30))
    login(client, world.user(Role.CITY_LEADER))

    response = client.get(reverse("facilities:list"), {"has_project": "yes"})

    rows = response.context["rows"]
    assert [(r.ward.code, r.active_projects, r.independent_by) for r in rows] == [
        ("00070", 1, date(2027, 9, 30))]


def test_it_filters_the_list_by_status_in_an_htmx_partial(client, world):
    _record(world, world.user(Role.WARD_OFFICER), date(2025, 1, 1))
    login(client, world.user(Role.CITY_LEADER))

    response = client.get(reverse("facilities:list"), {"status": "unknown"},
                          headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert "00004" in html
    assert "00070" not in html
