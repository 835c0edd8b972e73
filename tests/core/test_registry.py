"""The registry that home-page cards and case-page sections are built on."""

from collections.abc import Callable

import pytest

from kasane.core.registry import Registry


def first() -> str:
    return "first"


def second() -> str:
    return "second"


def test_it_lists_entries_in_their_order_not_the_order_registered() -> None:
    registry: Registry[Callable[[], str]] = Registry("cards")
    registry.register("b", order=20)(second)
    registry.register("a", order=10)(first)
    assert [(entry.name, entry.function()) for entry in registry.in_order()] == [
        ("a", "first"),
        ("b", "second"),
    ]


def test_registering_the_same_function_again_changes_nothing() -> None:
    registry: Registry[Callable[[], str]] = Registry("cards")
    registry.register("a", order=10)(first)
    registry.register("a", order=10)(first)
    assert len(registry.in_order()) == 1


def test_two_functions_under_one_name_are_refused() -> None:
    registry: Registry[Callable[[], str]] = Registry("cards")
    registry.register("a", order=10)(first)
    with pytest.raises(ValueError, match="two cards named a"):
        registry.register("a", order=10)(second)
