from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top of the layers: each user's home, the navigation, the demo and the daily
    schedule. It may import every app; no app imports it."""

    name = "portal"
    verbose_name = _("Portal")
