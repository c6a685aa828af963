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
    # Through what the change came when not through the pages (an API key's label).
    via: str = ""


_current: ContextVar[Actor] = ContextVar("audit_actor", default=Actor())  # noqa: B039


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(user: Any = None, ip: str | None = None, via: str = "") -> Iterator[None]:
    """Attribute audit entries written inside the block (requests, commands, tasks)."""
    token = _current.set(Actor(user=user, ip=ip, via=via))
    try:
        yield
    finally:
        _current.reset(token)


def act_as(user: Any = None, ip: str | None = None, via: str = "") -> None:
    """Attribute the rest of the current request's entries (an API request authenticates
    inside the view, after the middleware's `acting_as` block has begun; the middleware's
    block restores what was there before when it ends)."""
    _current.set(Actor(user=user, ip=ip, via=via))
