from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Residents' opinions")

    def ready(self) -> None:
        from audit.services import audit_model
        from consultations import models

        # Responses and answers are not audited one by one: they are anonymous by design
        # and numerous; what officials change is (campaigns, tallies; moderation records its own
        # entry in consultations.manage_services).
        for model in (models.Campaign, models.Question, models.PaperTally):
            audit_model(model)
