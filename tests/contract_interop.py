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

# --------------------------------------------------------------------------- purchasing documents

_money = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
_percent = st.decimals(min_value=1, max_value=60, places=3)


def _erpnext_item(amount: Any, account: str, center: str) -> dict[str, Any]:
    return {
        "item_code": "ITEM",
        "qty": 1,
        "rate": amount,
        "amount": amount,
        "expense_account": account,
        "cost_center": center,
    }


_erpnext_documents = st.builds(
    lambda doctype, items: {
        "doctype": doctype,
        "transaction_date": "2024-03-15",
        "posting_date": "2024-04-05",
        "currency": "EUR",
        "items": items,
    },
    st.sampled_from(["Material Request", "Purchase Order", "Purchase Invoice"]),
    st.lists(
        st.builds(
            _erpnext_item, _money, st.sampled_from(["5110", ""]), st.sampled_from(["Main", "R&D"])
        ),
        min_size=1,
        max_size=4,
    ),
)
_odoo_orders = st.builds(
    lambda lines: {
        "name": "P00001",
        "currency_id": [1, "USD"],
        "date_order": "2024-03-15 09:30:00",
        "order_line": [
            {
                "product_id": [7, "Desk"],
                "product_qty": 1,
                "price_unit": amount,
                "price_subtotal": amount,
                "analytic_distribution": {str(n + 1): p for n, p in enumerate(split)},
            }
            for amount, split in lines
        ],
    },
    st.lists(st.tuples(_money, st.lists(_percent, max_size=3)), min_size=1, max_size=3),
)


def _read_document(read: Callable[[Any], Any], document: Any) -> Any:
    """Read ``document``; a refusal is an outcome too."""
    try:
        return read(document)
    except interop.InteropError as error:
        return error


CALLS += [
    Call(
        "interop.read_erpnext_document",
        st.builds(
            functools.partial,
            st.just(_read_document),
            st.just(interop.read_erpnext_document),
            _erpnext_documents,
        ),
    ),
    Call(
        "interop.read_odoo_purchase_order",
        st.builds(
            functools.partial,
            st.just(_read_document),
            st.just(interop.read_odoo_purchase_order),
            _odoo_orders,
        ),
    ),
]
