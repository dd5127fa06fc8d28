"""SAP terms of payment: table T052 (OBB8) rows and T052S (OBB9) installment rows.

Input and output are ``{"ZTERM": key, "T052": [rows], "T052S": [rows]}``: the
key to read and table extracts (other keys' rows may be present: installment
terms refer to them). T052 fields read: ``ZTERM`` key, ``ZTAGG`` day limit,
``ZDART`` baseline date type, ``ZFAEL``/``ZMONA`` fixed day and additional
months for the baseline date, ``ZTAG1``/``ZPRZ1``, ``ZTAG2``/``ZPRZ2``,
``ZTAG3`` (days and cash-discount percent of the three periods),
``ZSTG1..3``/``ZSMN1..3`` (fixed day and additional months of each period),
``XSPLT`` (installment payment). T052S: ``ZTERM``, ``RATNR`` (installment
number), ``RATPZ`` (percent), ``RATZT`` (the installment's own key).

Semantics (SAP help "Cash Discount Percentage Rates and Cash Discount
Terms", 4.6C "Date-Specific Terms of Payment", PXMON):

* the baseline is the document date (``ZDART`` ``B``) or entered at posting
  (blank); ``ZFAEL`` sets its day and ``ZMONA`` adds months;
* each period is either days from the baseline, or a fixed day (which
  "overwrites the baseline date") in the baseline's month plus its additional
  months; a day beyond the month's length is its last day;
* discounts are allowed in the first two periods; the last period used is
  net (a period with a discount and nothing after it is also the net date);
* a key with day limits has one row per limit, the rule of the smallest
  limit at or above the baseline's day applies, and the last limit is 31.

Informational fields (``MANDT``, ``KOART``, ``ZSCHF``, ``ZLSCH``, ``TEXT1``,
``XZBRV``) are accepted and ignored; any other key is an error. NUMC fields
may be integers or digit strings and percents decimal strings (as table
extracts give them); the writer returns integers and ``Decimal`` percents.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from spendrules._decimal import exact
from spendrules._interop._common import (
    InteropError,
    NotRepresentableError,
    Record,
    canonical_rule,
    check_writable,
    finish,
    forms,
    fraction_to_decimal,
    make,
    percent_of,
    plain,
    rate_of,
    share_fractions,
)
from spendrules._terms.due_rules import (
    BasicRule,
    DayLimit,
    DayLimitEntry,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DueRule,
    EomDating,
    NetDays,
    NetMonths,
    PaymentDays,
)
from spendrules._terms.model import (
    Basis,
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.shares import (
    DiscountTier,
    Percent,
)
from spendrules.errors import _shown

__all__ = ["read_sap", "write_sap"]

SAP = "sap"

_HUNDRED = Decimal(100)
_ROW_FIELDS = frozenset(
    {
        "ZTERM",
        "ZTAGG",
        "ZDART",
        "ZFAEL",
        "ZMONA",
        "ZTAG1",
        "ZPRZ1",
        "ZTAG2",
        "ZPRZ2",
        "ZTAG3",
        "ZSTG1",
        "ZSMN1",
        "ZSTG2",
        "ZSMN2",
        "ZSTG3",
        "ZSMN3",
        "XSPLT",
    }
)
_ROW_IGNORED = frozenset({"MANDT", "KOART", "ZSCHF", "ZLSCH", "TEXT1", "XZBRV"})
_SPLIT_FIELDS = frozenset({"ZTERM", "RATNR", "RATPZ", "RATZT"})
_ZDART = {"B": Basis.INVOICE, "": Basis.SPECIFIED}
_ZDART_NAME = {basis: code for code, basis in _ZDART.items()}
_ZDART_REFUSED = {"C": "entry date", "D": "posting date"}


class _Period:
    """One period of a T052 row: its rule and its cash-discount percent."""

    def __init__(self, rule: BasicRule, percent: Decimal, tag: int | None) -> None:
        self.rule = rule
        self.percent = percent
        self.tag = tag  # the days counted (None for a fixed day), to check their order


class _Key:
    """What one key's rows say: its net rule, its tiers and its baseline."""

    def __init__(self, net: DueRule, tiers: tuple[DiscountTier, ...], basis: Basis) -> None:
        self.net = net
        self.tiers = tiers
        self.basis = basis


