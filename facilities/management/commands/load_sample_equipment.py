"""Load the SAMPLE equipment catalogue; safe to run again (existing codes are left alone)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from facilities.models import EquipmentItem

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "equipment_catalogue.toml"


class Command(BaseCommand):
    help = "Add the sample equipment catalogue (invented norms) for codes not yet present."

    def handle(self, *args: Any, **options: Any) -> None:
        items = tomllib.loads(SAMPLE.read_text(encoding="utf-8"))["item"]
        created = 0
        with transaction.atomic():
            for order, entry in enumerate(items, start=1):
                # Never update: officials may already have imported the Ministry's real norms.
                _item, was_created = EquipmentItem.objects.get_or_create(
                    code=entry["code"],
                    defaults={"name": entry["name"], "category": entry["category"],
                              "unit_of_measure": entry["unit"], "norm_per_unit": entry["norm"],
                              "order": order * 10},
                )
                created += was_created
        self.stdout.write(f"Sample equipment catalogue: {created} added, "
                          f"{len(items) - created} already present.")
