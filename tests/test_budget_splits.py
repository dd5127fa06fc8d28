"""Split-purchase detection (spendrules.budget, issue 7 item 7)."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules.budget import (
    BudgetRate,
    SpendLine,
    SpendRequest,
    SplitFinding,
    SplitKey,
    SplitKind,
    Transaction,
    detect_split_purchases,
)
from spendrules.errors import CurrencyMismatchError, InvalidInputError, UnknownCurrencyError
from spendrules.results import Severity
from spendrules.serialization import from_json, to_json

DAY = dt.date(2026, 3, 2)


def tx(
    reference: str,
    amount: str,
    *,
    day: dt.date = DAY,
    requester: str = "ann",
    supplier: str = "ACME",
    currency: str = "USD",
    **fields: str,
) -> Transaction:
    return Transaction(
        reference, day, Decimal(amount), currency, requester=requester, supplier=supplier, **fields
    )


def after(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


def codes(finding: SplitFinding) -> list[str]:
    return [reason.code for reason in finding.reasons]


# -- published rules ------------------------------------------------------------------------


# Each row: purchases, options, expected findings as (references, total). Totals are the sums
# of the amounts in the source (identities), never values read back from the code.
PUBLISHED = [
    pytest.param(
        [tx("T1", "1500"), tx("T2", "1200")],
        {"threshold": 2500, "window_days": 1, "group_by": ["supplier"], "inclusive": False},
        [(("T1", "T2"), "2700")],
        id="V34 MUSC PCard split page: 1,500 + 1,200 same vendor same day over 2,500",
    ),
    pytest.param(
        [
            tx("REQ-1", "1600", category="furniture"),
            tx("REQ-2", "1600", day=after(3), category="furniture"),
        ],
        {"threshold": 3000, "window_days": 14, "inclusive": False},
        [(("REQ-1", "REQ-2"), "3200")],
        id="V36 UHV FAQ #84: furniture 2 x 1,600 under a 3,000 delegated limit",
    ),
    pytest.param(
        [tx("A1", "600"), tx("A2", "500"), tx("B1", "700", requester="bob")],
        {"threshold": 1000, "window_days": 1, "inclusive": False},
        [(("A1", "A2"), "1100")],
        id="Mass. State Auditor UMass Amherst: same cardholder+vendor+date over 1,000",
    ),
    pytest.param(
        [tx("T0", "1000"), tx("T1", "1000"), tx("T2", "1000")],
        {"threshold": 1000, "window_days": 1, "inclusive": False},
        [(("T0", "T1", "T2"), "3000")],
        id="Oversight Systems blog: 3,000 as 3 x 1,000 under a 1,000 cap",
    ),
    pytest.param(
        [tx("T1", "900"), tx("T2", "900"), tx("T3", "900"), tx("T4", "900", day=after(1))],
        {"threshold": 2500, "window_days": 1},
        [(("T1", "T2", "T3"), "2700")],
        id="GAO purchase-card audit App. II: same cardholder+vendor+day, several transactions",
    ),
    pytest.param(
        [tx("A1", "1500"), tx("B1", "1200", requester="bob")],
        {"threshold": 2500, "window_days": 1, "group_by": ["supplier"], "inclusive": False},
        [(("A1", "B1"), "2700")],
        id="budget.md edge 21 MUSC: different researchers at one vendor on one day",
    ),
    pytest.param(
        [tx("A1", "1500"), tx("B1", "1200", requester="bob")],
        {"threshold": 2500, "window_days": 1, "inclusive": False},
        [],
        id="budget.md edge 21: grouped by requester too, no lead",
    ),
    pytest.param(
        [tx("T1", "2400"), tx("T2", "2450", day=after(40)), tx("T3", "1000", day=after(80))],
        {"threshold": 2500, "window_days": 1},
        [(("T1", "T2"), "4850")],
        id="ProcureLabs split invoice detection: clustering at 95-99 % of the threshold",
    ),
]


@pytest.mark.parametrize(("purchases", "options", "expected"), PUBLISHED)
def test_published_split_rules(
    purchases: list[Transaction],
    options: dict[str, object],
    expected: list[tuple[tuple[str, ...], str]],
) -> None:
    found = detect_split_purchases(purchases, **options)  # type: ignore[arg-type]
    assert [(f.references, f.total) for f in found] == [
        (refs, Decimal(total)) for refs, total in expected
    ]
    for finding in found:
        assert finding.reasons[-1].code == "SPLIT.LEAD"


def test_v34_details() -> None:
    """V34: the finding names its kind and group."""
    (finding,) = detect_split_purchases(
        [tx("T1", "1500"), tx("T2", "1200")],
        threshold=2500,
        window_days=1,
        group_by=["supplier"],
        inclusive=False,
    )
    assert finding.kind is SplitKind.WINDOW_TOTAL
    assert finding.group == (("supplier", "ACME"),)


def test_v36_details() -> None:
    """V36: both halves fall inside one 14-day window."""
    (finding,) = detect_split_purchases(
        [tx("REQ-1", "1600"), tx("REQ-2", "1600", day=after(3))],
        threshold=3000,
        window_days=14,
        inclusive=False,
    )
    assert finding.window_total == Decimal("3200")
    assert (finding.first_date, finding.last_date) == (DAY, after(3))


@pytest.mark.parametrize(
    "window_days",
    [
        pytest.param(
            1, id="V39 Sarasota Clerk audit 2018: 71 flagged, 3 confirmed -> leads, not verdicts"
        )
    ],
)
def test_v39_sarasota_findings_are_leads_not_verdicts(window_days: int) -> None:
    """V39 (Sarasota Clerk audit 2018): 71 groups flagged, 3 confirmed -> every finding is a
    lead: warnings and an info note, never an error."""
    found = detect_split_purchases(
        [
            tx("T1", "600"),
            tx("T2", "600"),
            tx("T3", "980", day=after(30)),
            tx("T4", "990", day=after(60)),
        ],
        threshold=Decimal("1000"),
        window_days=window_days,
    )
    assert [f.kind for f in found] == [SplitKind.WINDOW_TOTAL, SplitKind.NEAR_THRESHOLD]
    for finding in found:
        assert "SPLIT.LEAD" in codes(finding)
        assert all(reason.severity is not Severity.ERROR for reason in finding.reasons)
        assert "not a verdict" in finding.explain()


@pytest.mark.parametrize(
    ("gap", "flagged"),
    [
        pytest.param(1, True, id="Amazon Business 48 hours: next day flagged"),
        pytest.param(2, False, id="Amazon Business 48 hours: two days later not flagged"),
    ],
)
def test_amazon_business_48_hours(gap: int, flagged: bool) -> None:
    purchases = [tx("T1", "700"), tx("T2", "700", day=after(gap))]
    assert bool(detect_split_purchases(purchases, threshold=1000, window_days=2)) is flagged


@pytest.mark.parametrize(
    ("gap", "flagged"),
    [
        pytest.param(13, True, id="fitgap DoA 14 days: day 14 inside"),
        pytest.param(14, False, id="fitgap DoA 14 days: day 15 outside"),
    ],
)
def test_fitgap_requester_supplier_cost_centre_14_days(gap: int, flagged: bool) -> None:
    purchases = [
        tx("PO-1", "6000", cost_center="CC-1"),
        tx("PO-2", "6000", day=after(gap), cost_center="CC-1"),
        tx("PO-3", "6000", day=after(1), cost_center="CC-2"),
    ]
    found = detect_split_purchases(
        purchases,
        threshold=10000,
        window_days=14,
        group_by=(SplitKey.REQUESTER, SplitKey.SUPPLIER, SplitKey.COST_CENTER),
        near_band=None,
    )
    assert bool(found) is flagged
    if flagged:
        assert found[0].references == ("PO-1", "PO-2")


def test_procurelabs_clustering_just_below_threshold() -> None:
    """ProcureLabs: amounts clustered at 95-99 % of the threshold, even far apart in time."""
    purchases = [
        tx("T1", "2400", day=after(0)),
        tx("T2", "2450", day=after(40)),
        tx("T3", "1000", day=after(80)),
    ]
    (finding,) = detect_split_purchases(purchases, threshold=2500, window_days=1)
    assert finding.kind is SplitKind.NEAR_THRESHOLD
    assert finding.references == ("T1", "T2")
    assert finding.total == Decimal("4850")
    assert finding.window_total == Decimal("2450")
    assert codes(finding) == ["SPLIT.NEAR_THRESHOLD", "SPLIT.LEAD"]
    assert "at or above 95 % of it (2,375.00 USD)" in finding.reasons[0].message
    assert detect_split_purchases(purchases, threshold=2500, window_days=1, near_band=None) == ()


def test_overlapping_windows_merge_into_one_finding() -> None:
    purchases = [tx(f"T{i}", "600", day=after(i)) for i in range(5)]
    (finding,) = detect_split_purchases(purchases, threshold=1000, window_days=2)
    assert finding.count == 5
    assert finding.total == Decimal("3000")
    assert finding.window_total == Decimal("1200")
    assert "within 2 days they reach 1,200 USD" in finding.reasons[0].message


def test_separate_runs_give_separate_findings() -> None:
    purchases = [
        tx("T1", "600"),
        tx("T2", "600"),
        tx("T3", "600", day=after(10)),
        tx("T4", "600", day=after(10)),
    ]
    found = detect_split_purchases(purchases, threshold=1000, window_days=1)
    assert [f.references for f in found] == [("T1", "T2"), ("T3", "T4")]


def test_purchases_that_need_approval_alone_do_not_take_part() -> None:
    purchases = [tx("T1", "1000"), tx("T2", "200")]
    assert detect_split_purchases(purchases, threshold=1000, window_days=1) == ()
    (finding,) = detect_split_purchases(purchases, threshold=1000, window_days=1, inclusive=False)
    assert finding.total == Decimal("1200")


def test_min_count() -> None:
    purchases = [tx("T1", "600"), tx("T2", "600")]
    assert detect_split_purchases(purchases, threshold=1000, window_days=1, min_count=3) == ()


def test_near_threshold_reason_inside_a_window_finding() -> None:
    (finding,) = detect_split_purchases(
        [tx("T1", "980"), tx("T2", "100")], threshold=1000, window_days=1
    )
    assert codes(finding) == ["SPLIT.WINDOW_TOTAL", "SPLIT.NEAR_THRESHOLD", "SPLIT.LEAD"]
    assert (
        "1 purchase (requester ann, supplier ACME: 980 USD) is just below"
        in finding.reasons[1].message
    )


def test_empty_group_by_and_blank_values() -> None:
    purchases = [
        tx("T1", "600", requester="", supplier="X"),
        tx("T2", "600", requester="", supplier="Y"),
    ]
    (finding,) = detect_split_purchases(purchases, threshold=1000, window_days=1, group_by=())
    assert finding.group == ()
    assert "(all purchases)" in finding.reasons[0].message
    (by_person,) = detect_split_purchases(
        purchases, threshold=1000, window_days=1, group_by=["requester"]
    )
    assert "requester (blank)" in by_person.reasons[0].message


def test_no_transactions() -> None:
    assert detect_split_purchases([], threshold=1, window_days=1) == ()


def test_explain_and_json_round_trip() -> None:
    (finding,) = detect_split_purchases(
        [tx("T1", "600"), tx("T2", "600")], threshold=1000, window_days=1
    )
    text = finding.explain()
    assert "group: requester ann, supplier ACME; 2 purchases" in text
    assert "2026-03-02 T1: 600 USD" in text
    assert from_json(to_json(finding), SplitFinding) == finding
    assert hash(finding) == hash(from_json(to_json(finding), SplitFinding))


def test_transaction_from_request() -> None:
    request = SpendRequest(
        (
            SpendLine("6100", Decimal("100.00"), "EUR", {"cost_center": "CC-2"}),
            SpendLine("6100", Decimal("50.00"), "USD", {"cost_center": "CC-1"}),
            SpendLine("6100", Decimal("5.00"), "USD"),
        ),
        DAY,
        requester="ann",
        supplier="ACME",
        category="lab",
        reference="PO-9",
    )
    made = Transaction.from_request(
        request, currency="USD", rates=[BudgetRate("EUR", "USD", Decimal("1.1"))]
    )
    assert made == Transaction(
        "PO-9",
        DAY,
        Decimal("165.00"),
        "USD",
        requester="ann",
        supplier="ACME",
        cost_center="CC-1,CC-2",
        category="lab",
    )
    assert (
        Transaction.from_request(
            SpendRequest((SpendLine("6100", Decimal("5"), "EUR"),), DAY, reference="R")
        ).currency
        == "EUR"
    )
    with pytest.raises(TypeError, match="request must be a SpendRequest"):
        Transaction.from_request("PO-9")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="reference must be a non-empty str"):
        Transaction.from_request(SpendRequest((SpendLine("6100", Decimal("5"), "EUR"),), DAY))


def test_independent_of_decimal_context() -> None:
    purchases = [tx("T1", "333.333333"), tx("T2", "333.333334"), tx("T3", "333.333333")]
    expected = detect_split_purchases(purchases, threshold=Decimal("999.999999"), window_days=1)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.traps[decimal.Inexact] = True
        assert (
            detect_split_purchases(purchases, threshold=Decimal("999.999999"), window_days=1)
            == expected
        )
    assert expected[0].total == Decimal("1000.000000")


# -- properties -----------------------------------------------------------------------------

amounts = st.decimals(min_value=1, max_value=1500, places=2, allow_nan=False, allow_infinity=False)
purchase_lists = st.lists(
    st.tuples(
        st.integers(0, 20),
        amounts,
        st.sampled_from(["ann", "bob"]),
        st.sampled_from(["ACME", "Globex"]),
        st.sampled_from(["CC-1", "CC-2"]),
    ),
    max_size=14,
).map(
    lambda rows: [
        Transaction(f"T{i:02}", after(d), a, "USD", requester=r, supplier=s, cost_center=c)
        for i, (d, a, r, s, c) in enumerate(rows)
    ]
)
group_bys = st.sampled_from(
    [
        (),
        (SplitKey.SUPPLIER,),
        (SplitKey.REQUESTER, SplitKey.SUPPLIER),
        (SplitKey.COST_CENTER, SplitKey.SUPPLIER),
    ]
)
options = st.fixed_dictionaries(
    {
        "threshold": st.decimals(
            min_value=100, max_value=3000, places=0, allow_nan=False, allow_infinity=False
        ),
        "window_days": st.integers(1, 7),
        "group_by": group_bys,
        "near_band": st.one_of(
            st.none(), st.sampled_from([Decimal(0), Decimal("0.05"), Decimal("0.2")])
        ),
        "min_count": st.integers(2, 3),
        "inclusive": st.booleans(),
    }
)


@settings(max_examples=200)
@given(purchase_lists, options, st.randoms(use_true_random=False))
def test_detection_does_not_depend_on_input_order(
    purchases: list[Transaction], kwargs: dict[str, object], rnd: object
) -> None:
    shuffled = list(purchases)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert detect_split_purchases(shuffled, **kwargs) == detect_split_purchases(purchases, **kwargs)  # type: ignore[arg-type]


def _oracle(
    purchases: list[Transaction], kwargs: dict[str, object]
) -> tuple[set[str], dict[tuple[tuple[str, str], ...], set[str]]]:
    """Brute force: the purchases in some qualifying window, and each group's near-band purchases."""
    threshold = kwargs["threshold"]
    days = kwargs["window_days"]
    inclusive = kwargs["inclusive"]
    keys = kwargs["group_by"]

    def needs(amount: Decimal) -> bool:
        return amount >= threshold if inclusive else amount > threshold  # type: ignore[operator]

    small = [t for t in purchases if not needs(t.amount)]
    groups: dict[tuple[tuple[str, str], ...], list[Transaction]] = {}
    for t in small:
        groups.setdefault(tuple((k.value, getattr(t, k.value)) for k in keys), []).append(t)  # type: ignore[attr-defined]
    in_windows: set[str] = set()
    near: dict[tuple[tuple[str, str], ...], set[str]] = {}
    for group, members in groups.items():
        for start in members:
            window = [t for t in members if 0 <= (t.date - start.date).days < days]  # type: ignore[operator]
            if len(window) >= kwargs["min_count"] and needs(
                sum((t.amount for t in window), Decimal(0))
            ):  # type: ignore[operator]
                in_windows |= {t.reference for t in window}
        band = kwargs["near_band"]
        if band is not None:
            near[group] = {t.reference for t in members if t.amount >= threshold * (1 - band)}  # type: ignore[operator]
    return in_windows, near


