"""Evidence files on a criterion: validated like every upload, linked, unlinked, locked."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from assessments.models import Assessment, AssessmentValue
from attachments.models import Attachment
from testing.clients import login
from testing.factories import assessment_for

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


@pytest.fixture
def dossier(world):
    return assessment_for(world.ward)


def _value(dossier, code="1.1") -> AssessmentValue:
    return AssessmentValue.objects.get(assessment=dossier, criterion__code=code)


def _upload(client, dossier, payload=MINIMAL_PDF, name="bien-ban.pdf", htmx=False):
    criterion = _value(dossier).criterion
    url = reverse("assessments:evidence_upload", args=[dossier.pk, criterion.pk])
    upload = SimpleUploadedFile(name, payload, content_type="application/pdf")
    return client.post(url, {f"e{criterion.pk}-file": upload},
                       headers={"HX-Request": "true"} if htmx else None)


def test_it_attaches_a_file_to_the_criterion_in_the_wards_files(client, world, dossier):
    login(client, world.user(Role.WARD_OFFICER))
    response = _upload(client, dossier)
    assert response.status_code == 302
    attachment = _value(dossier).evidence.get()
    assert attachment.org_unit == world.ward
    assert attachment.original_name == "bien-ban.pdf"


def test_it_lists_the_file_with_a_download_link_in_the_htmx_row(client, world, dossier):
    login(client, world.user(Role.WARD_OFFICER))
    page = _upload(client, dossier, htmx=True).content.decode()
    attachment = Attachment.objects.get()
    assert reverse("attachments:download", args=[attachment.pk]) in page
    assert page.lstrip().startswith('<tr id="c-1.1"')


def test_it_refuses_a_file_that_is_not_what_it_claims(client, world, dossier):
    login(client, world.user(Role.WARD_OFFICER))
    response = _upload(client, dossier, payload=b"MZ\x90\x00" + b"\x00" * 200, htmx=True)
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()
    assert not Attachment.objects.exists()


def test_it_refuses_evidence_on_a_submitted_dossier(client, world, dossier):
    Assessment.objects.filter(pk=dossier.pk).update(state=Assessment.State.SUBMITTED)
    login(client, world.user(Role.WARD_OFFICER))
    _upload(client, dossier)
    assert not Attachment.objects.exists()


def test_it_unlinks_a_file_but_keeps_it_among_the_wards_files(client, world, dossier):
    login(client, world.user(Role.WARD_OFFICER))
    _upload(client, dossier)
    attachment = Attachment.objects.get()
    url = reverse("assessments:evidence_remove",
                  args=[dossier.pk, _value(dossier).criterion_id, attachment.pk])
    assert client.post(url).status_code == 302
    assert not _value(dossier).evidence.exists()
    assert Attachment.objects.filter(pk=attachment.pk).exists()
