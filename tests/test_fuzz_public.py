"""Every public callable, on arbitrary arguments, returns or raises a documented error.

Issue 12, item 1: a public function or class, given any input, returns a result or
raises ``TypeError`` (a wrong type, naming the parameter) or a
:class:`~spendrules.errors.SpendRulesError` (naming field, constraint and value).
Anything else (``AttributeError``, ``RecursionError``, ``OverflowError``,
``decimal.InvalidOperation``, a plain ``ValueError``, ...) is a bug.

The fuzz test discovers every callable in ``__all__`` of the public modules below
(``frames`` is left out: its functions need a DataFrame) and calls it with, for each
parameter of its signature, either a value of the annotated type
(``st.from_type``; the conftest makes a ``Decimal`` finite) or junk from
:data:`JUNK`. Each test case makes one call.

``FUZZ_EXAMPLES`` sets the examples per callable (default 5, small enough for CI);
``FUZZ_EXAMPLES=400 python -m pytest tests/test_fuzz_public.py -p no:cacheprovider -s``
prints the number of calls made at the end. Each call runs under a
:data:`CALL_SECONDS` alarm so that a hang fails the test, naming the call, instead of
stalling CI.

The second half holds the explicit rows for each class of input listed in the issue,
and one row for each bug the fuzz found.
"""

from __future__ import annotations

import collections.abc
import contextlib
import enum
import functools
import importlib
import inspect
import os
import signal
import types
import typing
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from spendrules.errors import InvalidInputError, SpendRulesError

MODULES = (
    "money",
    "calendars",
    "results",
    "serialization",
    "payment_terms",
    "savings",
    "inventory",
    "budget",
    "interop",
    "errors",
    "schema",
)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))

#: Seconds one call may take before it counts as a hang.
CALL_SECONDS = 2

#: Parameters whose value scales the work a call does (a count of periods, of
#: business days to walk, of simulated days): fuzzing them with arbitrary ints
#: tests the machine, not the contract, so they only ever get their typed value
#: drawn from small ints.
WORK_SCALING = frozenset[str]()

CALLS = [0]

#: Integers past Python's 4,300-digit repr limit: every message shows values through
#: errors._shown, which prints such an integer by its size. :data:`JUNK` draws them by index, so
#: that its own repr (which hypothesis prints when a draw from a strategy around it raises,
#: as building a value object that refuses its arguments does) can be printed.
HUGE_INTEGERS = (10**5000, -(10**5000), 10**1000, -(10**1000), 10**309, -(10**309), 2**64)

#: Junk that lands where any parameter belongs.
JUNK: st.SearchStrategy[Any] = st.deferred(
    lambda: st.one_of(
        st.none(),
        st.booleans(),
        st.floats(),
        st.sampled_from([float("nan"), float("inf"), float("-inf"), -0.0]),
        st.integers(min_value=-(10**6), max_value=10**6),
        st.sampled_from(range(len(HUGE_INTEGERS))).map(HUGE_INTEGERS.__getitem__),
        st.sampled_from(
            [
                Decimal("1E+999999"),
                Decimal("-1E+999999"),
                Decimal("1E-999999"),
                Decimal("NaN"),
                Decimal("sNaN"),
                Decimal("Infinity"),
                Decimal("-Infinity"),
                Decimal("1E+100"),
                Decimal("-0"),
            ]
        ),
        st.decimals(allow_nan=False, allow_infinity=False),
        st.text(max_size=20),
        st.sampled_from(["", "x", "USD", "EUR", "2026-01-31", "net 30", "2/10 net 30", "{}"]),
        st.just("9" * 5000),
        st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2026, 1, 31)]),
        st.dates(),
        st.datetimes(),
        st.sampled_from([[], {}, (), [[]], {"a": {}}, [None], ["x"], {"x": 1}, frozenset()]),
        st.lists(st.integers(min_value=-5, max_value=5), max_size=3),
        st.binary(max_size=10),
    )
)


