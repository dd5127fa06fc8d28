"""Contract calls for the frames KPIs (spendrules.frames): pure, and free of the decimal context.

No public type is added (each returns the scalar `Kpi`, registered in contract_kpis); the
calls below go through the contract's purity check, twice and under a hostile context.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from contract_support import Call, Case

try:
    import pandas as pd

    from spendrules import frames
except ImportError:  # pragma: no cover - the frames extra is installed in CI
    frames = None  # type: ignore[assignment]

amounts = st.decimals(min_value=0, max_value=10**6, places=2)
lines = st.lists(st.tuples(st.booleans(), amounts), min_size=1, max_size=6)


@st.composite
def frames_kpi_calls(draw: st.DrawFn) -> Callable[[], Any]:
    rows = draw(lines)
    flags = [flag for flag, _ in rows]
    cells = [amount + 1 for _, amount in rows]  # some spend in every frame
    spend = pd.DataFrame({"preferred": flags, "managed": flags, "amount": cells})
    classified = pd.DataFrame(
        {
            "currency": ["EUR"] * len(rows),
            "finance_recognised": cells,
            "procurement_view": cells,
            "net_recognised": cells,
            "hard_savings": cells,
            "cost_avoidance": [amount for _, amount in rows],
        }
    )
    reviewed = pd.DataFrame(
        {
            "currency": ["BHD"] * len(rows),
            "excess_value": cells,
            "obsolete_value": cells,
            "value": [cell * 3 for cell in cells],
            "reserve": [amount for _, amount in rows],
        }
    )
    checked = pd.DataFrame(
        {
            "decision": ["blocked" if flag else "pass" for flag in flags],
            "overridden": flags,
        }
    )
    service = pd.DataFrame({"filled": [amount for _, amount in rows], "demanded": cells})
    choices: list[Callable[[], Any]] = [
        functools.partial(frames.preferred_supplier_share, spend, currency="USD"),
        functools.partial(frames.spend_under_management, spend, target=Decimal("0.8")),
        functools.partial(
            frames.late_payment_interest_paid, spend, interest="amount", currency="JPY"
        ),
        functools.partial(frames.service_level, service),
        functools.partial(frames.service_level, service, measure="cycle"),
        functools.partial(frames.savings_rate, classified, addressable_spend=Decimal("1E+7")),
        functools.partial(frames.cost_avoidance_share, classified),
        functools.partial(frames.net_savings, classified),
        functools.partial(frames.excess_obsolete_share, reviewed),
        functools.partial(frames.reserve_coverage, reviewed),
        functools.partial(frames.blocked_request_share, checked),
        functools.partial(frames.overridden_request_share, checked),
    ]
    return draw(st.sampled_from(choices))


CASES: list[Case] = []
CALLS = [] if frames is None else [Call("frames_kpis", frames_kpi_calls())]
