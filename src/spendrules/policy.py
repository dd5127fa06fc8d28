"""The agreed policy: one versioned TOML file finance and procurement both sign.

A policy file has a ``[policy]`` header (name, version, effective dates, reference
currency), one ``[[sign_off]]`` per signature, and one optional section per rule
family: ``[payment_terms]``, ``[savings]``, ``[budget]``, ``[approvals]``,
``[inventory]`` and ``[kpis]``. [load][spendrules.policy.load] reads a file and [loads][spendrules.policy.loads] reads
TOML text (two functions, so that a path is never mistaken for text);
[dump][spendrules.policy.dump] writes the text back, every setting spelled out.

Reading is exact and strict:

* TOML numbers become ``Decimal`` from their text (``0.95`` is
  ``Decimal("0.95")``, never a float on the way); a quoted number is refused.
* Dates are TOML dates (``effective_from = 2027-01-01``); a quoted date or a
  date-time is refused.
* Unknown keys, wrong types, missing fields and values a rule refuses raise
  [PolicyFileError][spendrules.errors.PolicyFileError] naming the key path
  (``budget.order.rules[0].usage``) and the line; a TOML syntax error keeps
  ``tomllib``'s line and column.
* ``[savings]`` holds ``preset = "finance_strict"`` (any of
  ``SavingsPolicy.PRESET_NAMES`` or ``"default"``) or the fields of
  [SavingsPolicy][spendrules.savings.SavingsPolicy]; ``signoff_threshold = "none"``
  spells "never" (TOML has no null). ``[budget]`` is a
  [ControlPolicy][spendrules.budget.ControlPolicy] and ``[approvals]`` an
  [ApprovalMatrix][spendrules.budget.ApprovalMatrix], field by field as their
  JSON; ``[payment_terms] standard_terms`` is trade notation (``"net 60"``);
  ``[inventory.service_levels]`` and ``[kpis]`` are tables keyed by item class and
  KPI name.

The **fingerprint** ([AgreedPolicy.fingerprint][spendrules.policy.AgreedPolicy.fingerprint]) is ``"sha256:"`` and the
hash of the canonical content without the sign-offs: every setting (defaults
included) as JSON with sorted keys, Decimals without trailing zeros. Comments,
whitespace, key and table order and number spelling (``0.950``, ``1_000``) do not
change it; any setting does. A sign-off names the fingerprint it approved; the
policy is agreed when finance and procurement both signed the current one
([AgreedPolicy.agreement][spendrules.policy.AgreedPolicy.agreement]).

**Citations.** [load][spendrules.policy.load] and [loads][spendrules.policy.loads] give
each section they build (``ControlPolicy``, ``ApprovalMatrix``, ``SavingsPolicy``,
``PaymentTermsPolicy``, ``InventoryPolicy`` and its ``ReserveTable``) a ``source``: a
[PolicyReference][spendrules.policy.PolicyReference] with the name, version,
fingerprint, whether it is agreed, and the section. The rules take the sections as
they take the same objects built in code (``check_budget(..., policy=agreed.budget)``,
``route_approval(request, agreed.approvals)``, ``classify_savings(event,
policy=agreed.savings, ...)``, ``review_stock(item, ..., policy=agreed.inventory)``,
``excess_and_obsolete_reserve(split, table=agreed.inventory.reserve)``,
``should_take_discount(terms, policy=agreed.payment_terms)``, ``term_change_impact``,
``check_terms``) and put the reference, citing the clauses that decided
(``budget.order.rules[1]``, ``approvals.bands[2]``, ``inventory.service_levels.A``,
``payment_terms.cost_of_capital``, ``savings.signoff_threshold``), on the result as
``policy_reference``. ``source`` is not a setting: it is left out of equality, the
fingerprint, [dump][spendrules.policy.dump] and [diff][spendrules.policy.diff], and
is never a key of the file; the JSON of a section or result keeps it. Nothing
changes for a caller who builds the sections in code: no reference, no new reason,
the same numbers (so no rule id changed).

Reason codes (stable):

* ``POLICY.AGREED`` (info): every required role signed the current content.
* ``POLICY.NOT_AGREED`` (warning): a role's sign-off is stale or missing; also on
  every result computed under such a file.
* ``POLICY.CITED`` (info): on a result computed under a policy file, the policy
  (name, version, fingerprint) and the clauses that decided.
* ``POLICY.OVERRIDDEN`` (warning): an explicit argument differs from the agreed
  setting it replaces (``should_take_discount(..., cost_of_capital=...)``).
* ``POLICY.SIGNOFF_CURRENT`` (info), ``POLICY.SIGNOFF_STALE`` (warning: the
  content changed after they signed), ``POLICY.SIGNOFF_MISSING`` (warning): one
  per required role.
* ``POLICY.DIFF.CHANGED`` (warning), ``POLICY.DIFF.SAME`` (info),
  ``POLICY.DIFF.SECTION_ADDED``, ``POLICY.DIFF.SECTION_REMOVED`` (warning): from
  [diff][spendrules.policy.diff].
* From [replay][spendrules.policy.replay]: ``POLICY.REPLAY.SUMMARY`` (info: how
  many rows change), then per family replayed ``POLICY.REPLAY.CASH_RELEASED``,
  ``POLICY.REPLAY.DISCOUNT_FLIPPED``, ``POLICY.REPLAY.SAVINGS_RECOGNISED``,
  ``POLICY.REPLAY.STOCK_RESERVED``, ``POLICY.REPLAY.REQUESTS_HELD`` (warning) or
  ``POLICY.REPLAY.NO_CHANGE`` (info), and ``POLICY.NOT_AGREED`` for a version not
  signed by both sides.

Rule ids: ``"policy.agreement@1"``, ``"policy.diff@1"``, ``"policy.replay@1"``.

Examples:
    >>> policy = loads(example_text())
    >>> policy.header.name, policy.header.version
    ('Group finance and procurement policy', '2027.1')
    >>> policy.savings.signoff_threshold, policy.payment_terms.cost_of_capital
    (Decimal('50000'), Decimal('0.08'))
    >>> policy.agreed
    True
    >>> loads(dump(policy)) == policy
    True
    >>> loads(example_text().replace("cost_of_capital = 0.08", "cost_of_capital = 0.080")).agreed
    True
    >>> loads(example_text().replace("cost_of_capital = 0.08", 'cost_of_capital = "0.08"'))
    Traceback (most recent call last):
    ...
    spendrules.errors.PolicyFileError: line 24: payment_terms.cost_of_capital must be a number, unquoted (0.95, 100000): '0.08'

References:
    ``POLICY.md`` (the agreed policy, issue 18); TOML 1.0.0 (https://toml.io/en/v1.0.0).
"""

