"""The upper edge of the near-threshold band as a named option (issue 14 item 6.2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules._budget.splits import NearUpper
from spendrules.budget import (
    ApprovalBand,
    ApprovalLevel,
    ApprovalMatrix,
    Budget,
    ControlPolicy,
    SpendLine,
    SpendRequest,
    SplitFinding,
    SplitKey,
    SplitKind,
    Transaction,
    detect_split_purchases,
    evaluate_purchase,
)
from spendrules.errors import InvalidInputError

DAY = dt.date(2026, 3, 2)
BELOW_APPROVAL = NearUpper.BELOW_APPROVAL
BELOW_THRESHOLD = NearUpper.BELOW_THRESHOLD
UP_TO_THRESHOLD = NearUpper.UP_TO_THRESHOLD


def tx(reference: str, amount: str, days: int = 0, supplier: str = "ACME") -> Transaction:
    return Transaction(
        reference,
        DAY + dt.timedelta(days=days),
        Decimal(amount),
        "USD",
        requester="ann",
        supplier=supplier,
    )


def summary(findings: tuple[SplitFinding, ...]) -> list[tuple[str, tuple[str, ...]]]:
    return [(finding.kind.value, finding.references) for finding in findings]


def near_reason(finding: SplitFinding) -> str | None:
    texts = [r.message for r in finding.reasons if r.code == "SPLIT.NEAR_THRESHOLD"]
    return texts[0] if texts else None


# -- the default is the behaviour before the option ------------------------------------------


def test_the_default_follows_the_approval_test() -> None:
    assert [edge.value for edge in NearUpper] == [
        "below_approval",
        "below_threshold",
        "up_to_threshold",
    ]
    at_threshold = [tx("T1", "1000"), tx("T2", "1000", days=20)]
    # inclusive (approval threshold): 1,000 needs approval, so it is not "just below"
    assert detect_split_purchases(at_threshold, threshold=1000, window_days=1) == ()
    # not inclusive (a limit one may spend up to): 1,000 does not need approval, so it is
    assert summary(
        detect_split_purchases(at_threshold, threshold=1000, window_days=1, inclusive=False)
    ) == [("near_threshold", ("T1", "T2"))]


# -- rows both ways --------------------------------------------------------------------------

AT = [tx("T1", "1000"), tx("T2", "1000", days=20)]
MIXED = [tx("T1", "980"), tx("T2", "1000", days=20)]

# Each row: purchases, inclusive, near_upper, expected (kind, references) findings.
ROWS = [
    pytest.param(AT, True, BELOW_APPROVAL, [], id="at, inclusive, default: needs approval"),
    pytest.param(AT, True, BELOW_THRESHOLD, [], id="at, inclusive, below only"),
    pytest.param(
        AT,
        True,
        UP_TO_THRESHOLD,
        [("near_threshold", ("T1", "T2"))],
        id="at, inclusive, up to and including: clustered at the threshold",
    ),
    pytest.param(
        AT,
        False,
        BELOW_APPROVAL,
        [("near_threshold", ("T1", "T2"))],
        id="at, limit, default: 1,000 is within the limit",
    ),
    pytest.param(AT, False, BELOW_THRESHOLD, [], id="at, limit, below only"),
    pytest.param(
        AT, False, UP_TO_THRESHOLD, [("near_threshold", ("T1", "T2"))], id="at, limit, up to"
    ),
    pytest.param(MIXED, True, BELOW_APPROVAL, [], id="980 + 1,000, inclusive, default: one"),
    pytest.param(MIXED, False, BELOW_THRESHOLD, [], id="980 + 1,000, limit, below only: one"),
    pytest.param(
        MIXED,
        True,
        UP_TO_THRESHOLD,
        [("near_threshold", ("T1", "T2"))],
        id="980 + 1,000, inclusive, up to: two",
    ),
    pytest.param(
        [tx("T1", "1000"), tx("T2", "500")],
        True,
        UP_TO_THRESHOLD,
        [],
        id="a purchase that needs approval never counts in a window total",
    ),
]


@pytest.mark.parametrize(("purchases", "inclusive", "near_upper", "expected"), ROWS)
def test_rows_both_ways(
    purchases: list[Transaction],
    inclusive: bool,
    near_upper: NearUpper,
    expected: list[tuple[str, tuple[str, ...]]],
) -> None:
    found = detect_split_purchases(
        purchases, threshold=1000, window_days=1, inclusive=inclusive, near_upper=near_upper
    )
    assert summary(found) == expected


def test_the_edge_is_read_by_value_and_checked() -> None:
    found = detect_split_purchases(AT, threshold=1000, window_days=1, near_upper="up_to_threshold")
    assert summary(found) == [("near_threshold", ("T1", "T2"))]
    with pytest.raises(
        InvalidInputError,
        match="near_upper must be one of below_approval, below_threshold, up_to_threshold: 'x'",
    ):
        detect_split_purchases(AT, threshold=1000, window_days=1, near_upper="x")


def test_no_band_no_edge() -> None:
    assert (
        detect_split_purchases(
            AT, threshold=1000, window_days=1, near_band=None, near_upper=UP_TO_THRESHOLD
        )
        == ()
    )


def test_the_reason_says_at_or_just_below_when_a_purchase_equals_the_threshold() -> None:
    same_day = [tx("T1", "1000"), tx("T2", "990")]
    (default,) = detect_split_purchases(same_day, threshold=1000, window_days=1, inclusive=False)
    assert default.kind is SplitKind.WINDOW_TOTAL
    assert near_reason(default) == (
        "2 purchases (requester ann, supplier ACME: 1,000, 990 USD) are at or just below the "
        "threshold 1,000 USD, at or above 95 % of it (950.00 USD)."
    )
    (below,) = detect_split_purchases(
        same_day, threshold=1000, window_days=1, inclusive=False, near_upper=BELOW_THRESHOLD
    )
    assert below.references == default.references  # the window total is the same
    assert near_reason(below) == (
        "1 purchase (requester ann, supplier ACME: 990 USD) is just below the threshold "
        "1,000 USD, at or above 95 % of it (950.00 USD)."
    )
    (far,) = detect_split_purchases(
        [tx("T1", "1000"), tx("T2", "100")],
        threshold=1000,
        window_days=1,
        inclusive=False,
        near_upper=BELOW_THRESHOLD,
    )
    assert far.kind is SplitKind.WINDOW_TOTAL
    assert near_reason(far) is None


# -- properties ------------------------------------------------------------------------------

THRESHOLD = Decimal(1000)
amounts = st.one_of(
    st.sampled_from([Decimal(v) for v in ("940", "950", "980", "999.99", "1000", "1000.01")]),
    st.decimals(min_value=1, max_value=1100, places=2, allow_nan=False, allow_infinity=False),
)
purchase_lists = st.lists(
    st.tuples(st.integers(0, 10), amounts, st.sampled_from(["ACME", "Globex"])),
    max_size=10,
).map(
    lambda rows: [
        Transaction(f"T{i:02}", DAY + dt.timedelta(days=d), a, "USD", requester="ann", supplier=s)
        for i, (d, a, s) in enumerate(rows)
    ]
)
options = st.fixed_dictionaries(
    {
        "window_days": st.integers(1, 5),
        "group_by": st.sampled_from([(), (SplitKey.SUPPLIER,)]),
        "near_band": st.sampled_from([Decimal(0), Decimal("0.05"), Decimal("0.2")]),
        "min_count": st.integers(2, 3),
        "inclusive": st.booleans(),
    }
)


def _covered(narrow: tuple[SplitFinding, ...], wide: tuple[SplitFinding, ...]) -> bool:
    """Every finding of ``narrow`` is within a finding of ``wide`` of the same kind and group."""
    return all(
        any(
            w.kind is n.kind and w.group == n.group and set(n.references) <= set(w.references)
            for w in wide
        )
        for n in narrow
    )


@settings(max_examples=300)
@given(purchase_lists, options)
def test_the_inclusive_band_finds_what_the_exclusive_band_finds(
    purchases: list[Transaction], kwargs: dict[str, object]
) -> None:
    def run(edge: NearUpper) -> tuple[SplitFinding, ...]:
        return detect_split_purchases(purchases, threshold=THRESHOLD, near_upper=edge, **kwargs)  # type: ignore[arg-type]

    below, default, up_to = run(BELOW_THRESHOLD), run(BELOW_APPROVAL), run(UP_TO_THRESHOLD)
    assert _covered(below, up_to)
    assert _covered(below, default)
    assert _covered(default, up_to)
    # window findings do not depend on the band's edge
    windows = [
        [f.references for f in found if f.kind is SplitKind.WINDOW_TOTAL]
        for found in (below, default, up_to)
    ]
    assert windows[0] == windows[1] == windows[2]
    # the default is one of the two fixed edges, as ``inclusive`` says
    assert default == (below if kwargs["inclusive"] else up_to)
    assert default == detect_split_purchases(purchases, threshold=THRESHOLD, **kwargs)  # type: ignore[arg-type]


# -- evaluate_purchase passes the edge on -----------------------------------------------------


def test_evaluate_purchase_takes_the_edge() -> None:
    budget = Budget("6100", Decimal("100000"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    matrix = ApprovalMatrix(
        (ApprovalLevel("manager", roles=("manager",)),), (ApprovalBand("manager", 3000),), "USD"
    )
    request = SpendRequest(
        (SpendLine("6100", Decimal("3000"), "USD"),),
        DAY,
        requester="ann",
        supplier="ACME",
        reference="PO-2",
    )
    earlier = [
        Transaction(
            "PO-1",
            DAY - dt.timedelta(days=40),
            Decimal("2990"),
            "USD",
            requester="ann",
            supplier="ACME",
        )
    ]

    def decide(**kwargs: object) -> tuple[tuple[str, ...], ...]:
        decision = evaluate_purchase(
            request,
            budgets=[budget],
            ledger=[],
            policy=ControlPolicy(),
            matrix=matrix,
            as_of=DAY,
            recent=earlier,
            **kwargs,  # type: ignore[arg-type]
        )
        return tuple(lead.references for lead in decision.splits)

    assert decide() == ()
    assert decide(split_near_upper=UP_TO_THRESHOLD) == (("PO-1", "PO-2"),)
    assert decide(split_near_upper="below_threshold") == ()
    with pytest.raises(InvalidInputError, match="split_near_upper must be one of"):
        decide(split_near_upper="x")