# --------------------------------------------------------------------------- reading


def _percent(row: Record, key: str, *, digits: int = 5) -> Decimal:
    """Return a percent with 3 decimals and ``digits`` digits (ZPRZ1/2: DEC 5,3, up to 99.999)."""
    value = row.decimal(key, default=0, text=True)
    exponent = value.as_tuple().exponent
    if not 0 <= value < 10 ** (digits - 3) or (isinstance(exponent, int) and exponent < -3):
        row.fail(key, value, f"a percent >= 0 with {digits} digits, 3 of them decimals")
    return value


def _basis(row: Record) -> Basis:
    code = row.text("ZDART", default="")
    if code in _ZDART_REFUSED:
        row.refuse(
            "ZDART",
            code,
            f"the model has no {_ZDART_REFUSED[code]} baseline (document date B or none)",
        )
    if code not in _ZDART:
        row.fail("ZDART", code, "one of '', 'B', 'C', 'D'")
    return _ZDART[code]


def _day_check(row: Record, key: str, day: int, high: int) -> None:
    if day < 31 and high > day:
        row.refuse(
            key,
            day,
            "a fixed day in the baseline's own month precedes baselines after that day; "
            "the model moves such dates to the next month (use a day limit at or below the day)",
        )


def _fields(row: Record, k: int) -> tuple[int, int, int, Decimal]:
    """Return period ``k``'s days, fixed day, additional months and discount percent."""
    return (
        row.integer(f"ZTAG{k}", low=0, high=999, default=0, digits=True),
        row.integer(f"ZSTG{k}", low=0, high=31, default=0, digits=True),
        row.integer(f"ZSMN{k}", low=0, high=99, default=0, digits=True),
        _percent(row, f"ZPRZ{k}") if k < 3 else Decimal(0),
    )


def _period_rule(
    row: Record, k: int, fields: tuple[int, int, int, Decimal], shift: tuple[int, int], high: int
) -> tuple[BasicRule, int | None]:
    """Return period ``k``'s rule and its day count (None when it counts no days)."""
    fixed_day, months = shift
    tag, day, extra, _ = fields
    if day and tag:
        row.fail(f"ZSTG{k}", day, f"0 when ZTAG{k} gives days (days or a fixed day, not both)")
    if extra and not day:
        row.refuse(
            f"ZSMN{k}", extra, f"additional months without a fixed day (ZSTG{k}) have no model rule"
        )
    if day:
        ahead = months + extra
        if ahead == 0:
            _day_check(row, f"ZSTG{k}", day, high)
        return make(SAP, row.name(f"ZSMN{k}"), ahead, DayOfMonth, day, months_ahead=ahead), None
    field = row.name(f"ZTAG{k}")
    if fixed_day == 31:
        return make(SAP, field, tag, DaysAfterEndOfMonth, tag, months=months), tag
    if fixed_day == 0 and months == 0:
        return make(SAP, field, tag, NetDays, tag), tag
    if tag:
        row.refuse(
            f"ZTAG{k}",
            tag,
            "days after a baseline moved by ZFAEL/ZMONA (other than to the month's end) "
            "have no model rule",
        )
    if fixed_day == 0:
        return make(SAP, row.name("ZMONA"), months, NetMonths, months), None
    if months == 0:
        _day_check(row, "ZFAEL", fixed_day, high)
    rule = make(SAP, row.name("ZMONA"), months, DayOfMonth, fixed_day, months_ahead=months)
    return rule, None


