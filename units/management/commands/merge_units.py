"""Record a merger of administrative units from the command line."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from units.models import OrgUnit
from units.selectors import unit_by_code
from units.services import unit_merge, unit_merge_into_new

NEW_KINDS = {
    "ward": OrgUnit.Kind.WARD,
    "commune": OrgUnit.Kind.COMMUNE,
    "special_zone": OrgUnit.Kind.SPECIAL_ZONE,
}


def parse_day(value: str) -> date:
    """dd/mm/yyyy, the way officials write dates."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
    if not match:
        raise CommandError(f"--date must be written dd/mm/yyyy, not {value!r}.")
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise CommandError(f"--date {value!r} is not a real date.") from exc


class Command(BaseCommand):
    help = (
        "Record that units (--from) became one unit (--into) on a date. The merged units "
        "end the day before; their history rolls up into the successor. With --new-name "
        "the successor is created with the --into code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--into", required=True, metavar="CODE", help="Successor code.")
        parser.add_argument("--from", required=True, nargs="+", dest="sources", metavar="CODE",
                            help="Codes of the merged units (may include the successor).")
        parser.add_argument("--date", required=True, help="Effective date, dd/mm/yyyy.")
        parser.add_argument("--basis", default="", help="Legal basis, e.g. the resolution.")
        parser.add_argument("--note", default="")
        parser.add_argument("--new-name", help="Create the successor with this name.")
        parser.add_argument("--new-kind", choices=sorted(NEW_KINDS), default="ward")
        parser.add_argument("--province", default=settings.KIEUMAU_PROVINCE_CODE,
                            help="Province of a new successor (default: this installation's).")

    def handle(self, *args: Any, **options: Any) -> None:
        effective = parse_day(options["date"])
        try:
            predecessors = [unit_by_code(c, allow_historical=True) for c in options["sources"]]
            if options["new_name"]:
                province = OrgUnit.objects.filter(
                    kind=OrgUnit.Kind.PROVINCE, code=options["province"], valid_to__isnull=True
                ).first()
                if province is None:
                    raise CommandError(f"Province {options['province']} is not loaded.")
                merger = unit_merge_into_new(
                    actor=None, predecessors=predecessors, code=options["into"],
                    name=options["new_name"], kind=NEW_KINDS[options["new_kind"]],
                    province=province, effective_date=effective,
                    legal_basis=options["basis"], note=options["note"],
                )
            else:
                merger = unit_merge(
                    actor=None, predecessors=predecessors,
                    successor=unit_by_code(options["into"]), effective_date=effective,
                    legal_basis=options["basis"], note=options["note"],
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        names = ", ".join(f"{p.name} ({p.code})" for p in predecessors)
        self.stdout.write(self.style.SUCCESS(
            f"Recorded: {names} → {merger.successor.name} ({merger.successor.code}) "
            f"from {effective:%d/%m/%Y}."
        ))
