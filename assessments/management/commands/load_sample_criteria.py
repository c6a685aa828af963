"""Load the sample criteria set (assessments/data/sample_criteria_set.toml); safe to repeat."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from assessments.criteria_services import criteria_set_load_sample
from core.imports import ImportErrors


class Command(BaseCommand):
    help = "Load the sample criteria set, unless it is already loaded."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            criteria_set, created = criteria_set_load_sample()
        except ImportErrors as invalid:
            lines = [f"row {p.row}, {p.column}: {p.message}" for p in invalid.errors]
            raise CommandError("The sample file is invalid:\n" + "\n".join(lines)) from None
        verb = "Loaded" if created else "Already loaded"
        self.stdout.write(f"{verb}: {criteria_set} — {criteria_set.criteria.count()} criteria.")