def _public_callables() -> list[tuple[str, Callable[..., Any]]]:
    found = []
    for module_name in MODULES:
        module = importlib.import_module(f"spendrules.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not (inspect.isclass(obj) and issubclass(obj, enum.Enum)):
                found.append((f"{module_name}.{name}", obj))
    return found


PUBLIC = _public_callables()


def _hints(func: Callable[..., Any]) -> dict[str, Any]:
    target = func.__init__ if inspect.isclass(func) else func  # type: ignore[misc]
    try:
        return typing.get_type_hints(target)
    except Exception:
        return {}


def _parameters(func: Callable[..., Any]) -> list[inspect.Parameter]:
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):  # pragma: no cover - every public callable has one
        return []
    return [
        p
        for p in signature.parameters.values()
        if p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]


class Hang(BaseException):
    """A call ran past :data:`CALL_SECONDS` (a BaseException so no rule can swallow it)."""


@contextlib.contextmanager
def _alarm(seconds: int) -> Iterator[None]:
    def _raise(_signum: int, _frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# Typed values. ``st.from_type`` would do, but it resolves an ``object`` annotation by testing
# every registered type against every other (about 25 ms), and again each time it builds a value
# object that has such a field: the budget classes (``Budget.status``, ``ToleranceRule``, ...)
# made their callables' fuzz take a minute each. So a value object that reaches an ``object``
# (or ``Any``) annotation is built here, as ``st.from_type`` builds it (every parameter drawn from
# its annotation, one with a default also taking that default), with :data:`JUNK` for
# ``object``; every other annotation still goes to ``st.from_type``.

_ABSTRACT_ITERABLES = (collections.abc.Iterable, collections.abc.Collection)
_SEQUENCES = (collections.abc.Sequence, list)


def _own_class(hint: Any) -> bool:
    return (
        inspect.isclass(hint)
        and hint.__module__.startswith("spendrules")
        and not issubclass(hint, (enum.Enum, BaseException))
        and not inspect.isabstract(hint)
    )


def _signature(cls: type) -> tuple[list[inspect.Parameter], dict[str, Any]]:
    return _parameters(cls), _hints(cls)


def _reaches_object(hint: Any, seen: frozenset[Any] = frozenset()) -> bool:
    """Whether ``st.from_type(hint)`` would resolve an ``object`` or ``Any`` annotation."""
    if hint is object or hint is Any:
        return True
    if hint in seen:
        return False
    if typing.get_origin(hint) is not None:
        return any(
            _reaches_object(arg, seen | {hint})
            for arg in typing.get_args(hint)
            if arg is not Ellipsis
        )
    if _own_class(hint):
        parameters, hints = _signature(hint)
        return any(
            _reaches_object(hints[p.name], seen | {hint}) for p in parameters if p.name in hints
        )
    return False


@functools.cache
def _typed(hint: Any) -> st.SearchStrategy[Any]:
    """A value of the annotated type: ``st.from_type(hint)``, with ``object`` as :data:`JUNK`."""
    if hint is object or hint is Any:
        return JUNK
    if not _reaches_object(hint):
        return st.from_type(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return st.one_of([_typed(arg) for arg in args])
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return st.lists(_typed(args[0])).map(tuple)
        return st.tuples(*(_typed(arg) for arg in args))
    if origin in (collections.abc.Mapping, dict):
        return st.dictionaries(_typed(args[0]), _typed(args[1]))
    if origin in _SEQUENCES + _ABSTRACT_ITERABLES:
        items = st.lists(_typed(args[0]))
        shapes = [items, items.map(tuple)] if origin is not list else [items]
        if origin is collections.abc.Iterable:
            shapes.append(st.iterables(_typed(args[0])))
        return st.one_of(shapes)
    if _own_class(hint):
        parameters, hints = _signature(hint)
        positional: list[st.SearchStrategy[Any]] = []
        keywords: dict[str, st.SearchStrategy[Any]] = {}
        for parameter in parameters:
            if parameter.name not in hints:
                continue
            value = st.deferred(lambda h=hints[parameter.name]: _typed(h))
            if parameter.default is not inspect.Parameter.empty:
                value = st.just(parameter.default) | value
            if parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
                positional.append(value)
            else:
                keywords[parameter.name] = value
        return st.builds(hint, *positional, **keywords)
    return st.from_type(hint)  # pragma: no cover - no public annotation needs another shape


def _draw_argument(data: st.DataObject, name: str, hint: Any) -> Any:
    if name in WORK_SCALING:
        return data.draw(st.integers(min_value=-3, max_value=30), label=name)
    if hint is not None and data.draw(st.booleans(), label=f"{name} typed?"):
        try:
            return data.draw(_typed(hint), label=name)
        except (HypothesisException, TypeError, SpendRulesError):
            # no strategy for this annotation, or st.builds() drew arguments that the
            # value object refuses (a documented error): junk instead
            pass
    return data.draw(JUNK, label=name)


def _call(func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> object:
    CALLS[0] += 1
    with _alarm(CALL_SECONDS):
        return func(*args, **kwargs)


def _show(value: object) -> str:
    """A short repr that survives a 5,000-digit integer (``repr`` refuses those)."""
    try:
        return f"{value!r:.300}"
    except ValueError:
        return f"<{type(value).__name__} too long to print>"


def _check(label: str, func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any]) -> None:
    try:
        _call(func, args, kwargs)
    except (TypeError, SpendRulesError):
        pass
    except Hang:  # pragma: no cover - only runs when a call hangs
        pytest.fail(
            f"{label} ran over {CALL_SECONDS} s on args={args!r:.300} kwargs={kwargs!r:.300}"
        )
    except Exception as exc:  # pragma: no cover - only runs when the contract breaks
        pytest.fail(
            f"{label} raised {type(exc).__name__}: {_show(exc)} "
            f"on args={_show(args)} kwargs={_show(kwargs)}"
        )


@pytest.fixture(scope="module", autouse=True)
def _report_calls() -> Iterator[None]:
    yield
    if "FUZZ_EXAMPLES" in os.environ:  # pragma: no cover - the large local run
        print(f"\nfuzz: {CALLS[0]} calls over {len(PUBLIC)} public callables")  # noqa: T201


@pytest.mark.parametrize(("label", "func"), PUBLIC, ids=[label for label, _ in PUBLIC])
def test_public_callable_never_leaks_an_undocumented_exception(
    label: str, func: Callable[..., Any]
) -> None:
    hints = _hints(func)
    parameters = _parameters(func)

    # Derandomised unless a large run is asked for: the suite's examples are the same on every
    # machine, so `python -m pytest` never meets a new input by chance (issue 12: tests that hold).
    @settings(
        max_examples=EXAMPLES,
        phases=(Phase.explicit, Phase.generate),
        derandomize="FUZZ_EXAMPLES" not in os.environ,
        database=None,
    )
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for parameter in parameters:
            positional = parameter.kind is inspect.Parameter.POSITIONAL_ONLY
            if (
                not positional
                and parameter.default is not inspect.Parameter.empty
                and data.draw(st.booleans(), label=f"{parameter.name} default?")
            ):
                continue
            value = _draw_argument(data, parameter.name, hints.get(parameter.name))
            if positional:
                args.append(value)
            else:
                kwargs[parameter.name] = value
        _check(label, func, args, kwargs)

    run()


def test_the_fuzz_covers_every_family() -> None:
    families = {label.split(".")[0] for label, _ in PUBLIC}
    assert families == set(MODULES)
    assert len(PUBLIC) > 200


# Explicit rows: each class of input issue 12 lists, and each bug the fuzz found. ------------


def _finance_event(*, baseline_date: date, effective_date: date) -> Any:
    from spendrules.savings import BaselineMethod, SavingsEvent

    return SavingsEvent(
        item="X",
        currency="USD",
        baseline_price=Decimal(10),
        baseline_method=next(iter(BaselineMethod)),
        baseline_date=baseline_date,
        new_price=Decimal(9),
        effective_date=effective_date,
        forecast_quantity=100,
    )


def _huge_integer_rows() -> list[tuple[str, Callable[[], object], str]]:
    from spendrules import interop, money, payment_terms, schema

    huge = 10**5000
    return [
        ("read_x12", lambda: interop.read_x12(huge), "text"),
        ("read_edifact", lambda: interop.read_edifact(huge), "text"),
        ("read_ubl", lambda: interop.read_ubl(huge), "xml"),
        ("read_sap", lambda: interop.read_sap(huge), "tables"),
        ("read_tryton", lambda: interop.read_tryton(huge), "term"),
        ("read_odoo", lambda: interop.read_odoo(huge), "term"),
        ("read_erpnext", lambda: interop.read_erpnext(huge), "template"),
        ("read_erpnext_document", lambda: interop.read_erpnext_document(huge), "document"),
        ("read_odoo_purchase_order", lambda: interop.read_odoo_purchase_order(huge), "order"),
        (
            "read_odoo_purchase_order-accounts",
            lambda: interop.read_odoo_purchase_order({}, accounts=huge),
            "accounts",
        ),
        (
            "read_odoo_purchase_order-ignore",
            lambda: interop.read_odoo_purchase_order({}, ignore=huge),
            "ignore",
        ),
        (
            "read_odoo_purchase_order-ignore-item",
            lambda: interop.read_odoo_purchase_order({}, ignore=[huge]),
            "ignore",
        ),
        ("write_x12", lambda: interop.write_x12(huge), "terms"),
        ("parse_terms", lambda: payment_terms.parse_terms(huge), "text"),
        ("format_terms", lambda: payment_terms.format_terms(huge), "terms"),
        ("PaymentDays-days", lambda: payment_terms.PaymentDays(huge), "days"),
        ("PaymentDays-after", lambda: payment_terms.PaymentDays((1,), after=huge), "after"),
        ("PaymentTerms", lambda: payment_terms.PaymentTerms(huge), "installments"),
        (
            "PaymentTerms-item",
            lambda: payment_terms.PaymentTerms([huge]),
            "installments[0]",
        ),
        (
            "schedule-calendar",
            lambda: payment_terms.schedule(
                payment_terms.parse_terms("net 30"),
                invoice_date=date(2026, 1, 1),
                amount=Decimal(1),
                currency="USD",
                calendar=huge,
            ),
            "calendar",
        ),
        ("allocate", lambda: money.allocate(Decimal(10), huge, "USD"), "weights"),
        ("json_schema", lambda: schema.json_schema(huge), "tp"),  # type: ignore[arg-type]
        ("structure", lambda: _structure(huge), "tp"),
    ]


def _cycle() -> list[object]:
    data: list[object] = []
    data.append(data)
    return data


def _deep() -> list[object]:
    data: list[object] = []
    for _ in range(100_000):
        data = [data]
    return data


def _structure(tp: Any) -> object:
    from spendrules.serialization import structure

    return structure({}, tp)


def _enum_per_module() -> list[type[enum.Enum]]:
    """One public enum of each module that defines some."""
    seen: dict[str, type[enum.Enum]] = {}
    for module_name in MODULES:
        module = importlib.import_module(f"spendrules.{module_name}")
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, enum.Enum):
                seen.setdefault(obj.__module__, obj)
    return list(seen.values())


_ENUM_PER_MODULE = _enum_per_module()


def _rows() -> list[Any]:
    from spendrules import budget, calendars, inventory, money, results, savings, serialization

    ledger_entry = {
        "account": "6100",
        "amount": Decimal(1),
        "currency": "USD",
        "date": date(2026, 1, 31),
    }
    return [
        # from_json on JSON whose top level is not an object
        *[
            pytest.param(
                lambda text=text: serialization.from_json(text, budget.LedgerEntry),
                SpendRulesError,
                "LedgerEntry",
                id=f"from_json-top-level-{text}",
            )
            for text in ('"x"', "[]", "1", "null")
        ],
        # dates at the ends of the calendar
        pytest.param(
            lambda: savings.fiscal_years(date(9999, 1, 1), count=2),
            InvalidInputError,
            "count",
            id="fiscal_years-9999",
        ),
        pytest.param(
            lambda: savings.fiscal_years(date(9990, 1, 1), count=10),
            InvalidInputError,
            "count",
            id="fiscal_years-past-9999",
        ),
        pytest.param(
            lambda: savings.classify_savings(
                _finance_event(baseline_date=date(9999, 1, 1), effective_date=date(9999, 12, 1)),
                policy=savings.SavingsPolicy.finance_strict(),
                as_of=date(9999, 12, 1),
            ),
            InvalidInputError,
            "effective_date",
            id="classify_savings-window-past-9999",
        ),
        # enum-valued fields given a bad string
        pytest.param(
            lambda: budget.LedgerEntry(stage="x", **ledger_entry),
            InvalidInputError,
            "stage",
            id="LedgerEntry-stage-x",
        ),
        pytest.param(
            lambda: budget.LedgerEntry(stage=None, **ledger_entry),
            InvalidInputError,
            "stage",
            id="LedgerEntry-stage-None",
        ),
        pytest.param(
            lambda: results.Reason("A.B", "m", severity="x"),
            InvalidInputError,
            "severity",
            id="Reason-severity-x",
        ),
        pytest.param(
            lambda: budget.Phasing(method="x"),
            InvalidInputError,
            "method",
            id="Phasing-method-x",
        ),
        # a non-iterable where a sequence belongs
        pytest.param(
            lambda: money.allocate(Decimal(10), 5, "USD"),
            TypeError,
            "weights",
            id="allocate-weights-int",
        ),
        # type checks handed a 5,000-digit integer (building the message used to fail)
        pytest.param(
            lambda: calendars.roll(10**5000, calendars.WeekendCalendar(), calendars.Roll.FOLLOWING),
            TypeError,
            "day",
            id="roll-day-5000-digits",
        ),
        pytest.param(
            lambda: money.quantize(Decimal(1), 10**5000),
            TypeError,
            "currency",
            id="quantize-currency-5000-digits",
        ),
        pytest.param(
            lambda: budget.Approval(10**5000, "L1"),
            TypeError,
            "approver",
            id="Approval-approver-5000-digits",
        ),
        pytest.param(
            lambda: savings.SavingsEvent(
                item=10**5000,
                currency="USD",
                baseline_price=Decimal(10),
                baseline_method=next(iter(savings.BaselineMethod)),
                baseline_date=date(2026, 1, 1),
                new_price=Decimal(9),
                effective_date=date(2026, 1, 1),
                forecast_quantity=100,
            ),
            TypeError,
            "item",
            id="SavingsEvent-item-5000-digits",
        ),
        pytest.param(
            lambda: calendars.HolidayCalendar(10**5000),
            TypeError,
            "holidays",
            id="HolidayCalendar-holidays-5000-digits",
        ),
        # enum members inside a collection, and a method's enum argument
        pytest.param(
            lambda: budget.StagePolicy(counts=["x"]),
            InvalidInputError,
            "counts",
            id="StagePolicy-counts-x",
        ),
        pytest.param(
            lambda: budget.ControlPolicy().for_stage("x"),
            InvalidInputError,
            "stage",
            id="ControlPolicy-for_stage-x",
        ),
        # arithmetic that escaped as decimal.InvalidOperation / OverflowError
        pytest.param(
            lambda: inventory.inventory_turns(Decimal("1E+100"), 397),
            InvalidInputError,
            "cost_of_goods_sold",
            id="inventory_turns-1E+100",
        ),
        pytest.param(
            lambda: inventory.poisson_loss(-(10**309), 1),
            InvalidInputError,
            "q",
            id="poisson_loss-q-10**309",
        ),
        pytest.param(
            lambda: inventory.poisson_loss(2**53, 1),
            InvalidInputError,
            "q",
            id="poisson_loss-q-2**53",
        ),
        # found by the fuzz: a plain ValueError, and a cattrs error, escaping
        pytest.param(
            lambda: serialization.parse_iso_date("20260315"),
            InvalidInputError,
            "text",
            id="parse_iso_date-shape",
        ),
        pytest.param(
            lambda: serialization.parse_iso_date("2026-02-30"),
            InvalidInputError,
            "text",
            id="parse_iso_date-no-such-day",
        ),
        pytest.param(
            lambda: serialization.parse_iso_date(20260315),
            TypeError,
            "text",
            id="parse_iso_date-not-str",
        ),
        pytest.param(
            lambda: serialization.structure({}, typing.TypeVar("T")),
            TypeError,
            "tp",
            id="structure-tp-typevar",
        ),
        pytest.param(
            lambda: serialization.structure({}, complex),
            TypeError,
            "tp",
            id="structure-tp-complex",
        ),
        # hand-written "{value!r}" messages moved to errors._shown: a 5,000-digit integer
        *[
            pytest.param(call, TypeError, field, id=f"{name}-5000-digits")
            for name, call, field in _huge_integer_rows()
        ],
        pytest.param(
            lambda: serialization.from_json("{}", 10**5000),  # type: ignore[call-overload]
            TypeError,
            "tp",
            id="from_json-tp-5000-digits",
        ),
        pytest.param(
            lambda: serialization.structure({}, [10**5000]),  # type: ignore[call-overload]
            TypeError,
            "tp",
            id="structure-tp-list-of-5000-digits",
        ),
        # to_json(indent=<huge>) ran out of memory in json.dumps
        *[
            pytest.param(
                lambda indent=indent: serialization.to_json(1, indent=indent),
                InvalidInputError,
                "indent",
                id=f"to_json-indent-{name}",
            )
            for name, indent in (
                ("5000-digits", 10**5000),
                ("2**40", 2**40),
                ("65", 65),
                ("-1", -1),
            )
        ],
        *[
            pytest.param(
                lambda indent=indent: serialization.to_json(1, indent=indent),
                TypeError,
                "indent",
                id=f"to_json-indent-{type(indent).__name__}",
            )
            for indent in (True, "\t", 2.0)
        ],
        # found by the fuzz: to_json of data JSON cannot hold escaped as a plain ValueError
        # (a huge integer), or wrote NaN; data nested past the recursion limit escaped as
        # RecursionError
        *[
            pytest.param(call, InvalidInputError, "obj", id=f"to_json-{name}")
            for name, call in (
                ("5000-digits", lambda: serialization.to_json(10**5000)),
                ("5000-digits-in-a-list", lambda: serialization.to_json([1, 10**5000], indent=2)),
                ("nan", lambda: serialization.to_json(float("nan"))),
                ("inf-indented", lambda: serialization.to_json({"x": [float("inf")]}, indent=2)),
                ("cycle", lambda: serialization.to_json(_cycle())),
                ("deep", lambda: serialization.to_json(_deep())),
                ("unstructure-cycle", lambda: serialization.unstructure(_cycle())),
            )
        ],
        # found by the fuzz: len() of a huge range overflowed; year 9999 overflowed the day walk
        *[
            pytest.param(
                lambda years=years: calendars.country_calendar("US", years=years),
                InvalidInputError,
                "years",
                id=f"country_calendar-years-{name}",
            )
            for name, years in (
                ("huge", range(76093491364369161781248)),
                ("before-year-1", range(-3, 2)),
                ("past-9999", range(9999, 10001)),
                ("101-years", range(2000, 2101)),
            )
        ],
        # a public enum called with a bad value: one row per module that defines enums
        *[
            pytest.param(
                lambda kind=kind, value=value: kind(value),
                InvalidInputError,
                kind.__name__,
                id=f"{kind.__module__}.{kind.__name__}-{label}",
            )
            for kind in _ENUM_PER_MODULE
            for label, value in (
                ("x", "x"),
                ("5000-digits", 10**5000),
                ("None", None),
                ("list", []),
            )
        ],
    ]


@pytest.mark.parametrize(("call", "error", "field"), _rows())
def test_issue_12_inputs_raise_the_documented_error_naming_the_field(
    call: Callable[[], object], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert field in str(caught.value)
    if isinstance(caught.value, InvalidInputError):
        assert caught.value.field == field


def test_calendar_ends_that_fit_still_compute() -> None:
    from spendrules.budget import Budget
    from spendrules.calendars import country_calendar
    from spendrules.savings import SavingsPolicy, classify_savings, fiscal_years

    budget = Budget("6100", Decimal(1000), "USD", date(2026, 1, 1), date(9999, 12, 31))
    assert budget.valid_to == date(9999, 12, 31)
    event = _finance_event(baseline_date=date(1, 1, 1), effective_date=date(1, 1, 1))
    result = classify_savings(event, policy=SavingsPolicy.finance_strict(), as_of=date(1, 1, 1))
    assert result.primary.value == "hard_savings"
    assert fiscal_years(date(9998, 1, 1), count=1)[0].end == date(9998, 12, 31)
    assert country_calendar("US", years=range(9999, 10000)).valid_to == date(9999, 12, 31)
