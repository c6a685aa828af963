from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from accounts.models import ApiToken, RoleAssignment, User
        from audit.services import audit_model

        # last_login changes on every login, which the login entry already records.
        audit_model(User, exclude=("last_login",), mask=("password",))
        audit_model(RoleAssignment)
        # The digest is recorded as changed, never as a value; its use is not a change.
        audit_model(ApiToken, exclude=("last_used_at", "last_used_ip"), mask=("digest",))
