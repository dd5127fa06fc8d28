"""The scorecard (spendrules.scorecard): KPIs against the agreed targets, one offline HTML page.

Expected numbers come from the bundled sample files read here with the standard
``csv``/``json`` modules and passed to the scalar KPI functions (the scalar rule),
and from hand computation for the working-capital days and the savings bridge.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import tomllib
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules import kpis, policy, scorecard
from spendrules.cli import main
from spendrules.errors import InvalidInputError, MissingExtraError
from spendrules.scorecard import (
    BalanceRow,
    BudgetRow,
    InvoiceRow,
    SavingsRow,
    StockRow,
    build_scorecard,
    render_html,
    sample_rows,
)

YEAR = (date(2027, 1, 1), date(2027, 12, 31))
CHART_SECTIONS = ("savings-bridge", "stock", "budget-burn", "working-capital", "discount-capture")
DATA = {
    "invoices": InvoiceRow,
    "savings": SavingsRow,
    "stock": StockRow,
    "budget": BudgetRow,
    "balances": BalanceRow,
}


def _sample_file(name: str) -> str:
    return resources.files("spendrules").joinpath("data", name).read_text(encoding="utf-8")


def _csv(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_sample_file(name).splitlines()))


def _agreed() -> policy.AgreedPolicy:
    return policy.loads(scorecard.sample_policy_text())


@pytest.fixture(scope="module")
def card() -> scorecard.Scorecard:
    return build_scorecard(
        policy=_agreed(), period=YEAR, **{name: sample_rows(kind) for name, kind in DATA.items()}
    )


@pytest.fixture(scope="module")
def page(card: scorecard.Scorecard) -> str:
    return render_html(card)


class _Page(HTMLParser):
    """Collects the KPI table rows, the sections and the SVG elements of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[dict[str, str | None]]] = {}
        self.row: str | None = None
        self.section: str | None = None
        self.svg: dict[str, int] = {}
        self.shapes: dict[str, int] = {}
        self.texts: dict[str, str] = {}
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "section":
            self.section = found["id"]
            self.texts[self.section or ""] = ""
        elif tag == "tr" and "data-kpi" in found:
            self.row = found["data-kpi"]
            self.rows[self.row or ""] = []
        elif tag == "td" and self.row is not None:
            self.rows[self.row].append(found)
        elif tag == "svg" and self.section is not None:
            self.svg[self.section] = self.svg.get(self.section, 0) + 1
        elif tag in ("path", "rect", "use") and self.section is not None:
            self.shapes[self.section] = self.shapes.get(self.section, 0) + 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self.row = None
        elif tag == "section":
            self.section = None

    def handle_data(self, data: str) -> None:
        if self.section is not None:
            self.texts[self.section] += data


def _parse(text: str) -> _Page:
    parser = _Page()
    parser.feed(text)
    parser.close()
    return parser


# --- the report on the bundled sample data ---------------------------------------


def test_every_chart_is_present_and_not_empty(page: str) -> None:
    parsed = _parse(page)
    for section in CHART_SECTIONS:
        assert parsed.svg.get(section) == 1, section
        assert parsed.shapes.get(section, 0) >= 10, section
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.DOTALL)
    assert len(svgs) == len(CHART_SECTIONS)
    for svg in svgs:  # each SVG is well-formed XML with drawn shapes
        root = ET.fromstring(svg)  # noqa: S314 - the page this test just rendered
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > 5


