"""One shape for the places where a lower app lets the apps above it take part without naming
them (the home page's cards, the case page's sections): an ordered set of named functions that
the upper apps register from their own modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Entry(Generic[F]):
    name: str
    order: int
    function: F


class Registry(Generic[F]):
    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, Entry[F]] = {}

    def register(self, name: str, *, order: int) -> Callable[[F], F]:
        """A decorator that registers its function as `name`; registering the same function
        again (a module imported twice) changes nothing, another one under the name is a bug."""

        def add(function: F) -> F:
            known = self._entries.get(name)
            if known is not None and known.function is not function:
                raise ValueError(f"two {self.what} named {name}")
            self._entries[name] = Entry(name=name, order=order, function=function)
            return function

        return add

    def in_order(self) -> list[Entry[F]]:
        return sorted(self._entries.values(), key=lambda entry: entry.order)