@settings(max_examples=200)
@given(purchase_lists, options)
def test_findings_match_a_brute_force_oracle(
    purchases: list[Transaction], kwargs: dict[str, object]
) -> None:
    found = detect_split_purchases(purchases, **kwargs)  # type: ignore[arg-type]
    in_windows, near = _oracle(purchases, kwargs)
    window_refs = {r for f in found if f.kind is SplitKind.WINDOW_TOTAL for r in f.references}
    assert window_refs == in_windows
    for finding in found:
        if finding.kind is SplitKind.WINDOW_TOTAL:
            # a finding never appears for a group whose window totals stay below the threshold
            assert finding.window_total >= kwargs["threshold"]  # type: ignore[operator]
        else:
            assert set(finding.references) <= near[finding.group]
            assert finding.count >= kwargs["min_count"]  # type: ignore[operator]
            assert not set(finding.references) & in_windows
    flagged_groups = {f.group for f in found}
    for group in flagged_groups:
        members = {
            t.reference
            for t in purchases
            if tuple((k.value, getattr(t, k.value)) for k in kwargs["group_by"]) == group
        }  # type: ignore[attr-defined]
        assert (
            members & in_windows or len(near.get(group, set()) - in_windows) >= kwargs["min_count"]
        )  # type: ignore[operator]
    # every purchase appears in at most one finding
    refs = [r for f in found for r in f.references]
    assert len(refs) == len(set(refs))


