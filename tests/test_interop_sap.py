"""SAP T052/T052S: published examples, round trips, malformed rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from spendrules._interop._common import canonical_rule
from spendrules.interop import InteropError, NotRepresentableError, read_sap, write_sap
from spendrules.payment_terms import (
    Basis,
    DayLimit,
    DayLimitEntry,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DiscountBase,
    DiscountTier,
    EomDating,
    FixedAmount,
    Installment,
    NetDays,
    NetMonths,
    PaymentTerms,
    Percent,
    Ratio,
    parse_terms,
)

FIELDS = (
    "ZFAEL",
    "ZMONA",
    "ZTAG1",
    "ZPRZ1",
    "ZSTG1",
    "ZSMN1",
    "ZTAG2",
    "ZPRZ2",
    "ZSTG2",
    "ZSMN2",
    "ZTAG3",
    "ZSTG3",
    "ZSMN3",
)


def row(key: str = "ZB01", **fields: Any) -> dict[str, Any]:
    return {"ZTERM": key, "ZDART": "B", **fields}


def term(
    *rows: dict[str, Any], key: str = "ZB01", splits: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"ZTERM": key, "T052": list(rows)}
    if splits is not None:
        out["T052S"] = splits
    return out


def dates(terms: PaymentTerms, base: date) -> list[date]:
    item = terms.installments[0]
    return [t.deadline.due_date(base) for t in item.discounts] + [item.due.due_date(base)]


@pytest.mark.parametrize(
    ("rows", "base", "expected"),
    [
        pytest.param(
            [row(ZTAG1=10, ZPRZ1="3.000", ZTAG2=30, ZPRZ2="2.000", ZTAG3=60)],
            date(2026, 3, 2),
            [date(2026, 3, 12), date(2026, 4, 1), date(2026, 5, 1)],
            id="SAP help Cash Discount Percentage Rates: 3 % 10 days, 2 % 30 days, net 60",
        ),
        pytest.param(
            [row(ZSTG1=15, ZSMN1=1, ZPRZ1=3, ZSTG2=25, ZSMN2=2, ZPRZ2=2, ZSTG3=15, ZSMN3=3)],
            date(2026, 1, 20),
            [date(2026, 2, 15), date(2026, 3, 25), date(2026, 4, 15)],
            id="SAP help: 3 % to the 15th next month, 2 % to the 25th in two months, net the 15th in three",
        ),
        pytest.param(
            [row(ZTAGG=15, ZSTG1=31), row(ZTAGG=31, ZSTG1=15, ZSMN1=1)],
            date(2026, 4, 15),
            [date(2026, 4, 30)],
            id="SAP 4.6C Date-Specific Terms of Payment ZB02, baseline day 15",
        ),
        pytest.param(
            [row(ZTAGG=31, ZSTG1=15, ZSMN1=1), row(ZTAGG=15, ZSTG1=31)],
            date(2026, 4, 16),
            [date(2026, 5, 15)],
            id="SAP 4.6C ZB02, baseline day 16 (rows in any order)",
        ),
        pytest.param(
            [row(ZTAGG=9, ZSTG1=15), row(ZTAGG=25, ZSTG1=31), row(ZTAGG=31, ZSTG1=15, ZSMN1=1)],
            date(2026, 2, 26),
            [date(2026, 3, 15)],
            id="SAP KBA 2926267 three conditions 01-09, 10-25, 26-31",
        ),
        pytest.param(
            [row(ZSTG1=31, ZSMN1=1)],
            date(2026, 3, 10),
            [date(2026, 4, 30)],
            id="SAP PXMON: day 31 in April is 30 April",
        ),
        pytest.param(
            [row()], date(2026, 3, 10), [date(2026, 3, 10)], id="SAP 0001 payable immediately"
        ),
        pytest.param(
            [row(ZFAEL=31, ZTAG1=10, ZPRZ1=2, ZTAG2=20)],
            date(2026, 6, 16),
            [date(2026, 7, 10), date(2026, 7, 20)],
            id="D20 Monash/AMA EOM dating as baseline fixed day 31",
        ),
        pytest.param(
            [row(ZMONA=1)],
            date(2026, 1, 31),
            [date(2026, 2, 28)],
            id="SAP ZMONA additional month, clamped (PXMON)",
        ),
        pytest.param(
            [row(ZFAEL=15, ZMONA=1)],
            date(2026, 1, 20),
            [date(2026, 2, 15)],
            id="SAP ZFAEL fixed day + ZMONA",
        ),
        pytest.param(
            [row(ZFAEL=31, ZMONA=1, ZSTG1=10)],
            date(2026, 1, 20),
            [date(2026, 2, 10)],
            id="SAP fixed day overwrites the baseline",
        ),
        pytest.param(
            [row(ZTAG1=14, ZPRZ1=2)],
            date(2026, 1, 1),
            [date(2026, 1, 15), date(2026, 1, 15)],
            id="SAP discount period with no net period: net is its date",
        ),
    ],
)
def test_sap_published_dates(rows: list[dict[str, Any]], base: date, expected: list[date]) -> None:
    assert dates(read_sap(term(*rows)), base) == expected


def test_sap_examples_read_to_the_expected_terms() -> None:
    assert read_sap(
        term(row(ZTAG1="010", ZPRZ1="3.000", ZTAG2="030", ZPRZ2="2.000", ZTAG3="060"))
    ) == PaymentTerms.of(
        NetDays(60),
        DiscountTier(Decimal("0.03"), NetDays(10)),
        DiscountTier(Decimal("0.02"), NetDays(30)),
    )
    assert read_sap(
        term(row(ZTAGG=15, ZSTG1=31), row(ZTAGG=31, ZSTG1=15, ZSMN1=1))
    ) == PaymentTerms.of(
        DayLimit(
            (DayLimitEntry(15, DayOfMonth(31, months_ahead=0)), DayLimitEntry(31, DayOfMonth(15)))
        )
    )
    assert read_sap(term(row(ZDART=""))).basis is Basis.SPECIFIED
    assert read_sap(term(row(ZTAGG=31, MANDT="100", KOART="K", TEXT1="net"))) == PaymentTerms.of(
        NetDays(0)
    )
    limited = read_sap(
        term(
            row(ZTAGG=10, ZTAG1=5, ZPRZ1=2, ZTAG2=30),
            row(ZTAGG=31, ZFAEL=31, ZTAG1=5, ZPRZ1=2, ZTAG2=30),
        )
    )
    assert limited.installments[0].discounts[0] == DiscountTier(
        Decimal("0.02"),
        DayLimit((DayLimitEntry(10, NetDays(5)), DayLimitEntry(31, DaysAfterEndOfMonth(5)))),
    )


def test_sap_installments() -> None:
    """SAP wiki "Installment Payment Terms - Customizing": XSPLT key, T052S percent and key per part."""
    tables = term(
        row("Z100", XSPLT="X"),
        row("Z101", ZTAG1=14, ZPRZ1=2, ZTAG2=30),
        row("Z102", ZTAG1=60),
        key="Z100",
        splits=[
            {"ZTERM": "Z100", "RATNR": "002", "RATPZ": "40.000", "RATZT": "Z102"},
            {"ZTERM": "Z100", "RATNR": "001", "RATPZ": "60.000", "RATZT": "Z101", "MANDT": "100"},
            {"ZTERM": "Z999", "RATNR": 1, "RATPZ": 100, "RATZT": "Z102"},
        ],
    )
    terms = read_sap(tables)
    assert terms == PaymentTerms(
        (
            Installment(
                NetDays(30),
                (DiscountTier(Decimal("0.02"), NetDays(14)),),
                share=Percent(Decimal(60)),
            ),
            Installment(NetDays(60)),
        )
    )
    written = write_sap(terms, key="Z100", installment_keys=["Z101", "Z102"])
    assert [r["ZTERM"] for r in written["T052"]] == ["Z100", "Z101", "Z102"]
    assert written["T052S"] == [
        {"ZTERM": "Z100", "RATNR": 1, "RATPZ": Decimal(60), "RATZT": "Z101"},
        {"ZTERM": "Z100", "RATNR": 2, "RATPZ": Decimal(40), "RATZT": "Z102"},
    ]
    assert read_sap(written) == terms


@pytest.mark.parametrize("key", ["ZB10", "Z001", "Z100"])
def test_sap_installment_keys_are_never_derived(key: str) -> None:
    """T052 keys are global to the client: ZB10 + a number would be ZB01, ZB02 (SAP's delivered keys)."""
    split = parse_terms("30% net 30, 70% net 60")
    with pytest.raises(InteropError) as caught:
        write_sap(split, key=key)
    assert type(caught.value) is InteropError
    assert caught.value.field == "installment_keys"
    assert str(caught.value).startswith(
        "sap: installment_keys must be given for terms with 2 installments"
    )
    assert f"other than {key!r}" in str(caught.value)
    chosen = write_sap(split, key=key, installment_keys=["Y030", "Y060"])
    assert [row["RATZT"] for row in chosen["T052S"]] == ["Y030", "Y060"]
    assert [row["ZTERM"] for row in chosen["T052"]] == [key, "Y030", "Y060"]
    assert read_sap(chosen) == PaymentTerms(
        (Installment(NetDays(30), share=Percent(Decimal(30))), Installment(NetDays(60)))
    )
    # one installment: one row under the key itself, no keys to choose
    assert [row["ZTERM"] for row in write_sap(parse_terms("net 30"), key=key)["T052"]] == [key]


def test_sap_refuses_what_t052_cannot_hold_before_asking_for_keys() -> None:
    """A term T052 cannot hold is refused as such, whether or not installment keys are given."""
    thirds = parse_terms("1/3 of total net 30, 1/3 of total net 60, balance net 90")
    for keys in (None, ["Y1", "Y2", "Y3"]):
        with pytest.raises(NotRepresentableError) as caught:
            write_sap(thirds, key="Y0", installment_keys=keys)
        assert caught.value.field == "installments[0].share"
    four_tiers = PaymentTerms(
        (
            Installment(NetDays(30), share=Percent(Decimal(50))),
            Installment(
                NetDays(60),
                (
                    DiscountTier(Decimal("0.03"), NetDays(10)),
                    DiscountTier(Decimal("0.02"), NetDays(20)),
                    DiscountTier(Decimal("0.01"), NetDays(30)),
                ),
            ),
        )
    )
    with pytest.raises(NotRepresentableError) as caught:
        write_sap(four_tiers, key="Y0")
    assert caught.value.field == "installments[1].discounts"


def test_sap_writer_picks_a_shared_baseline() -> None:
    eom = PaymentTerms.of(
        DaysAfterEndOfMonth(30), DiscountTier(Decimal("0.02"), DaysAfterEndOfMonth(10))
    )
    written = write_sap(eom)["T052"][0]
    assert (written["ZFAEL"], written["ZTAG1"], written["ZTAG2"]) == (31, 10, 30)
    prox = PaymentTerms.of(DayOfMonth(10, months_ahead=1))
    assert (write_sap(prox)["T052"][0]["ZSTG1"], write_sap(prox)["T052"][0]["ZSMN1"]) == (10, 1)
    equivalent = PaymentTerms.of(DaysEndOfMonthOn(0, 30))
    assert write_sap(equivalent)["T052"][0]["ZSTG1"] == 30
    months = write_sap(PaymentTerms.of(NetMonths(2)))["T052"][0]
    assert (months["ZMONA"], months["ZTAG1"]) == (2, 0)
    after_25th = write_sap(PaymentTerms.of(EomDating(10, late_cutoff_day=25)))["T052"]
    assert [(r["ZTAGG"], r["ZFAEL"], r["ZMONA"], r["ZTAG1"]) for r in after_25th] == [
        (25, 31, 0, 10),
        (31, 31, 1, 10),
    ]
    mixed = PaymentTerms.of(
        DayLimit((DayLimitEntry(15, NetDays(30)), DayLimitEntry(31, NetDays(45)))),
        DiscountTier(Decimal("0.02"), NetDays(10)),
    )
    assert [(r["ZTAGG"], r["ZTAG1"], r["ZTAG2"]) for r in write_sap(mixed)["T052"]] == [
        (15, 10, 30),
        (31, 10, 45),
    ]
    single = PaymentTerms.of(
        NetDays(0), DiscountTier(Decimal("0.02"), DayLimit((DayLimitEntry(31, NetDays(0)),)))
    )
    assert write_sap(single)["T052"][0]["ZTAGG"] == 0
    same = PaymentTerms.of(NetDays(14), DiscountTier(Decimal("0.02"), NetDays(14)))
    assert write_sap(same)["T052"][0]["ZTAG2"] == 0


# --------------------------------------------------------------------------- round trips

rates = st.lists(
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("20"), places=3),
    max_size=2,
    unique=True,
).map(lambda r: sorted(r, reverse=True))


