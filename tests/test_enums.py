"""Public enums called with a bad value raise InvalidInputError (issue 12, item 5)."""

from __future__ import annotations

import enum
import importlib
import pickle

import pytest

from spendrules._enums import SpendEnum
from spendrules.errors import InvalidInputError, _shown
from spendrules.serialization import from_json, to_json

MODULES = (
    "money",
    "calendars",
    "results",
    "payment_terms",
    "savings",
    "inventory",
    "interop",
    "budget",
)


def _public_enums() -> list[type[enum.Enum]]:
    found: dict[type[enum.Enum], None] = {}
    for name in MODULES:
        module = importlib.import_module(f"spendrules.{name}")
        for attr in module.__all__:
            obj = getattr(module, attr)
            if isinstance(obj, type) and issubclass(obj, enum.Enum):
                found[obj] = None
    return list(found)


PUBLIC_ENUMS = _public_enums()


def test_there_are_public_enums_outside_budget() -> None:
    assert len(PUBLIC_ENUMS) > 30


@pytest.mark.parametrize(
    "kind", PUBLIC_ENUMS, ids=lambda kind: f"{kind.__module__}.{kind.__name__}"
)
def test_every_public_enum_refuses_a_bad_value_naming_itself(kind: type[enum.Enum]) -> None:
    assert issubclass(kind, SpendEnum)
    with pytest.raises(InvalidInputError) as caught:
        kind("no such value")
    error = caught.value
    assert error.field == kind.__name__
    assert error.value == "no such value"
    assert all(str(member.value) in error.constraint for member in kind)
    assert str(error).startswith(f"{kind.__name__} must be one of ")
    member = next(iter(kind))
    assert kind(member.value) is member
    assert pickle.loads(pickle.dumps(member)) is member
    assert from_json(to_json(member), kind) is member


def test_a_bad_value_is_still_a_value_error() -> None:
    from spendrules.calendars import Roll

    with pytest.raises(ValueError, match=r"^Roll must be one of unadjusted, following, "):
        Roll("x")


def test_a_value_too_long_to_print_is_shown_by_its_size() -> None:
    from spendrules.results import Severity

    with pytest.raises(InvalidInputError) as caught:
        Severity(10**5000)
    assert str(caught.value).endswith(f": <an integer of {(10**5000).bit_length()} bits>")


def test_the_functional_api_still_builds_an_enum() -> None:
    colour = SpendEnum("Colour", {"RED": "red"})  # type: ignore[call-overload]
    assert colour("red").name == "RED"
    with pytest.raises(InvalidInputError, match=r"^Colour must be one of red: 'blue'$"):
        colour("blue")


def test_from_json_names_the_path_and_the_allowed_values() -> None:
    from spendrules.calendars import Roll

    with pytest.raises(ValueError, match=r"Roll must be one of .*: 'x' @ \$") as caught:
        from_json('"x"', Roll)
    assert caught.value.errors[0]["constraint"] == f"one of {[m.value for m in Roll]}"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ([1, 10**5000], "[1, <an integer of 16610 bits>]"),
        ({"a": (10**5000,)}, "{'a': (<an integer of 16610 bits>,)}"),
        (-(10**5000), "<an integer of 16610 bits>"),
        ("x", "'x'"),
    ],
    ids=["list", "nested", "negative", "str"],
)
def test_a_message_shows_a_huge_integer_at_any_depth(value: object, shown: str) -> None:
    assert _shown(value) == shown
    assert str(InvalidInputError("field", value, "valid")) == f"field must be valid: {shown}"
