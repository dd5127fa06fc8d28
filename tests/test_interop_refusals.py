"""Writers refuse what their format cannot hold, instead of dropping it (issue 17 follow-ups).

No writer's target has a baseline event per installment, and only ERPNext
(discount type "Amount") has a fixed-amount early-payment discount: each other
writer raises ``NotRepresentableError`` naming the installment's attribute. ``normalize_terms`` keeps both (two terms that
differ only by them are different terms).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from spendrules import interop
from spendrules.interop import NotRepresentableError, normalize_terms
from spendrules.payment_terms import (
    DayOfMonth,
    FixedDiscount,
    Installment,
    NetDays,
    PaymentTerms,
    Percent,
)

D = Decimal

#: 50 % on order, the balance net 30.
ON_ORDER = PaymentTerms(
    (
        Installment(NetDays(0), share=Percent(D(50)), event="order"),
        Installment(NetDays(30)),
    )
)
#: 50.00 off if paid within 10 days, net 30 (ERPNext discount type "Amount").
FIXED_OFF = PaymentTerms(
    (Installment(NetDays(30), fixed_discount=FixedDiscount(D(50), NetDays(10))),)
)

WRITERS: dict[str, Callable[[PaymentTerms], Any]] = {
    "edifact": interop.write_edifact,
    "erpnext": interop.write_erpnext,
    "odoo": interop.write_odoo,
    "odoo16": interop.write_odoo16,
    "sap": interop.write_sap,
    "tryton": interop.write_tryton,
    "ubl": interop.write_ubl,
    "x12": interop.write_x12,
    "xrechnung": interop.write_xrechnung,
}


#: (terms, the refused attribute, its value), and the writers that refuse it.
REFUSED = [
    (ON_ORDER, "installments[0].event", "order", tuple(WRITERS)),
    (
        FIXED_OFF,
        "installments[0].fixed_discount",
        FixedDiscount(D(50), NetDays(10)),
        tuple(source for source in WRITERS if source != "erpnext"),  # ERPNext: type "Amount"
    ),
]


@pytest.mark.parametrize(
    ("source", "terms", "field", "value"),
    [
        pytest.param(source, terms, field, value, id=f"{source}: {field}")
        for terms, field, value, sources in REFUSED
        for source in sources
    ],
)
def test_every_writer_refuses_events_and_fixed_discounts(
    source: str, terms: PaymentTerms, field: str, value: Any
) -> None:
    write = WRITERS[source]
    with pytest.raises(NotRepresentableError) as caught:
        write(terms)
    assert (caught.value.source, caught.value.field, caught.value.value) == (source, field, value)


def test_normalize_terms_keeps_events_and_fixed_discounts() -> None:
    plain_split = PaymentTerms(
        (Installment(NetDays(0), share=Percent(D(50))), Installment(NetDays(30)))
    )
    assert normalize_terms(ON_ORDER) != normalize_terms(plain_split)
    assert normalize_terms(ON_ORDER).installments[0].event == "order"
    assert normalize_terms(FIXED_OFF) != normalize_terms(PaymentTerms.of(NetDays(30)))
    assert normalize_terms(FIXED_OFF).installments[0].fixed_discount == FixedDiscount(
        D(50), NetDays(10)
    )


def test_erpnext_amount_discount_round_trip() -> None:
    """ERPNext's discount type "Amount" is a FixedDiscount, both ways (same row read back)."""
    row = interop.write_erpnext(FIXED_OFF)["terms"][0]
    assert (row["discount_type"], row["discount"]) == ("Amount", D(50))
    assert (row["discount_validity_based_on"], row["discount_validity"]) == (
        "Day(s) after invoice date",
        10,
    )
    assert interop.read_erpnext({"terms": [row]}) == FIXED_OFF


def test_erpnext_refuses_an_amount_discount_deadline_it_has_no_option_for() -> None:
    odd = PaymentTerms(
        (
            Installment(
                NetDays(30), fixed_discount=FixedDiscount(D(50), DayOfMonth(10, cutoff_day=25))
            ),
        )
    )
    with pytest.raises(NotRepresentableError) as caught:
        interop.write_erpnext(odd)
    assert caught.value.field == "installments[0].fixed_discount.deadline"
