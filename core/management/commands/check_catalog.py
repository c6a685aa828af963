from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Fail when the Vietnamese catalogue has untranslated or fuzzy messages."

    def handle(self, *args: object, **options: object) -> None:
        problems: list[str] = []
        for locale_dir in settings.LOCALE_PATHS:
            po_path = Path(locale_dir) / "vi" / "LC_MESSAGES" / "django.po"
            if not po_path.exists():
                raise CommandError(f"missing catalogue: {po_path}")
            catalogue = polib.pofile(str(po_path))
            for entry in catalogue.untranslated_entries():
                problems.append(f"untranslated: {entry.msgid!r} ({entry.occurrences[:1]})")
            for entry in catalogue.fuzzy_entries():
                problems.append(f"fuzzy: {entry.msgid!r}")
            self.stdout.write(
                f"{po_path}: {len(catalogue.translated_entries())} translated, "
                f"{catalogue.percent_translated()}%"
            )
        if problems:
            raise CommandError("\n".join(problems))
