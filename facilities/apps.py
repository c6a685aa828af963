from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "facilities"
    verbose_name = _("Headquarters and equipment")

    def ready(self) -> None:
        from audit.services import audit_model
        from facilities import models

        for model in (models.HeadquartersRecord, models.InvestmentProject,
                      models.EquipmentItem, models.InventoryLine, models.ProcurementPlan):
            audit_model(model)

        from assessments import sources
        from facilities import criteria_sources

        sources.register("facilities", criteria_sources.read)