@st.composite
def periods(draw: st.DrawFn, count: int, high: int) -> dict[str, Any]:
    """The shift and period fields of one T052 row in normal form."""
    kind = draw(st.sampled_from(["none", "eom", "months"] if count == 1 else ["none", "eom"]))
    out = dict.fromkeys(FIELDS, 0)
    if kind == "months":
        out["ZMONA"] = draw(st.integers(1, 99))
        return out
    months = draw(st.integers(0, 12)) if kind == "eom" else 0
    out["ZFAEL"] = 31 if kind == "eom" else 0
    out["ZMONA"] = months
    days = sorted(draw(st.lists(st.integers(0, 999), min_size=count, max_size=count, unique=True)))
    use_days = [draw(st.booleans()) for _ in range(count)]
    if kind == "eom":
        use_days[draw(st.integers(0, count - 1))] = True
    for k in range(1, count + 1):
        if use_days[k - 1]:
            out[f"ZTAG{k}"] = days[k - 1]
            continue
        extra = draw(st.integers(0, 24))
        low = high if months + extra == 0 else 1
        out[f"ZSTG{k}"] = draw(st.integers(low, 31))
        out[f"ZSMN{k}"] = extra
    return out


@st.composite
def key_rows(draw: st.DrawFn, key: str, zdart: str) -> list[dict[str, Any]]:
    tiers = draw(rates)
    separate_net = draw(st.booleans()) or not tiers
    count = len(tiers) + (1 if separate_net else 0)
    cuts = draw(st.lists(st.integers(1, 30), max_size=2, unique=True).map(sorted))
    limits = [*cuts, 31] if cuts else [0]
    rows = []
    for limit in limits:
        out = {"ZTERM": key, "ZTAGG": limit, "ZDART": zdart, **draw(periods(count, limit or 31))}
        out["ZPRZ1"] = tiers[0] if tiers else Decimal(0)
        out["ZPRZ2"] = tiers[1] if len(tiers) > 1 else Decimal(0)
        out["XSPLT"] = ""
        rows.append(
            {
                name: out[name]
                for name in (
                    "ZTERM",
                    "ZTAGG",
                    "ZDART",
                    "ZFAEL",
                    "ZMONA",
                    "ZTAG1",
                    "ZPRZ1",
                    "ZSTG1",
                    "ZSMN1",
                    "ZTAG2",
                    "ZPRZ2",
                    "ZSTG2",
                    "ZSMN2",
                    "ZTAG3",
                    "ZSTG3",
                    "ZSMN3",
                    "XSPLT",
                )
            }
        )
    return rows