from __future__ import annotations

import decimal
import os
from collections.abc import Iterable
from datetime import date
from importlib import resources

from spendrules._policy.canonical import check_agreement as _check_agreement
from spendrules._policy.canonical import policy_data
from spendrules._policy.diff import PolicyChange, PolicyDiff
from spendrules._policy.diff import diff as _diff
from spendrules._policy.model import (
    AgreedPolicy,
    Agreement,
    Direction,
    InventoryPolicy,
    KpiTarget,
    PaymentTermsPolicy,
    PolicyHeader,
    RoleAgreement,
    ServiceLevel,
    SignOff,
    SignOffStatus,
)
from spendrules._policy.read import TOP_LEVEL
from spendrules._policy.read import load as _load
from spendrules._policy.read import loads as _loads
from spendrules._policy.reference import PolicyReference
from spendrules._policy.replay import replay as _replay
from spendrules._policy.replay_model import (
    BudgetContext,
    BudgetReplay,
    CurrencyTotal,
    InvoiceChange,
    OutcomeCount,
    PolicyReplay,
    ReplayInvoice,
    RequestChange,
    RequestOutcome,
    SavingsChange,
    SavingsReplay,
    StockChange,
    StockReplay,
    TermsReplay,
)
from spendrules._policy.toml_write import dumps
from spendrules.budget import SpendRequest
from spendrules.errors import PolicyFileError
from spendrules.inventory import StockItem
from spendrules.savings import SavingsEvent

__all__ = [  # noqa: RUF022 - grouped by question, as the other public modules
    # reading and writing the file
    "load",
    "loads",
    "dump",
    "example_text",
    "PolicyFileError",
    # the policy and its sections
    "AgreedPolicy",
    "PolicyHeader",
    "SignOff",
    "PaymentTermsPolicy",
    "InventoryPolicy",
    "ServiceLevel",
    "KpiTarget",
    "Direction",
    # which policy decided a result
    "PolicyReference",
    # is it agreed?
    "fingerprint",
    "check_agreement",
    "Agreement",
    "RoleAgreement",
    "SignOffStatus",
    # what changed between two versions
    "diff",
    "PolicyDiff",
    "PolicyChange",
    # what a change does to real data
    "replay",
    "ReplayInvoice",
    "BudgetContext",
    "PolicyReplay",
    "TermsReplay",
    "InvoiceChange",
    "SavingsReplay",
    "SavingsChange",
    "StockReplay",
    "StockChange",
    "BudgetReplay",
    "RequestChange",
    "RequestOutcome",
    "OutcomeCount",
    "CurrencyTotal",
]