@settings(max_examples=100)
@given(purchase_lists, options)
def test_no_finding_when_every_window_stays_below(
    purchases: list[Transaction], kwargs: dict[str, object]
) -> None:
    # scale every purchase down so no window of <= 14 purchases reaches the threshold
    threshold = kwargs["threshold"]
    small = [
        Transaction(
            t.reference, t.date, Decimal(1), "USD", requester=t.requester, supplier=t.supplier
        )
        for t in purchases
    ]
    assert len(small) < threshold  # type: ignore[operator]
    assert detect_split_purchases(small, **kwargs) == ()  # type: ignore[arg-type]


def test_permutations_small_exhaustive() -> None:
    purchases = [
        tx("T1", "600"),
        tx("T2", "500", day=after(1)),
        tx("T3", "990", day=after(5)),
        tx("T4", "960", day=after(9)),
    ]
    expected = detect_split_purchases(purchases, threshold=1000, window_days=2)
    for order in itertools.permutations(purchases):
        assert detect_split_purchases(order, threshold=1000, window_days=2) == expected


# -- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        pytest.param(
            lambda: tx("T1", "0"), InvalidInputError, "amount must be > 0", id="zero amount"
        ),
        pytest.param(
            lambda: Transaction("T1", DAY, 1.5, "USD"),
            TypeError,
            "amount must be a Decimal or int",
            id="float",
        ),
        pytest.param(
            lambda: Transaction("T1", DAY, Decimal("NaN"), "USD"),
            InvalidInputError,
            "finite",
            id="NaN",
        ),
        pytest.param(
            lambda: tx("", "1"),
            InvalidInputError,
            "reference must be a non-empty str",
            id="no reference",
        ),
        pytest.param(
            lambda: Transaction(1, DAY, 1, "USD"),
            TypeError,
            "reference must be a str",
            id="reference type",
        ),
        pytest.param(
            lambda: Transaction("T", "2026-03-02", 1, "USD"),
            TypeError,
            "date must be a datetime.date",
            id="str date",
        ),
        pytest.param(
            lambda: Transaction("T", DAY, 1, "XXX"), UnknownCurrencyError, "currency", id="currency"
        ),
        pytest.param(
            lambda: Transaction("T", DAY, 1, "USD", supplier=None),
            TypeError,
            "supplier must be a str",
            id="supplier",
        ),
    ],
)
def test_invalid_transactions(build: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        build()  # type: ignore[operator]


OK = [tx("T1", "600")]


@pytest.mark.parametrize(
    ("transactions", "kwargs", "error", "match"),
    [
        pytest.param("T1", {}, TypeError, "transactions must be a sequence", id="str transactions"),
        pytest.param(5, {}, TypeError, "transactions must be a sequence", id="int transactions"),
        pytest.param(
            ["T1"], {}, TypeError, r"transactions\[0\] must be a Transaction", id="item type"
        ),
        pytest.param(
            OK,
            {"threshold": 1000.0},
            TypeError,
            "threshold must be a Decimal or int",
            id="float threshold",
        ),
        pytest.param(
            OK, {"threshold": 0}, InvalidInputError, "threshold must be > 0", id="zero threshold"
        ),
        pytest.param(
            OK,
            {"threshold": Decimal("NaN")},
            InvalidInputError,
            "threshold must be a finite",
            id="NaN threshold",
        ),
        pytest.param(
            OK, {"window_days": 0}, InvalidInputError, "window_days must be >= 1", id="window 0"
        ),
        pytest.param(
            OK, {"window_days": 1.0}, TypeError, "window_days must be an int", id="window float"
        ),
        pytest.param(
            OK, {"min_count": 1}, InvalidInputError, "min_count must be >= 2", id="min_count 1"
        ),
        pytest.param(
            OK,
            {"near_band": Decimal("1.5")},
            InvalidInputError,
            "near_band must be a fraction",
            id="near_band",
        ),
        pytest.param(
            OK, {"near_band": 0.05}, TypeError, "near_band must be a Decimal", id="near_band float"
        ),
        pytest.param(
            OK, {"inclusive": "yes"}, TypeError, "inclusive must be a bool", id="inclusive"
        ),
        pytest.param(
            OK,
            {"group_by": "supplier"},
            TypeError,
            "group_by must be a sequence",
            id="group_by str",
        ),
        pytest.param(
            OK,
            {"group_by": ["vendor"]},
            InvalidInputError,
            r"group_by\[0\] must be one of",
            id="group_by unknown",
        ),
        pytest.param(
            OK,
            {"group_by": ["supplier", "supplier"]},
            InvalidInputError,
            "fields named once",
            id="group_by twice",
        ),
        pytest.param(
            [tx("T1", "1"), tx("T1", "2")],
            {},
            InvalidInputError,
            "unique references",
            id="duplicates",
        ),
        pytest.param(
            [tx("T1", "1"), tx("T2", "2", currency="EUR")],
            {},
            CurrencyMismatchError,
            "'EUR' to match, got 'USD'",
            id="currencies",
        ),
    ],
)
def test_invalid_calls(
    transactions: object, kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    arguments = {"threshold": Decimal(1000), "window_days": 1, **kwargs}
    with pytest.raises(error, match=match):
        detect_split_purchases(transactions, **arguments)  # type: ignore[arg-type]