def _no_dropped_net(terms: PaymentTerms) -> None:
    """The writer omits a net period equal to the last discount period: not a normal-form record."""
    for item in terms.installments:
        if item.discounts:
            net, last = item.due, item.discounts[-1].deadline
            pairs = (
                zip(net.limits, last.limits, strict=True)
                if isinstance(net, DayLimit) and isinstance(last, DayLimit)
                else [(net, last)]
            )
            for a, b in pairs:
                a_rule = getattr(a, "rule", a)
                b_rule = getattr(b, "rule", b)
                assume(canonical_rule(a_rule) != canonical_rule(b_rule))


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, Any], list[str]]:
    """SAP tables in normal form, and the installment keys to write them back with."""
    zdart = draw(st.sampled_from(["B", ""]))
    if draw(st.integers(0, 3)):
        return {"ZTERM": "ZB01", "T052": draw(key_rows("ZB01", zdart)), "T052S": []}, []
    count = draw(st.integers(2, 3))
    cuts = sorted(
        draw(
            st.lists(
                st.decimals(min_value=Decimal("0.001"), max_value=Decimal("99.999"), places=3),
                min_size=count - 1,
                max_size=count - 1,
                unique=True,
            )
        )
    )
    points = [Decimal(0), *cuts, Decimal(100)]
    keys = [f"ZI{n:02d}" for n in range(1, count + 1)]
    main = {"ZTERM": "ZM01", "ZTAGG": 0, "ZDART": zdart, **dict.fromkeys(FIELDS, 0), "XSPLT": "X"}
    main["ZPRZ1"] = main["ZPRZ2"] = Decimal(0)
    main = {
        name: main[name]
        for name in (
            "ZTERM",
            "ZTAGG",
            "ZDART",
            "ZFAEL",
            "ZMONA",
            "ZTAG1",
            "ZPRZ1",
            "ZSTG1",
            "ZSMN1",
            "ZTAG2",
            "ZPRZ2",
            "ZSTG2",
            "ZSMN2",
            "ZTAG3",
            "ZSTG3",
            "ZSMN3",
            "XSPLT",
        )
    }
    rows = [main]
    splits = []
    for number, (name, low, high) in enumerate(
        zip(keys, points, points[1:], strict=False), start=1
    ):
        rows.extend(draw(key_rows(name, zdart)))
        splits.append({"ZTERM": "ZM01", "RATNR": number, "RATPZ": high - low, "RATZT": name})
    return {"ZTERM": "ZM01", "T052": rows, "T052S": splits}, keys