def load(path: str | os.PathLike[str]) -> AgreedPolicy:
    """Read the policy file at ``path`` (UTF-8 TOML).

    Args:
        path: The file's path.

    Returns:
        The [AgreedPolicy][spendrules.policy.AgreedPolicy].

    Raises:
        PolicyFileError: the file is not UTF-8, not TOML, or breaks the shape
            (the message names the file, line and key path).
        OSError: the file cannot be opened.
        TypeError: ``path`` is neither ``str`` nor path-like.

    Examples:
        >>> import pathlib, tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = pathlib.Path(folder, "policy.toml")
        ...     _ = path.write_text(example_text(), encoding="utf-8")
        ...     load(path).header.version
        '2027.1'
    """
    return _load(path)


def loads(text: str, *, source: str | None = None) -> AgreedPolicy:
    """Read a policy from TOML text.

    Args:
        text: The TOML text.
        source: A name for the text in error messages (a file name), or None.

    Returns:
        The [AgreedPolicy][spendrules.policy.AgreedPolicy].

    Raises:
        PolicyFileError: not TOML, or a key, type or value the shape refuses;
            the message names the line and key path.
        TypeError: ``text`` is not a ``str``.

    Examples:
        >>> text = '''
        ... [policy]
        ... name = "Pilot"
        ... version = "1"
        ... effective_from = 2027-01-01
        ... reference_currency = "EUR"
        ...
        ... [savings]
        ... preset = "finance_strict"
        ... '''
        >>> loads(text).savings.use_quotes
        False
        >>> loads(text.replace("2027-01-01", '"2027-01-01"'))
        Traceback (most recent call last):
        ...
        spendrules.errors.PolicyFileError: line 5: policy.effective_from must be a TOML date, unquoted (2027-01-01), not a string: '2027-01-01'
    """
    return _loads(text, source=source)


def dump(policy: AgreedPolicy) -> str:
    """Return the policy as TOML text, every setting written (defaults too).

    ``loads(dump(policy)) == policy``. Sections come in file order; within a
    section, the fields in their class's order.

    Raises:
        TypeError: ``policy`` is not an AgreedPolicy.

    Examples:
        >>> from datetime import date
        >>> print(dump(AgreedPolicy(PolicyHeader("Pilot", "1", date(2027, 1, 1), "EUR"))))
        [policy]
        name = "Pilot"
        version = "1"
        effective_from = 2027-01-01
        reference_currency = "EUR"
        <BLANKLINE>
    """
    if not isinstance(policy, AgreedPolicy):
        raise TypeError(f"policy must be an AgreedPolicy, not {type(policy).__name__}")
    return dumps(policy_data(policy), order=TOP_LEVEL)


def fingerprint(policy: AgreedPolicy) -> str:
    """Return the policy's fingerprint: ``"sha256:"`` and 64 hex digits (see the module docs).

    Raises:
        TypeError: ``policy`` is not an AgreedPolicy.
    """
    if not isinstance(policy, AgreedPolicy):
        raise TypeError(f"policy must be an AgreedPolicy, not {type(policy).__name__}")
    return policy.fingerprint


def check_agreement(
    policy: AgreedPolicy, *, roles: Iterable[str] = ("finance", "procurement")
) -> Agreement:
    """Return whether each of ``roles`` signed the policy's current content.

    Args:
        policy: The policy.
        roles: The roles whose current sign-off the agreement needs (default
            finance and procurement).

    Returns:
        An [Agreement][spendrules.policy.Agreement]: per role current, stale or
        missing, and ``agreed``.

    Raises:
        TypeError: ``policy`` is not an AgreedPolicy, or a role is not a str.
        InvalidInputError: no roles.

    Examples:
        >>> policy = loads(example_text())
        >>> check_agreement(policy, roles=("finance", "procurement", "audit")).agreed
        False
    """
    if not isinstance(policy, AgreedPolicy):
        raise TypeError(f"policy must be an AgreedPolicy, not {type(policy).__name__}")
    return _check_agreement(policy, roles=roles)


def diff(old: AgreedPolicy, new: AgreedPolicy) -> PolicyDiff:
    """Return every setting that differs from ``old`` to ``new``, side by side.

    Sign-offs are not settings and are left out; Decimals compare by value.

    Raises:
        TypeError: either is not an AgreedPolicy.

    Examples:
        >>> old = loads(example_text())
        >>> new = loads(example_text().replace('"net 60"', '"net 90"'))
        >>> [(c.key, c.old, c.new) for c in diff(old, new).changes]
        [('payment_terms.standard_terms', '"net 60"', '"net 90"')]
    """
    return _diff(old, new)


