"""Logins, logouts and failed logins go into the audit trail."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from audit.middleware import client_ip
from audit.models import AuditEntry
from audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="audit:login")
def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(
        action=AuditEntry.Action.LOGIN, user=user, ip=client_ip(request) if request else None,
        model_label="accounts.user", object_repr=user.get_username(), obj=user,
    )


@receiver(user_logged_out, dispatch_uid="audit:logout")
def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit_record(
        action=AuditEntry.Action.LOGOUT, user=user, ip=client_ip(request) if request else None,
        obj=user,
    )


@receiver(user_login_failed, dispatch_uid="audit:login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    audit_record(
        action=AuditEntry.Action.LOGIN_FAILED,
        username=str(credentials.get("username", ""))[:150],
        ip=client_ip(request) if request else None,
        model_label="accounts.user",
    )