def _row_periods(row: Record, high: int) -> tuple[BasicRule, tuple[DiscountTier, ...]]:
    """Return a row's net rule and discount tiers (``high``: the row's day limit)."""
    shift = (
        row.integer("ZFAEL", low=0, high=31, default=0, digits=True),
        row.integer("ZMONA", low=0, high=99, default=0, digits=True),
    )
    fields = [_fields(row, k) for k in (1, 2, 3)]
    used = [k for k in (1, 2, 3) if any(fields[k - 1])]
    if used != list(range(1, len(used) + 1)):
        gap = next(k for k in (1, 2, 3) if k not in used)
        row.fail(f"ZTAG{gap}", 0, "filled: periods are used in order (period k needs period k-1)")
    count = max(len(used), 1)
    periods = []
    for k in range(1, count + 1):
        rule, tag = _period_rule(row, k, fields[k - 1], shift, high)
        periods.append(_Period(rule, fields[k - 1][3], tag))
    for k, (first, second) in enumerate(itertools.pairwise(periods), start=2):
        if first.tag is not None and second.tag is not None and second.tag <= first.tag:
            row.fail(f"ZTAG{k}", second.tag, f"more days than ZTAG{k - 1} ({first.tag})")
    tiers = []
    for k, period in enumerate(periods, start=1):
        if period.percent:
            tiers.append(DiscountTier(rate_of(period.percent), period.rule))
        elif k < count:
            row.fail(f"ZPRZ{k}", period.percent, "above 0: only the last period is net")
    if len(tiers) == 2 and tiers[1].rate >= tiers[0].rate:
        row.refuse("ZPRZ2", fields[1][3], "below ZPRZ1: the model's tiers fall in rate")
    return periods[-1].rule, tuple(tiers)


def _read_key(tables: Record, rows: Sequence[Record], key: str, field: str) -> tuple[_Key, bool]:
    """Return what key ``key`` says and whether it is an installment key (XSPLT)."""
    mine = [row for row in rows if row.data.get("ZTERM") == key]
    if not mine:
        tables.fail(field, key, "a key with rows in T052")
    limits = [row.integer("ZTAGG", low=0, high=31, default=0, digits=True) for row in mine]
    split = [row.text("XSPLT", default="") for row in mine]
    for row, flag in zip(mine, split, strict=True):
        if flag not in ("", "X"):
            row.fail("XSPLT", flag, "'' or 'X'")
    bases = [_basis(row) for row in mine]
    if len(set(bases)) > 1:
        mine[1].refuse("ZDART", bases[1].value, "the same baseline on every day-limit row")
    if len(mine) == 1:
        if limits[0] not in (0, 31):
            mine[0].fail(
                "ZTAGG", limits[0], "0 or 31 for a key with one row (the last limit is 31)"
            )
        if split[0] == "X":
            for name in ("ZFAEL", "ZMONA"):
                if mine[0].integer(name, low=0, high=99, default=0, digits=True):
                    mine[0].fail(
                        name,
                        mine[0].data[name],
                        "0 on an installment key (its installments' keys hold the dates)",
                    )
            for k in (1, 2, 3):
                if any(_fields(mine[0], k)):
                    mine[0].fail(
                        f"ZTAG{k}",
                        mine[0].data.get(f"ZTAG{k}"),
                        "empty on an installment key (its installments' keys hold the periods)",
                    )
            return _Key(NetDays(0), (), bases[0]), True
        net, tiers = _row_periods(mine[0], 31)
        return _Key(net, tiers, bases[0]), False
    order = sorted(range(len(mine)), key=lambda i: limits[i])
    ordered = [limits[i] for i in order]
    if ordered[0] == 0 or len(set(ordered)) != len(ordered) or ordered[-1] != 31:
        mine[order[0]].fail("ZTAGG", ordered, "distinct day limits from 1 to 31, the last 31")
    if "X" in split:
        mine[split.index("X")].fail("XSPLT", "X", "'' on a key with day limits")
    entries = []
    for i in order:
        net, tiers = _row_periods(mine[i], limits[i])
        entries.append((limits[i], net, tiers))
    counts = {len(tiers) for _, _, tiers in entries}
    if len(counts) > 1:
        tables.refuse(field, key, "the same number of discount periods on every day-limit row")
    tiers_out = []
    for j in range(counts.pop()):
        rates = {tiers[j].rate for _, _, tiers in entries}
        if len(rates) > 1:
            tables.refuse(field, key, "the same discount percents on every day-limit row")
        deadline = DayLimit(
            tuple(DayLimitEntry(limit, _basic(tiers[j].deadline)) for limit, _, tiers in entries)
        )
        tiers_out.append(DiscountTier(rates.pop(), deadline))
    net_rule = DayLimit(tuple(DayLimitEntry(limit, net) for limit, net, _ in entries))
    return _Key(net_rule, tuple(tiers_out), bases[0]), False


def _basic(rule: DueRule) -> BasicRule:
    """Return a row's tier deadline, which is always a basic rule (a period's rule)."""
    assert not isinstance(rule, DayLimit | PaymentDays)  # noqa: S101 - built from one row
    return rule


