import re
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
            for entry in catalogue.translated_entries():
                # A translation that drops or renames a %(name)s placeholder crashes at
                # run time, in Vietnamese only; catch it here.
                wanted = _placeholders(entry.msgid)
                for text in [entry.msgstr, *entry.msgstr_plural.values()]:
                    if text and _placeholders(text) != wanted:
                        problems.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
            self.stdout.write(
                f"{po_path}: {len(catalogue.translated_entries())} translated, "
                f"{catalogue.percent_translated()}%"
            )
        if problems:
            raise CommandError("\n".join(problems))


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def _placeholders(text: str) -> set[str]:
    return {a or b for a, b in _PLACEHOLDER.findall(text)}
