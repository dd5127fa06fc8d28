"""Contract cases for spendrules.interop: its errors, and every reader and writer."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from spendrules import interop
from spendrules.payment_terms import PaymentTerms

from contract_support import Call, Case
from interop_strategies import any_terms

text = st.text(max_size=20)
values = st.one_of(st.none(), st.integers(), text)

CASES = [
    Case(interop.InteropError, st.builds(interop.InteropError, text, text, values, text)),
    Case(
        interop.NotRepresentableError,
        st.builds(interop.NotRepresentableError, text, text, values, text),
    ),
]

_SAP_KEYS = [f"Y{n:03}" for n in range(1, 100)]
_FORMATS = ["edifact", "erpnext", "odoo", "odoo16", "sap", "tryton", "ubl", "x12", "xrechnung"]


def _round_trip(source: str, terms: PaymentTerms) -> Any:
    """Write ``terms`` to ``source`` and read them back; a refusal is an outcome too."""
    write: Callable[[PaymentTerms], Any] = getattr(interop, f"write_{source}")
    read: Callable[[Any], PaymentTerms] = getattr(interop, f"read_{source}")
    if source == "xrechnung":  # BT-20 carries no net rule: the caller gives it
        read = functools.partial(interop.read_xrechnung, due=terms.installments[0].due)
    elif source == "sap":
        write = functools.partial(interop.write_sap, installment_keys=_SAP_KEYS)
    try:
        written = write(terms)
        return written, read(written)
    except interop.InteropError as error:
        return error


CALLS = [
    Call(
        f"interop.{source}",
        st.builds(functools.partial, st.just(_round_trip), st.just(source), any_terms),
    )
    for source in _FORMATS
] + [
    Call(
        "interop.normalize_terms",
        st.builds(functools.partial, st.just(interop.normalize_terms), any_terms),
    )
]
