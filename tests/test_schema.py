"""The JSON Schema of every public type against the JSON that ``to_json`` really writes."""

from __future__ import annotations

import functools
import json
from datetime import date
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules.budget import Budget, LedgerEntry, Stage
from spendrules.cli import main
from spendrules.payment_terms import PaymentTerms, parse_terms
from spendrules.results import Reason
from spendrules.schema import DIALECT, json_schema, schema_types
from spendrules.serialization import from_json, to_json
from test_contract import CASES

from contract_support import Case

VALUE_CASES = [case for case in CASES if not issubclass(case.type, BaseException)]


@functools.cache
def _validator(tp: type) -> jsonschema.Draft202012Validator:
    """The checked schema's validator, built once per type: checking a schema against the
    metaschema costs about half a second, and the property below validates 25 documents a type."""
    schema = json_schema(tp)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def test_every_case_type_has_a_schema_by_name() -> None:
    names = schema_types()
    assert {case.type for case in VALUE_CASES} <= set(names.values())
    assert names["PaymentSchedule"].__name__ == "PaymentSchedule"
    assert names["budget.Basis"] is not names["payment_terms.Basis"]


@pytest.mark.parametrize("case", VALUE_CASES, ids=lambda c: c.type.__qualname__)
@settings(max_examples=25)
@given(data=st.data())
def test_real_json_validates(case: Case, data: st.DataObject) -> None:
    validator = _validator(case.type)
    obj = data.draw(case.instances)
    document = json.loads(to_json(obj))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors, errors


@pytest.mark.parametrize("name", list(schema_types()))
def test_every_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = json_schema(schema_types()[name])
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DIALECT
    assert schema["title"] == name.rpartition(".")[2]


TERMS = json.loads(to_json(parse_terms("2/10 net 30")))
THIRDS = json.loads(to_json(parse_terms("1/3 of total net 30, balance net 60")))
ENTRY = json.loads(
    to_json(LedgerEntry("6000", Stage.ORDER, Decimal("10.00"), "USD", date(2026, 3, 1)))
)


def _with(document: dict[str, Any], path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(document))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


@pytest.mark.parametrize(
    ("tp", "document"),
    [
        pytest.param(PaymentTerms, _with(TERMS, ("colour",), "red"), id="extra key at the top"),
        pytest.param(
            PaymentTerms, _with(TERMS, ("installments", 0, "colour"), 1), id="extra key nested"
        ),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "discounts", 0, "rate"), "two percent"),
            id="a string that is no decimal",
        ),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "discounts", 0, "rate"), " 0.02"),
            id="a decimal string with a space",
        ),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "discounts", 0, "rate"), "0_02"),
            id="a decimal string with an underscore",
        ),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "discounts", 0, "rate"), "\u0660.02"),
            id="a decimal string with an Arabic-Indic digit",
        ),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "discounts", 0, "rate"), True),
            id="a boolean where a decimal belongs",
        ),
        pytest.param(
            PaymentTerms,
            _with(THIRDS, ("installments", 0, "share", "value"), "1/0"),
            id="a fraction with a zero denominator",
        ),
        pytest.param(
            PaymentTerms,
            _with(THIRDS, ("installments", 0, "share", "value"), "0.5"),
            id="a fraction written as a decimal string",
        ),
        pytest.param(
            PaymentTerms,
            _with(THIRDS, ("installments", 0, "share", "value"), 0.5),
            id="a fraction written as a decimal number",
        ),
        pytest.param(
            PaymentTerms, _with(TERMS, ("installments", 0, "due", "days"), 30.5), id="int 30.5"
        ),
        pytest.param(
            PaymentTerms, _with(TERMS, ("installments", 0, "due", "days"), "30"), id="int as text"
        ),
        pytest.param(
            PaymentTerms, _with(TERMS, ("installments", 0, "due", "days"), True), id="int as bool"
        ),
        pytest.param(LedgerEntry, _with(ENTRY, ("account",), None), id="null where a str belongs"),
        pytest.param(LedgerEntry, _with(ENTRY, ("account",), ["6000"]), id="array as a str"),
        pytest.param(LedgerEntry, _with(ENTRY, ("account",), {}), id="object as a str"),
        pytest.param(LedgerEntry, _with(ENTRY, ("dimensions",), {"cc": None}), id="null in pairs"),
        pytest.param(PaymentTerms, _with(TERMS, ("basis",), "posting"), id="bad enum value"),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "due", "type"), "NetWeeks"),
            id="unknown union tag",
        ),
        pytest.param(
            PaymentTerms,
            {k: v for k, v in TERMS["installments"][0]["due"].items() if k != "type"},
            id="union member without its tag",
        ),
        pytest.param(PaymentTerms, {}, id="required field missing"),
        pytest.param(LedgerEntry, _with(ENTRY, ("date",), "20260301"), id="basic-format date"),
        pytest.param(
            LedgerEntry, _with(ENTRY, ("dimensions",), [["cc", "1", "x"]]), id="triple in pairs"
        ),
        pytest.param(Reason, {"code": "A", "message": "m", "facts": "x"}, id="facts a string"),
    ],
)
def test_schema_rejects_what_from_json_refuses(tp: type, document: Any) -> None:
    assert not _validator(tp).is_valid(document)
    with pytest.raises(ValueError, match="invalid"):
        from_json(json.dumps(document), tp)


