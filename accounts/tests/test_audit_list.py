import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditEntry
from testing.clients import login


@pytest.fixture(autouse=True)
def _english(english):
    """These tests read the English messages, whatever the catalogue says."""


@pytest.fixture
def coordinator(world):
    return world.user(Role.CITY_COORDINATOR)


@pytest.fixture
def coordinator_client(client, coordinator):
    login(client, coordinator)
    return client


pytestmark = pytest.mark.django_db

URL = "/audit/"


def _entry(*, at=None, **fields) -> AuditEntry:
    values = {"username": "someone", "action": AuditEntry.Action.UPDATE, "model": "units.orgunit",
              "object_id": "1", "object_repr": "Phường Hoàn Kiếm", "changes": {}}
    entry = AuditEntry.objects.create(**{**values, **fields})
    if at is not None:
        AuditEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


def _local(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_it_is_mounted_at_audit():
    assert reverse("audit:list") == URL


def test_it_forbids_the_audit_log_to_a_ward_officer(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(URL).status_code == 403


def test_it_forbids_the_csv_export_to_a_ward_officer(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(URL, {"format": "csv"}).status_code == 403


def test_it_sends_anonymous_visitors_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_shows_the_log_to_a_city_coordinator(coordinator_client):
    _entry(object_repr="Tổ dân phố số 7")
    response = coordinator_client.get(URL)
    assert response.status_code == 200
    assert "Tổ dân phố số 7" in response.content.decode()


def test_it_shows_time_user_ip_action_and_record(coordinator_client):
    _entry(at=_local(2025, 3, 9, 14), username="can.bo.an", ip="10.0.0.7",
           action=AuditEntry.Action.DELETE, object_repr="Biên bản.pdf",
           model="attachments.attachment")
    body = coordinator_client.get(URL, {"user": "can.bo.an"}).content.decode()
    assert "09/03/2025 14:00" in body
    assert "10.0.0.7" in body
    assert "Deleted" in body
    assert "Attachment" in body
    assert "Biên bản.pdf" in body


def test_it_shows_field_changes_as_before_and_after(coordinator_client):
    _entry(object_repr="doi-ten", changes={"name": ["Phường Cũ", "Phường Mới"]})
    body = coordinator_client.get(URL, {"q": "doi-ten"}).content.decode()
    assert "Name:" in body
    assert "<del>Phường Cũ</del> → <ins>Phường Mới</ins>" in body


def test_it_skips_fields_left_empty_when_a_record_is_created(coordinator_client):
    _entry(object_repr="tao-moi", action=AuditEntry.Action.CREATE,
           changes={"name": [None, "Tổ 9"], "valid_to": [None, None]})
    body = coordinator_client.get(URL, {"q": "tao-moi"}).content.decode()
    assert "Tổ 9" in body
    assert "Valid to" not in body


def test_it_filters_by_user_name(coordinator_client):
    _entry(username="nguyen.an", object_repr="ban-ghi-cua-an")
    _entry(username="tran.binh", object_repr="ban-ghi-cua-binh")
    body = coordinator_client.get(URL, {"user": "nguyen"}).content.decode()
    assert "ban-ghi-cua-an" in body
    assert "ban-ghi-cua-binh" not in body


def test_it_filters_by_the_full_name_of_the_user(coordinator_client, world):
    person = world.user(Role.WARD_OFFICER)
    person.full_name = "Lê Thị Hoa"
    person.save()
    _entry(user=person, username=person.username, object_repr="cua-hoa")
    _entry(object_repr="cua-nguoi-khac")
    body = coordinator_client.get(URL, {"user": "Thị Hoa"}).content.decode()
    assert "cua-hoa" in body
    assert "cua-nguoi-khac" not in body


def test_it_filters_by_action(coordinator_client):
    _entry(action=AuditEntry.Action.LOGIN_FAILED, object_repr="dang-nhap-sai")
    _entry(action=AuditEntry.Action.UPDATE, object_repr="cap-nhat")
    body = coordinator_client.get(URL, {"action": "login_failed"}).content.decode()
    assert "dang-nhap-sai" in body
    assert "cap-nhat" not in body


def test_it_filters_by_record_type(coordinator_client):
    _entry(model="attachments.attachment", object_repr="tep-dinh-kem")
    _entry(model="units.agency", object_repr="co-quan")
    body = coordinator_client.get(URL, {"model": "attachments.attachment"}).content.decode()
    assert "tep-dinh-kem" in body
    assert "co-quan" not in body


def test_it_filters_by_dates_typed_as_day_month_year(coordinator_client):
    _entry(at=_local(2025, 2, 28, 23), object_repr="truoc")
    _entry(at=_local(2025, 3, 1, 0), object_repr="dau-thang")
    _entry(at=_local(2025, 3, 31, 23), object_repr="cuoi-thang")
    _entry(at=_local(2025, 4, 1, 0), object_repr="sau")
    body = coordinator_client.get(
        URL, {"date_from": "01/03/2025", "date_to": "31/03/2025"}
    ).content.decode()
    assert "dau-thang" in body
    assert "cuoi-thang" in body
    assert "truoc" not in body
    assert ">sau" not in body


def test_it_filters_by_text_in_the_record(coordinator_client):
    _entry(object_repr="Phường Sài Gòn")
    _entry(object_repr="Phường Ba Đình")
    body = coordinator_client.get(URL, {"q": "sài gòn"}).content.decode()
    assert "Phường Sài Gòn" in body
    assert "Phường Ba Đình" not in body


def test_it_reports_an_impossible_date(coordinator_client):
    body = coordinator_client.get(URL, {"date_from": "31/02/2025"}).content.decode()
    assert 'class="problems"' in body
    assert "Enter a valid date." in body


def test_it_reports_an_end_date_before_the_start(coordinator_client):
    body = coordinator_client.get(
        URL, {"date_from": "10/03/2025", "date_to": "01/03/2025"}
    ).content.decode()
    assert "The end date is before the start date." in body


def test_it_answers_htmx_filtering_with_the_table_only(coordinator_client):
    _entry(object_repr="chi-bang")
    response = coordinator_client.get(URL, {"q": "chi-bang"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="audit-table"' in body
    assert "chi-bang" in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_it_answers_an_htmx_history_restore_with_the_whole_page(coordinator_client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in coordinator_client.get(URL, headers=headers).content.decode()


def test_it_paginates_and_keeps_the_filters_in_page_links(coordinator_client):
    for i in range(55):
        _entry(object_repr=f"trang-{i}")
    body = coordinator_client.get(URL, {"q": "trang-"}).content.decode()
    assert "Page 1 of 2" in body
    assert "?q=trang-&amp;page=2" in body
    second = coordinator_client.get(URL, {"q": "trang-", "page": 2}).content.decode()
    assert "Page 2 of 2" in second


def test_it_keeps_the_query_count_flat_as_entries_grow(coordinator_client, world,
                                                       django_assert_num_queries):
    person = world.user(Role.WARD_OFFICER)
    for i in range(60):
        _entry(user=person, username=person.username, object_repr=f"ban-ghi-{i}",
               changes={"name": ["a", "b"], "households": [1, 2]})
    # session, user, OTP device, assignments, count, page (users joined), session save
    with django_assert_num_queries(10):
        response = coordinator_client.get(URL)
    assert "ban-ghi-59" in response.content.decode()


def test_it_offers_no_way_to_change_entries(coordinator_client):
    entry = _entry()
    assert coordinator_client.post(URL, {"id": entry.pk}).status_code == 405
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# --- CSV export ----------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_it_exports_the_filtered_entries_as_csv(coordinator_client):
    _entry(object_repr="xuat-1", username="nguyen.an", ip="10.0.0.1",
           changes={"name": ["Cũ", "Mới"]})
    _entry(object_repr="khong-xuat")
    response = coordinator_client.get(URL, {"q": "xuat-1", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    header, *rows = _csv_rows(response)
    assert header[0] == "Time"
    assert len(rows) == 1
    assert rows[0][1] == "nguyen.an"
    assert rows[0][3] == "10.0.0.1"
    assert rows[0][7] == "xuat-1"
    assert rows[0][8] == "Name: Cũ → Mới"
    assert rows[0][9] == ""


def test_it_names_the_api_key_a_change_came_through(coordinator_client):
    _entry(object_repr="qua-api", via="API: Phần mềm Sở (km_0a1b2c3d…)")
    page = coordinator_client.get(URL, {"q": "qua-api"}).content.decode()
    assert "API: Phần mềm Sở (km_0a1b2c3d…)" in page
    _, row = _csv_rows(coordinator_client.get(URL, {"q": "qua-api", "format": "csv"}))
    assert row[9] == "API: Phần mềm Sở (km_0a1b2c3d…)"
    by_key = coordinator_client.get(URL, {"user": "km_0a1b2c3d"}).content.decode()
    assert "qua-api" in by_key


def test_it_writes_export_times_as_day_month_year(coordinator_client):
    _entry(at=_local(2025, 3, 9, 14), object_repr="gio-xuat")
    _, row = _csv_rows(coordinator_client.get(URL, {"q": "gio-xuat", "format": "csv"}))
    assert row[0] == "09/03/2025 14:00:00"


def test_it_defuses_spreadsheet_formulas_in_the_export(coordinator_client):
    _entry(object_repr="=HYPERLINK(\"http://x\")", username="+cmd")
    _, row = _csv_rows(coordinator_client.get(URL, {"q": "HYPERLINK", "format": "csv"}))
    assert row[7].startswith("'=")
    assert row[1] == "'+cmd"


def test_it_traces_the_export_itself(coordinator_client, coordinator):
    coordinator_client.get(URL, {"action": "login", "format": "csv"})
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCESS, model="audit.auditentry")
    assert entry.user == coordinator
    assert entry.changes == {"filters": {"action": "login"}}


def test_it_names_fields_in_each_readers_language_whoever_asked_first(coordinator_client):
    """The field labels are cached: a Vietnamese reader first must not make them Vietnamese
    for an English reader after (nor the other way round)."""
    from django.utils import translation

    _entry(object_repr="doi-ten", changes={"name": ["Phường Cũ", "Phường Mới"]})
    with translation.override("vi"):
        vietnamese = coordinator_client.get(URL, {"q": "doi-ten"},
                                            HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tên:" in vietnamese
    english = coordinator_client.get(URL, {"q": "doi-ten"}).content.decode()
    assert "Name:" in english and "Tên:" not in english
