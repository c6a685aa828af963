from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Residents' opinions")

    def ready(self) -> None:
        from audit.services import audit_model
        from consultations import checks, models

        del checks  # imported for its @register

        # Responses and answers are not audited one by one: they are anonymous by design
        # and numerous; what officials change is (campaigns, tallies; moderation records its own
        # entry in consultations.manage_services).
        for model in (models.Campaign, models.CampaignExtension, models.Question,
                      models.PaperTally):
            audit_model(model)
        # The public page keeps the links it has read (selectors.group_link_get_public);
        # a change to anything a link shows makes this process read them again.
        from django.db.models.signals import post_delete, post_save

        from consultations.selectors import public_links_forget
        from units.models import OrgUnit

        def forget(**kwargs: object) -> None:
            public_links_forget()

        for shown in (models.Campaign, models.Question, models.GroupLink, OrgUnit):
            post_save.connect(forget, sender=shown, weak=False,
                              dispatch_uid=f"public_links_forget_{shown.__name__}")
            post_delete.connect(forget, sender=shown, weak=False,
                                dispatch_uid=f"public_links_forget_del_{shown.__name__}")

        from consultations import worklist as consultations_worklist
        from core import worklist

        worklist.register(consultations_worklist.items)
