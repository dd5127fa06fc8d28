"""The balance line: which convention explains a negative one (issue 17 follow-ups).

``BalanceConvention.STRICT`` (the default) refuses fixed amounts and percent
shares that take more than the total; a balance line can still come out of
the total's opposite sign there, by one or more minor units, when
``AllocationMethod.LAST`` rounds every other line up. That is the allocation's
doing, explained by ``TERMS.CONSERVED`` ("placed by last"), not Odoo's balance
convention: ``TERMS.BALANCE_NEGATIVE`` belongs to ``BalanceConvention.ODOO``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from spendrules.money import AllocationMethod
from spendrules.payment_terms import (
    BalanceConvention,
    Installment,
    NetDays,
    PaymentTerms,
    Percent,
    schedule,
)

D = Decimal

#: 25 % + 25 % + 25 % + the balance: of 0.02, each quarter is exactly 0.005.
QUARTERS = PaymentTerms(
    (
        *(Installment(NetDays(30), share=Percent(D(25))) for _ in range(3)),
        Installment(NetDays(60)),
    )
)


@pytest.mark.parametrize(
    ("balance", "warned"),
    [
        pytest.param(BalanceConvention.STRICT, False, id="strict: the allocation's rounding"),
        pytest.param(BalanceConvention.ODOO, True, id="odoo: the balance convention's warning"),
    ],
)
def test_a_negative_balance_line_is_odoo_s_warning_only_under_odoo(
    balance: BalanceConvention, warned: bool
) -> None:
    result = schedule(
        QUARTERS,
        invoice_date=date(2026, 1, 1),
        amount=D("0.02"),
        currency="USD",
        allocation=AllocationMethod.LAST,
        balance=balance,
    )
    # 0.005 rounds half up to 0.01 three times; the last line takes 0.02 - 0.03.
    assert [line.amount for line in result.lines] == [D("0.01"), D("0.01"), D("0.01"), D("-0.01")]
    codes = [reason.code for reason in result.reasons]
    assert ("TERMS.BALANCE_NEGATIVE" in codes) is warned
    conserved = next(reason for reason in result.reasons if reason.code == "TERMS.CONSERVED")
    if warned:
        assert "the balance takes the rest" in conserved.message
    else:
        assert "placed by last" in conserved.message