def read_sap(tables: Mapping[str, Any]) -> PaymentTerms:
    """Read SAP terms of payment key ``ZTERM`` from T052 (and T052S) rows.

    Mapping: days from an unmoved baseline are [`NetDays`][spendrules.payment_terms.NetDays]; days from a
    baseline moved to the month's end (``ZFAEL`` 31, ``ZMONA`` m) are
    ``DaysAfterEndOfMonth(days, months=m)``; a fixed day D with additional
    months m (of the period, plus ``ZMONA``) is ``DayOfMonth(D, months_ahead=m)``;
    ``ZMONA`` alone is [`NetMonths`][spendrules.payment_terms.NetMonths]; the discount periods are the tiers;
    day-limit rows become [`DayLimit`][spendrules.payment_terms.DayLimit] rules; an ``XSPLT`` key's T052S rows
    are installments (``RATPZ`` %, each due by its ``RATZT`` key's rows).
    ``ZDART`` ``B`` is the invoice (document) date, blank a date entered at
    posting (`Basis.SPECIFIED`).

    Args:
        tables: ``{"ZTERM": key, "T052": rows, "T052S": rows}`` (``T052S``
            optional).

    Returns:
        The payment terms (discount base gross: SAP keeps the cash-discount
        base in company-code settings, not in T052).

    Raises:
        TypeError: ``tables`` is not a mapping.
        InteropError: a missing key, a value out of its NUMC/DEC range, days and
            a fixed day in one period, periods out of order, a discount on the
            net period only, day limits not ending at 31, installment percents
            not adding up to 100, an installment key that is itself split.
        NotRepresentableError: an entry or posting date baseline, additional
            months without a fixed day, days after a baseline moved to a day
            other than the month's end, a fixed day that can precede the
            baseline, discount percents that differ between day-limit rows or
            do not fall from period 1 to 2, installments with different baselines.

    Examples:
        >>> terms = read_sap({"ZTERM": "ZB01", "T052": [{"ZTERM": "ZB01", "ZDART": "B",
        ...     "ZTAG1": 14, "ZPRZ1": "3.000", "ZTAG2": 30, "ZPRZ2": "2.000", "ZTAG3": 45}]})
        >>> print(terms.describe())
        100 % (the whole amount) due 45 days after the baseline date; 3 % discount until 14 days after the baseline date; 2 % discount until 30 days after the baseline date

    References:
        SAP T052/T052S field lists (erpexplorer, leanx "T052"); SAP help "Cash
        Discount Percentage Rates and Cash Discount Terms", 4.6C "Date-Specific
        Terms of Payment", SAP wiki "Installment Payment Terms - Customizing",
        data element PXMON.
    """
    if not isinstance(tables, Mapping):
        raise TypeError(
            f"tables must be a mapping (dict), not {type(tables).__name__}: {_shown(tables)}"
        )
    record = Record(SAP, "", tables)
    record.check_keys({"ZTERM", "T052", "T052S"})
    key = record.text("ZTERM")
    rows = [Record(SAP, f"T052[{i}]", raw) for i, raw in enumerate(record.items("T052", minimum=1))]
    for row in rows:
        row.check_keys(_ROW_FIELDS, _ROW_IGNORED)
        row.text("ZTERM")
    splits = [Record(SAP, f"T052S[{i}]", raw) for i, raw in enumerate(record.items("T052S"))]
    for row in splits:
        row.check_keys(_SPLIT_FIELDS, {"MANDT"})
        row.text("ZTERM")
    main, split = _read_key(record, rows, key, "ZTERM")
    mine = [row for row in splits if row.data["ZTERM"] == key]
    if not split:
        if mine:
            mine[0].fail(
                "ZTERM", key, "a key flagged XSPLT (installment rows for a key without it)"
            )
        return PaymentTerms(
            (Installment(main.net, main.tiers),), basis=main.basis, discount_base=DiscountBase.GROSS
        )
    if not mine:
        record.fail("T052S", key, "installment rows for the installment key")
    numbers = [row.integer("RATNR", low=1, high=999, digits=True) for row in mine]
    if len(set(numbers)) != len(numbers):
        record.fail("T052S", sorted(numbers), "distinct installment numbers (RATNR)")
    items = []
    total = Decimal(0)
    for _number, row in sorted(zip(numbers, mine, strict=True), key=lambda pair: pair[0]):
        percent = _percent(row, "RATPZ", digits=6)
        if not 0 < percent <= _HUNDRED:
            row.fail("RATPZ", percent, "a percent above 0 and at most 100")
        with exact():
            total += percent
        part, part_split = _read_key(record, rows, row.text("RATZT"), f"{row.path}.RATZT")
        if part_split:
            row.fail("RATZT", row.data["RATZT"], "a key that is not itself an installment key")
        if part.basis is not main.basis:
            row.refuse(
                "RATZT", row.data["RATZT"], "the same baseline (ZDART) as the installment key"
            )
        items.append(Installment(part.net, part.tiers, share=Percent(percent)))
    if total != _HUNDRED:
        record.fail("T052S", total, "installment percents (RATPZ) adding up to 100")
    return finish(items, basis=main.basis)


