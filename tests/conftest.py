"""Test configuration shared by every test module.

Hypothesis loads its built-in ``ci`` profile by itself when ``CI=true``
(derandomised, no deadline, no example database). Here ``st.builds()`` is told
how to make a ``Decimal``: a finite amount with at most 6 places, never NaN or
Infinity (which every rule refuses by contract).
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

st.register_type_strategy(
    Decimal,
    st.decimals(
        min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False
    ),
)
