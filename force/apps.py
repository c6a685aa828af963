from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForceConfig(AppConfig):
    name = "force"
    verbose_name = _("Building the force, emulation and reviews")

    def ready(self) -> None:
        from audit.services import audit_model
        from force import models

        for model in (models.Staffing, models.TrainingPlan, models.Course, models.Attendance,
                      models.Discipline, models.Commendation, models.ProgrammeReview):
            audit_model(model)

        from assessments import sources
        from force import criteria_sources

        sources.register("force", criteria_sources.read)

        from force import review_figures
        from reports import figures

        figures.register(review_figures.report_lines)

        from core import worklist
        from force import worklist as force_worklist

        worklist.register(force_worklist.items)
