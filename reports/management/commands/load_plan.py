"""Load a province's bundled plan (reports/data/) and its tasks."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.plan_services import plan_load


class Command(BaseCommand):
    help = (
        "Create or update the plan in reports/data/ for a province, with its tasks. "
        "The province's agencies must be loaded first (load_agencies). Safe to rerun."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province", default=settings.KIEUMAU_PROVINCE_CODE,
            help="Official province code (default: this installation's province).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = plan_load(province_code=options["province"].strip().zfill(2))
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        verb = "Created" if result.plan_created else "Updated"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} plan {result.plan.number}: tasks created {result.created}, "
            f"updated {result.updated}, unchanged {result.unchanged}."
        ))
