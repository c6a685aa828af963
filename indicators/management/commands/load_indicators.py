"""Load (or refresh) the default security and order indicators; safe to run again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.entry_services import DEFAULT_FILE, indicator_definitions_load


class Command(BaseCommand):
    help = "Create or update the indicator definitions of a TOML file (by code; idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE,
                            help="TOML file with [[indicator]] entries (default: the built-in set)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = indicator_definitions_load(path=options["file"])
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Indicators: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged."
        ))
