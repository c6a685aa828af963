"""Load the bodies that section IV of a province's plan assigns tasks to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from units.services import agencies_load


class Command(BaseCommand):
    help = (
        "Create or update the agencies listed in units/data/agencies*.toml for a province. "
        "The province's units must be loaded first (load_units)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province", default=settings.KIEUMAU_PROVINCE_CODE,
            help="Official province code (default: this installation's province).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = agencies_load(province_code=options["province"].strip().zfill(2))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if not result.changed:
            self.stdout.write(
                f"Nothing changed: all {result.unchanged} agencies are already up to date."
            )
            return
        self.stdout.write(self.style.SUCCESS(
            f"Created {result.created}, updated {result.updated}, "
            f"unchanged {result.unchanged} agencies."
        ))
