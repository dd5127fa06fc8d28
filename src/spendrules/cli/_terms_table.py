"""``spendrules terms`` CSV to CSV through ``frames.schedule`` (private).

A ``terms`` batch read from CSV and written as CSV runs, with the frames extra
installed, through `spendrules.cli._table.run_table`: records in chunks,
every cell text, the date keys (``invoice_date``, ``baseline_date``,
``on_date``) parsed in whole columns, and a key a record leaves out filled with
the text of the flag's (or the ``--policy`` file's) value, as the scalar path
takes it. Each chunk is split by its distinct (``dialect``, ``roll``,
``grace_days``) (a handful: usually the flags' values alone), each part goes
through `spendrules.frames.schedule` (amounts in integer minor units, errors
collected) and, for records with an ``on_date``, `spendrules.frames.amount_payable`;
the ``SCHEDULE_COLUMNS`` cells are made from its lines: the total is the sum of
the line amounts, ``discount_offers`` the number of discounts the terms give
(none for a zero total), ``best_discount`` the sum of each line's first tier.

Every record the frames functions do not compute cleanly goes to the scalar
path, record by record, so the output bytes are the scalar path's: an error row
(a bad amount, currency or terms text, a key left out), an amount or tax that is
not a plain decimal of at most 29 digits and 9 places (the frame reads money as
``decimal(38, 9)``; ``1E+3`` is for the scalar path), a part whose
``dialect``, ``roll`` or ``grace_days`` does not read, or that the frames
function refuses as a whole, and a record with a JSON cell (terms as a JSON
object). When the ``--policy`` file's standard terms give the default terms,
records without terms go to the scalar path unless those terms read back
unchanged from their trade notation in the part's dialect (``fr``, ``de``, ...
read another language: there they do). No option of ``terms``
lacks a frames equivalent: every batch CSV to CSV can take this path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from spendrules._decimal import CONTEXT
from spendrules._terms.schedule_lines import _offered
from spendrules.calendars import Roll, WeekendCalendar
from spendrules.cli._batch import RECORD_ERRORS
from spendrules.cli._payment_terms_rows import SCHEDULE_FIELDS, TermsCache
from spendrules.cli._table import FrameCall, Layout, places_of
from spendrules.payment_terms import PaymentTerms, format_terms, parse_terms

if TYPE_CHECKING:  # numpy comes with the frames extra: imported where the frames path runs
    import numpy as np
    import numpy.typing as npt

__all__ = ["schedule_call", "schedule_layout"]

_WEEKEND: Final = WeekendCalendar()
#: The keys a chunk is split by: ``frames.schedule`` takes them as options.
_OPTIONS: Final = ("dialect", "roll", "grace_days")
_DATES: Final = frozenset({"invoice_date", "baseline_date", "on_date"})
_NO_DAY: Final = 2**63 - 1
#: Money text every frame library reads exactly as a decimal(38, 9): the other cells
#: (an exponent, more places, more digits, not a number) become null, so the scalar
#: path reads them (and gives their figures or errors).
_SCALE: Final = 9
_PLAIN_MONEY: Final = r"^[+-]?[0-9]{1,29}(?:\.[0-9]{1,9})?$"
#: What `_days` gives a null date (NaT: the most negative int64).
_NULL_DAY: Final = -(2**63)


def _default_text(value: object) -> str | None:
    """The text of a flag's value as a record would give it (None: given per part, see `_standard`)."""
    if isinstance(value, PaymentTerms):
        return None
    if isinstance(value, Decimal):
        return format(value, "f")  # an equal value: the amount is rounded to its currency
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def schedule_layout(defaults: Mapping[str, Any]) -> Layout:
    """The CSV layout of ``terms`` records, with the cells ``defaults`` gives a record that leaves them out."""
    texts = {}
    for name, value in defaults.items():
        text = None if value is None else _default_text(value)
        if text is not None:
            texts[name] = text
    numbers = frozenset({"amount", "tax_amount", "grace_days"})
    return Layout(tuple(SCHEDULE_FIELDS), numbers, _DATES, frozenset(), texts)


def _amount(units: int, places: int) -> Decimal:
    """``units`` minor units as the amount the scalar row holds (the writer prints both alike)."""
    return Decimal(units).scaleb(-places, context=CONTEXT)


