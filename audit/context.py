"""Who is acting, for audit entries written far from the request (signals, services)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None
    ip: str | None = None


_current: ContextVar[Actor] = ContextVar("audit_actor", default=Actor())  # noqa: B039


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(user: Any = None, ip: str | None = None) -> Iterator[None]:
    """Attribute audit entries written inside the block (requests, commands, tasks)."""
    token = _current.set(Actor(user=user, ip=ip))
    try:
        yield
    finally:
        _current.reset(token)
