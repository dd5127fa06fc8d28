"""Payment terms under the agreed policy: the settings it lends, and terms checked against it.

* `from_policy`: the cost of capital and discount convention of a
  [`PaymentTermsPolicy`][spendrules.policy.PaymentTermsPolicy] for a rule whose caller
  left them out (an explicit argument wins, ``POLICY.OVERRIDDEN`` when it differs);
* [`check_terms`][spendrules.payment_terms.check_terms]: are these terms within the
  agreed minimum and maximum days, and are they the standard terms?

Examples:
    >>> from decimal import Decimal
    >>> from spendrules.payment_terms import parse_terms
    >>> from spendrules.policy import PaymentTermsPolicy
    >>> agreed = PaymentTermsPolicy(parse_terms("net 60"), Decimal("0.08"), minimum_days=30,
    ...                             maximum_days=90)
    >>> check = check_terms(parse_terms("net 120"), agreed)
    >>> check.within_range, check.standard, check.primary_reason().code
    (False, False, 'TERMS.POLICY.ABOVE_MAXIMUM')
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypeVar

import attrs

from spendrules._policy.model import PaymentTermsPolicy
from spendrules._policy.reference import PolicyReference, cited_reasons
from spendrules._terms.conventions import (
    DiscountConvention,
    _check_terms,
    _days,
    _dec,
    _label,
    _timing,
)
from spendrules._terms.model import PaymentTerms
from spendrules.errors import InvalidInputError
from spendrules.results import Explained, Reason, Severity

__all__ = ["Lent", "TermsCheck", "check_terms", "from_policy", "with_citation"]

R = TypeVar("R", bound=Explained)

#: Rule id of [`check_terms`][spendrules.payment_terms.check_terms].
CHECK_RULE = "payment_terms.check_terms@1"


@attrs.frozen
class Lent:
    """What a rule takes from the policy: the settings, the clauses used, the reasons."""

    cost_of_capital: Decimal | int
    convention: DiscountConvention | str
    clauses: tuple[str, ...]
    reasons: tuple[Reason, ...]
    source: PolicyReference | None

    def cited(self) -> PolicyReference | None:
        """The policy reference citing the clauses used (the section when none), or None."""
        if self.source is None:
            return None
        return self.source.at(*self.clauses) if self.clauses else self.source


def _overridden(key: str, given: object, agreed: object) -> Reason:
    return Reason.of(
        "POLICY.OVERRIDDEN",
        f"{key.rsplit('.', 1)[-1]} {given} was given explicitly and wins over the agreed "
        f"{agreed} ({key}).",
        severity=Severity.WARNING,
        clause=key,
        given=given,
        agreed=agreed,
    )


def from_policy(
    policy: PaymentTermsPolicy | None,
    *,
    cost_of_capital: Decimal | int | None,
    convention: DiscountConvention | str | None,
    lends: tuple[str, ...] = ("cost", "convention"),
) -> Lent:
    """The cost of capital and convention a rule uses: the caller's, else the policy's.

    ``lends`` names what the rule takes from the policy (a rule that has no
    discount convention of its own takes only ``"cost"``).

    Raises:
        TypeError: ``policy`` is not a PaymentTermsPolicy.
        InvalidInputError: no cost of capital, from the caller or the policy.
    """
    if policy is None:
        if cost_of_capital is None:
            raise InvalidInputError(
                "cost_of_capital", None, "given (or a policy with a cost_of_capital)"
            )
        chosen = DiscountConvention.COST_OF_CAPITAL if convention is None else convention
        return Lent(cost_of_capital, chosen, (), (), None)
    if not isinstance(policy, PaymentTermsPolicy):
        raise TypeError(
            f"policy must be a PaymentTermsPolicy or None, not {type(policy).__name__}: {policy!r}"
        )
    clauses: list[str] = []
    reasons: list[Reason] = []
    if cost_of_capital is None:
        cost_of_capital = policy.cost_of_capital
        clauses.append("payment_terms.cost_of_capital")
    elif cost_of_capital != policy.cost_of_capital:
        reasons.append(
            _overridden("payment_terms.cost_of_capital", cost_of_capital, policy.cost_of_capital)
        )
    agreed = policy.discount_convention
    if "convention" not in lends:
        convention = DiscountConvention.COST_OF_CAPITAL
    elif convention is None:
        convention = agreed
        clauses.append("payment_terms.discount_convention")
    elif convention != agreed:
        reasons.append(_overridden("payment_terms.discount_convention", convention, agreed.value))
    return Lent(cost_of_capital, convention, tuple(clauses), tuple(reasons), policy.source)


def with_citation(result: R, lent: Lent, *, last_is_primary: bool) -> R:
    """``result`` with the policy's reasons and its ``policy_reference``.

    The overrides come first; ``POLICY.CITED`` (and ``POLICY.NOT_AGREED``) last, or just
    before the last reason when that one states the decision.
    """
    cited = lent.cited()
    citation = cited_reasons(cited)
    if not (lent.reasons or citation):
        return result
    reasons = result.reasons
    if last_is_primary:
        body = (*lent.reasons, *reasons[:-1], *citation, reasons[-1])
    else:
        body = (*lent.reasons, *reasons, *citation)
    return attrs.evolve(result, reasons=body, policy_reference=cited)  # type: ignore[misc]


@attrs.frozen
class TermsCheck(Explained):
    """Whether payment terms keep to the agreed policy.

    Attributes:
        terms: The terms checked, in notation.
        net_days: Days from the invoice to the last installment's net due date
            (averaged over the invoice dates of the reference year when the terms
            depend on the calendar, such as end of month).
        minimum_days: The agreed minimum.
        maximum_days: The agreed maximum, or None (no maximum).
        standard_terms: The agreed standard terms, in notation.
        within_range: ``minimum_days <= net_days <= maximum_days``.
        standard: The terms equal the standard terms.
        rule: ``"payment_terms.check_terms@1"``.
        reasons: ``TERMS.POLICY.BELOW_MINIMUM``, ``TERMS.POLICY.ABOVE_MAXIMUM`` or
            ``TERMS.POLICY.WITHIN_RANGE``; then ``TERMS.POLICY.STANDARD`` or
            ``TERMS.POLICY.NOT_STANDARD``; under a policy file, ``POLICY.CITED``
            (and ``POLICY.NOT_AGREED``).
        policy_reference: The policy file the section came from, citing the
            bound that decided (``payment_terms.maximum_days`` when above it; both
            bounds when within) and ``payment_terms.standard_terms``, or None.
    """

    terms: str
    net_days: Decimal
    minimum_days: int
    maximum_days: int | None
    standard_terms: str
    within_range: bool
    standard: bool
    rule: str = CHECK_RULE
    reasons: tuple[Reason, ...] = ()
    policy_reference: PolicyReference | None = None

    def primary_reason(self) -> Reason | None:
        """Return the range verdict (the first reason)."""
        return self.reasons[0] if self.reasons else None


def check_terms(terms: PaymentTerms, policy: PaymentTermsPolicy) -> TermsCheck:
    """Check ``terms`` against the agreed minimum and maximum days and the standard terms.

    Args:
        terms: The terms a supplier offers or a contract states.
        policy: The agreed [`PaymentTermsPolicy`][spendrules.policy.PaymentTermsPolicy].

    Returns:
        A [`TermsCheck`][spendrules.payment_terms.TermsCheck]: out of range or not the
        standard terms are outcomes (warning reasons), not errors.

    Raises:
        TypeError: ``terms`` is not PaymentTerms or ``policy`` not a PaymentTermsPolicy.

    Examples:
        >>> from decimal import Decimal
        >>> from spendrules.payment_terms import parse_terms
        >>> from spendrules.policy import PaymentTermsPolicy
        >>> agreed = PaymentTermsPolicy(parse_terms("net 60"), Decimal("0.08"), minimum_days=30)
        >>> check = check_terms(parse_terms("2/10 net 45"), agreed)
        >>> check.net_days, check.within_range, check.standard
        (Decimal('45.00'), True, False)
    """
    subject = _check_terms(terms, "terms")
    if not isinstance(policy, PaymentTermsPolicy):
        raise TypeError(
            f"policy must be a PaymentTermsPolicy, not {type(policy).__name__}: {policy!r}"
        )
    days = _days(_dec(_timing(subject.installments[-1], None).net))
    bounds: tuple[str, ...]
    low, high = policy.minimum_days, policy.maximum_days
    label, agreed = _label(subject), _label(policy.standard_terms)
    if days < low:
        bounds, within = ("payment_terms.minimum_days",), False
        verdict = Reason.of(
            "TERMS.POLICY.BELOW_MINIMUM",
            f"'{label}' pays in {days} days, fewer than the agreed minimum of {low}.",
            severity=Severity.WARNING,
            net_days=days,
            minimum_days=low,
        )
    elif high is not None and days > high:
        bounds, within = ("payment_terms.maximum_days",), False
        verdict = Reason.of(
            "TERMS.POLICY.ABOVE_MAXIMUM",
            f"'{label}' pays in {days} days, more than the agreed maximum of {high}.",
            severity=Severity.WARNING,
            net_days=days,
            maximum_days=high,
        )
    else:
        within = True
        bounds = ("payment_terms.minimum_days",)
        upper = "no maximum"
        if high is not None:
            bounds, upper = (*bounds, "payment_terms.maximum_days"), f"at most {high}"
        verdict = Reason.of(
            "TERMS.POLICY.WITHIN_RANGE",
            f"'{label}' pays in {days} days: at least {low} and {upper}, as agreed.",
            net_days=days,
        )
    standard = subject == policy.standard_terms
    if standard:
        shape = Reason.of("TERMS.POLICY.STANDARD", f"'{label}' are the standard terms.")
    else:
        shape = Reason.of(
            "TERMS.POLICY.NOT_STANDARD",
            f"'{label}' are not the standard terms '{agreed}'.",
            severity=Severity.WARNING,
            standard_terms=agreed,
        )
    clauses = (*bounds, "payment_terms.standard_terms")
    cited = None if policy.source is None else policy.source.at(*clauses)
    return TermsCheck(
        terms=label,
        net_days=days,
        minimum_days=low,
        maximum_days=high,
        standard_terms=agreed,
        within_range=within,
        standard=standard,
        reasons=(verdict, shape, *cited_reasons(cited)),
        policy_reference=cited,
    )
