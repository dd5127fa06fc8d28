"""Which agreed policy decided a result: the reference every family's result carries (private).

[`PolicyReference`][spendrules.policy.PolicyReference] names a loaded policy file (name,
version, fingerprint, whether finance and procurement signed it), the section a rule
read and the clauses (TOML key paths) that decided. [`load`][spendrules.policy.load]
attaches one to each section object it builds (``ControlPolicy.source``, ...); a
rule given such a section puts it, with its clauses, on the result
(``policy_reference``) and explains it with `cited_reasons`. This module imports
nothing of the families, so every family imports it without a cycle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs

from spendrules.errors import InvalidInputError
from spendrules.results import Reason, Severity

__all__ = ["SOURCE", "PolicyReference", "cited_reasons", "source_field"]

_FINGERPRINT = re.compile(r"sha256:[0-9a-f]{64}", re.ASCII)

#: The metadata mark of the ``source`` field a section object carries: the policy file's
#: canonical content, its fingerprint and its diff leave such a field out.
SOURCE = "spendrules.policy.source"

#: Hex digits of the fingerprint a reason shows (as ``git`` shows a commit).
_SHOWN_DIGITS = 12


def _text(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str, not {type(value).__name__}: {value!r}")
    if not value.strip():
        raise InvalidInputError(attribute.name, value, "a non-empty text")


def _fingerprint(_instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str, not {type(value).__name__}: {value!r}")
    if not _FINGERPRINT.fullmatch(value):
        raise InvalidInputError(
            attribute.name, value, "'sha256:' followed by 64 lower-case hex digits"
        )


def _flag(_instance: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be a bool, not {type(value).__name__}: {value!r}")


def _texts(value: Iterable[str], name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        raise TypeError(f"{name} must be a collection of str, not str: {value!r}")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name}[] must be a str, not {type(item).__name__}: {item!r}")
        if not item.strip():
            raise InvalidInputError(f"{name}[]", item, "a non-empty text")
    return items


def _waiting(value: Iterable[str]) -> tuple[str, ...]:
    return _texts(value, "waiting")


def _clauses(value: Iterable[str]) -> tuple[str, ...]:
    return _texts(value, "clauses")


@attrs.frozen
class PolicyReference:
    """The agreed policy a result was computed under, and the clauses that decided it.

    Attributes:
        name: The policy's name (``[policy] name``).
        version: Its version label.
        fingerprint: Its fingerprint (``"sha256:"`` and 64 hex digits).
        section: The section the rule read (``"budget"``, ``"approvals"``,
            ``"inventory"``, ``"payment_terms"``, ``"savings"``).
        agreed: Whether finance and procurement both signed this fingerprint
            when the file was loaded.
        waiting: The roles whose sign-off was stale or missing (empty when agreed).
        clauses: The key paths of the settings that decided, most decisive
            first (``budget.order.rules[1]``, ``approvals.bands[2]``,
            ``inventory.service_levels.A``); empty on a section object, which
            cites no clause until a rule reads it.

    Examples:
        >>> ref = PolicyReference("Group policy", "2027.1", "sha256:" + "0a" * 32, "budget", True)
        >>> cited = ref.at("budget.order.rules[1]")
        >>> cited.clause, cited.cite()
        ('budget.order.rules[1]', 'Group policy 2027.1 (sha256:0a0a0a0a0a0a), budget clause budget.order.rules[1]')
    """

    name: str = attrs.field(validator=_text)
    version: str = attrs.field(validator=_text)
    fingerprint: str = attrs.field(validator=_fingerprint)
    section: str = attrs.field(validator=_text)
    agreed: bool = attrs.field(validator=_flag)
    waiting: tuple[str, ...] = attrs.field(default=(), converter=_waiting)
    clauses: tuple[str, ...] = attrs.field(default=(), converter=_clauses)

    @property
    def clause(self) -> str | None:
        """The most decisive clause, or None when none is cited."""
        return self.clauses[0] if self.clauses else None

    def at(self, *clauses: str) -> PolicyReference:
        """Return this reference citing ``clauses`` (key paths, most decisive first)."""
        return attrs.evolve(self, clauses=clauses)

    def cite(self) -> str:
        """Return ``"<name> <version> (<fingerprint, 12 digits>), <section> clause <clauses>"``."""
        shown = self.fingerprint[: len("sha256:") + _SHOWN_DIGITS]
        where = (
            f"{self.section} clause{'s' if len(self.clauses) > 1 else ''} {', '.join(self.clauses)}"
            if self.clauses
            else f"section {self.section}"
        )
        return f"{self.name} {self.version} ({shown}), {where}"


def source_field() -> Any:
    """The ``source`` field of a section object: the file it came from, or None.

    Left out of equality, hashing and ``repr`` (two sections with the same settings are
    the same section, whichever file they came from) and of the policy file's content.
    """
    return attrs.field(
        default=None,
        eq=False,
        repr=False,
        kw_only=True,
        validator=attrs.validators.optional(attrs.validators.instance_of(PolicyReference)),
        metadata={SOURCE: True},
    )


def cited_reasons(reference: PolicyReference | None) -> tuple[Reason, ...]:
    """``POLICY.CITED`` (info) and, when the policy is not agreed, ``POLICY.NOT_AGREED`` (warning).

    Empty for None (a result computed without a policy file cites nothing).

    Examples:
        >>> ref = PolicyReference("Pilot", "1", "sha256:" + "ab" * 32, "savings", False,
        ...                       ("finance",), ("savings.signoff_threshold",))
        >>> for reason in cited_reasons(ref):
        ...     print(reason)
        [info] POLICY.CITED: Decided under Pilot 1 (sha256:abababababab), savings clause savings.signoff_threshold.
        [warning] POLICY.NOT_AGREED: Pilot 1 (sha256:abababababab) is not agreed: the finance sign-off is stale or missing, so this result is not agreed either.
        >>> cited_reasons(None)
        ()
    """
    if reference is None:
        return ()
    shown = reference.fingerprint[: len("sha256:") + _SHOWN_DIGITS]
    reasons = [
        Reason.of(
            "POLICY.CITED",
            f"Decided under {reference.cite()}.",
            policy=reference.name,
            version=reference.version,
            fingerprint=reference.fingerprint,
            section=reference.section,
            clause=", ".join(reference.clauses),
        )
    ]
    if not reference.agreed:
        roles = " and ".join(reference.waiting) or "required"
        plural = "s are" if len(reference.waiting) > 1 else " is"
        reasons.append(
            Reason.of(
                "POLICY.NOT_AGREED",
                f"{reference.name} {reference.version} ({shown}) is not agreed: the {roles} "
                f"sign-off{plural} stale or missing, so this result is not agreed either.",
                severity=Severity.WARNING,
                fingerprint=reference.fingerprint,
                waiting=", ".join(reference.waiting),
            )
        )
    return tuple(reasons)