def replay(
    old: AgreedPolicy,
    new: AgreedPolicy,
    *,
    invoices: Iterable[ReplayInvoice] = (),
    events: Iterable[SavingsEvent] = (),
    items: Iterable[StockItem] = (),
    requests: Iterable[SpendRequest] = (),
    context: BudgetContext | None = None,
    as_of: date,
    day_basis: int = 365,
    rounding: str = decimal.ROUND_HALF_UP,
    engine: str = "auto",
) -> PolicyReplay:
    """Re-run real data under ``old`` and ``new``: the rows whose outcome changes, and by how much.

    What each family's rows are, and what counts as a change:

    * **invoices** ([ReplayInvoice][spendrules.policy.ReplayInvoice]), under
      ``[payment_terms]``: an invoice without terms of its own is paid on each
      version's standard terms. A row changes when the due date of an
      installment or the discount decision
      ([should_take_discount][spendrules.payment_terms.should_take_discount] at each
      version's cost of capital and convention) differs. **Cash released** =
      (Σ installment amount × days from the invoice date to its due date under
      ``new`` − the same under ``old``) / ``day_basis``, exact, rounded once per
      invoice to the minor unit with ``rounding``: the invoice's contribution to
      the average payables balance over a year, so that over a year's invoices it
      is the working capital the change releases (positive: the buyer keeps the
      cash longer). Due dates are the net due dates (a discount taken is
      reported as its decision, not folded into the cash);
    * **savings events** ([SavingsEvent][spendrules.savings.SavingsEvent]),
      classified under each ``[savings]`` (absent: ``SavingsPolicy()``) at
      ``as_of``: a row changes when the finance-recognised amount, the status or
      the primary category differs;
    * **SKUs** ([StockItem][spendrules.inventory.StockItem]), reviewed at
      ``as_of`` under each ``[inventory]``: the service level of the item's
      class replaces its own service target (an agreed safety stock still wins),
      the carrying rate replaces its holding rate, and a months-of-supply reserve
      table gives the reserve; a row changes when the safety target, the on-hand
      units held as safety stock, their value, the reserve or the carrying cost
      differ;
    * **requests** ([SpendRequest][spendrules.budget.SpendRequest]), each
      checked alone at ``as_of`` against ``context`` (nothing is reserved
      between requests) in a [BudgetBook][spendrules.budget.BudgetBook] built
      once per version's ``[budget]`` (absent: ``ControlPolicy()``): a row changes
      when its [RequestOutcome][spendrules.policy.RequestOutcome] differs.

    Only changed rows are listed; each family's totals are the exact sums of its
    changed rows (per currency; never converted). A family whose clauses are
    equal in both versions is computed once.

    Args:
        old: The version in force.
        new: The proposed version.
        invoices: Invoices, each with its terms or "the standard terms".
        events: Savings events.
        items: SKUs.
        requests: Spend requests (needs ``context``).
        context: The budgets, ledger, hierarchies, rates, calendar and
            submitter's roles the requests are checked against.
        as_of: The day events are classified, SKUs reviewed and requests checked.
        day_basis: Days in the year of the cash-released measure, 365 (default) or 360.
        rounding: Rounding of each invoice's cash released (default ``ROUND_HALF_UP``).
        engine: ``"auto"`` (default: the frames functions when numpy, narwhals
            and pandas are installed, else the scalar rules), ``"frames"`` or
            ``"scalar"``; every engine gives the same result.

    Returns:
        A [PolicyReplay][spendrules.policy.PolicyReplay].

    Raises:
        TypeError: ``old`` or ``new`` is not an AgreedPolicy, a row is not of
            its family's type, ``context`` is not a BudgetContext.
        InvalidInputError: invoices without a ``[payment_terms]`` section in
            either version, requests without ``context``, an age-based reserve
            table, a bad option, or a row a rule refuses (the field names the
            row: ``invoices[3].terms``).
        MissingExtraError: ``engine="frames"`` without the frames extra and pandas.

    Examples:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> old = loads(example_text())
        >>> new = loads(example_text().replace('"net 60"', '"net 90"'))
        >>> result = replay(old, new, as_of=date(2027, 3, 31), invoices=[
        ...     ReplayInvoice(Decimal("36500.00"), "EUR", date(2027, 1, 15), reference="A-1"),
        ...     ReplayInvoice(Decimal("9000.00"), "EUR", date(2027, 1, 20), "net 30"),
        ... ])
        >>> [(c.reference, c.old_days, c.new_days, c.cash_released) for c in result.terms.changes]
        [('A-1', 60, 90, Decimal('3000.00'))]
        >>> result.reasons[1].message
        '1 of 2 invoices change: cash released 3000.00 EUR (Σ amount × change in due days / 365, rounded per invoice).'
    """
    return _replay(
        old,
        new,
        invoices=invoices,
        events=events,
        items=items,
        requests=requests,
        context=context,
        as_of=as_of,
        day_basis=day_basis,
        rounding=rounding,
        engine=engine,
    )


def example_text() -> str:
    """Return the bundled example policy (``spendrules/data/policy_example.toml``)."""
    files = resources.files("spendrules").joinpath("data", "policy_example.toml")
    return files.read_text(encoding="utf-8")
