"""Published worked examples for the KPIs that had only hand-worked formula rows (issue 19).

Each row takes the page's inputs, computes the KPI with `spendrules.kpis`, and
compares the result with the number the page prints. The row's id names the page
(site and title) and the comment above it gives the address. Where the page rounds
more coarsely than the KPI (shares at 4 places, half-even), the row says so and
compares within the page's rounding. Where the page prints the parts and their
total but not the ratio (public savings reports), the row checks the KPI's whole
against the page's total and the ratio against the page's own figures. No expected
value comes from the code under test.

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


# ---------------------------------------------------------------------------
# Cost avoidance share: public procurement reports that split the savings they
# report into budget-reducing ("savings", "cash-releasing") and avoided
# ("cost avoidance", "non-cash-releasing") amounts and state the total. None
# prints the share itself; each row checks the KPI's whole against the page's
# total, then the share against the page's own amounts (and, for the NAO, the
# percentage it prints).
# ---------------------------------------------------------------------------


def test_cost_avoidance_share_oklahoma_procurement_savings_report_fy2014() -> None:
    # Oklahoma Office of Management and Enterprise Services, "Procurement Savings
    # Report, Jul 1, 2013 - Jun 30, 2014", executive summary table (transcript:
    # https://fdocuments.net/document/procurement-cost-savings-report-welcome-to-
    # procurement-savings-report-.html): four rows labelled "Savings" - Central
    # Purchasing Statewide Contract Savings 19,831,382.65; Central Purchasing
    # Acquisition Team Savings 9,881,945.84; Information Services Acquisition Savings
    # 200,753.74; Savings Reported by State Agency Certified Procurement Officers
    # 4,606,201.22 - one row labelled "Information Services Statewide Contract Cost
    # Avoidance 35,146,666.28", and "TOTAL IMPACT OF STATE PROCUREMENT ...
    # 69,666,949.73". Read as the KPI with the report's own FY2014 labels: the
    # "Savings" rows are hard savings, the "Cost Avoidance" row is cost avoidance.
    savings_rows = [D("19831382.65"), D("9881945.84"), D("200753.74"), D("4606201.22")]
    avoidance = D("35146666.28")
    page_total = D("69666949.73")
    result = kpis.cost_avoidance_share(avoidance, hard_savings=sum(savings_rows), currency="USD")
    _check_provenance(result)
    assert result.name == "cost_avoidance_share"
    # The KPI's whole (hard savings + cost avoidance) is the page's total, to the cent.
    assert result.input("hard_savings + cost_avoidance") == page_total
    # The share: the page's avoidance over the page's total, at the KPI's 4 places.
    expected = (avoidance / page_total).quantize(D("0.0001"), rounding=ROUND_HALF_EVEN)
    assert result.value == expected == D("0.5045")


def test_cost_avoidance_share_uk_government_efficiency_savings_2021_22() -> None:
    # UK Cabinet Office, "Government efficiency savings 2021/22" (19 July 2023),
    # https://gov.uk/government/publications/government-efficiency-savings-2022/
    # government-efficiency-savings-202122: "£4.4 billion of audited savings (cash
    # releasing and non-cash releasing) ... £3.4 billion in audited cash-releasing
    # savings ... £1.02 billion in audited non cash-releasing savings". The technical
    # note defines the split as the KPI's: cash-releasing savings "lead to a direct
    # reduction ... in a department's budget"; non-cash-releasing ones do not, such
    # as "avoided expenditure". Amounts in £ million.
    result = kpis.cost_avoidance_share(1_020, hard_savings=3_400, currency="GBP")
    _check_provenance(result)
    # The page's total is rounded to £0.1 billion: the KPI's whole rounds to it.
    whole = result.input("hard_savings + cost_avoidance")
    assert (whole / 1_000).quantize(D("0.1"), rounding=ROUND_HALF_EVEN) == D("4.4")
    # The share lies between the page's avoidance over the largest and over the
    # smallest total that rounds to £4.4 billion.
    assert D(1_020) / D(4_450) <= result.value <= D(1_020) / D(4_350)


def test_cost_avoidance_share_nao_crown_commercial_service_2016() -> None:
    # National Audit Office, "Crown Commercial Service" (HC 2016-17), paragraph 2.4
    # (https://ppponline.affinitext.com/public/book?id=5737&toc_id=859977): of the
    # savings CCS reported, "£311 million (60%)" came from its frameworks (lower
    # prices), "£114 million (22%)" from departments buying less, and "£92 million
    # (18%) from helping departments to negotiate with suppliers", for example
    # "reducing the suppliers' demands". Read as the KPI: resisting a supplier's
    # demand avoids a cost that was never in the budget (cost avoidance); lower prices
    # and lower volumes reduce spend (hard savings). Amounts in £ million.
    result = kpis.cost_avoidance_share(92, hard_savings=311 + 114, currency="GBP")
    _check_provenance(result)
    # The page prints whole percents of the three parts' total.
    assert (result.value * 100).quantize(D(1), rounding=ROUND_HALF_EVEN) == 18
    whole = result.input("hard_savings + cost_avoidance")
    hard_share = (whole - result.input("cost_avoidance")) / whole
    assert (hard_share * 100).quantize(D(1), rounding=ROUND_HALF_EVEN) == 60 + 22


# ---------------------------------------------------------------------------
# Split-purchase leads per 1,000 orders: inspectors general's reviews of purchase
# card transactions that state how many transactions were screened and how many
# were split purchases (per 1,000 = percent x 10).
# ---------------------------------------------------------------------------


def test_split_purchase_leads_va_oig_new_jersey_review() -> None:
    # VA Office of Inspector General, "Review of Potential Inappropriate Split
    # Purchasing at VA New Jersey Health Care System", report 11-00826-261,
    # http://www.va.gov/oig/publications/report-summary.asp?id=3736: "We determined
    # VANJHCS employees made inappropriate split purchases in 64 of the 76 purchase
    # card transactions (84 percent) reviewed". Read as the KPI: 76 transactions
    # screened, 64 split-purchase findings. (The findings are confirmed splits in the
    # OIG's review sample, not a first screen's leads: the ratio is the same.)
    result = kpis.split_purchase_leads(64, orders=76)
    _check_provenance(result)
    assert result.name == "split_purchase_leads"
    # Per 1,000 = percent x 10; the page prints whole percent.
    assert (result.value / 10).quantize(D(1), rounding=ROUND_HALF_EVEN) == 84


def test_split_purchase_leads_usda_oig_purchase_card_sample() -> None:
    # USDA Office of Inspector General, audit 50024-0001-22 (the Council of the
    # Inspectors General's purchase card initiative), https://vdocuments.net/united-
    # states-department-of-agriculture-split-transactions-etc-from-the-universe.html:
    # of the transactions sampled, "8 of the 100 included potential split purchases".
    # Potential split purchases are the KPI's leads; 100 transactions screened.
    result = kpis.split_purchase_leads(8, orders=100)
    _check_provenance(result)
    # "8 of the 100" is 80 per 1,000.
    assert result.value == D(8) * 1_000 / D(100)


# ---------------------------------------------------------------------------
# Blocked request share: a state comptroller's pre-audit of agency contracts,
# which confirms funding is available before a contract may go ahead.
# ---------------------------------------------------------------------------


def test_blocked_request_share_new_york_comptroller_contract_actions() -> None:
    # Office of the New York State Comptroller, "DiNapoli Announces State Contract and
    # Payment Actions for September 2015", https://www.osc.ny.gov/press/releases/2015/
    # 10/dinapoli-announces-state-contract-and-payment-actions-september-2015: "his
    # office approved 2,277 contracts valued at $3.7 billion ... also rejected 149
    # contracts and related transactions valued at $415 million". The Comptroller's
    # contract review "confirms funding availability so that agencies do not
    # overspend" (https://www.osc.ny.gov/state-agencies/contracts/oversight). Read as
    # the KPI: the requests checked are those approved plus those rejected; the
    # rejected ones were held by the check (for funding or other reasons).
    approved, rejected = 2_277, 149
    result = kpis.blocked_request_share(rejected, requests=approved + rejected)
    _check_provenance(result)
    assert result.value == (D(rejected) / D(approved + rejected)).quantize(
        D("0.0001"), rounding=ROUND_HALF_EVEN
    )
    assert result.value == D("0.0614")
