"""Helpers shared by the assessments tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Assessment

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def media_root(settings, tmp_path):
    """Evidence written by a test goes to its own directory, never into var/media."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pdf(name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def at(assessment: Assessment, state: str) -> Assessment:
    """Put a dossier in a state directly, to test what happens from there."""
    Assessment.objects.filter(pk=assessment.pk).update(state=state)
    assessment.refresh_from_db()
    return assessment
