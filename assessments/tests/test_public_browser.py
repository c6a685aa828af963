"""The public list on a 360 px phone: readable without sideways scrolling."""

from __future__ import annotations

from datetime import date

import pytest

from assessments.models import Assessment
from testing.factories import assessment_for, criteria_set_with

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_fits_a_360_px_phone(page, world):
    assessment = assessment_for(world.ward, criteria_set=criteria_set_with(1))
    Assessment.objects.filter(pk=assessment.pk).update(
        state=Assessment.State.RECOGNISED, decision_number="125/QĐ-CAHN-PV05",
        decision_date=date(2026, 12, 15),
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/public/recognised/")
    assert page.get_by_text("125/QĐ-CAHN-PV05").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 360
