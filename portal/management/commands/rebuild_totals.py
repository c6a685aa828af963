from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from consultations.services import tallies_rebuild
from core.totals import Reconciled
from indicators.services import totals_rebuild

# Every pre-aggregate of the project, by the function that recomputes it from its rows.
# Each is kept exact by the writes themselves; this is for after a bulk load, a restore or
# a doubt, and repairs only what differs.
REBUILDERS: tuple[Callable[[], list[Reconciled]], ...] = (totals_rebuild, tallies_rebuild)


class Command(BaseCommand):
    help = ("Recompute every pre-aggregated total (indicator totals, consultation tallies) "
            "from the rows it sums, repair any difference and report it. Safe to run again.")

    def handle(self, *args: object, **options: object) -> None:
        repaired = 0
        for rebuild in REBUILDERS:
            for result in rebuild():
                repaired += result.corrected
                self.stdout.write(_(
                    "%(table)s: %(checked)s rows checked, %(created)s added, %(updated)s "
                    "corrected, %(deleted)s removed") % {
                    "table": result.table, "checked": result.checked,
                    "created": result.created, "updated": result.updated,
                    "deleted": result.deleted})
                for key, before, after in result.examples:
                    self.stdout.write("  " + _("%(key)s: %(before)s → %(after)s") % {
                        "key": key, "before": before if before is not None else "—",
                        "after": after if after is not None else "—"})
        if repaired:
            self.stdout.write(self.style.WARNING(
                _("%(n)s rows of totals differed from their rows and were repaired.")
                % {"n": repaired}))
        else:
            self.stdout.write(self.style.SUCCESS(_("Every total equals its rows.")))
