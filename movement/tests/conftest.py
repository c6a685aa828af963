from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from movement import services
from movement.models import SafetyAssessment
from movement.selectors import criteria_of
from testing.factories import ResidentialGroupFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name: str = "quyet-dinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, "application/pdf")


@pytest.fixture
def standard_sets(db):
    return services.standard_sets_load()


def groups_of(ward, count: int, *, prefix: str = "T"):
    """`count` residential groups of `ward` (besides any it has)."""
    return [ResidentialGroupFactory(parent=ward, code=f"{prefix}{n:02d}", name=f"Tổ {prefix}{n}")
            for n in range(1, count + 1)]


def registered(unit, ward, criteria_set, *, year: int = 2026) -> SafetyAssessment:
    """A registration recorded in January (the suite's clock is in November)."""
    return SafetyAssessment.objects.create(unit=unit, ward=ward, year=year,
                                           criteria_set=criteria_set,
                                           registered_on=date(year, 1, 10))


def assess(actor, assessment: SafetyAssessment, *, failing: bool = False) -> SafetyAssessment:
    """Every criterion "yes", or "no" on criterion 3 when `failing`."""
    criteria = [c for c in criteria_of(assessment.criteria_set) if not c.is_computed]
    return services.safety_assessment_save(
        actor=actor, assessment=assessment,
        raw={c.pk: "no" if failing and c.code == "3" else "yes" for c in criteria},
        evidence={c.pk: "Biên bản" for c in criteria})


def decision(**fields) -> services.DecisionInput:
    data = {"number": "120/QĐ-UBND", "signed_on": date(2026, 11, 20),
            "signer": "Chủ tịch UBND phường", "document": pdf()}
    data.update(fields)
    return services.DecisionInput(**data)
