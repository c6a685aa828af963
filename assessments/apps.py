from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Criteria and assessments")

    def ready(self) -> None:
        from assessments import models
        from audit.services import audit_model

        for model in (
            models.CriteriaSet, models.CriteriaGroup, models.Criterion,
            models.RecognitionRound, models.Registration, models.Assessment,
            models.AssessmentValue, models.CouncilVote, models.SubmissionExtension,
            models.OpinionsRecord, models.Endorsement, models.RecognitionProposal,
        ):
            audit_model(model)

        from assessments import worklist as assessments_worklist
        from core import worklist

        worklist.register(assessments_worklist.items)