# --------------------------------------------------------------------------- writing


def _pieces(rule: DueRule) -> list[tuple[int, DueRule]] | None:
    """Return ``rule`` as (day limit, rule) pieces, or None when it is no day-limit rule."""
    if isinstance(rule, DayLimit):
        return [(entry.limit, entry.rule) for entry in rule.limits]
    if isinstance(rule, EomDating) and rule.late_cutoff_day is not None:
        return [
            (rule.late_cutoff_day, DaysAfterEndOfMonth(rule.days)),
            (31, DaysAfterEndOfMonth(rule.days, months=1)),
        ]
    return None


def _at(pieces: list[tuple[int, DueRule]] | None, rule: DueRule, limit: int) -> DueRule:
    if pieces is None:
        return rule
    return next(r for high, r in pieces if limit <= high)


def _encode_period(rule: DueRule, shift: tuple[int, int], high: int) -> tuple[int, int, int] | None:
    """Return (ZTAG, ZSTG, ZSMN) of ``rule`` under a baseline shift, or None."""
    fixed_day, months = shift
    if isinstance(rule, DayOfMonth) and rule.cutoff_day is None:
        extra = rule.months_ahead - months
        if extra < 0 or extra > 99:
            return None
        if rule.months_ahead == 0 and rule.day < 31 and high > rule.day:
            return None
        return (0, rule.day, extra)
    if shift == (0, 0) and isinstance(rule, NetDays) and rule.days <= 999:
        return (rule.days, 0, 0)
    if (
        fixed_day == 31
        and isinstance(rule, DaysAfterEndOfMonth)
        and rule.months == months
        and rule.days <= 999
    ):
        return (rule.days, 0, 0)
    if fixed_day == 0 and months and isinstance(rule, NetMonths) and rule.months == months:
        return (0, 0, 0)
    return None


def _shifts(rules: Sequence[DueRule]) -> list[tuple[int, int]]:
    found = [(0, 0)]
    for rule in rules:
        if isinstance(rule, DaysAfterEndOfMonth) and rule.months <= 99:
            found.append((31, rule.months))
        elif isinstance(rule, NetMonths) and rule.months <= 99:
            found.append((0, rule.months))
    return list(dict.fromkeys(found))


def _encode_row(
    rules: Sequence[DueRule], high: int
) -> tuple[tuple[int, int], list[tuple[int, int, int]]] | None:
    """Return the baseline shift and each period's encoding, literal forms first."""
    for literal in (True, False):
        options = [[rule] if literal else list(forms(rule)) for rule in rules]
        candidates = _shifts([form for option in options for form in option])
        for shift in candidates:
            encoded = []
            for option in options:
                found = next(
                    (
                        e
                        for e in (_encode_period(form, shift, high) for form in option)
                        if e is not None
                    ),
                    None,
                )
                if found is None:
                    break
                encoded.append(found)
            else:
                return shift, encoded
    return None


def _zprz(field: str, tier: DiscountTier) -> Decimal:
    percent = percent_of(tier.rate)
    exponent = percent.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -3:
        raise NotRepresentableError(
            SAP, field, percent, "ZPRZ holds a percent with 3 decimals (DEC 5,3)"
        )
    return percent


