"""Writing audit entries. Domain models opt in with `audit_model(Model)` in their AppConfig."""

from __future__ import annotations

import datetime
import decimal
import hashlib
import uuid
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from audit.context import current_actor
from audit.models import AuditEntry

_EXCLUDED_FIELDS: dict[type[models.Model], frozenset[str]] = {}
# Fields whose change is recorded but whose value is not (password hashes).
_MASKED_FIELDS: dict[type[models.Model], frozenset[str]] = {}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    excluded = _EXCLUDED_FIELDS.get(type(obj), frozenset())
    masked = _MASKED_FIELDS.get(type(obj), frozenset())
    values = {}
    for f in obj._meta.concrete_fields:
        if f.attname in excluded:
            continue
        value = _plain(getattr(obj, f.attname))
        if f.attname in masked:
            # A short digest shows that the value changed without storing it.
            value = "•" + hashlib.sha256(str(value).encode()).hexdigest()[:8] if value else ""
        values[f.attname] = value
    return values


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    user: Any = None,
    username: str | None = None,
    ip: str | None = None,
    model_label: str | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    actor = current_actor()
    user = user if user is not None else actor.user
    if user is not None and not getattr(user, "pk", None):
        user = None
    return AuditEntry.objects.create(
        user=user,
        username=username if username is not None else (user.get_username() if user else ""),
        ip=ip if ip is not None else actor.ip,
        action=action,
        model=model_label or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj) if obj else "")[:300],
        changes=changes or {},
        via=actor.via[:150],
    )


def _pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None or instance._state.adding:
        instance._audit_before = None  # type: ignore[attr-defined]
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(previous) if previous else None  # type: ignore[attr-defined]


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    after = snapshot(instance)
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        audit_record(
            action=AuditEntry.Action.CREATE,
            obj=instance,
            changes={k: [None, v] for k, v in after.items()},
        )
        return
    diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if diff:
        audit_record(action=AuditEntry.Action.UPDATE, obj=instance, changes=diff)


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    audit_record(
        action=AuditEntry.Action.DELETE,
        obj=instance,
        changes={k: [v, None] for k, v in snapshot(instance).items()},
    )


def _m2m_changed(
    sender: Any, instance: models.Model, action: str, pk_set: set[Any] | None, **kwargs: Any
) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), "m2m"
    )
    audit_record(
        action=AuditEntry.Action.UPDATE,
        obj=instance,
        changes={field: {action.removeprefix("post_"): sorted(pk_set or [])}},
    )


def audited_model_labels() -> set[str]:
    """The models whose changes are recorded (`app.model`), for the audit list's filter."""
    return {model._meta.label_lower for model in _EXCLUDED_FIELDS}


def audit_model(
    model: type[models.Model], *, exclude: tuple[str, ...] = (), mask: tuple[str, ...] = ()
) -> None:
    """Record every create, update and delete of `model` (and its many-to-many links)."""
    _EXCLUDED_FIELDS[model] = frozenset(exclude)
    _MASKED_FIELDS[model] = frozenset(mask)
    uid = f"audit:{model._meta.label_lower}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=uid)
    post_save.connect(_post_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_post_delete, sender=model, dispatch_uid=uid)
    for field in model._meta.many_to_many:
        m2m_changed.connect(_m2m_changed, sender=field.remote_field.through, dispatch_uid=uid)
