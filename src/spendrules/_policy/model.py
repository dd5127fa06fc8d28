"""The agreed policy as values: header, sign-offs and one section per family (private)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

# The sections come from the families' private modules, not their public facades: the
# families' rules take these sections (``review_stock(policy=...)``) and import this module.
from spendrules._budget.approval_matrix import ApprovalMatrix
from spendrules._budget.policy import ControlPolicy
from spendrules._checks import (
    check_currency,
    check_date,
    check_decimal,
    check_fraction,
    check_int,
    to_enum,
)
from spendrules._enums import SpendEnum
from spendrules._inventory.reserve import ReserveTable
from spendrules._policy.reference import PolicyReference, source_field
from spendrules._savings.model import SavingsPolicy
from spendrules._terms.conventions import DiscountConvention
from spendrules._terms.model import PaymentTerms
from spendrules.errors import InvalidInputError, _shown
from spendrules.results import Explained, Reason

__all__ = [
    "AgreedPolicy",
    "Agreement",
    "Direction",
    "InventoryPolicy",
    "KpiTarget",
    "PaymentTermsPolicy",
    "PolicyHeader",
    "RoleAgreement",
    "ServiceLevel",
    "SignOff",
    "SignOffStatus",
]

#: How a sign-off names the content it approved: ``sha256:`` and 64 lower-case hex digits.
FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}", re.ASCII)


def _text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str, not {type(value).__name__}: {value!r}")
    if not value.strip():
        raise InvalidInputError(attribute.name, value, "a non-empty text")


def _day(_instance: object, attribute: attrs.Attribute[date], value: object) -> None:
    check_date(value, attribute.name)


def _currency(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    check_currency(value, attribute.name)


def _instance_of(kind: type) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[object], value: object) -> None:
        if value is not None and not isinstance(value, kind):
            raise TypeError(
                f"{attribute.name} must be a {kind.__name__}, not {type(value).__name__}: "
                f"{_shown(value)}"
            )

    return check


def _effective_to(instance: PolicyHeader, _attribute: object, value: date | None) -> None:
    if value is None:
        return
    end = check_date(value, "effective_to")
    if end < instance.effective_from:
        raise InvalidInputError(
            "effective_to", value, f"on or after effective_from ({instance.effective_from})"
        )


@attrs.frozen
class PolicyHeader:
    """What the policy is and when it applies.

    Attributes:
        name: The policy's name (``"Group finance and procurement policy"``).
        version: Its version label (``"2027.1"``); any non-empty text.
        effective_from: First day the policy applies.
        reference_currency: ISO 4217 code of the amounts the policy states.
        effective_to: Last day it applies, or None (open-ended); on or after
            ``effective_from``.

    Examples:
        >>> PolicyHeader("Group policy", "2027.1", date(2027, 1, 1), "EUR").effective_to is None
        True
        >>> PolicyHeader("Group policy", "2027.1", date(2027, 1, 1), "EUR", date(2026, 12, 31))
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: effective_to must be on or after effective_from (2027-01-01): datetime.date(2026, 12, 31)
    """

    name: str = attrs.field(validator=_text)
    version: str = attrs.field(validator=_text)
    effective_from: date = attrs.field(validator=_day)
    reference_currency: str = attrs.field(validator=_currency)
    effective_to: date | None = attrs.field(default=None, validator=_effective_to)


def _fingerprint(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str, not {type(value).__name__}: {value!r}")
    if not FINGERPRINT.fullmatch(value):
        raise InvalidInputError(
            attribute.name, value, "'sha256:' followed by 64 lower-case hex digits"
        )


@attrs.frozen
class SignOff:
    """One side's approval of the policy content it read.

    Attributes:
        role: The side that signs (``"finance"``, ``"procurement"``).
        by: Who signed (a name or a title).
        on: The day they signed.
        fingerprint: The fingerprint of the content they approved
            (`AgreedPolicy.fingerprint` when they signed).
    """

    role: str = attrs.field(validator=_text)
    by: str = attrs.field(validator=_text)
    on: date = attrs.field(validator=_day)
    fingerprint: str = attrs.field(validator=_fingerprint)


def _days(value: object) -> int:
    return check_int(value, "minimum_days", minimum=0)


def _maximum_days(instance: PaymentTermsPolicy, _attribute: object, value: int | None) -> None:
    if value is None:
        return
    days = check_int(value, "maximum_days", minimum=0)
    if days < instance.minimum_days:
        raise InvalidInputError("maximum_days", value, f">= minimum_days ({instance.minimum_days})")


def _cost_of_capital(value: object) -> Decimal:
    return check_fraction(value, "cost_of_capital")


def _convention(value: object) -> DiscountConvention:
    return to_enum(DiscountConvention, value, "discount_convention")


@attrs.frozen
class PaymentTermsPolicy:
    """The payment-terms clauses: standard terms, the allowed range, and the discount rule.

    Attributes:
        standard_terms: The terms suppliers are offered by default (written as
            trade notation in the file, read by
            [parse_terms][spendrules.payment_terms.parse_terms]).
        cost_of_capital: The annual rate discounts are weighed against, a fraction.
        minimum_days: Fewest days to net payment either side accepts (default 0).
        maximum_days: Most days to net payment, or None (no maximum); at least
            ``minimum_days``.
        discount_convention: The rule that decides whether to take an
            early-payment discount (default
            [DiscountConvention.COST_OF_CAPITAL][spendrules.payment_terms.DiscountConvention]).
        source: The policy file the section was read from (set by
            [load][spendrules.policy.load]), or None; not part of equality.
    """

    standard_terms: PaymentTerms = attrs.field(validator=_instance_of(PaymentTerms))
    cost_of_capital: Decimal = attrs.field(converter=_cost_of_capital)
    minimum_days: int = attrs.field(default=0, converter=_days)
    maximum_days: int | None = attrs.field(default=None, validator=_maximum_days)
    discount_convention: DiscountConvention = attrs.field(
        default=DiscountConvention.COST_OF_CAPITAL, converter=_convention
    )
    source: PolicyReference | None = source_field()  # noqa: RUF009 - an attrs.field


def _level(value: object) -> Decimal:
    number = check_decimal(value, "level")
    if not 0 < number < 1:
        raise InvalidInputError("level", value, "a fraction strictly between 0 and 1 (0.95)")
    return number


@attrs.frozen
class ServiceLevel:
    """The cycle service level agreed for one item class.

    Attributes:
        item_class: The class (``"A"``, ``"spares"``).
        level: Probability of no stock-out per cycle, strictly between 0 and 1.
    """

    item_class: str = attrs.field(validator=_text)
    level: Decimal = attrs.field(converter=_level)


def _service_levels(value: Iterable[ServiceLevel]) -> tuple[ServiceLevel, ...]:
    levels = tuple(value)
    for index, level in enumerate(levels):
        if not isinstance(level, ServiceLevel):
            raise TypeError(
                f"service_levels[{index}] must be a ServiceLevel, not {type(level).__name__}"
            )
    names = [level.item_class for level in levels]
    if len(set(names)) != len(names):
        raise InvalidInputError("service_levels", tuple(names), "one level per item class")
    return tuple(sorted(levels, key=lambda level: level.item_class))


def _carrying_rate(value: object) -> Decimal | None:
    return None if value is None else check_fraction(value, "carrying_rate")


@attrs.frozen
class InventoryPolicy:
    """The inventory clauses: service levels by item class, carrying rate, reserve table.

    Attributes:
        service_levels: One [ServiceLevel][spendrules.policy.ServiceLevel] per
            item class, sorted by class (a table ``class = level`` in the file).
        carrying_rate: Annual cost of carrying stock as a fraction of its value,
            or None (not agreed).
        reserve: The excess-and-obsolete reserve table, or None.
        source: The policy file the section was read from (set by
            [load][spendrules.policy.load]), or None; not part of equality.
    """

    service_levels: tuple[ServiceLevel, ...] = attrs.field(default=(), converter=_service_levels)
    carrying_rate: Decimal | None = attrs.field(default=None, converter=_carrying_rate)
    reserve: ReserveTable | None = attrs.field(default=None, validator=_instance_of(ReserveTable))
    source: PolicyReference | None = source_field()  # noqa: RUF009 - an attrs.field

    def level_for(self, item_class: str) -> ServiceLevel | None:
        """Return the service level agreed for ``item_class``, or None."""
        for level in self.service_levels:
            if level.item_class == item_class:
                return level
        return None


class Direction(SpendEnum):
    """Which way a KPI improves.

    Attributes:
        HIGHER: Higher is better (on-time delivery, savings).
        LOWER: Lower is better (days payable outstanding for a supplier, maverick spend).
    """

    HIGHER = "higher"
    LOWER = "lower"


def _direction(value: object) -> Direction:
    return to_enum(Direction, value, "direction")


def _target(value: object) -> Decimal:
    return check_decimal(value, "target")


@attrs.frozen
class KpiTarget:
    """A KPI both sides report: its definition and target.

    Attributes:
        name: The KPI's name (its key in the ``[kpis]`` table).
        definition: What is measured, in words both sides agreed.
        target: The target value.
        direction: Whether higher or lower is better.
    """

    name: str = attrs.field(validator=_text)
    definition: str = attrs.field(validator=_text)
    target: Decimal = attrs.field(converter=_target)
    direction: Direction = attrs.field(converter=_direction)


def _kpis(value: Iterable[KpiTarget] | None) -> tuple[KpiTarget, ...] | None:
    if value is None:
        return None
    kpis = tuple(value)
    for index, kpi in enumerate(kpis):
        if not isinstance(kpi, KpiTarget):
            raise TypeError(f"kpis[{index}] must be a KpiTarget, not {type(kpi).__name__}")
    names = [kpi.name for kpi in kpis]
    if len(set(names)) != len(names):
        raise InvalidInputError("kpis", tuple(names), "one target per KPI name")
    return tuple(sorted(kpis, key=lambda kpi: kpi.name))


def _sign_offs(value: Iterable[SignOff]) -> tuple[SignOff, ...]:
    sign_offs = tuple(value)
    seen: set[tuple[str, str]] = set()
    for index, sign_off in enumerate(sign_offs):
        if not isinstance(sign_off, SignOff):
            raise TypeError(f"sign_offs[{index}] must be a SignOff, not {type(sign_off).__name__}")
        if (sign_off.role, sign_off.by) in seen:
            raise InvalidInputError(
                f"sign_offs[{index}].by", sign_off.by, f"not a second sign-off as {sign_off.role}"
            )
        seen.add((sign_off.role, sign_off.by))
    return sign_offs


@attrs.frozen
class AgreedPolicy:
    """The policy file both sides sign: a header, sign-offs and one section per family.

    A section is None when the file leaves it out. Build one with
    [load][spendrules.policy.load] or [loads][spendrules.policy.loads].

    Attributes:
        header: Name, version, effective dates, reference currency.
        sign_offs: Each side's approval, in file order (``[[sign_off]]``).
        payment_terms: The payment-terms clauses, or None.
        savings: The [SavingsPolicy][spendrules.savings.SavingsPolicy], or None.
        budget: The funds-control [ControlPolicy][spendrules.budget.ControlPolicy], or None.
        approvals: The [ApprovalMatrix][spendrules.budget.ApprovalMatrix], or None.
        inventory: The inventory clauses, or None.
        kpis: The KPI targets, sorted by name, or None.
    """

    header: PolicyHeader = attrs.field(validator=_instance_of(PolicyHeader))
    sign_offs: tuple[SignOff, ...] = attrs.field(default=(), converter=_sign_offs)
    payment_terms: PaymentTermsPolicy | None = attrs.field(
        default=None, validator=_instance_of(PaymentTermsPolicy)
    )
    savings: SavingsPolicy | None = attrs.field(default=None, validator=_instance_of(SavingsPolicy))
    budget: ControlPolicy | None = attrs.field(default=None, validator=_instance_of(ControlPolicy))
    approvals: ApprovalMatrix | None = attrs.field(
        default=None, validator=_instance_of(ApprovalMatrix)
    )
    inventory: InventoryPolicy | None = attrs.field(
        default=None, validator=_instance_of(InventoryPolicy)
    )
    kpis: tuple[KpiTarget, ...] | None = attrs.field(default=None, converter=_kpis)

    @property
    def fingerprint(self) -> str:
        """``"sha256:"`` and the hash of the canonical content, sign-offs left out."""
        from spendrules._policy.canonical import fingerprint  # noqa: PLC0415 - a cycle

        return fingerprint(self)

    def agreement(self, *, roles: Iterable[str] = ("finance", "procurement")) -> Agreement:
        """Return whether every one of ``roles`` signed the current content."""
        from spendrules._policy.canonical import check_agreement  # noqa: PLC0415 - a cycle

        return check_agreement(self, roles=roles)

    @property
    def agreed(self) -> bool:
        """Whether finance and procurement both signed the current content."""
        return self.agreement().agreed


class SignOffStatus(SpendEnum):
    """Where one side stands on the current content.

    Attributes:
        CURRENT: A sign-off of this role names the current fingerprint.
        STALE: Every sign-off of this role names another fingerprint (the
            content changed after they signed).
        MISSING: No sign-off of this role.
    """

    CURRENT = "current"
    STALE = "stale"
    MISSING = "missing"


@attrs.frozen
class RoleAgreement:
    """One role's sign-off status.

    Attributes:
        role: The role (``"finance"``).
        status: Current, stale or missing.
        by: Who signed (the current sign-off, else the latest), or None when missing.
        on: When, or None.
        fingerprint: The fingerprint they approved, or None.
    """

    role: str
    status: SignOffStatus
    by: str | None = None
    on: date | None = None
    fingerprint: str | None = None


@attrs.frozen
class Agreement(Explained):
    """Whether the policy is agreed: each required role signed the current content.

    Attributes:
        name: The policy's name.
        version: Its version.
        fingerprint: The fingerprint of the current content.
        agreed: True when every required role's sign-off is current.
        roles: One status per required role, in the order asked.
        rule: ``"policy.agreement@1"``.
        reasons: ``POLICY.SIGNOFF_CURRENT``, ``POLICY.SIGNOFF_STALE`` or
            ``POLICY.SIGNOFF_MISSING`` per role, then ``POLICY.AGREED`` or
            ``POLICY.NOT_AGREED``.
    """

    name: str
    version: str
    fingerprint: str
    agreed: bool
    roles: tuple[RoleAgreement, ...]
    rule: str = "policy.agreement@1"
    reasons: tuple[Reason, ...] = ()

    def primary_reason(self) -> Reason | None:
        """Return the reason that states the outcome (agreed or not)."""
        return self.reasons[-1] if self.reasons else None

    def _detail_lines(self) -> list[str]:
        return [
            f"  {role.role}: {role.status.value}"
            + (f" ({role.by}, {role.on})" if role.by is not None else "")
            for role in self.roles
        ]
