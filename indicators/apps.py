from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "indicators"
    verbose_name = _("Indicators and dashboards")

    def ready(self) -> None:
        from audit.services import audit_model
        from indicators import models

        # Values are audited (who changed a figure matters); the totals derived from them
        # are not: they are rebuilt from the values and would only double the trail.
        for model in (models.IndicatorDefinition, models.IndicatorValue, models.WardBoundary):
            audit_model(model)

        from assessments import sources
        from indicators import criteria_sources

        sources.register("indicators", criteria_sources.read)

        from core import worklist
        from indicators import worklist as indicators_worklist

        worklist.register(indicators_worklist.items)
