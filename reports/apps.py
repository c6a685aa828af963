from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Plans and periodic reports")

    def ready(self) -> None:
        from audit.services import audit_model
        from reports import models

        for model in (models.Plan, models.PlanTask, models.ReportingPeriod, models.Report,
                      models.ReportItem, models.ConsolidatedReport):
            audit_model(model)

        from core import worklist
        from reports import worklist as reports_worklist

        worklist.register(reports_worklist.items)
