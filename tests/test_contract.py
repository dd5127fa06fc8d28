"""The contract every public type and rule keeps (ARCHITECTURE.md, "Guarantees").

Each family declares, in ``tests/contract_<family>.py``, ``CASES`` (every public
attrs class and exception, with a strategy of instances) and ``CALLS`` (its
public rules, as strategies of zero-argument calls). This module discovers them
and checks, for each: purity (same result twice, and under a hostile decimal
context), pickle and cloudpickle round trips, and the JSON round trip.
"""

from __future__ import annotations

import decimal
import importlib
import pathlib
import pickle
from typing import Any

import attrs
import cloudpickle
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules.serialization import from_json, to_json

from contract_support import Call, Case

_HERE = pathlib.Path(__file__).parent
_MODULES = [importlib.import_module(p.stem) for p in sorted(_HERE.glob("contract_*.py"))]
_MODULES = [m for m in _MODULES if hasattr(m, "CASES")]
CASES: list[Case] = [case for m in _MODULES for case in m.CASES]
CALLS: list[Call] = [call for m in _MODULES for call in getattr(m, "CALLS", [])]

PUBLIC_MODULES = [
    "spendrules.errors",
    "spendrules.money",
    "spendrules.calendars",
    "spendrules.results",
    "spendrules.serialization",
    "spendrules.schema",
    "spendrules.payment_terms",
    "spendrules.savings",
    "spendrules.inventory",
    "spendrules.budget",
    "spendrules.interop",
    "spendrules.policy",
    "spendrules.kpis",
    "spendrules.scorecard",
]


def _public_types() -> set[type]:
    found: set[type] = set()
    for name in PUBLIC_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for attr in module.__all__:
            obj = getattr(module, attr)
            if isinstance(obj, type) and (attrs.has(obj) or issubclass(obj, BaseException)):
                found.add(obj)
    return found


def test_every_public_type_is_registered() -> None:
    registered = {case.type for case in CASES}
    missing = sorted(t.__qualname__ for t in _public_types() - registered)
    assert not missing, f"public types without a contract case: {missing}"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, BaseException):
        return type(a) is type(b) and str(a) == str(b) and a.args == b.args
    return bool(a == b) and type(a) is type(b)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.type.__qualname__)
@settings(max_examples=25)
@given(data=st.data())
def test_pickle_round_trip(case: Case, data: st.DataObject) -> None:
    obj = data.draw(case.instances)
    assert isinstance(obj, case.type)
    assert _same(pickle.loads(pickle.dumps(obj)), obj)
    assert _same(cloudpickle.loads(cloudpickle.dumps(obj)), obj)


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if not issubclass(c.type, BaseException)],
    ids=lambda c: c.type.__qualname__,
)
@settings(max_examples=25)
@given(data=st.data())
def test_json_round_trip(case: Case, data: st.DataObject) -> None:
    obj = data.draw(case.instances)
    assert from_json(to_json(obj), case.type) == obj
    if attrs.has(case.type):
        hash(obj)  # results and inputs are hashable values


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.name)
@settings(max_examples=25)
@given(data=st.data())
def test_rules_are_pure_and_context_free(call: Call, data: st.DataObject) -> None:
    fn = data.draw(call.calls)
    first = fn()
    assert _same(fn(), first)
    hostile = decimal.Context(prec=3, rounding=decimal.ROUND_DOWN, traps=[decimal.Inexact])
    with decimal.localcontext(hostile):
        again = fn()
        assert decimal.getcontext().prec == 3
    assert _same(again, first)