def _rows(key: str, item: Installment, index: int, zdart: str) -> list[dict[str, Any]]:
    where = f"installments[{index}]"
    if len(item.discounts) > 2:
        raise NotRepresentableError(
            SAP,
            f"{where}.discounts",
            len(item.discounts),
            "T052 has two discount periods and the net period",
        )
    percents = [
        _zprz(f"{where}.discounts[{j}].rate", tier) for j, tier in enumerate(item.discounts)
    ]
    rules = [tier.deadline for tier in item.discounts] + [item.due]
    pieces = [_pieces(rule) for rule in rules]
    limits = sorted({high for piece in pieces if piece is not None for high, _ in piece} - {31})
    limits = [*limits, 31] if limits else [0]
    rows = []
    for limit in limits:
        high = limit or 31
        at = [_at(piece, rule, high) for piece, rule in zip(pieces, rules, strict=True)]
        same = len(at) > 1 and canonical_rule(at[-1]) == canonical_rule(at[-2])
        used = at[:-1] if same else at
        encoded = _encode_row(used, high)
        if encoded is None:
            raise NotRepresentableError(
                SAP,
                f"{where}.due",
                item.due.describe(),
                "T052 has days, days after the month's end, or a fixed day and additional months "
                "(shared baseline per row) for each period",
            )
        (fixed_day, months), codes = encoded
        if not same and len(codes) > 1 and codes[-1] == (0, 0, 0):
            raise NotRepresentableError(
                SAP,
                f"{where}.due",
                item.due.describe(),
                "T052 reads an empty net period after a discount period as unused "
                "(a net date on the baseline, before the discount deadline)",
            )
        counted = fixed_day == 31 or (fixed_day, months) == (0, 0)
        for k in range(1, len(codes)):
            days_based = counted and codes[k][1] == 0 and codes[k - 1][1] == 0
            if days_based and codes[k][0] <= codes[k - 1][0]:
                raise NotRepresentableError(
                    SAP,
                    f"{where}.due",
                    item.due.describe(),
                    "T052 periods count more days each (a discount deadline after the net date)",
                )
        row: dict[str, Any] = {
            "ZTERM": key,
            "ZTAGG": limit,
            "ZDART": zdart,
            "ZFAEL": fixed_day,
            "ZMONA": months,
        }
        for k in (1, 2, 3):
            tag, day, extra = codes[k - 1] if k <= len(codes) else (0, 0, 0)
            row[f"ZTAG{k}"] = tag
            if k < 3:
                row[f"ZPRZ{k}"] = percents[k - 1] if k <= len(percents) else Decimal(0)
            row[f"ZSTG{k}"] = day
            row[f"ZSMN{k}"] = extra
        row["XSPLT"] = ""
        rows.append(row)
    return rows


def _keys(key: str, count: int, given: Sequence[str] | None) -> list[str]:
    if given is None:
        raise InteropError(
            SAP,
            "installment_keys",
            None,
            f"given for terms with {count} installments: one key per installment for its own "
            f"T052 rows (RATZT), distinct and other than {key!r}; no key is derived, because a "
            "derived key (ZB10 would give ZB01, ZB02) can name an existing key, such as SAP's "
            "delivered ZB01, and replace it on import",
        )
    keys = list(given)
    if len(keys) != count or len(set(keys)) != count or key in keys:
        raise InteropError(
            SAP,
            "installment_keys",
            keys,
            f"{count} distinct keys other than {key!r}, one per installment",
        )
    for name in keys:
        _check_key("installment_keys", name)
    return keys


def _check_key(field: str, key: object) -> str:
    if not isinstance(key, str) or not 1 <= len(key) <= 4:
        raise InteropError(SAP, field, key, "a terms-of-payment key of 1 to 4 characters (ZTERM)")
    return key