@pytest.mark.parametrize(
    ("tp", "document", "expected"),
    [
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "discounts", 0, "rate"), 0.02),
            parse_terms("2/10 net 30"),
            id="a decimal as a JSON number",
        ),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "discounts", 0, "rate"), 2e-2),
            parse_terms("2/10 net 30"),
            id="a decimal as a JSON number with an exponent",
        ),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "discounts", 0, "rate"), "2E-2"),
            parse_terms("2/10 net 30"),
            id="a decimal string with an exponent",
        ),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "due", "days"), 30.0),
            parse_terms("2/10 net 30"),
            id="an int as a whole JSON number",
        ),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "due", "days"), 3e1),
            parse_terms("2/10 net 30"),
            id="an int with an exponent",
        ),
        pytest.param(
            PaymentTerms,
            _with(THIRDS, ("installments", 0, "share", "value"), "2/06"),
            parse_terms("1/3 of total net 30, balance net 60"),
            id="a fraction not in lowest terms",
        ),
        pytest.param(
            PaymentTerms,
            _with(TERMS, ("installments", 0, "share"), {"type": "Ratio", "value": 1}),
            None,
            id="a fraction as a JSON integer",
        ),
        pytest.param(
            LedgerEntry,
            _with(ENTRY, ("account",), 6000),
            LedgerEntry("6000", Stage.ORDER, Decimal("10.00"), "USD", date(2026, 3, 1)),
            id="a number where a str belongs",
        ),
        pytest.param(
            LedgerEntry,
            _with(ENTRY, ("dimensions",), {"cc": 1}),
            None,
            id="a number in pairs",
        ),
        pytest.param(
            LedgerEntry,
            _with(ENTRY, ("dimensions",), [["cc", True]]),
            None,
            id="a boolean in a list of pairs",
        ),
    ],
)
def test_schema_accepts_the_other_spellings_from_json_reads(
    tp: type, document: Any, expected: object
) -> None:
    """The schema accepts exactly what from_json reads: numbers where text is written, too."""
    assert _validator(tp).is_valid(document)
    read = from_json(json.dumps(document), tp)
    if expected is not None:
        assert read == expected


@pytest.mark.parametrize(
    "dimensions",
    [{"cost_center": "CC-110"}, [["cost_center", "CC-110"]], []],
    ids=["object", "pairs", "empty"],
)
def test_pairs_accept_an_object_or_a_list(dimensions: Any) -> None:
    document = _with(ENTRY, ("dimensions",), dimensions)
    assert _validator(LedgerEntry).is_valid(document)
    from_json(json.dumps(document), LedgerEntry)


@attrs.frozen
class _Node:
    label: str
    children: tuple[_Node, ...] = ()
    weight: Fraction | None = None


class _Colour(Enum):
    RED = "red"


@attrs.frozen
class _Holder:
    """A private class named like a public one's nested class."""

    node: _Node
    colour: _Colour
    seen: frozenset[date] = frozenset()


@attrs.frozen
class _Choice:
    pick: _Node | _Holder | None = None


@attrs.frozen
class _Bad:
    spec: dict[str, str]


def test_private_classes_recursion_and_scalars() -> None:
    schema = json_schema(_Holder)
    assert schema["description"] == "A private class named like a public one's nested class."
    node = schema["$defs"]["_Node"]
    assert "description" not in node  # no docstring
    assert node["properties"]["children"] == {"type": "array", "items": {"$ref": "#/$defs/_Node"}}
    assert schema["properties"]["seen"]["uniqueItems"] is True
    validator = _validator(_Holder)
    good = {"node": {"label": "a", "children": [{"label": "b", "weight": "1/3"}]}, "colour": "red"}
    assert validator.is_valid(good)
    assert not validator.is_valid({**good, "seen": ["2026-1-1"]})
    assert not validator.is_valid(_with(good, ("node", "weight"), "one third"))
    assert json_schema(_Node)["properties"]["children"]["items"] == {"$ref": "#"}


def test_optional_tagged_union() -> None:
    validator = _validator(_Choice)
    assert validator.is_valid({"pick": None})
    assert validator.is_valid({"pick": {"type": "_Node", "label": "a"}})
    assert not validator.is_valid({"pick": {"label": "a"}})
    assert not validator.is_valid({"pick": {"type": "_Holder", "label": "a"}})
    assert json_schema(_Choice)["$defs"]["_Node.tagged"]["required"] == ["type", "label"]


def test_same_qualname_in_two_modules_gets_two_defs() -> None:
    other = attrs.make_class("_Node", {"x": attrs.field(type=int)})
    holder = attrs.make_class("Pair", {"a": attrs.field(type=_Node), "b": attrs.field(type=other)})
    defs = json_schema(holder)["$defs"]
    assert {"_Node", f"{other.__module__}._Node"} <= set(defs)


def test_no_schema_for_unknown_annotations() -> None:
    with pytest.raises(TypeError, match="no JSON Schema for the annotation"):
        json_schema(_Bad)
    with pytest.raises(TypeError, match="tp must be an attrs class or an enum"):
        json_schema(dict)


def test_each_call_returns_a_new_dict() -> None:
    first = json_schema(Budget)
    first["$defs"].clear()
    assert json_schema(Budget)["$defs"]


def test_cli_prints_a_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "SpendRequest"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema(schema_types()["SpendRequest"])


def test_cli_lists_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--list"]) == 0
    assert capsys.readouterr().out.splitlines() == list(schema_types())


def test_cli_unknown_name_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "Paymentschedule"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'Paymentschedule'" in err and "--list" in err


@pytest.mark.parametrize("argv", [["schema"], ["schema", "Stage", "--list"]], ids=["none", "both"])
def test_cli_needs_one_of_type_or_list(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