def _days(series: Any) -> npt.NDArray[np.int64]:
    """Days since 1970-01-01 of a date column (nulls: the most negative int64)."""
    import numpy as np  # noqa: PLC0415 - the frames extra

    values = np.asarray(series.to_numpy())
    if values.dtype.kind != "M":  # dates as objects (None for null)
        values = np.array(values, dtype="datetime64[D]")
    days: npt.NDArray[np.int64] = values.astype("datetime64[D]").astype(np.int64)
    return days


def _iso(days: npt.NDArray[np.int64]) -> list[str]:
    import numpy as np  # noqa: PLC0415 - the frames extra

    return np.datetime_as_string(days.astype("datetime64[D]")).tolist()  # type: ignore[no-any-return]


def _standard(terms: PaymentTerms, dialect: str) -> str | None:
    """The notation of the policy's standard terms when it reads back unchanged in ``dialect``."""
    text = format_terms(terms)
    try:
        same = parse_terms(text, dialect=dialect) == terms
    except RECORD_ERRORS:  # a dialect that reads another language
        return None
    return text if same else None


def schedule_call(cache: TermsCache, standard: PaymentTerms | None) -> FrameCall:
    """The frames call of ``terms``: a chunk of text columns to its ``SCHEDULE_COLUMNS`` cells.

    ``standard`` is the default terms when the ``--policy`` file gives them.
    """

    def call(frame: Any, nw: Any) -> list[tuple[Any, ...] | None]:
        frame = frame.with_row_index("__position")
        if "tax_amount" in frame.columns:  # no tax is 0, as on the scalar path
            tax = nw.col("tax_amount").fill_null("0")
            if frame.select((tax == "0").all()).item():
                frame = frame.drop("tax_amount")  # nothing to read row by row
            else:
                frame = frame.with_columns(tax)
        for name in ("amount", "tax_amount"):
            if name in frame.columns:  # read in whole columns: a cell of another form is left out
                plain = nw.when(nw.col(name).str.contains(_PLAIN_MONEY)).then(nw.col(name))
                frame = frame.with_columns(plain.cast(nw.Decimal(38, _SCALE)))
        cells: list[tuple[Any, ...] | None] = [None] * len(frame)
        for key in frame.select(*_OPTIONS).unique().rows():
            where = [nw.col(name) == value for name, value in zip(_OPTIONS, key, strict=True)]
            part = frame.filter(*where)
            try:
                options = [
                    SCHEDULE_FIELDS[name](value, name)
                    for name, value in zip(_OPTIONS, key, strict=True)
                ]
                _part(part, nw, options=options, cache=cache, cells=cells, standard=standard)
            except RECORD_ERRORS:
                continue  # a part the frames function refuses whole: the scalar path says why
        return cells

    return call


def _part(
    part: Any,
    nw: Any,
    *,
    options: Sequence[Any],
    cache: TermsCache,
    cells: list[tuple[Any, ...] | None],
    standard: PaymentTerms | None,
) -> None:
    """Compute one part (one dialect, roll and grace) into ``cells`` (error rows stay None)."""
    from spendrules import frames  # noqa: PLC0415 - the optional extra

    dialect, roll, grace = options
    text = None if standard is None else _standard(standard, dialect)
    if text is not None:
        given = nw.col("terms").fill_null(text) if "terms" in part.columns else nw.lit(text)
        part = part.with_columns(given.alias("terms"))
    convention = Roll(roll)
    columns = part.columns
    on = "on_date" in columns and part.get_column("on_date").null_count() < len(part)
    keep = ["__position"]
    if on:
        fallback = nw.when(nw.col("on_date").is_null()).then(nw.col("invoice_date"))
        part = part.with_columns(fallback.otherwise(nw.col("on_date")).alias("__on"))
        keep.append("__on")
    plan = frames.schedule(
        nw.to_native(part),
        tax_amount="tax_amount" if "tax_amount" in columns else None,
        baseline_date="baseline_date" if "baseline_date" in columns else None,
        keep=keep,
        calendar=None if convention is Roll.UNADJUSTED else _WEEKEND,
        roll=convention,
        grace_days=grace,
        dialect=dialect,
        money="minor_units",
        errors="collect",
    )
    lines = nw.from_native(plan, eager_only=True)
    lines = lines.filter(nw.col("error_code").is_null())
    if not len(lines):
        return
    payable = None
    if on:
        paid = nw.from_native(
            frames.amount_payable(nw.to_native(lines), on="__on"), eager_only=True
        )
        payable = paid.get_column("amount_payable").to_numpy()
    _cells(part, lines, payable, dialect, cache, cells)


