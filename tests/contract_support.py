"""What a family declares to the contract test (see test_contract.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st


@dataclass(frozen=True)
class Case:
    """A public type and a strategy producing valid instances of it.

    For result types, build the instances through the public rule where you can.
    """

    type: type
    instances: st.SearchStrategy[Any]


@dataclass(frozen=True)
class Call:
    """A public rule and a strategy producing zero-argument calls of it (``functools.partial``).

    The contract test calls each twice, and once more under a hostile decimal
    context, and requires the same result every time.
    """

    name: str
    calls: st.SearchStrategy[Callable[[], Any]]
