"""Milestone payments (issue 17, item 1): installments that count from their own event.

Expected values are built from the model and from calendar arithmetic done by
hand (an event date plus the days the terms state), never from the code's output.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs
import pandas as pd
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract_payment_terms import plain_rules
from contract_terms_milestones import cash_roundings, milestone_kwargs, milestone_terms
from spendrules import frames
from spendrules._terms.milestones import EVENTS, check_event, check_events, event_text
from spendrules.errors import AmbiguousTermsError, InvalidInputError, ParseError
from spendrules.payment_terms import (
    Advance,
    Basis,
    DiscountTier,
    EomDating,
    FixedDiscount,
    Installment,
    NetDays,
    PaymentTerms,
    Percent,
    RelativeDelta,
    Remainder,
    format_terms,
    parse_terms,
    schedule,
)

D = Decimal
ISSUE = "issue 17 item 1"


def item(
    due: Any, percent: int | None = None, event: str | None = None, *tiers: Any
) -> Installment:
    share = Remainder() if percent is None else Percent(D(percent))
    return Installment(due, tuple(tiers), share, event=event)


# --------------------------------------------------------------------------- reading and writing

READINGS = [
    pytest.param(
        "50 % on order, 50 % on delivery",
        PaymentTerms((item(NetDays(0), 50, "order"), item(NetDays(0), 50, "delivery"))),
        id=f"50/50 order and delivery ({ISSUE})",
    ),
    pytest.param(
        "30 % advance, 60 % on delivery, 10 % 30 days after acceptance",
        PaymentTerms(
            (
                item(Advance(), 30),
                item(NetDays(0), 60, "delivery"),
                item(NetDays(30), 10, "acceptance"),
            )
        ),
        id=f"advance, delivery, acceptance ({ISSUE})",
    ),
    pytest.param(
        "net 30 ROG",
        PaymentTerms((item(NetDays(30), None, "goods_receipt"),)),
        id="net 30 ROG (X12 ITD02 basis 15 receipt of goods)",
    ),
    pytest.param(
        "2/10 net 30 ROG",
        PaymentTerms(
            (item(NetDays(30), None, "goods_receipt", DiscountTier(D("0.02"), NetDays(10))),)
        ),
        id="2/10 net 30 ROG: the discount counts from receipt too",
    ),
    pytest.param(
        "Net 30 days after receipt of goods",
        PaymentTerms((item(NetDays(30), None, "goods_receipt"),)),
        id="after receipt of goods (frappe/erpnext#38251)",
    ),
    pytest.param(
        "due on receipt of goods",
        PaymentTerms((item(NetDays(0), None, "goods_receipt"),)),
        id="due on receipt of goods",
    ),
    pytest.param(
        "upon receipt of goods",
        PaymentTerms((item(NetDays(0), None, "goods_receipt"),)),
        id="upon receipt of goods",
    ),
    pytest.param(
        "40% on shipping, balance 30 days after delivery",
        PaymentTerms((item(NetDays(0), 40, "shipment"), item(NetDays(30), None, "delivery"))),
        id="shipping is the shipment event",
    ),
    pytest.param(
        "net 30 after invoice date",
        PaymentTerms((item(NetDays(30), None, "invoice"),)),
        id="the invoice event",
    ),
    pytest.param(
        "20% on milestone commissioning, balance net 60 EOM after milestone handover",
        PaymentTerms(
            (item(NetDays(0), 20, "commissioning"), item(EomDating(60), None, "handover"))
        ),
        id="custom milestones",
    ),
    pytest.param(
        "60% on order, 40% 30 days ROG",
        PaymentTerms((item(NetDays(0), 60, "order"), item(NetDays(30), 40, "goods_receipt"))),
        id="a share before '30 days ROG'",
    ),
    pytest.param(
        "50% on invoice receipt, 50% net 30",
        PaymentTerms((item(NetDays(0), 50, "invoice_receipt"), item(NetDays(30), 50))),
        id="invoice receipt event",
    ),
]


@pytest.mark.parametrize(("text", "expected"), READINGS)
def test_reads_milestones(text: str, expected: PaymentTerms) -> None:
    terms = parse_terms(text)
    assert terms == expected
    assert parse_terms(format_terms(terms)) == terms


@pytest.mark.parametrize(
    ("terms", "text"),
    [
        pytest.param(
            PaymentTerms((item(NetDays(0), 50, "order"), item(NetDays(0), 50, "delivery"))),
            "50% on order, 50% on delivery",
            id="on events",
        ),
        pytest.param(
            PaymentTerms((item(NetDays(30), None, "goods_receipt"),)),
            "net 30 after goods receipt",
            id="goods receipt",
        ),
        pytest.param(
            PaymentTerms((item(NetDays(0), None, Basis.DELIVERY),)),
            "on delivery",
            id="a Basis member names the event",
        ),
    ],
)
def test_writes_milestones(terms: PaymentTerms, text: str) -> None:
    assert format_terms(terms) == text


@given(milestone_terms(), st.sampled_from(["us", "ama", "prox-day", "prox-days"]))
@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
def test_round_trip(terms: PaymentTerms, dialect: str) -> None:
    text = format_terms(terms, dialect=dialect)
    assert parse_terms(text, dialect=dialect) == terms


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        pytest.param("on milestone", 12, "a milestone name", id="milestone without a name"),
        pytest.param(
            "on milestone abcdefghijklmnopqrstuvwxyz", 13, "a word such as", id="word too long"
        ),
        pytest.param("net 30 after goods", 7, "',', ';', 'from'", id="goods without receipt"),
        pytest.param(
            "30% advance after delivery, 70% net 30",
            4,
            "None for an Advance installment",
            id="an advance counts from no event",
        ),
    ],
)
def test_refusals(text: str, position: int, expected: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_terms(text)
    assert info.value.position == position
    assert expected in str(info.value)


def test_describe_names_the_event() -> None:
    assert SPLIT.installments[2].describe() == (
        "10 % due 30 days after the baseline date, counted from the acceptance event"
    )
    assert parse_terms("net 30 ROG").events == ("goods_receipt",)


def test_format_refuses_rules_without_notation() -> None:
    with pytest.raises(InvalidInputError, match="RelativeDelta has no notation"):
        format_terms(PaymentTerms.of(RelativeDelta(days=3, weekday=4)))


def test_an_advance_cannot_count_from_an_event() -> None:
    with pytest.raises(InvalidInputError, match="None for an Advance installment"):
        Installment(Advance(), event="delivery")


def test_language_dialects_do_not_write_milestones() -> None:
    with pytest.raises(InvalidInputError, match="'de'"):
        format_terms(PaymentTerms((item(NetDays(30), None, "delivery"),)), dialect="de")


def test_a_milestone_name_is_no_language_word() -> None:
    # "contant" is Dutch; after "milestone" it is only a name.
    terms = parse_terms("net 30 after milestone contant")
    assert terms.installments[0].event == "contant"


# --------------------------------------------------------------------------- event names


def test_event_names() -> None:
    assert check_event(Basis.GOODS_RECEIPT, "event") == "goods_receipt"
    assert event_text("acceptance") == "acceptance"
    assert set(EVENTS) >= {"order", "delivery", "goods_receipt", "acceptance", "invoice"}
    with pytest.raises(InvalidInputError, match="lowercase letters"):
        check_event("Site Acceptance", "event")
    with pytest.raises(TypeError, match="must be a str"):
        check_event(3, "event")


def test_events_mapping_is_checked() -> None:
    assert check_events(None) == {}
    assert check_events({Basis.DELIVERY: date(2026, 1, 2)}) == {"delivery": date(2026, 1, 2)}
    with pytest.raises(TypeError, match="mapping of event names"):
        check_events([("delivery", date(2026, 1, 2))])
    with pytest.raises(TypeError, match=r"events\['delivery'\]"):
        check_events({"delivery": "2026-01-02"})
    with pytest.raises(InvalidInputError, match="an event name"):
        check_events({"Delivery!": date(2026, 1, 2)})


# --------------------------------------------------------------------------- schedules

SPLIT = PaymentTerms(
    (item(Advance(), 30), item(NetDays(0), 60, "delivery"), item(NetDays(30), 10, "acceptance"))
)
ORDERED = date(2026, 1, 12)
DELIVERED = date(2026, 3, 2)
ACCEPTED = date(2026, 4, 20)


def test_advance_delivery_acceptance_schedule() -> None:
    plan = schedule(
        SPLIT,
        invoice_date=ORDERED,
        amount=D("10000.00"),
        currency="EUR",
        events={"delivery": DELIVERED, "acceptance": ACCEPTED, "unused": date(2000, 1, 1)},
    )
    assert [(line.due_date, line.amount) for line in plan.lines] == [
        (ORDERED, D("3000.00")),
        (DELIVERED, D("6000.00")),
        (ACCEPTED + timedelta(days=30), D("1000.00")),  # 20 May 2026
    ]
    milestones = [r for r in plan.reasons if r.code == "TERMS.MILESTONE"]
    assert [dict(r.facts)["event"] for r in milestones] == ["delivery", "acceptance"]
    assert "acceptance event, dated 2026-04-20" in plan.explain()


def test_discounts_count_from_the_event() -> None:
    terms = parse_terms("2/10 net 30 ROG")
    received = date(2026, 5, 4)
    plan = schedule(
        terms,
        invoice_date=date(2026, 4, 20),
        amount=D("500.00"),
        currency="USD",
        events={"goods_receipt": received},
    )
    line = plan.lines[0]
    assert line.due_date == received + timedelta(days=30)
    assert line.discounts[0].deadline == received + timedelta(days=10)
    assert line.discounts[0].payable == D("490.00")


def test_missing_event_names_it() -> None:
    with pytest.raises(InvalidInputError) as info:
        schedule(
            SPLIT,
            invoice_date=ORDERED,
            amount=D("100.00"),
            currency="EUR",
            events={"delivery": DELIVERED},
        )
    assert info.value.field == "events['acceptance']"
    assert "installment 3 counts from the acceptance event" in str(info.value)


def test_missing_event_is_an_error_for_a_zero_total_too() -> None:
    with pytest.raises(InvalidInputError, match="events\\['delivery'\\]"):
        schedule(SPLIT, invoice_date=ORDERED, amount=0, currency="EUR")


def test_event_date_too_late_names_the_event() -> None:
    with pytest.raises(InvalidInputError) as info:
        schedule(
            SPLIT,
            invoice_date=ORDERED,
            amount=D("100.00"),
            currency="EUR",
            events={"delivery": DELIVERED, "acceptance": date(9999, 12, 20)},
        )
    assert info.value.field == "events['acceptance']"


def test_whole_term_goods_receipt_basis_still_works() -> None:
    terms = parse_terms("net 30; from goods receipt")
    assert terms == PaymentTerms.of(NetDays(30), basis=Basis.GOODS_RECEIPT)
    plan = schedule(
        terms,
        invoice_date=date(2026, 1, 5),
        baseline_date=date(2026, 1, 20),
        amount=D("10.00"),
        currency="USD",
    )
    assert plan.lines[0].due_date == date(2026, 2, 19)


@given(milestone_kwargs())
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow])
def test_conserves_the_total_and_dates_each_line_from_its_event(kwargs: dict[str, Any]) -> None:
    plan = schedule(**kwargs)
    assert sum(line.amount for line in plan.lines) == plan.total
    if plan.total == 0:
        return
    for line, part in zip(plan.lines, kwargs["terms"].installments, strict=True):
        base = kwargs["invoice_date"] if part.event is None else kwargs["events"][part.event]
        assert line.unadjusted_due_date == part.due.due_date(base)


# --------------------------------------------------------------------------- frames


def _frame(kind: str) -> Any:
    data = {
        "terms": [
            "30% advance, 60% on delivery, 10% 30 days after acceptance",
            "2/10 net 30 ROG",
            "net 30",
        ],
        "invoice_date": [ORDERED, ORDERED, ORDERED],
        "amount": [D("10000.00"), D("500.00"), D("20.00")],
        "currency": ["EUR", "USD", "USD"],
        "delivered": [DELIVERED, None, None],
        "accepted": [ACCEPTED, None, None],
        "received": [None, date(2026, 5, 4), None],
    }
    if kind == "polars":
        return pl.DataFrame(data)
    frame = pd.DataFrame(data)
    for column in ("delivered", "accepted", "received"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


EVENT_COLUMNS = {"delivery": "delivered", "acceptance": "accepted", "goods_receipt": "received"}


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_frames_take_event_columns_and_equal_the_scalar_rule(kind: str) -> None:
    out = frames.schedule(_frame(kind), events=EVENT_COLUMNS, money="minor_units")
    rows = out.to_dicts() if kind == "polars" else out.to_dict("records")
    scalar = [
        schedule(
            SPLIT,
            invoice_date=ORDERED,
            amount=D("10000.00"),
            currency="EUR",
            events={"delivery": DELIVERED, "acceptance": ACCEPTED},
        ),
        schedule(
            parse_terms("2/10 net 30 ROG"),
            invoice_date=ORDERED,
            amount=D("500.00"),
            currency="USD",
            events={"goods_receipt": date(2026, 5, 4)},
        ),
        schedule(parse_terms("net 30"), invoice_date=ORDERED, amount=D("20.00"), currency="USD"),
    ]
    expected = [
        (index, line.due_date, int(line.amount * 100))
        for index, plan in enumerate(scalar)
        for line in plan.lines
    ]
    got = [(r["row"], pd.Timestamp(r["due_date"]).date(), r["amount"]) for r in rows]
    assert got == expected
    assert rows[3]["payable_1"] == 49000


def test_frames_missing_event_cell_is_a_bad_row_naming_its_column() -> None:
    frame = _frame("pandas")
    frame.loc[0, "accepted"] = pd.NaT
    out = frames.schedule(frame, events=EVENT_COLUMNS, errors="collect")
    bad = out[out["row"] == 0].iloc[0]
    assert bad["error_field"] == "accepted"
    assert "acceptance event" in bad["error_constraint"]
    assert list(out["row"]) == [0, 1, 2]
    with pytest.raises(Exception, match="accepted"):
        frames.schedule(frame, events=EVENT_COLUMNS)


def test_frames_unmapped_event_names_events() -> None:
    out = frames.schedule(_frame("pandas"), errors="collect")
    assert list(out["error_field"].iloc[:1]) == ["events"]


def test_frames_event_options_are_checked() -> None:
    with pytest.raises(TypeError, match="mapping of event names"):
        frames.schedule(_frame("pandas"), events=["delivered"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="column name"):
        frames.schedule(_frame("pandas"), events={"delivery": 3})  # type: ignore[dict-item]
    with pytest.raises(InvalidInputError, match="an event name"):
        frames.schedule(_frame("pandas"), events={"Delivery": "delivered"})


@st.composite
def frame_case(draw: st.DrawFn) -> dict[str, Any]:
    """Schedule arguments with events (some missing), perhaps a fixed discount, perhaps a zero total."""
    case = draw(milestone_kwargs())
    terms = case["terms"]
    if draw(st.booleans()):
        index = draw(st.integers(0, len(terms.installments) - 1))
        fixed = FixedDiscount(
            draw(st.decimals(min_value=D("0.01"), max_value=D(300), places=2)), draw(plain_rules)
        )
        items = list(terms.installments)
        items[index] = attrs.evolve(items[index], discounts=(), fixed_discount=fixed)
        case["terms"] = PaymentTerms(tuple(items))
    if case["terms"].events and draw(st.booleans()):
        gone = draw(st.sampled_from(case["terms"].events))
        case["events"] = {k: v for k, v in case["events"].items() if k != gone}
    if draw(st.integers(0, 9)) == 0:
        case["amount"] = D(0)
    return case


def _expected(index: int, case: dict[str, Any], rule: Any) -> list[tuple[Any, ...]]:
    try:
        plan = schedule(**{**case, "cash_rounding": rule})
    except InvalidInputError:
        return [(index, None, None, None)]
    rows = []
    for line in plan.lines:
        offers = [(o.deadline, int(o.payable * 100)) for o in line.discounts]
        offers += [(line.due_date, int(line.amount * 100))] * (3 - len(offers))
        rows.append((index, line.due_date, int(line.amount * 100), offers))
    return rows


@given(st.lists(frame_case(), min_size=1, max_size=6), st.none() | cash_roundings)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_frames_rows_equal_scalar(cases: list[dict[str, Any]], rule: Any) -> None:
    names = sorted({name for case in cases for name in (*case["events"], *case["terms"].events)})
    frame = pd.DataFrame(
        {
            "terms": [case["terms"] for case in cases],
            "invoice_date": [case["invoice_date"] for case in cases],
            "amount": [case["amount"] for case in cases],
            "currency": [case["currency"] for case in cases],
            **{
                f"e_{name}": pd.to_datetime([case["events"].get(name) for case in cases])
                for name in names
            },
        }
    )
    out = frames.schedule(
        frame,
        events={name: f"e_{name}" for name in names},
        cash_rounding=rule,
        money="minor_units",
        tiers=3,
        errors="collect",
    )
    expected = [row for index, case in enumerate(cases) for row in _expected(index, case, rule)]
    got = []
    for record in out.to_dict("records"):
        if isinstance(record["error_code"], str):
            got.append((int(record["row"]), None, None, None))
            continue
        offers = [
            (pd.Timestamp(record[f"deadline_{t}"]).date(), int(record[f"payable_{t}"]))
            for t in (1, 2, 3)
        ]
        got.append(
            (
                int(record["row"]),
                pd.Timestamp(record["due_date"]).date(),
                int(record["amount"]),
                offers,
            )
        )
    assert got == expected


_WORDS = [
    *("on", "upon", "after", "milestone", "rog", "receipt", "of", "goods", "50", "off"),
    *("within", "until", "10", "days", "net", "30", "10%", "delivery", "order", "invoice"),
    *("acceptance", "EOM", "2/10", ",", ";", "advance", "balance", "due", "from", "10th", "prox"),
]


@given(st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join))
@settings(max_examples=300)
def test_milestone_words_never_crash_the_parser(text: str) -> None:
    try:
        terms = parse_terms(text)
    except (ParseError, AmbiguousTermsError):
        return
    assert parse_terms(format_terms(terms)) == terms