@settings(max_examples=250)
@given(case=tables())
def test_sap_round_trip_of_every_table_shape(case: tuple[dict[str, Any], list[str]]) -> None:
    record, keys = case
    terms = read_sap(record)
    _no_dropped_net(terms)
    written = write_sap(terms, key=record["ZTERM"], installment_keys=keys or None)
    assert written == record
    assert read_sap(written) == terms


def test_normal_form() -> None:
    record = term(row(ZTAGG="31", ZTAG1="030", ZPRZ1="2.000", ZTAG2="060", MANDT="800"))
    written = write_sap(read_sap(record), key="ZB01")["T052"][0]
    assert (written["ZTAGG"], written["ZTAG1"], written["ZPRZ1"], written["ZTAG2"]) == (
        0,
        30,
        Decimal(2),
        60,
    )
    assert "MANDT" not in written
    shifted = write_sap(read_sap(term(row(ZFAEL=15, ZMONA=1))))["T052"][0]
    assert (shifted["ZFAEL"], shifted["ZSTG1"], shifted["ZSMN1"]) == (0, 15, 1)


# --------------------------------------------------------------------------- writing what T052 cannot hold


@pytest.mark.parametrize(
    ("terms", "kwargs", "error", "field"),
    [
        pytest.param(
            PaymentTerms.of(NetDays(5), basis=Basis.DELIVERY),
            {},
            NotRepresentableError,
            "basis",
            id="delivery basis",
        ),
        pytest.param(
            PaymentTerms.of(
                NetDays(5),
                DiscountTier(Decimal("0.02"), NetDays(2)),
                discount_base=DiscountBase.NET_OF_TAX,
            ),
            {},
            NotRepresentableError,
            "discount_base",
            id="discount base",
        ),
        pytest.param(
            PaymentTerms.of(
                NetDays(60),
                *(
                    DiscountTier(Decimal(r), NetDays(d))
                    for r, d in (("0.03", 10), ("0.02", 20), ("0.01", 30))
                ),
            ),
            {},
            NotRepresentableError,
            "installments[0].discounts",
            id="three tiers",
        ),
        pytest.param(
            PaymentTerms.of(NetDays(60), DiscountTier(Decimal("0.022225"), NetDays(10))),
            {},
            NotRepresentableError,
            "installments[0].discounts[0].rate",
            id="percent with 4 decimals",
        ),
        pytest.param(
            PaymentTerms.of(DaysEndOfMonthOn(10, 5)),
            {},
            NotRepresentableError,
            "installments[0].due",
            id="N days EOM on the 5th",
        ),
        pytest.param(
            PaymentTerms.of(DayOfMonth(10, months_ahead=0)),
            {},
            NotRepresentableError,
            "installments[0].due",
            id="a day of this month",
        ),
        pytest.param(
            PaymentTerms.of(NetDays(10), DiscountTier(Decimal("0.02"), NetDays(20))),
            {},
            NotRepresentableError,
            "installments[0].due",
            id="discount after net",
        ),
        pytest.param(
            PaymentTerms.of(NetDays(1000)),
            {},
            NotRepresentableError,
            "installments[0].due",
            id="1000 days",
        ),
        pytest.param(
            PaymentTerms.of(NetDays(0), DiscountTier(Decimal("0.02"), DaysAfterEndOfMonth(0))),
            {},
            NotRepresentableError,
            "installments[0].due",
            id="net on the baseline after a discount period",
        ),
        pytest.param(
            PaymentTerms.of(
                DaysAfterEndOfMonth(30, months=3),
                DiscountTier(Decimal("0.02"), DayOfMonth(5, months_ahead=1)),
            ),
            {},
            NotRepresentableError,
            "installments[0].due",
            id="no baseline shared by 30 days after EOM+3 and the 5th of next month",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=FixedAmount(Decimal(5))), Installment(NetDays(9)))
            ),
            {},
            NotRepresentableError,
            "installments",
            id="fixed amount",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=Ratio(Fraction(1, 3))), Installment(NetDays(9)))
            ),
            {},
            NotRepresentableError,
            "installments[0].share",
            id="1/3",
        ),
        pytest.param(
            PaymentTerms.of(NetDays(5)),
            {"key": "TOOLONG"},
            InteropError,
            "key",
            id="key of 7 characters",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=Percent(Decimal(50))), Installment(NetDays(9)))
            ),
            {"key": "ZB01", "installment_keys": ["A1"]},
            InteropError,
            "installment_keys",
            id="one key for two installments",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=Percent(Decimal(50))), Installment(NetDays(9)))
            ),
            {"key": "ZB01", "installment_keys": ["ZB01", "A2"]},
            InteropError,
            "installment_keys",
            id="installment key equals the key",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=Percent(Decimal(50))), Installment(NetDays(9)))
            ),
            {"key": "ZB01", "installment_keys": ["A1", ""]},
            InteropError,
            "installment_keys",
            id="empty installment key",
        ),
    ],
)
def test_write_sap_refuses(
    terms: PaymentTerms, kwargs: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as caught:
        write_sap(terms, **kwargs)
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]


