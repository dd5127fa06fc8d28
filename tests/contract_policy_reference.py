"""Contract cases for issue 18 item 3: results cite the agreed policy they were computed under.

Registers ``PolicyReference`` (spendrules.policy) and ``TermsCheck``
(spendrules.payment_terms); the strategies of sections carrying a ``source`` are also
used by ``test_policy_citations.py``.
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
from hypothesis import strategies as st

import contract_terms_economics
from contract_policy import labels, prints, terms_policies
from spendrules import payment_terms as pt
from spendrules import policy as pol

from contract_support import Call, Case

SECTIONS = ("payment_terms", "savings", "budget", "approvals", "inventory")
clauses = st.lists(
    st.sampled_from(
        [
            "budget.order.rules[1]",
            "approvals.bands[2]",
            "inventory.service_levels.A",
            'inventory.service_levels."spare parts"',
            "payment_terms.cost_of_capital",
            "savings.signoff_threshold",
        ]
    ),
    max_size=3,
    unique=True,
).map(tuple)


@st.composite
def references(draw: st.DrawFn, section: str | None = None) -> pol.PolicyReference:
    """A reference of any policy, agreed or waiting for one or both roles."""
    agreed = draw(st.booleans())
    waiting = () if agreed else draw(st.sampled_from([("finance",), ("finance", "procurement")]))
    return pol.PolicyReference(
        draw(labels),
        draw(labels),
        draw(prints),
        section or draw(st.sampled_from(SECTIONS)),
        agreed,
        waiting,
        draw(clauses),
    )


def _sourced(section: str, values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``values`` as a policy file's section: carrying a ``source``."""
    return st.tuples(values, references(section)).map(
        lambda pair: attrs.evolve(pair[0], source=pair[1])
    )


terms_sections = _sourced("payment_terms", terms_policies())
offers = st.sampled_from(
    ["net 30", "net 60", "net 120", "2/10 net 30", "30% advance, 70% net 30"]
).map(pt.parse_terms)
terms_checks = st.builds(pt.check_terms, offers, terms_policies() | terms_sections)


#: The new public types (a type is registered once: the results that carry a reference
#: are checked under a policy file in ``test_policy_citations.py``).
CASES = [
    Case(pol.PolicyReference, references()),
    Case(pt.TermsCheck, terms_checks),
]

CALLS = [
    Call(
        "payment_terms.check_terms",
        st.builds(
            lambda terms, section: functools.partial(pt.check_terms, terms, section),
            offers,
            terms_policies() | terms_sections,
        ),
    ),
    Call(
        "payment_terms.should_take_discount(policy=)",
        st.builds(
            lambda terms, section: functools.partial(
                pt.should_take_discount, terms, policy=section
            ),
            contract_terms_economics.discount_terms,
            terms_sections,
        ),
    ),
]
