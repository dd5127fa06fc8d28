"""Tests of spendrules.serialization against untrusted JSON, and of its one shared converter.

The refusal rows reproduce the classes of input that escaped as ``AttributeError``,
``RecursionError``, ``ValueError`` or ``UnicodeDecodeError`` in the fuzzing report of
issue 12 ("Untrusted input, the JSON contract for apps"); the round-trip tests in
``test_foundation.py`` and ``test_contract.py`` cover well-formed JSON.
"""

from __future__ import annotations

import json
import pickle
import sys
import threading
import time
from datetime import date
from decimal import Decimal
from typing import Any

import cattrs
import pytest

from spendrules import serialization
from spendrules.calendars import HolidayCalendar
from spendrules.errors import JSONInputError
from spendrules.payment_terms import PaymentSchedule, parse_terms, schedule
from spendrules.results import Reason
from spendrules.serialization import MAX_JSON_DEPTH, from_json, structure, to_json, unstructure

PLAN = schedule(
    parse_terms("3/10, 2/30, net 60"),
    invoice_date=date(2026, 3, 2),
    amount=Decimal("1000.00"),
    currency="EUR",
)
PLAN_DATA: dict[str, Any] = json.loads(to_json(PLAN))
REASON = Reason.of("DEMO.CODE", "A sentence.", amount=Decimal("1.10"))
LIMIT = sys.get_int_max_str_digits()  # Python's int->str limit (4300 unless configured)
LONG = "9" * 5000


def _problem(text: str | bytes, tp: type[Any]) -> str:
    with pytest.raises(JSONInputError) as info:
        from_json(text, tp)
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value)
    return str(info.value)


# top level and members that are not objects --------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('"x"', "expected a JSON object, not str: 'x' @ $"),
        ("[]", "expected a JSON object, not list: [] @ $"),
        ("1", "expected a JSON object, not int: 1 @ $"),
        ("null", "expected a JSON object, not NoneType: None @ $"),
        ("true", "expected a JSON object, not bool: True @ $"),
        ("1.5", "expected a JSON object, not Decimal: Decimal('1.5') @ $"),
    ],
    ids=[
        "issue12-string",
        "issue12-array",
        "issue12-number",
        "issue12-null",
        "boolean",
        "decimal",
    ],
)
@pytest.mark.parametrize("tp", [Reason, PaymentSchedule], ids=lambda tp: tp.__name__)
def test_top_level_that_is_not_an_object_is_refused(text: str, problem: str, tp: type[Any]) -> None:
    assert _problem(text, tp) == f"invalid {tp.__name__}: {problem}"


@pytest.mark.parametrize(
    ("patch", "problem"),
    [
        ({"terms": "x"}, "expected a JSON object, not str: 'x' @ $.terms"),
        ({"terms": []}, "expected a JSON object, not list: [] @ $.terms"),
        ({"lines": [7]}, "expected a JSON object, not int: 7 @ $.lines[0]"),
    ],
    ids=["string-for-terms", "array-for-terms", "number-for-a-line"],
)
def test_members_that_are_not_objects_are_refused_by_path(
    patch: dict[str, object], problem: str
) -> None:
    assert problem in _problem(json.dumps({**PLAN_DATA, **patch}), PaymentSchedule)


def test_a_long_value_in_place_of_an_object_is_shortened() -> None:
    problem = _problem(json.dumps(["y" * 100_000]), Reason)
    assert problem.startswith("invalid Reason: expected a JSON object, not list: ['yyy")
    assert problem.endswith("yyy'] @ $")
    assert "..." in problem
    assert len(problem) < 150


def test_a_huge_integer_in_place_of_an_object_is_shown_by_its_size() -> None:
    with pytest.raises(JSONInputError, match=r"not int: <an integer of 3322 bits> @ \$$"):
        structure(10**1000, Reason)


def test_objects_other_than_dicts_are_still_read() -> None:
    from types import MappingProxyType

    assert structure(MappingProxyType(unstructure(REASON)), Reason) == REASON


