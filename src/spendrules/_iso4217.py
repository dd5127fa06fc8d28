"""ISO 4217 active currency codes and their minor units (the exponent).

Source: ISO 4217 "List One: Current currency & funds code list", published by
the ISO 4217 Maintenance Agency (SIX Financial Information AG), with the
amendments published up to the as-of date below.

As of: 2026-01-01.

Only codes whose minor unit is a number are listed; the ``N.A.`` codes
(precious metals XAU, XAG, XPD, XPT; bond-market units XBA to XBD; XDR, XSU,
XUA; testing XTS; no currency XXX) are not amounts of money and are refused.
Withdrawn codes are not listed: HRK (2023, euro), ZWL (2024, replaced by ZWG),
SLL (replaced by SLE), ANG (2025, replaced by XCG), BGN (2026, euro), CUC.

These are ISO minor units, not CLDR display digits: IQD has 3, ISK 0, and
IRR, LAK, LBP, MGA, MMK, RSD, SOS, SYP and YER have 2, whatever a locale shows.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

_ZERO = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE = "BHD IQD JOD KWD LYD OMR TND"
_FOUR = "CLF UYW"
_TWO = (
    "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN "
    "BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP "
    "ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR "
    "IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT "
    "MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP "
    "PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN "
    "SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST "
    "XCD XCG YER ZAR ZMW ZWG"
)


def _table() -> dict[str, int]:
    table: dict[str, int] = {}
    for digits, codes in ((2, _TWO), (0, _ZERO), (3, _THREE), (4, _FOUR)):
        for code in codes.split():
            table[code] = digits
    return table


#: Read-only mapping of active alphabetic code to minor units.
MINOR_UNITS: Final = MappingProxyType(_table())

#: The date up to which the table follows List One.
AS_OF: Final = "2026-01-01"
