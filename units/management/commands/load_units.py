"""Load provinces and commune-level units from the official list in `vietnam-provinces`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from units.services import units_load


class Command(BaseCommand):
    help = (
        "Create or rename provinces and their wards, communes and special zones from the "
        "official (GSO) list. Safe to run again: it only changes what differs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--province", help="Official province code, e.g. 01 for Hà Nội.")
        which.add_argument("--all", action="store_true", help="Load all 34 provinces.")

    def handle(self, *args: Any, **options: Any) -> None:
        code = None if options["all"] else options["province"].strip().zfill(2)
        try:
            result = units_load(province_code=code)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if not result.changed:
            self.stdout.write(
                f"Nothing changed: all {result.unchanged} units are already up to date."
            )
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Created {result.created}, updated {result.updated}, "
                f"unchanged {result.unchanged} units."
            ))
        if result.retired:
            self.stdout.write(self.style.WARNING(
                f"Skipped {result.retired} listed units that a recorded merger has retired."
            ))