def _offers(terms: PaymentTerms) -> list[int]:
    return [len(_offered(item)) for item in terms.installments]


def _cells(  # noqa: PLR0917 - private; called once
    part: Any,
    lines: Any,
    payable: npt.NDArray[np.int64] | None,
    dialect: str,
    cache: TermsCache,
    cells: list[tuple[Any, ...] | None],
) -> None:
    """The ``SCHEDULE_COLUMNS`` cells of every invoice ``lines`` (error rows taken out) holds."""
    import numpy as np  # noqa: PLC0415 - the frames extra

    row = lines.get_column("row").to_numpy().astype(np.int64)
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    invoice = row[starts]  # each invoice's position in the part
    installment = lines.get_column("installment").to_numpy().astype(np.int64)
    due = _days(lines.get_column("due_date"))
    amount = lines.get_column("amount").to_numpy().astype(np.int64)
    total = np.add.reduceat(amount, starts)
    count = np.diff(np.r_[starts, len(row)])
    # The discounts each line offers: by its terms (none for a zero total).
    texts = part.get_column("terms").to_list()
    distinct: dict[str, int] = {}
    codes = np.array([distinct.setdefault(texts[at], len(distinct)) for at in invoice.tolist()])
    parsed = [cache.terms(text, "terms", dialect, cells=True) for text in distinct]
    width = max(len(terms.installments) for terms in parsed)
    table = np.zeros((len(parsed), width), dtype=np.int64)
    for code, terms in enumerate(parsed):
        each = _offers(terms)
        table[code, : len(each)] = each
    line_offers = table[np.repeat(codes, count), installment]
    line_offers[np.repeat(total == 0, count)] = 0
    offers = np.add.reduceat(line_offers, starts)
    first_deadline = np.full(len(row), _NO_DAY, dtype=np.int64)
    best = np.zeros(len(row), dtype=np.int64)
    tier = 1
    while f"deadline_{tier}" in lines.columns:
        deadline = _days(lines.get_column(f"deadline_{tier}"))
        first_deadline = np.minimum(
            first_deadline, np.where(line_offers >= tier, deadline, _NO_DAY)
        )
        if tier == 1:
            best = np.where(line_offers >= 1, lines.get_column("discount_1").to_numpy(), 0)
        tier += 1
    best_total = np.add.reduceat(best.astype(np.int64), starts)
    earliest = np.minimum.reduceat(first_deadline, starts)
    has_deadline = earliest != _NO_DAY
    invoice_days = _days(part.get_column("invoice_date"))[invoice]
    base = invoice_days
    if "baseline_date" in part.columns:
        given = _days(part.get_column("baseline_date"))[invoice]
        base = np.where(given == _NULL_DAY, invoice_days, given)
    on_text: list[str | None] = [None] * len(invoice)
    paid: list[int] = [0] * len(invoice)
    if payable is not None:
        on_days = _days(part.get_column("on_date"))[invoice]
        dated = on_days != _NULL_DAY
        on_text = [
            t if g else None
            for t, g in zip(_iso(np.where(dated, on_days, 0)), dated.tolist(), strict=True)
        ]
        paid = payable.astype(np.int64).tolist()
    formats = {text: format_terms(terms) for text, terms in zip(distinct, parsed, strict=True)}
    currency = part.get_column("currency").to_list()
    position = part.get_column("__position").to_list()
    columns = zip(
        invoice.tolist(),
        _iso(invoice_days),
        _iso(base),
        total.tolist(),
        count.tolist(),
        _iso(np.minimum.reduceat(due, starts)),
        _iso(np.maximum.reduceat(due, starts)),
        offers.tolist(),
        _iso(np.where(has_deadline, earliest, 0)),
        has_deadline.tolist(),
        best_total.tolist(),
        strict=True,
    )
    for at, (place, day, baseline, units, many, first, last, offered, dl, has, disc) in enumerate(
        columns
    ):
        code = currency[place]
        places = places_of(code)
        on_day = on_text[at]
        on_cells = (None, None) if on_day is None else (on_day, _amount(paid[at], places))
        cells[position[place]] = (
            formats[texts[place]],
            day,
            baseline,
            code,
            _amount(units, places),
            many,
            first,
            last,
            offered,
            dl if has else None,
            _amount(disc, places),
            _amount(units - disc, places),
            *on_cells,
        )
