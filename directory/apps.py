from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The pages of the administrative units, residential groups and agencies.

    Apart from `units` because the permission layer (accounts) needs the units' lineage
    and these pages need the permission layer: units < accounts < directory.
    """

    name = "directory"
    verbose_name = _("Units and agencies")
