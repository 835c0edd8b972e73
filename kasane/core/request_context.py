"""Where the current request came from (address, request id), for the audit rows that services
write: set here in core by the middleware, read by `kasane.audit`.

The middleware sets it per request; management commands run without one.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    request_id: str = ""


# RequestContext is a frozen dataclass, so sharing the default is safe.
_current: ContextVar[RequestContext] = ContextVar("kasane_request", default=RequestContext())  # noqa: B039


def current() -> RequestContext:
    return _current.get()


def activate(context: RequestContext) -> object:
    return _current.set(context)


def deactivate(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