# nesting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ("[" * 100_000, "$" + "[0]" * MAX_JSON_DEPTH),
        ("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1), "$" + "[0]" * MAX_JSON_DEPTH),
        ('{"a": ' * 5000, "$" + ".a" * MAX_JSON_DEPTH),
        (
            '{"code": "X.Y", "message": "[", "facts": [["a", 1], ["b", ' + "[" * 3000,
            "$.facts[1][1]" + "[0]" * (MAX_JSON_DEPTH - 3),
        ),
        (
            '{"code": "X.Y", "message": "\\\\", "facts": ' + "[" * 3000,
            "$.facts" + "[0]" * (MAX_JSON_DEPTH - 1),
        ),
        (
            '{"code": "X.Y", "message": "\\"[", "facts": ' + "[" * 3000,
            "$.facts" + "[0]" * (MAX_JSON_DEPTH - 1),
        ),
    ],
    ids=[
        "issue12-deep-arrays",
        "one-level-too-deep",
        "deep-objects",
        "deep-inside-a-field",
        "after-a-string-ending-in-a-backslash",
        "after-a-string-with-an-escaped-quote",
    ],
)
def test_nesting_deeper_than_the_limit_is_refused_before_parsing(text: str, path: str) -> None:
    problem = f"expected arrays and objects nested at most {MAX_JSON_DEPTH} deep @ {path}"
    assert _problem(text, Reason) == f"invalid Reason: {problem}"
    assert _problem(text.encode(), Reason) == f"invalid Reason: {problem}"


def test_wide_shallow_documents_are_read() -> None:
    reasons = tuple(Reason.of(f"DEMO.N{n}", "{[x]}", n=n) for n in range(MAX_JSON_DEPTH))
    text = to_json(reasons)
    assert text.count("[") + text.count("{") > 3 * MAX_JSON_DEPTH
    assert from_json(text, tuple[Reason, ...]) == reasons


def test_nesting_up_to_the_limit_reaches_the_type_check() -> None:
    text = (
        "[" * (MAX_JSON_DEPTH - 1) + "[], []" + "]" * (MAX_JSON_DEPTH - 1)
    )  # more brackets than the limit
    assert _problem(text, Reason).startswith("invalid Reason: expected a JSON object, not list:")


@pytest.mark.parametrize(
    "message",
    ["[" * 5000, '\\"' + "{" * 5000, "\\\\" + "[" * 5000],
    ids=["brackets", "after-an-escaped-quote", "after-an-escaped-backslash"],
)
def test_brackets_inside_strings_are_not_nesting(message: str) -> None:
    text = '{"code": "DEMO.CODE", "message": "' + message + '"}'
    assert from_json(text, Reason) == Reason("DEMO.CODE", json.loads(f'"{message}"'))


# integers over Python's digit limit --------------------------------------------


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"code": ' + LONG + "}", "$.code"),
        (
            '{"message": 1.' + LONG + ', "code": true, "facts": [["a", 12], ["b", -' + LONG + "]]}",
            "$.facts[1][1]",
        ),
    ],
    ids=["issue12-5000-digit-integer", "negative-after-a-long-decimal"],
)
def test_integers_over_the_digit_limit_are_refused_by_path(text: str, path: str) -> None:
    problem = f"expected an integer of at most {LIMIT} digits @ {path}"
    assert _problem(text, Reason) == f"invalid Reason: {problem}"


def test_long_decimals_have_no_digit_limit() -> None:
    text = '{"code": "DEMO.CODE", "message": "x", "facts": [["a", 1.' + LONG + "]]}"
    assert from_json(text, Reason).facts == (("a", "1." + LONG),)


# bytes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (
            b'{"code": "\xff"}',
            "expected UTF-8 text, found byte 0xff at position 10 (invalid start byte) @ $",
        ),
        (
            b'\xef\xbb\xbf{"code": "\xc3("}',
            "expected UTF-8 text, found byte 0xc3 at position 13 (invalid continuation byte) @ $",
        ),
        (
            b"\xff\xfe\x00",
            "expected UTF-16-LE text, found byte 0x00 at position 2 (truncated data) @ $",
        ),
    ],
    ids=["issue12-invalid-utf8", "invalid-utf8-after-a-bom", "truncated-utf16"],
)
def test_bytes_that_do_not_decode_are_refused(data: bytes, problem: str) -> None:
    assert _problem(data, Reason) == f"invalid Reason: {problem}"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32-be"])
def test_bytes_are_decoded_as_json_loads_decodes_them(encoding: str) -> None:
    data = to_json(Reason.of("DEMO.CODE", "Prix réduit € 5.", amount=Decimal("5"))).encode(encoding)
    assert from_json(data, Reason) == from_json(bytearray(data), Reason)
    assert from_json(data, Reason).message == "Prix réduit € 5."


def test_json_text_keeps_non_ascii_characters_as_they_are() -> None:
    reason = Reason.of("DEMO.CODE", "Prix réduit: 5 €.", note="ß")
    expected = '{"code": "DEMO.CODE", "message": "Prix réduit: 5 €.", "severity": "info", "facts": [["note", "ß"]]}'
    assert to_json(reason) == expected
    assert to_json(reason, indent=1) == (
        '{\n "code": "DEMO.CODE",\n "message": "Prix réduit: 5 €.",\n "severity": "info",\n'
        ' "facts": [\n  [\n   "note",\n   "ß"\n  ]\n ]\n}'
    )