def write_sap(
    terms: PaymentTerms, *, key: str = "Z001", installment_keys: Sequence[str] | None = None
) -> dict[str, Any]:
    """Write terms as SAP T052 (and T052S) rows under key ``key``.

    A one-installment term is one T052 row (one per day limit); discount tiers
    fill periods 1 and 2 and the net rule the next period (none when it equals
    the last tier's deadline). Several installments are an ``XSPLT`` key with
    T052S rows (``RATPZ`` % each) pointing to one key per installment, the
    ``installment_keys`` you choose. They are required for several
    installments and never derived: every key in T052 is global to the
    client, so a derived name (``ZB10`` giving ``ZB01``, ``ZB02``) could be one
    of SAP's delivered keys or one of yours, and importing the rows would
    replace it.

    Args:
        terms: The payment terms.
        key: The terms-of-payment key (1 to 4 characters).
        installment_keys: The keys of the installments' own rows, one per
            installment in order; required when ``terms`` has more than one
            installment (ignored for one).

    Returns:
        ``{"ZTERM": key, "T052": rows, "T052S": rows}`` with every field written.

    Raises:
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        InteropError: a key that is not 1 to 4 characters; several
            installments without ``installment_keys``, or installment keys
            that are not one distinct key per installment other than ``key``.
        NotRepresentableError: a baseline other than the document date or a
            date entered at posting, a discount base other than gross (a
            company-code setting in SAP), more than two tiers, a rule with no
            period encoding, a discount deadline after the net date, fixed
            amounts or ratios with no exact 3-decimal percent.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> row = write_sap(parse_terms("3/10, 2/30, net 60"), key="ZB01")["T052"][0]
        >>> [row[f] for f in ("ZTAG1", "ZPRZ1", "ZTAG2", "ZPRZ2", "ZTAG3")]
        [10, Decimal('3'), 30, Decimal('2'), 60]
        >>> split = parse_terms("30% net 30, 70% net 60")
        >>> tables = write_sap(split, key="ZI01", installment_keys=["ZI02", "ZI03"])
        >>> [(r["RATNR"], r["RATPZ"], r["RATZT"]) for r in tables["T052S"]]
        [(1, Decimal('30'), 'ZI02'), (2, Decimal('70'), 'ZI03')]
        >>> write_sap(split, key="ZB10")
        Traceback (most recent call last):
        ...
        spendrules._interop._common.InteropError: sap: installment_keys must be given for terms with 2 installments: ...

    References:
        SAP T052/T052S; SAP help "Cash Discount Percentage Rates and Cash Discount Terms".
    """
    terms = check_writable(terms, SAP)
    key = _check_key("key", key)
    if terms.basis not in _ZDART_NAME:
        raise NotRepresentableError(
            SAP,
            "basis",
            terms.basis.value,
            "T052 baselines are the document date (B) or one entered at posting",
        )
    zdart = _ZDART_NAME[terms.basis]
    if terms.has_discount and terms.discount_base is not DiscountBase.GROSS:
        raise NotRepresentableError(
            SAP,
            "discount_base",
            terms.discount_base.value,
            "the cash-discount base is a company-code setting in SAP, not part of T052",
        )
    items = terms.installments
    if len(items) == 1:
        return {"ZTERM": key, "T052": _rows(key, items[0], 0, zdart), "T052S": []}
    fractions = share_fractions(items)
    if fractions is None:
        raise NotRepresentableError(
            SAP, "installments", "fixed amount", "T052S installments are percents of the invoice"
        )
    percents = []
    parts = []
    for index, (item, fraction) in enumerate(zip(items, fractions, strict=True)):
        percent = fraction_to_decimal(fraction * 100)
        exponent = None if percent is None else percent.as_tuple().exponent
        if percent is None or (isinstance(exponent, int) and exponent < -3):
            raise NotRepresentableError(
                SAP,
                f"installments[{index}].share",
                str(fraction),
                "RATPZ holds a percent with 3 decimals",
            )
        percents.append(plain(percent))
        parts.append(_rows("", item, index, zdart))
    # Every term that T052 cannot hold is refused above, before the caller must name keys.
    keys = _keys(key, len(items), installment_keys)
    main = {"ZTERM": key, "ZTAGG": 0, "ZDART": zdart, "ZFAEL": 0, "ZMONA": 0}
    for k in (1, 2, 3):
        main[f"ZTAG{k}"] = 0
        if k < 3:
            main[f"ZPRZ{k}"] = Decimal(0)
        main[f"ZSTG{k}"] = 0
        main[f"ZSMN{k}"] = 0
    main["XSPLT"] = "X"
    t052: list[dict[str, Any]] = [main]
    t052s = []
    for number, (name, percent, rows) in enumerate(zip(keys, percents, parts, strict=True), 1):
        t052s.append({"ZTERM": key, "RATNR": number, "RATPZ": percent, "RATZT": name})
        t052.extend({**row, "ZTERM": name} for row in rows)
    return {"ZTERM": key, "T052": t052, "T052S": t052s}