def test_ids_are_unique_across_the_page(page: str) -> None:
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_the_page_fetches_nothing_from_the_network(page: str) -> None:
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", page, re.IGNORECASE)
    assert "@import" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"""url\(\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    # The only http(s) texts are SVG namespace names, which are never fetched.
    namespaces = re.findall(r'xmlns(?::\w+)?="(https?://[^"]+)"', page)
    assert len(re.findall(r"https?://", page)) == len(namespaces)
    assert set(namespaces) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}


def test_the_page_is_well_formed(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    opened = re.findall(r"<(section|table|figure|svg|ul)\b", page)
    closed = re.findall(r"</(section|table|figure|svg|ul)>", page)
    assert sorted(opened) == sorted(closed)
    _parse(page)


def test_the_same_scorecard_renders_the_same_page(card: scorecard.Scorecard, page: str) -> None:
    assert render_html(card) == page


def _policy_targets() -> dict[str, Decimal]:
    data = tomllib.loads(scorecard.sample_policy_text(), parse_float=Decimal)
    return {name: Decimal(str(entry["target"])) for name, entry in data["kpis"].items()}


#: The result name of each KPI the sample policy names differently (see DEFAULT_TARGET_NAMES).
_POLICY_NAME = {
    "dpo": "days_payable_outstanding",
    "spend_under_management": "on_contract_spend",
    "ccc": "cash_conversion_cycle",
}


def test_the_table_has_each_kpi_with_its_target(card: scorecard.Scorecard, page: str) -> None:
    rows = _parse(page).rows
    targets = _policy_targets()
    assert list(rows) == [kpi.name for kpi in card.kpis]
    with_target = 0
    for name, cells in rows.items():
        value_cell, target_cell = cells[1], cells[2]
        kpi = card.kpi(name)
        assert value_cell["data-value"] == str(kpi.value)
        expected = targets.get(_POLICY_NAME.get(name, name))
        if expected is None:
            assert "data-target" not in target_cell
        else:
            with_target += 1
            assert Decimal(target_cell["data-target"] or "") == expected
            assert kpi.target == expected
    # every sample target but hard_savings (no KPI computes it) is in the table
    assert with_target == len(targets) - 1


def _sum(rows: list[dict[str, str]], field: str, keep: Any = None) -> Decimal:
    return sum((Decimal(row[field]) for row in rows if keep is None or keep(row)), Decimal(0))


def test_invoice_kpis_equal_the_scalar_rule(card: scorecard.Scorecard) -> None:
    rows = [row for row in _csv("scorecard_invoices.csv") if row["invoice_date"] >= "2027-01-01"]
    total = _sum(rows, "amount")
    paid = [row for row in rows if row["paid_date"]]
    expected = {
        "discount_capture_rate": kpis.discount_capture_rate(
            _sum(rows, "discount_taken"),
            discounts_offered=_sum(rows, "discount_offered"),
            currency="EUR",
        ),
        "on_time_payment_rate": kpis.on_time_payment_rate(
            sum(1 for row in paid if row["paid_date"] <= row["due_date"]), paid=len(paid)
        ),
        "late_payment_interest": kpis.late_payment_interest_paid(
            [Decimal(row["late_interest"]) for row in rows], currency="EUR"
        ),
        "po_compliance": kpis.po_compliance(
            sum(1 for row in rows if row["with_po"] == "true"), invoices=len(rows)
        ),
        "spend_under_management": kpis.spend_under_management(
            _sum(rows, "amount", lambda row: row["on_contract"] == "true"), total_spend=total
        ),
        "maverick_spend_share": kpis.maverick_spend_share(
            _sum(rows, "amount", lambda row: row["on_contract"] == "false"), total_spend=total
        ),
        "preferred_supplier_share": kpis.preferred_supplier_share(
            _sum(rows, "amount", lambda row: row["preferred"] == "true"), total_spend=total
        ),
    }
    for name, kpi in expected.items():
        assert card.kpi(name).value == kpi.value, name
    shares = card.kpi("spend_under_management").value + card.kpi("maverick_spend_share").value
    assert shares == 1


def test_savings_bridge_and_kpis_by_hand(card: scorecard.Scorecard) -> None:
    # 2027 events: hard 400k/600k/300k negotiated, 340k/600k/210k realised;
    # avoidance 250k + 150k; increases 120k + 80k. The 2026 event is left out.
    bridge = card.bridge
    assert bridge is not None
    assert bridge.procurement == Decimal("1700000.00")
    assert [step.amount for step in bridge.steps] == [
        Decimal("400000.00"),
        Decimal("150000.00"),
        Decimal("200000.00"),
    ]
    assert bridge.finance == Decimal("950000.00")
    assert card.kpi("net_savings").value == Decimal("950000.00")
    assert card.kpi("savings_realisation").value == Decimal("0.8846")  # 1.15M / 1.3M
    assert card.kpi("cost_avoidance_share").value == Decimal("0.2353")  # 0.4M / 1.7M
    invoices = [
        row for row in _csv("scorecard_invoices.csv") if row["invoice_date"] >= "2027-01-01"
    ]
    expected = kpis.savings_rate(950000, addressable_spend=_sum(invoices, "amount"))
    assert card.kpi("savings_rate").value == expected.value


def test_working_capital_days_by_hand(card: scorecard.Scorecard) -> None:
    # Year-end balances over 2027 flows (cost of sales 8.6M, revenue 11.4M), 365 days.
    assert card.kpi("dpo").value == Decimal("53.05")  # 1.25M / 8.6M x 365
    assert card.kpi("dio").value == Decimal("55.17")  # 1.3M / 8.6M x 365
    assert card.kpi("dso").value == Decimal("41.62")  # 1.3M / 11.4M x 365
    assert card.kpi("ccc").value == Decimal("43.74")  # 55.17 + 41.62 - 53.05
    assert card.kpi("dpo").on_target is False  # target 55 (days_payable_outstanding)
    half = build_scorecard(  # Q1 and Q2 only in a year: their 181 days, not 365
        policy=_agreed(), period=YEAR, balances=sample_rows(BalanceRow)[:2]
    )
    assert half.kpi("dpo").value == Decimal("48.56")  # 1.1M / 4.1M x 181
    first = card.working_capital[0]  # Q1: 1M / 2M x 90, 1.5M / 2M x 90, 1.2M / 2.7M x 90
    assert (first.dpo, first.dio, first.dso) == (
        Decimal("45.00"),
        Decimal("67.50"),
        Decimal("40.00"),
    )
    for point in card.working_capital:
        assert point.ccc == point.dio + point.dso - point.dpo


def test_stock_and_budget_kpis_equal_the_scalar_rule(card: scorecard.Scorecard) -> None:
    stock = _csv("scorecard_stock.csv")
    buckets = ("committed", "obsolete", "safety", "cycle", "excess")
    value = sum((_sum(stock, bucket) for bucket in buckets), Decimal(0))
    excess, obsolete = _sum(stock, "excess"), _sum(stock, "obsolete")
    assert (
        card.kpi("excess_obsolete_share").value
        == kpis.excess_obsolete_share(excess, obsolete_value=obsolete, stock_value=value).value
    )
    assert (
        card.kpi("carrying_cost").value
        == kpis.carrying_cost(value, carrying_rate=Decimal("0.25"), currency="EUR").value
    )
    assert (
        card.kpi("reserve_coverage").value
        == kpis.reserve_coverage(
            _sum(stock, "reserve"), excess_obsolete_value=excess + obsolete
        ).value
    )
    assert (
        sum((getattr(item, bucket) for item in card.stock for bucket in buckets), Decimal(0))
        == value
    )
    budget = _csv("scorecard_budget.csv")
    requests = sum(int(row["requests"]) for row in budget)
    assert (
        card.kpi("budget_utilisation").value
        == kpis.budget_utilisation(_sum(budget, "actual"), budget=_sum(budget, "phased")).value
    )
    assert (
        card.kpi("forecast_variance").value
        == kpis.forecast_variance(_sum(budget, "actual"), forecast=_sum(budget, "forecast")).value
    )
    assert (
        card.kpi("blocked_request_share").value
        == kpis.blocked_request_share(
            sum(int(row["blocked"]) for row in budget), requests=requests
        ).value
    )
    assert (
        card.kpi("overridden_request_share").value
        == kpis.overridden_request_share(
            sum(int(row["overridden"]) for row in budget), requests=requests
        ).value
    )
    assert len(card.budget) == 12


def test_reasons_summarise_and_say_what_was_left_out(card: scorecard.Scorecard) -> None:
    codes = [reason.code for reason in card.reasons]
    assert codes[0] == "SCORECARD.SUMMARY"
    met = sum(1 for kpi in card.kpis if kpi.on_target)
    missed = sum(1 for kpi in card.kpis if kpi.on_target is False)
    assert card.reasons[0].fact("met") == str(met)
    assert card.reasons[0].fact("missed") == str(missed)
    assert codes.count("SCORECARD.ROWS_OUTSIDE_PERIOD") == 2  # one invoice, one savings event
    unused = [r for r in card.reasons if r.code == "SCORECARD.TARGET_UNUSED"]
    assert [r.fact("name") for r in unused] == ["hard_savings"]
    assert "24 KPIs" in card.explain()
    assert "dpo: 53.05 (target 55) missed" in card.explain()
    with pytest.raises(KeyError):
        card.kpi("nothing")


def test_the_example_policy_targets_are_found_by_their_other_names() -> None:
    card = build_scorecard(
        policy=policy.loads(policy.example_text()),
        period=kpis.KpiPeriod.between(*YEAR),
        invoices=sample_rows(InvoiceRow),
        balances=sample_rows(BalanceRow),
    )
    assert card.kpi("dpo").target == 55
    assert card.kpi("spend_under_management").target == Decimal("0.85")
    assert card.kpi("dio").target is None


# --- absent data, absent matplotlib ------------------------------------------------


def test_absent_data_is_said_not_drawn() -> None:
    card = build_scorecard(policy=_agreed(), period=YEAR, balances=sample_rows(BalanceRow))
    missing = [r.fact("data") for r in card.reasons if r.code == "SCORECARD.DATA_MISSING"]
    assert missing == ["invoices", "savings events", "stock", "budget"]
    # a target whose data is absent is not "unused": only hard_savings names no KPI
    unused = [r.fact("name") for r in card.reasons if r.code == "SCORECARD.TARGET_UNUSED"]
    assert unused == ["hard_savings"]
    assert "3 have none" in card.reasons[0].message and "1 misses it" in card.reasons[0].message
    page = render_html(card)
    parsed = _parse(page)
    assert set(parsed.svg) == {"working-capital"}
    for section in ("savings-bridge", "stock", "budget-burn", "discount-capture"):
        assert "for the period: the chart is not drawn" in parsed.texts[section]
    assert card.bridge is None and card.stock == () and card.discounts == ()


def test_rows_all_outside_the_period_leave_the_data_out() -> None:
    card = build_scorecard(
        policy=_agreed(),
        period=(date(2030, 1, 1), date(2030, 3, 31)),
        **{name: sample_rows(kind) for name, kind in DATA.items()},
    )
    missing = [r.fact("data") for r in card.reasons if r.code == "SCORECARD.DATA_MISSING"]
    assert missing == ["invoices", "savings events", "budget", "balances"]  # stock is a snapshot
    assert {kpi.name for kpi in card.kpis} == {
        "excess_obsolete_share",
        "carrying_cost",
        "reserve_coverage",
    }


def test_zero_denominators_leave_their_kpis_out() -> None:
    invoice = InvoiceRow(
        reference="I",
        supplier="S",
        invoice_date=date(2027, 2, 1),
        due_date=date(2027, 3, 1),
        paid_date=None,
        amount=Decimal(0),
        currency="EUR",
        with_po=True,
        on_contract=True,
        preferred=False,
    )
    saving = SavingsRow(
        reference="S",
        category="c",
        kind="increase",
        date=date(2027, 2, 1),
        currency="EUR",
        negotiated=Decimal(0),
        realised=Decimal(5),
    )
    item = StockRow(
        sku="X",
        category="c",
        currency="EUR",
        committed=Decimal(0),
        obsolete=Decimal(0),
        safety=Decimal(0),
        cycle=Decimal(0),
        excess=Decimal(0),
    )
    month = BudgetRow(start=date(2027, 1, 1), currency="EUR", phased=Decimal(0), actual=Decimal(0))
    no_inventory = policy.loads(
        scorecard.sample_policy_text().replace("carrying_rate = 0.25\n", "")
    )
    card = build_scorecard(
        policy=no_inventory,
        period=YEAR,
        invoices=[invoice],
        savings=[saving],
        stock=[item],
        budget=[month],
        addressable_spend=1000,
    )
    assert [kpi.name for kpi in card.kpis] == [
        "late_payment_interest",
        "po_compliance",
        "net_savings",
        "savings_rate",
    ]
    assert card.kpi("savings_rate").value == Decimal("-0.005")
    assert card.discounts == (scorecard.DiscountMonth(month=date(2027, 2, 1), offered=0, taken=0),)


def test_without_charts_the_table_still_renders(card: scorecard.Scorecard) -> None:
    page = render_html(card, charts=False)
    assert "<svg" not in page
    parsed = _parse(page)
    assert list(parsed.rows) == [kpi.name for kpi in card.kpis]
    for section in CHART_SECTIONS:
        assert "spendrules[charts]" in parsed.texts[section]


def _hide_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.delitem(sys.modules, "spendrules._scorecard.charts", raising=False)


def test_without_matplotlib_charts_raise_missing_extra(
    card: scorecard.Scorecard, monkeypatch: pytest.MonkeyPatch
) -> None:
    _hide_matplotlib(monkeypatch)
    with pytest.raises(MissingExtraError, match=r"spendrules\[charts\]"):
        render_html(card)
    assert "<table" in render_html(card, charts=False)


def test_an_empty_scorecard_says_so() -> None:
    card = build_scorecard(policy=_agreed(), period=YEAR)
    assert card.kpis == ()
    assert "no KPI is computed" in render_html(card, charts=False)
    assert card.reasons[0].severity.value == "info"


# --- inputs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        pytest.param({"policy": "x"}, TypeError, "AgreedPolicy", id="policy"),
        pytest.param({"period": 365}, TypeError, "KpiPeriod", id="period-type"),
        pytest.param(
            {"period": kpis.KpiPeriod(days=365)}, InvalidInputError, "start and end", id="no-dates"
        ),
        pytest.param(
            {"period": (date(2027, 2, 1), date(2027, 1, 1))}, InvalidInputError, "end", id="order"
        ),
        pytest.param({"invoices": "rows"}, TypeError, "sequence of InvoiceRow", id="str-rows"),
        pytest.param({"stock": [1]}, TypeError, r"stock\[0\] must be a StockRow", id="row-type"),
        pytest.param(
            {
                "budget": [
                    BudgetRow(
                        start=date(2027, 1, 1), currency="USD", phased=Decimal(1), actual=Decimal(1)
                    )
                ]
            },
            InvalidInputError,
            r"budget\[0\].currency",
            id="currency",
        ),
    ],
)
def test_bad_arguments(kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
    arguments: dict[str, Any] = {"policy": _agreed(), "period": YEAR, **kwargs}
    with pytest.raises(error, match=match):
        build_scorecard(**arguments)


def test_render_refuses_what_is_not_a_scorecard() -> None:
    with pytest.raises(TypeError, match="Scorecard"):
        render_html("card")  # type: ignore[arg-type]


# --- properties --------------------------------------------------------------------

_money = st.decimals(min_value=0, max_value=10**7, places=2)


@st.composite
def _events(draw: st.DrawFn) -> SavingsRow:
    kind = draw(st.sampled_from(["hard", "avoidance", "increase"]))
    return SavingsRow(
        reference="S",
        category="c",
        kind=kind,
        date=date(2027, 6, 1),
        currency="EUR",
        negotiated=Decimal(0) if kind == "increase" else draw(_money),
        realised=draw(_money),
    )


@settings(max_examples=40)
@given(st.lists(_events(), min_size=1, max_size=6))
def test_the_bridge_reconciles_procurement_to_finance(events: list[SavingsRow]) -> None:
    bridge = build_scorecard(policy=_agreed(), period=YEAR, savings=events).bridge
    assert bridge is not None
    assert bridge.procurement - sum(step.amount for step in bridge.steps) == bridge.finance
    hard = [event for event in events if event.kind == "hard"]
    increases = [event.realised for event in events if event.kind == "increase"]
    assert bridge.finance == sum(e.realised for e in hard) - sum(increases)


# --- the command line ------------------------------------------------------------

POLICY_FILE = str(resources.files("spendrules").joinpath("data", "scorecard_policy.toml"))


def test_cli_writes_the_report_from_the_sample_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["scorecard", "--policy", POLICY_FILE, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert f"Scorecard written to {out}" in captured.out
    assert "bundled sample data" in captured.err
    text = out.read_text(encoding="utf-8")
    assert text.count("<svg") == len(CHART_SECTIONS)


def test_cli_reads_the_data_files_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "balances.csv"
    data.write_text(_sample_file("scorecard_balances.csv"), encoding="utf-8")
    out = tmp_path / "report.html"
    status = main(
        [
            "scorecard",
            "--policy",
            POLICY_FILE,
            "--period",
            "2027-01-01",
            "2027-06-30",
            "--balances",
            str(data),
            "--out",
            str(out),
            "--no-charts",
            "--json",
        ]
    )
    assert status == 0
    result = json.loads(capsys.readouterr().out)
    names = [kpi["name"] for kpi in result["kpis"]]
    assert names == ["dpo", "dio", "dso", "ccc", "payables_turnover", "inventory_turnover"]
    # Half year: June 30 payables 1.1M over cost of sales 4.1M, 181 days.
    assert result["kpis"][0]["value"] == "48.56"
    assert "<svg" not in out.read_text(encoding="utf-8")


def test_cli_without_matplotlib_writes_the_table_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _hide_matplotlib(monkeypatch)
    out = tmp_path / "report.html"
    assert main(["scorecard", "--policy", POLICY_FILE, "--out", str(out)]) == 0
    assert 'pip install "spendrules[charts]"' in capsys.readouterr().err
    assert "<svg" not in out.read_text(encoding="utf-8")


def test_cli_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    undated = tmp_path / "policy.toml"
    undated.write_text(
        scorecard.sample_policy_text().replace("effective_to = 2027-12-31\n", ""), encoding="utf-8"
    )
    out = str(tmp_path / "r.html")
    assert main(["scorecard", "--policy", str(undated), "--out", out]) == 2
    assert "--period must be given" in capsys.readouterr().err
    assert (
        main(["scorecard", "--policy", POLICY_FILE, "--stock", "/nonexistent.csv", "--out", out])
        == 2
    )


def test_demo_ends_with_the_scorecard_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--out-dir", str(tmp_path / "demo")]) == 0
    lines = capsys.readouterr().out.rstrip().splitlines()
    path = tmp_path / "demo" / "scorecard.html"
    assert lines[-1] == f"Scorecard written to {path}"
    assert lines[-3] == "== Scorecard =="
    assert path.read_text(encoding="utf-8").count("<svg") == len(CHART_SECTIONS)


def test_demo_without_matplotlib_still_writes_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from spendrules.cli import _scorecard as _cli_scorecard

    _hide_matplotlib(monkeypatch)
    monkeypatch.setattr(_cli_scorecard.tempfile, "tempdir", str(tmp_path))
    text = _cli_scorecard.demo_report()
    path = tmp_path / "spendrules-demo" / "scorecard.html"
    assert text.splitlines()[-2] == f"Note: {_cli_scorecard.CHARTS_HINT}"
    assert text.splitlines()[-1] == f"Scorecard written to {path}"
    assert "<table" in path.read_text(encoding="utf-8")