def test_write_sap_installments_with_1_16() -> None:
    """1/16 is 6.25 %: RATPZ (3 decimals) holds it; 1/32 = 3.125 % too; 1/64 does not."""
    sixteenth = PaymentTerms(
        (Installment(NetDays(0), share=Ratio(Fraction(1, 16))), Installment(NetDays(9)))
    )
    written = write_sap(sixteenth, installment_keys=["Z002", "Z003"])
    assert written["T052S"][0]["RATPZ"] == Decimal("6.25")
    with pytest.raises(NotRepresentableError, match="RATPZ holds"):
        write_sap(
            PaymentTerms(
                (Installment(NetDays(0), share=Ratio(Fraction(1, 64))), Installment(NetDays(9)))
            )
        )


# --------------------------------------------------------------------------- malformed tables


@pytest.mark.parametrize(
    ("record", "error", "field"),
    [
        pytest.param({"T052": [row()]}, InteropError, "ZTERM", id="no key"),
        pytest.param({"ZTERM": "ZB01"}, InteropError, "T052", id="no rows"),
        pytest.param(
            {"ZTERM": "ZB01", "T052": [row()], "T052X": []},
            InteropError,
            "T052X",
            id="unknown table",
        ),
        pytest.param(term(row("ZB09")), InteropError, "ZTERM", id="no row for the key"),
        pytest.param(term({"ZDART": "B"}), InteropError, "T052[0].ZTERM", id="row without key"),
        pytest.param(term(row(ZTAG4=1)), InteropError, "T052[0].ZTAG4", id="unknown field"),
        pytest.param(term(row(ZTAG1=1000)), InteropError, "T052[0].ZTAG1", id="ZTAG beyond NUMC 3"),
        pytest.param(term(row(ZTAG1="1O")), InteropError, "T052[0].ZTAG1", id="ZTAG not digits"),
        pytest.param(term(row(ZTAG1=10.0)), InteropError, "T052[0].ZTAG1", id="ZTAG float"),
        pytest.param(term(row(ZSTG1=32)), InteropError, "T052[0].ZSTG1", id="fixed day 32"),
        pytest.param(
            term(row(ZPRZ1="2.0005", ZTAG1=5)),
            InteropError,
            "T052[0].ZPRZ1",
            id="ZPRZ with 4 decimals",
        ),
        pytest.param(
            term(row(ZPRZ1="-2", ZTAG1=5)), InteropError, "T052[0].ZPRZ1", id="negative ZPRZ"
        ),
        pytest.param(term(row(ZPRZ1=2.0, ZTAG1=5)), InteropError, "T052[0].ZPRZ1", id="float ZPRZ"),
        pytest.param(
            term(row(ZDART="C")), NotRepresentableError, "T052[0].ZDART", id="entry date baseline"
        ),
        pytest.param(
            term(row(ZDART="D")), NotRepresentableError, "T052[0].ZDART", id="posting date baseline"
        ),
        pytest.param(
            term(row(ZDART="X")), InteropError, "T052[0].ZDART", id="unknown baseline type"
        ),
        pytest.param(
            term(row(ZTAG1=5, ZSTG1=10)), InteropError, "T052[0].ZSTG1", id="days and a fixed day"
        ),
        pytest.param(
            term(row(ZSMN1=2)),
            NotRepresentableError,
            "T052[0].ZSMN1",
            id="months without a fixed day",
        ),
        pytest.param(
            term(row(ZSTG1=10)),
            NotRepresentableError,
            "T052[0].ZSTG1",
            id="fixed day can precede the baseline",
        ),
        pytest.param(
            term(row(ZFAEL=10)),
            NotRepresentableError,
            "T052[0].ZFAEL",
            id="baseline day can precede the document",
        ),
        pytest.param(
            term(row(ZFAEL=10, ZTAG1=5)),
            NotRepresentableError,
            "T052[0].ZTAG1",
            id="days after a moved baseline",
        ),
        pytest.param(
            term(row(ZMONA=1, ZTAG1=5)),
            NotRepresentableError,
            "T052[0].ZTAG1",
            id="days after months",
        ),
        pytest.param(
            term(row(ZTAG2=30)), InteropError, "T052[0].ZTAG1", id="period 2 without period 1"
        ),
        pytest.param(
            term(row(ZTAG1=30, ZTAG2=20)), InteropError, "T052[0].ZTAG2", id="periods out of order"
        ),
        pytest.param(
            term(row(ZTAG1=10, ZTAG2=30)), InteropError, "T052[0].ZPRZ1", id="net before net"
        ),
        pytest.param(
            term(row(ZTAG1=10, ZPRZ1=2, ZTAG2=20, ZPRZ2=3, ZTAG3=30)),
            NotRepresentableError,
            "T052[0].ZPRZ2",
            id="rising percent",
        ),
        pytest.param(term(row(ZTAGG=15)), InteropError, "T052[0].ZTAGG", id="single row limit 15"),
        pytest.param(
            term(row(ZTAGG=0), row(ZTAGG=31)),
            InteropError,
            "T052[0].ZTAGG",
            id="day limit 0 among rows",
        ),
        pytest.param(
            term(row(ZTAGG=15), row(ZTAGG=20)),
            InteropError,
            "T052[0].ZTAGG",
            id="last limit not 31",
        ),
        pytest.param(
            term(row(ZTAGG=31), row(ZTAGG=31)), InteropError, "T052[0].ZTAGG", id="repeated limit"
        ),
        pytest.param(term(row(ZTAGG=32)), InteropError, "T052[0].ZTAGG", id="limit 32"),
        pytest.param(
            term(row(ZTAGG=15, ZSTG1=31), row(ZTAGG=31, ZDART="")),
            NotRepresentableError,
            "T052[1].ZDART",
            id="baselines differ by limit",
        ),
        pytest.param(
            term(row(ZTAGG=15, ZTAG1=5, ZPRZ1=2, ZTAG2=9), row(ZTAGG=31, ZTAG1=9)),
            NotRepresentableError,
            "ZTERM",
            id="discounts differ by limit",
        ),
        pytest.param(
            term(
                row(ZTAGG=15, ZTAG1=5, ZPRZ1=2, ZTAG2=9), row(ZTAGG=31, ZTAG1=5, ZPRZ1=3, ZTAG2=9)
            ),
            NotRepresentableError,
            "ZTERM",
            id="percents differ by limit",
        ),
        pytest.param(
            term(row(ZTAGG=15, XSPLT="X"), row(ZTAGG=31)),
            InteropError,
            "T052[0].XSPLT",
            id="split key with limits",
        ),
        pytest.param(term(row(XSPLT="Y")), InteropError, "T052[0].XSPLT", id="XSPLT not X"),
        pytest.param(
            term(row(XSPLT="X", ZTAG1=5)),
            InteropError,
            "T052[0].ZTAG1",
            id="periods on a split key",
        ),
        pytest.param(term(row(XSPLT="X")), InteropError, "T052S", id="split key without T052S"),
        pytest.param(
            term(row(), splits=[{"ZTERM": "ZB01", "RATNR": 1, "RATPZ": 100, "RATZT": "ZB01"}]),
            InteropError,
            "T052S[0].ZTERM",
            id="T052S for an unsplit key",
        ),
        pytest.param(
            term(
                row(XSPLT="X"),
                row("A"),
                splits=[{"ZTERM": "ZB01", "RATNR": 1, "RATPZ": 100, "RATZT": "A", "X": 1}],
            ),
            InteropError,
            "T052S[0].X",
            id="unknown T052S field",
        ),
        pytest.param(
            term(
                row(XSPLT="X"),
                row("A"),
                splits=[
                    {"ZTERM": "ZB01", "RATNR": 1, "RATPZ": 50, "RATZT": "A"},
                    {"ZTERM": "ZB01", "RATNR": 1, "RATPZ": 50, "RATZT": "A"},
                ],
            ),
            InteropError,
            "T052S",
            id="repeated RATNR",
        ),
        pytest.param(
            term(
                row(XSPLT="X"),
                row("A"),
                splits=[{"ZTERM": "ZB01", "RATNR": 1, "RATPZ": 90, "RATZT": "A"}],
            ),
            InteropError,
            "T052S",
            id="percents add up to 90",
        ),
        pytest.param(
            term(
                row(XSPLT="X"),
                row("A"),
                splits=[
                    {"ZTERM": "ZB01", "RATNR": 1, "RATPZ": 0, "RATZT": "A"},
                    {"ZTERM": "ZB01", "RATNR": 2, "RATPZ": 100, "RATZT": "A"},
                ],
            ),
            InteropError,
            "T052S[0].RATPZ",
            id="0 % installment",
        ),
        pytest.param(
            term(
                row(XSPLT="X"), splits=[{"ZTERM": "ZB01", "RATNR": 1, "RATPZ": 100, "RATZT": "A"}]
            ),
            InteropError,
            "T052S[0].RATZT",
            id="installment key without rows",
        ),
        pytest.param(
            term(
                row(XSPLT="X"),
                splits=[{"ZTERM": "ZB01", "RATNR": 1, "RATPZ": 100, "RATZT": "ZB01"}],
            ),
            InteropError,
            "T052S[0].RATZT",
            id="installment key is split",
        ),
        pytest.param(
            term(
                row(XSPLT="X"),
                row("A", ZDART=""),
                splits=[{"ZTERM": "ZB01", "RATNR": 1, "RATPZ": 100, "RATZT": "A"}],
            ),
            NotRepresentableError,
            "T052S[0].RATZT",
            id="installment baseline differs",
        ),
        pytest.param(
            term(row(ZFAEL=31, ZMONA=1, ZTAG1=3700)),
            InteropError,
            "T052[0].ZTAG1",
            id="ZTAG beyond 999",
        ),
        pytest.param(
            term(row(ZSTG1=15, ZSMN1=99, ZMONA=99)),
            NotRepresentableError,
            "T052[0].ZSMN1",
            id="months beyond the model",
        ),
    ],
)
def test_malformed_tables(record: dict[str, Any], error: type[Exception], field: str) -> None:
    with pytest.raises(error) as caught:
        read_sap(record)
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert str(caught.value).startswith(f"sap: {field} ")