def test_text_that_is_neither_str_nor_bytes_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="must be str, bytes or bytearray, not NoneType"):
        from_json(None, Reason)  # type: ignore[arg-type]


# locating a problem in the text ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "target", "path"),
    [
        ('{"lines": [{"amount": 1}, {"amount": 22}]}', "22", "$.lines[1].amount"),
        ("[[1], [2, 3]]", "3", "$[1][1]"),
        ('{"a": [1], "b": 2}', "2", "$.b"),
        ('{"a b": {"c": 7}}', "7", "$['a b'].c"),
        ('{"a": "x,\\"]", "b": [3]}', "3", "$.b[0]"),
        ("], 7", "7", "$"),
        ("[1, 2]", "3", "$"),
        ("[{}, 5]", "5", "$[1]"),
    ],
    ids=[
        "doc",
        "after-a-nested-array",
        "after-an-array-member",
        "key-not-an-identifier",
        "escaped-quote-and-comma",
        "malformed",
        "not-found",
        "after-an-empty-object",
    ],
)
def test_path_to_names_the_value(text: str, target: str, path: str) -> None:
    assert serialization._path_to(text, lambda lexeme, _depth: lexeme == target) == path


# one converter per process ---------------------------------------------------------


class _CountingBuilds:
    def __init__(self, pause: float = 0.0) -> None:
        self.builds = 0
        self.pause = pause
        self._make = serialization.make_converter

    def __call__(self) -> cattrs.Converter:
        self.builds += 1
        time.sleep(self.pause)
        return self._make()


def test_the_json_functions_build_one_converter_per_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    builder = _CountingBuilds()
    monkeypatch.setattr(serialization, "make_converter", builder)
    monkeypatch.setattr(serialization, "_SHARED", serialization._SharedConverter())
    for _ in range(3):
        assert from_json(to_json(PLAN), PaymentSchedule) == PLAN
        assert structure(unstructure(REASON), Reason) == REASON
        with pytest.raises(JSONInputError):
            from_json("[]", Reason)
    assert builder.builds == 1
    assert serialization._SHARED.get() is not cattrs.global_converter


def test_threads_asking_at_once_share_the_first_build(monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _CountingBuilds(pause=0.05)  # long enough for every thread to arrive while it builds
    monkeypatch.setattr(serialization, "make_converter", builder)
    shared = serialization._SharedConverter()
    start = threading.Barrier(8)
    got: list[cattrs.Converter] = []

    def ask() -> None:
        start.wait()
        got.append(shared.get())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert builder.builds == 1
    assert len(got) == 8
    assert all(converter is got[0] for converter in got)


def test_a_thread_that_waited_for_the_lock_uses_the_converter_built_meanwhile() -> None:
    shared = serialization._SharedConverter()
    built_meanwhile = cattrs.Converter()

    class _OtherThreadWins:
        """A lock whose holder finished the build just before this thread got it."""

        def __enter__(self) -> None:
            shared._converter = built_meanwhile

        def __exit__(self, *exc: object) -> None:
            return None

    shared._lock = _OtherThreadWins()  # type: ignore[assignment]
    assert shared.get() is built_meanwhile


def test_threads_sharing_a_fresh_converter_read_and_write_as_one_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """cattrs generates each type's hook on first use; threads racing for it must agree."""
    objects: list[tuple[object, type[Any]]] = [
        (PLAN, PaymentSchedule),
        (REASON, Reason),
        (
            HolidayCalendar(frozenset({date(2026, 12, 25)}), valid_from=date(2026, 1, 1)),
            HolidayCalendar,
        ),
        (
            schedule(
                parse_terms("30% advance, 70% net 30"),
                invoice_date=date(2026, 1, 31),
                amount=Decimal("99.99"),
                currency="USD",
            ),
            PaymentSchedule,
        ),
    ]
    alone = [to_json(obj) for obj, _ in objects]  # the process's converter, hooks already warm
    monkeypatch.setattr(serialization, "_SHARED", serialization._SharedConverter())
    start = threading.Barrier(8)
    failures: list[str] = []

    def work(offset: int) -> None:
        start.wait()
        for step in range(len(objects) * 5):
            index = (offset + step) % len(objects)
            obj, tp = objects[index]
            text = to_json(obj)
            if text != alone[index] or from_json(text, tp) != obj:
                failures.append(f"thread {offset}: {tp.__name__}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
