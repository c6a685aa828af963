from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementConfig(AppConfig):
    name = "movement"
    verbose_name = _("“An toàn về ANTT” and the movement's models")

    def ready(self) -> None:
        from audit.services import audit_model
        from movement import models

        for model in (models.SafetyDecision, models.SafetyAssessment, models.SafetyValue,
                      models.ModelType, models.MovementModel, models.ModelReview):
            audit_model(model)

        from assessments import sources
        from movement import criteria_sources

        sources.register("lower_level", criteria_sources.read)
        sources.register_use(first_use)

        from core import worklist
        from movement import worklist as movement_worklist

        worklist.register(movement_worklist.items)


def first_use(criteria_set):  # type: ignore[no-untyped-def]
    """A standard's set is frozen once a unit assessed against it was recognised."""
    from movement.models import SafetyAssessment

    found = (SafetyAssessment.objects.filter(criteria_set=criteria_set, decision__isnull=False)
             .select_related("unit", "decision").order_by("decision__recorded_at").first())
    if found is None or found.decision is None:
        return None
    return (found.unit.name, found.year, found.decision.recorded_at)