def test_subjects_are_checked() -> None:
    with pytest.raises(TypeError, match="tables must be a mapping"):
        read_sap([row()])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="terms must be a PaymentTerms"):
        write_sap(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("record", "field"),
    [
        # T052-ZPRZ1/ZPRZ2 are DEC 5,3 (domain notes 2.3): 100 or more cannot be a ZPRZ value.
        pytest.param(term(row(ZTAG1=10, ZPRZ1="100", ZTAG2=30)), "T052[0].ZPRZ1", id="ZPRZ1 100"),
        pytest.param(
            term(row(ZTAG1=10, ZPRZ1="3", ZTAG2=30, ZPRZ2="150.000", ZTAG3=60)),
            "T052[0].ZPRZ2",
            id="ZPRZ2 150",
        ),
        pytest.param(term(row(ZTAG1=10, ZPRZ1="٣", ZTAG2=30)), "T052[0].ZPRZ1", id="Arabic digit"),
        pytest.param(term(row(ZTAG1="9" * 5000)), "T052[0].ZTAG1", id="5000-digit NUMC"),
        pytest.param(
            term(row(ZTAG1=10, ZPRZ1=Decimal("1e-999999999"), ZTAG2=30)),
            "T052[0].ZPRZ1",
            id="exponent -999999999",
        ),
        # An XSPLT key's dates are its installments' keys' (SAP wiki "Installment Payment
        # Terms - Customizing"): a baseline shift on it would be dropped, so it is refused.
        pytest.param(
            {
                "ZTERM": "ZI01",
                "T052": [
                    row("ZI01", XSPLT="X", ZFAEL=15),
                    row("ZI02", ZTAG1=30),
                ],
                "T052S": [{"ZTERM": "ZI01", "RATNR": 1, "RATPZ": 100, "RATZT": "ZI02"}],
            },
            "T052[0].ZFAEL",
            id="ZFAEL on an installment key",
        ),
        pytest.param(
            {
                "ZTERM": "ZI01",
                "T052": [
                    row("ZI01", XSPLT="X", ZMONA="2"),
                    row("ZI02", ZTAG1=30),
                ],
                "T052S": [{"ZTERM": "ZI01", "RATNR": 1, "RATPZ": 100, "RATZT": "ZI02"}],
            },
            "T052[0].ZMONA",
            id="ZMONA on an installment key",
        ),
    ],
)
def test_out_of_range_values_name_the_sap_field(record: dict[str, Any], field: str) -> None:
    with pytest.raises(InteropError) as caught:
        read_sap(record)
    assert type(caught.value) is InteropError
    assert caught.value.field == field
    assert str(caught.value).startswith(f"sap: {field} must be ")
