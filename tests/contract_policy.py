"""Contract cases for issue 18 items 1, 2 and 4: the agreed policy file.

The strategies here also generate the property tests of ``test_policy.py``.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

import contract_budget
import contract_budget_approvals
import contract_inventory
import contract_savings
from spendrules import policy as pol
from spendrules.errors import PolicyFileError
from spendrules.payment_terms import DiscountConvention, parse_terms

from contract_support import Call, Case

days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2035, 12, 31))
#: Any text a person might type, control characters and quotes included.
labels = st.text(min_size=1, max_size=12).filter(str.strip)
fractions = st.decimals(
    min_value=Decimal("0.001"), max_value=Decimal("0.999"), places=3, allow_nan=False
)
rates = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False)
prints = st.binary(min_size=32, max_size=32).map(lambda raw: "sha256:" + raw.hex())
TERMS = ("net 30", "net 60", "net 90", "2/10 net 30", "net 30 EOM", "30% advance, 70% net 30")


@st.composite
def headers(draw: st.DrawFn) -> pol.PolicyHeader:
    start = draw(days)
    end = draw(st.none() | days.map(lambda d: max(d, start)))
    return pol.PolicyHeader(
        draw(labels),
        draw(labels),
        start,
        draw(st.sampled_from(["EUR", "USD", "GBP", "JPY"])),
        end,
    )


@st.composite
def terms_policies(draw: st.DrawFn) -> pol.PaymentTermsPolicy:
    low = draw(st.integers(0, 60))
    return pol.PaymentTermsPolicy(
        parse_terms(draw(st.sampled_from(TERMS))),
        draw(rates),
        minimum_days=low,
        maximum_days=draw(st.none() | st.integers(low, 180)),
        discount_convention=draw(st.sampled_from(DiscountConvention)),
    )


service_levels = st.builds(pol.ServiceLevel, labels, fractions)
inventories = st.builds(
    pol.InventoryPolicy,
    st.lists(service_levels, max_size=3, unique_by=lambda s: s.item_class).map(tuple),
    carrying_rate=st.none() | rates,
    reserve=st.none() | contract_inventory.tables,
)
kpi_targets = st.builds(
    pol.KpiTarget,
    labels,
    labels,
    st.decimals(min_value=-(10**6), max_value=10**6, places=4, allow_nan=False),
    st.sampled_from(pol.Direction),
)
kpi_tables = st.lists(kpi_targets, max_size=3, unique_by=lambda k: k.name).map(tuple)
sign_offs = st.builds(pol.SignOff, labels, labels, days, prints)


@st.composite
def policies(draw: st.DrawFn) -> pol.AgreedPolicy:
    """A policy with any mix of sections, and sign-offs of which some are current."""
    policy = pol.AgreedPolicy(
        draw(headers()),
        (),
        payment_terms=draw(st.none() | terms_policies()),
        savings=draw(st.none() | contract_savings.policies),
        budget=draw(st.none() | contract_budget.policies),
        approvals=draw(st.none() | contract_budget_approvals.matrices()),
        inventory=draw(st.none() | inventories),
        kpis=draw(st.none() | kpi_tables),
    )
    signed = draw(st.lists(st.sampled_from(["finance", "procurement", "audit"]), max_size=3))
    current = policy.fingerprint
    chosen = [
        pol.SignOff(
            role,
            f"{role} lead {index}",
            draw(days),
            current if draw(st.booleans()) else draw(prints),
        )
        for index, role in enumerate(signed)
    ]
    return pol.AgreedPolicy(
        policy.header,
        tuple(chosen),
        payment_terms=policy.payment_terms,
        savings=policy.savings,
        budget=policy.budget,
        approvals=policy.approvals,
        inventory=policy.inventory,
        kpis=policy.kpis,
    )


def _with_version(policy: pol.AgreedPolicy, version: str) -> pol.AgreedPolicy:
    header = policy.header
    return pol.AgreedPolicy(
        pol.PolicyHeader(header.name, version, header.effective_from, header.reference_currency),
        policy.sign_offs,
        savings=policy.savings,
        kpis=policy.kpis,
    )


agreements = policies().map(pol.check_agreement)
diffs = st.tuples(policies(), policies()).map(lambda pair: pol.diff(*pair))
changes = diffs.flatmap(lambda d: st.sampled_from(d.changes) if d.changes else st.nothing())
errors = st.builds(
    PolicyFileError,
    st.sampled_from(["", "policy.name", "budget.order.rules[0].usage", 'kpis."a b"']),
    st.none() | st.integers() | st.text(max_size=8) | st.decimals(allow_nan=False),
    st.sampled_from(["present", "a number, unquoted (0.95, 100000)"]),
    st.none() | st.integers(1, 500),
    column=st.none() | st.integers(1, 80),
    source=st.none() | st.sampled_from(["policy.toml", "C:\\p.toml"]),
)


def _agreement_call(policy: pol.AgreedPolicy, roles: tuple[str, ...]) -> Any:
    return functools.partial(pol.check_agreement, policy, roles=roles)


#: The policy's value types: ``test_contract.py`` and ``test_schema.py`` check each.
VALUE_CASES = [
    Case(pol.PolicyHeader, headers()),
    Case(pol.SignOff, sign_offs),
    Case(pol.PaymentTermsPolicy, terms_policies()),
    Case(pol.ServiceLevel, service_levels),
    Case(pol.InventoryPolicy, inventories),
    Case(pol.KpiTarget, kpi_targets),
    Case(pol.AgreedPolicy, policies()),
    Case(pol.Agreement, agreements),
    Case(pol.RoleAgreement, agreements.flatmap(lambda a: st.sampled_from(a.roles))),
    Case(pol.PolicyDiff, diffs),
    Case(pol.PolicyChange, changes),
]

CASES = [Case(PolicyFileError, errors), *VALUE_CASES]

CALLS = [
    Call(
        "policy.check_agreement",
        st.builds(
            _agreement_call,
            policies(),
            st.lists(st.sampled_from(["finance", "procurement"]), min_size=1).map(tuple),
        ),
    ),
    Call(
        "policy.diff",
        st.builds(lambda a, b: functools.partial(pol.diff, a, b), policies(), policies()),
    ),
    Call("policy.fingerprint", policies().map(lambda p: functools.partial(pol.fingerprint, p))),
    Call(
        "policy.dump",
        policies().map(lambda p: functools.partial(pol.dump, _with_version(p, "2"))),
    ),
]
