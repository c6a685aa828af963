from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        from audit.services import audit_model
        from units.models import Agency, OrgUnit, UnitMerger

        audit_model(OrgUnit)
        audit_model(UnitMerger)
        audit_model(Agency)
