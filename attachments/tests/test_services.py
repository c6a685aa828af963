import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from attachments.models import Attachment
from attachments.services import attachment_create, attachment_delete
from attachments.tests.conftest import EXE, PDF, docx_bytes, stored_files, upload, zip_bytes
from audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_it_stores_a_valid_file_with_its_digest_and_size(world, media_root):
    officer = world.user(Role.WARD_OFFICER)
    attachment = attachment_create(
        actor=officer, uploaded_file=upload("Biên bản.pdf", PDF), org_unit=world.ward,
        description="  Họp tổ dân phố  ",
    )
    attachment.refresh_from_db()
    assert attachment.kind == Attachment.Kind.PDF
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.description == "Họp tổ dân phố"
    assert attachment.uploaded_by == officer
    assert attachment.original_name == "Biên bản.pdf"
    assert (media_root / attachment.file.name).read_bytes() == PDF


def test_it_stores_the_file_under_a_random_name(world, media_root):
    attachment = attachment_create(
        actor=world.user(Role.WARD_OFFICER), uploaded_file=upload("Biên bản.pdf", PDF),
        org_unit=world.ward,
    )
    assert "Bi" not in attachment.file.name
    assert attachment.file.name.startswith("attachments/")


def test_it_stores_a_file_for_an_agency(world):
    reporter = world.user(Role.AGENCY_REPORTER)
    attachment = attachment_create(
        actor=reporter, uploaded_file=upload("bao-cao.docx", docx_bytes()), agency=world.agency,
    )
    assert attachment.agency == world.agency
    assert attachment.org_unit is None


def test_it_records_the_upload_in_the_audit_trail(world):
    attachment = attachment_create(
        actor=world.user(Role.WARD_OFFICER), uploaded_file=upload("a.pdf", PDF),
        org_unit=world.ward,
    )
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, model="attachments.attachment",
        object_id=str(attachment.pk),
    ).exists()


def test_it_refuses_an_upload_outside_the_actors_ward(world, media_root):
    with pytest.raises(PermissionDenied):
        attachment_create(
            actor=world.user(Role.WARD_OFFICER, own=False), uploaded_file=upload("a.pdf", PDF),
            org_unit=world.ward,
        )
    assert not stored_files(media_root)


def test_it_refuses_an_upload_by_a_read_only_role(world):
    with pytest.raises(PermissionDenied):
        attachment_create(
            actor=world.user(Role.COUNCIL_MEMBER), uploaded_file=upload("a.pdf", PDF),
            org_unit=world.ward,
        )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", EXE),
        ("a.pdf", b""),
        ("a.docx", PDF),
        ("a.docx", zip_bytes({"[Content_Types].xml": b"<Types/>"})),
        ("a.pdf", PDF + b"0" * (25 * 1024 * 1024)),
    ],
    ids=["executable", "empty", "wrong-extension", "fake-docx", "25-mb"],
)
def test_it_stores_nothing_when_it_refuses_a_file(world, media_root, name, content):
    with pytest.raises(ValidationError):
        attachment_create(
            actor=world.user(Role.WARD_OFFICER), uploaded_file=upload(name, content),
            org_unit=world.ward,
        )
    assert not Attachment.objects.exists()
    assert not stored_files(media_root)


def test_it_refuses_a_description_over_300_characters(world):
    with pytest.raises(ValidationError) as caught:
        attachment_create(
            actor=world.user(Role.WARD_OFFICER), uploaded_file=upload("a.pdf", PDF),
            org_unit=world.ward, description="x" * 301,
        )
    assert caught.value.code == "description_too_long"


def test_it_needs_exactly_one_scope(world):
    with pytest.raises(ValueError, match="exactly one"):
        attachment_create(
            actor=world.user(Role.WARD_OFFICER), uploaded_file=upload("a.pdf", PDF),
            org_unit=world.ward, agency=world.agency,
        )


def test_it_deletes_the_row_and_the_file(world, media_root, django_capture_on_commit_callbacks):
    officer = world.user(Role.WARD_OFFICER)
    attachment = attachment_create(
        actor=officer, uploaded_file=upload("a.pdf", PDF), org_unit=world.ward,
    )
    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(actor=officer, attachment=attachment)
    assert not Attachment.objects.exists()
    assert not stored_files(media_root)


def test_it_keeps_the_file_until_the_deletion_commits(world, media_root,
                                                      django_capture_on_commit_callbacks):
    officer = world.user(Role.WARD_OFFICER)
    attachment = attachment_create(
        actor=officer, uploaded_file=upload("a.pdf", PDF), org_unit=world.ward,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment_delete(actor=officer, attachment=attachment)
    assert stored_files(media_root)
    assert len(callbacks) == 1


def test_it_refuses_a_deletion_by_a_read_only_role(world):
    attachment = attachment_create(
        actor=world.user(Role.WARD_OFFICER), uploaded_file=upload("a.pdf", PDF),
        org_unit=world.ward,
    )
    with pytest.raises(PermissionDenied):
        attachment_delete(actor=world.user(Role.CITY_LEADER), attachment=attachment)
    assert Attachment.objects.filter(pk=attachment.pk).exists()
