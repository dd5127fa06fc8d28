"""Published worked examples for the KPIs that had only hand-worked formula rows (issue 19).

Each row takes the page's inputs, computes the KPI with `spendrules.kpis`, and
compares the result with the number the page prints. The row's id names the page
(site and title) and the comment above it gives the address. Where the page rounds
more coarsely than the KPI (shares at 4 places, half-even), the row says so and
compares within the page's rounding. No expected value comes from the code under
test.

Pages use synonyms for some ratios; a row uses one only where the page divides the
same part by the same whole as the KPI, and says how it reads the page.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_EVEN, Decimal

import pytest

from spendrules import kpis
from spendrules.kpis import Kpi

D = Decimal


def _check_provenance(result: Kpi) -> None:
    """The row exercised the KPI it names, with its stable rule id and reason code."""
    assert result.rule == f"kpis.{result.name}@1"
    assert result.reasons[0].code == f"KPI.{result.name.upper()}"
    assert result.source
    assert result.formula


# ---------------------------------------------------------------------------
# The page prints the exact result (every ratio below is exact at the KPI's
# 4 places, so the comparison is equality).
# ---------------------------------------------------------------------------

PUBLISHED_EXACT: list[object] = [
    pytest.param(
        # https://kebs.ai/psapedia/what-is-discount-capture-rate/ - "Discount Capture
        # Rate (DCR) = (Discounts Taken / Discounts Available) x 100. Example: ... $5,000
        # in available discounts and managed to capture $4,500 of them: DCR = 90%".
        # Values, as the KPI (its numerator and denominator are amounts).
        lambda: kpis.discount_capture_rate(4_500, discounts_offered=5_000, currency="USD"),
        "discount_capture_rate",
        D("0.90"),
        id="published: kebs.ai PSApedia 'What Is Discount Capture Rate (DCR)?':"
        " 4,500 / 5,000 = 90 %",
    ),
    pytest.param(
        # https://proofofreview.ai/record/good-model-and-rubber-stamp-same-override-rate
        # - "The credit AI flagged 4,200 loan applications; underwriters upheld 4,074
        # of them. That's a 3% override rate." Read as the KPI: 4,200 decisions made by
        # the automated check, 4,200 - 4,074 = 126 of them overridden by a person;
        # override rate = overridden / checked.
        lambda: kpis.overridden_request_share(4_200 - 4_074, requests=4_200),
        "overridden_request_share",
        D("0.03"),
        id="published: proofofreview.ai 'A Good Model and a Rubber-Stamp Produce the Same"
        " Override Rate': 4,200 flagged, 4,074 upheld = 3 % override rate",
    ),
    pytest.param(
        # https://costcalculator.calculator.city/denial-rate-calculation - "Applicant
        # Denial Rate ... Denial Rate = (Total Applications Denied / Total Applications
        # Received) * 100 ... received 1000 applications in a month, and 150 of those
        # applications were denied ... = 15%". The same ratio as the KPI (requests a
        # check turned down / requests it checked) under the name "denial rate"; the
        # page is a generic calculator, not a procurement source.
        lambda: kpis.blocked_request_share(150, requests=1_000),
        "blocked_request_share",
        D("0.15"),
        id="published: costcalculator.calculator.city 'Applicant Denial Rate Calculator':"
        " 150 of 1,000 applications denied = 15 %",
    ),
]


@pytest.mark.parametrize(("call", "name", "page_value"), PUBLISHED_EXACT)
def test_published_examples_exact(call: Callable[[], Kpi], name: str, page_value: Decimal) -> None:
    result = call()
    assert result.name == name
    assert result.value == page_value
    _check_provenance(result)


# ---------------------------------------------------------------------------
# Reserve coverage: an SEC filing that states the reserve, the E&O value, the
# uncovered amount and the uncovered share.
# ---------------------------------------------------------------------------


def test_reserve_coverage_sec_filing_slow_moving_inventory() -> None:
    # https://www.sec.gov/Archives/edgar/data/1378718/000110465912036519/R14.htm -
    # "Note 9. Excess and Obsolescence Reserve Policy" (10-Q, quarter to March 31,
    # 2012; amounts in thousands): slow-moving inventory (no sales in the prior 12
    # months, the filer's first E&O category) "was approximately $107,222, of which
    # $91,620 was recorded in the excess and obsolescence reserve, with the remaining
    # $15,602 or 14.6%, left unreserved".
    result = kpis.reserve_coverage(91_620, excess_obsolete_value=107_222, currency="USD")
    _check_provenance(result)
    assert result.name == "reserve_coverage"
    # The uncovered amount is exact on the page.
    assert result.figure("uncovered") == D("15602")
    # The page's 14.6 % is the uncovered share at one decimal of a percent: the
    # uncovered amount over the E&O value, rounded to the page's 0.001.
    uncovered_share = result.figure("uncovered") / result.input("excess_obsolete_value")
    assert uncovered_share.quantize(D("0.001"), rounding=ROUND_HALF_EVEN) == D("0.146")
    # The coverage is its complement. Both numbers are rounded (the page to 0.001,
    # the KPI to 0.0001), so they agree within half of each last place.
    assert abs((1 - result.value) - D("0.146")) <= D("0.0005") + D("0.00005")


def test_reserve_coverage_uncovered_is_the_expected_recovery() -> None:
    # http://accounting-financial-tax.com/2009/03/expense-recognition-for-obsolete-inventory/
    # - "Expense Recognition for Obsolete Inventory": "$100,000 of laptop computer
    # hard drives that it cannot sell ... a sale price of $20,000. Accordingly, the
    # ... controller recognizes a reserve of $80,000". The page states the reserve
    # and the recovery, not the coverage ratio, so only the uncovered amount (the
    # E&O value the reserve leaves on the books) is compared with the page.
    result = kpis.reserve_coverage(80_000, excess_obsolete_value=100_000, currency="USD")
    _check_provenance(result)
    assert result.figure("uncovered") == D("20000")


# ---------------------------------------------------------------------------
# Preferred supplier share: a UK parliamentary committee report that states the
# whole, the part outside the preferred route and the share through it.
# ---------------------------------------------------------------------------


def test_preferred_supplier_share_nhs_supply_chain_market_share() -> None:
    # https://committees.parliament.uk/committee/127/public-accounts-committee/news/200612/
    # - Public Accounts Committee, "NHS missing out on tens of millions in procurement
    # savings, PAC report warns" (27 March 2024): "Of the £7.9billion spent by NHS
    # trusts on medical equipment and consumables, £3.4billion is outside of NHS
    # Supply Chain. This means that it is only achieving around 57% of market share".
    # The report's summary, https://publications.parliament.uk/pa/cm5804/cmselect/
    # cmpubacc/453/summary.html ("NHS Supply Chain and efficiencies in procurement"),
    # gives the part: "only £4.5 billion is spent through NHS Supply Chain".
    # Read as the KPI: NHS Supply Chain is the trusts' preferred (purpose-built)
    # procurement route, so its market share is the spend placed with the preferred
    # supplier over the whole spend of the category. Amounts in £ billion.
    total = D("7.9")
    outside = D("3.4")
    through = D("4.5")
    # The two pages agree with each other: part = whole − spend outside the route.
    assert total - outside == through
    result = kpis.preferred_supplier_share(through, total_spend=total, currency="GBP")
    _check_provenance(result)
    assert result.name == "preferred_supplier_share"
    assert result.input("preferred_spend") == through
    # "around 57%" is whole percent: the KPI's share (4 places) rounds to it, and lies
    # within half a point of it.
    assert result.value.quantize(D("0.01"), rounding=ROUND_HALF_EVEN) == D("0.57")
    assert abs(result.value - D("0.57")) <= D("0.005")
