import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from attachments.models import Attachment
from attachments.services import attachment_create
from attachments.tests.conftest import EXE, PDF, stored_files, upload
from audit.models import AuditEntry
from testing.clients import login

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _unit_file(world, name="Biên bản họp.pdf"):
    return attachment_create(
        actor=world.user(Role.WARD_OFFICER), uploaded_file=upload(name, PDF),
        org_unit=world.ward,
    )


def _agency_file(world):
    return attachment_create(
        actor=world.user(Role.AGENCY_REPORTER), uploaded_file=upload("bao-cao.pdf", PDF),
        agency=world.agency,
    )


def _upload_url(world):
    return reverse("attachments:upload_unit", args=[world.ward.code])


# --- upload --------------------------------------------------------------------------


def test_it_uploads_a_file_and_returns_to_the_unit(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(_upload_url(world), {"file": upload("a.pdf", PDF), "description": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("units:detail", args=[world.ward.code]))
    assert Attachment.objects.get().org_unit == world.ward


def test_it_answers_an_htmx_upload_with_the_refreshed_panel(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(_upload_url(world), {"file": upload("bien-ban.pdf", PDF)},
                           headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="attachments-panel"' in body
    assert "bien-ban.pdf" in body
    assert "<html" not in body


def test_it_shows_the_refusal_and_keeps_the_description_without_javascript(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(_upload_url(world),
                           {"file": upload("bien-ban.pdf", EXE), "description": "Họp quý III"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "This file is not a PDF, JPEG, PNG, DOCX or XLSX file." in body
    assert 'value="Họp quý III"' in body
    assert reverse("units:detail", args=[world.ward.code]) in body


def test_it_shows_the_refusal_in_the_panel_with_htmx(client, world, media_root):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(_upload_url(world),
                           {"file": upload("bien-ban.pdf", EXE), "description": "Họp quý III"},
                           headers=HTMX)
    body = response.content.decode()
    assert 'id="attachments-panel"' in body
    assert "This file is not a PDF, JPEG, PNG, DOCX or XLSX file." in body
    assert 'value="Họp quý III"' in body
    assert not Attachment.objects.exists()
    assert not stored_files(media_root)


def test_it_answers_a_25_mb_upload_with_the_size_message_not_a_bare_400(client, world,
                                                                          media_root):
    login(client, world.user(Role.WARD_OFFICER))
    big = upload("lon.pdf", PDF + b"0" * (25 * 1024 * 1024))
    response = client.post(_upload_url(world), {"file": big}, headers=HTMX)
    assert response.status_code == 200
    assert "the limit is 20 MB" in response.content.decode()
    assert not stored_files(media_root)


def test_it_asks_for_a_file_when_none_was_sent(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(_upload_url(world), {"description": "x"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_it_forbids_uploads_to_a_read_only_role(client, world):
    login(client, world.user(Role.COUNCIL_MEMBER))
    assert client.post(_upload_url(world), {"file": upload("a.pdf", PDF)}).status_code == 403


def test_it_hides_another_wards_unit_from_an_uploader(client, world):
    login(client, world.user(Role.WARD_OFFICER, own=False))
    assert client.post(_upload_url(world), {"file": upload("a.pdf", PDF)}).status_code == 404


def test_it_refuses_to_upload_with_get(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(_upload_url(world)).status_code == 405


# --- download ------------------------------------------------------------------------


def test_it_lets_an_officer_of_the_ward_download_the_file(client, world):
    attachment = _unit_file(world)
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_it_sends_the_file_as_a_download_with_safe_headers(client, world):
    attachment = _unit_file(world, name="Biên bản họp.pdf")
    login(client, world.user(Role.WARD_OFFICER))
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Bi%C3%AAn%20b%E1%BA%A3n%20h%E1%BB%8Dp.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_it_lets_the_wards_fatherland_front_download(client, world):
    attachment = _unit_file(world)
    login(client, world.user(Role.WARD_FRONT))
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 200


def test_it_hides_a_file_from_another_ward(client, world):
    attachment = _unit_file(world)
    login(client, world.user(Role.WARD_OFFICER, own=False))
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404


def test_it_hides_an_agency_file_from_another_agencys_reporter(client, world):
    attachment = _agency_file(world)
    login(client, world.user(Role.AGENCY_REPORTER, own=False))
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404


def test_it_lets_the_agencys_own_reporter_download(client, world):
    attachment = _agency_file(world)
    login(client, world.user(Role.AGENCY_REPORTER))
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 200


def test_it_hides_an_agency_file_from_a_ward_officer(client, world):
    attachment = _agency_file(world)
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404


def test_it_sends_anonymous_visitors_to_login(client, world):
    attachment = _unit_file(world)
    response = client.get(reverse("attachments:download", args=[attachment.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_records_who_downloaded_the_file(client, world):
    attachment = _unit_file(world)
    reader = world.user(Role.WARD_FRONT)
    login(client, reader)
    client.get(reverse("attachments:download", args=[attachment.pk]), REMOTE_ADDR="10.1.2.3")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ACCESS)
    assert entry.user == reader
    assert entry.model == "attachments.attachment"
    assert entry.object_id == str(attachment.pk)
    assert entry.ip == "10.1.2.3"


def test_it_records_no_access_when_the_file_is_hidden(client, world):
    attachment = _unit_file(world)
    login(client, world.user(Role.WARD_OFFICER, own=False))
    client.get(reverse("attachments:download", args=[attachment.pk]))
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS).exists()


def test_it_answers_404_when_the_stored_file_is_missing(client, world, media_root):
    attachment = _unit_file(world)
    (media_root / attachment.file.name).unlink()
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(reverse("attachments:download", args=[attachment.pk])).status_code == 404


# --- delete --------------------------------------------------------------------------


def test_it_deletes_a_file_and_returns_to_the_unit(client, world, media_root,
                                                   django_capture_on_commit_callbacks):
    attachment = _unit_file(world)
    login(client, world.user(Role.WARD_CHIEF))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("attachments:delete", args=[attachment.pk]))
    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not stored_files(media_root)


def test_it_answers_an_htmx_delete_with_the_refreshed_panel(client, world):
    attachment = _unit_file(world, name="xoa-toi.pdf")
    login(client, world.user(Role.WARD_OFFICER))
    response = client.post(reverse("attachments:delete", args=[attachment.pk]), headers=HTMX)
    body = response.content.decode()
    assert 'id="attachments-panel"' in body
    assert "No files yet." in body


def test_it_records_the_deletion_in_the_audit_trail(client, world):
    attachment = _unit_file(world)
    login(client, world.user(Role.WARD_OFFICER))
    client.post(reverse("attachments:delete", args=[attachment.pk]))
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, object_id=str(attachment.pk)
    ).exists()


def test_it_forbids_deletion_to_a_role_that_may_only_read(client, world):
    attachment = _unit_file(world)
    login(client, world.user(Role.COUNCIL_MEMBER))
    assert client.post(reverse("attachments:delete", args=[attachment.pk])).status_code == 403
    assert Attachment.objects.exists()


def test_it_hides_the_deletion_of_another_wards_file(client, world):
    attachment = _unit_file(world)
    login(client, world.user(Role.WARD_OFFICER, own=False))
    assert client.post(reverse("attachments:delete", args=[attachment.pk])).status_code == 404


def test_it_refuses_to_delete_with_get(client, world):
    attachment = _unit_file(world)
    login(client, world.user(Role.WARD_OFFICER))
    assert client.get(reverse("attachments:delete", args=[attachment.pk])).status_code == 405
    assert Attachment.objects.exists()


# --- the panel on the unit page --------------------------------------------------------


def _unit_page(client, world) -> str:
    return client.get(reverse("units:detail", args=[world.ward.code])).content.decode()


def test_it_lists_the_units_files_on_its_page(client, world):
    attachment = _unit_file(world, name="bien-ban-hop.pdf")
    login(client, world.user(Role.WARD_OFFICER))
    body = _unit_page(client, world)
    assert "Evidence files" in body
    assert reverse("attachments:download", args=[attachment.pk]) in body
    assert "bien-ban-hop.pdf" in body


def test_it_shows_the_upload_form_and_limits_to_an_uploader(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    body = _unit_page(client, world)
    assert _upload_url(world) in body
    assert 'accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"' in body
    assert 'hx-encoding="multipart/form-data"' in body
    assert "up to 20 MB each" in body


def test_it_shows_neither_upload_form_nor_delete_button_to_a_reader(client, world):
    attachment = _unit_file(world)
    login(client, world.user(Role.COUNCIL_MEMBER))
    body = _unit_page(client, world)
    assert reverse("attachments:download", args=[attachment.pk]) in body
    assert _upload_url(world) not in body
    assert reverse("attachments:delete", args=[attachment.pk]) not in body


def test_it_shows_the_upload_date_as_day_month_year(client, world):
    attachment = _unit_file(world)
    login(client, world.user(Role.WARD_OFFICER))
    from django.utils import timezone

    local = timezone.localtime(attachment.uploaded_at)
    assert local.strftime("%d/%m/%Y %H:%M") in _unit_page(client, world)


def test_it_keeps_the_panels_query_count_flat(client, world):
    login(client, world.user(Role.WARD_OFFICER))
    _unit_file(world)
    with CaptureQueriesContext(connection) as one_file:
        _unit_page(client, world)
    for i in range(5):
        _unit_file(world, name=f"tep-{i}.pdf")
    with CaptureQueriesContext(connection) as six_files:
        _unit_page(client, world)
    assert len(six_files) == len(one_file)
