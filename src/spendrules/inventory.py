"""Inventory: safety stock, reorder policy, and the on-hand split finance and procurement share.

Finance sees stock that sits for weeks as waste; procurement set it as safety
stock. This module writes down one rule both can sign: the policy numbers
(safety stock for a service target, reorder point, order-up-to level, EOQ)
and the split of on-hand stock into **committed → obsolete → safety → cycle
→ excess**, each with quantity, value and annual carrying cost, plus the
excess still on order, months of supply, a slow-moving tag, an
excess-and-obsolete reserve and FIFO ageing.

Conventions (each one a named parameter where it changes an answer):

* **Time units are explicit.** [`Demand`][spendrules.inventory.Demand] and [`LeadTime`][spendrules.inventory.LeadTime] carry a
  [`TimeUnit`][spendrules.inventory.TimeUnit]; a week is 7 days, a year ``days_per_year`` days
  (default 365), a month a twelfth of a year.
* **Protection interval** L + R: ``review_period`` (default 0, continuous
  review) is in the lead time's unit. σ over it is √(P·σd² + d²·σL²).
* **z** comes from Φ⁻¹ (``statistics.NormalDist``; no numpy or scipy), or is
  passed explicitly to reproduce a textbook's table value.
* **ddof** (default 1) and **zero periods** (kept by default) of a demand
  series are parameters of [`describe_demand`][spendrules.inventory.describe_demand].
* **Trigger** ``<`` or ``<=`` ([`Trigger`][spendrules.inventory.Trigger]) and **rounding to the order
  multiple** ([`MultipleRounding`][spendrules.inventory.MultipleRounding]) are parameters of
  [`replenishment_quantity`][spendrules.inventory.replenishment_quantity], [`coverage_levels`][spendrules.inventory.coverage_levels] (trigger) and
  [`evaluate_policy`][spendrules.inventory.evaluate_policy] (trigger).
* **Precision.** Quantities are ``Decimal`` with 6 decimal places (safety
  stock rounded *up*; months of supply truncated, so a reserve row or a
  slow-moving threshold is reached only when the exact figure reaches it).
  Statistics computed in floating point (z,
  probabilities, loss values, fill rates, moments of a series) are converted
  explicitly, ``Decimal(repr(x))`` rounded half-even to 15 significant
  digits. Money is rounded to the currency's minor units, half up, once;
  every split of money is allocated so the parts sum exactly.
* **Conservation.** The five buckets of a [`StockSplit`][spendrules.inventory.StockSplit] are never
  negative and sum exactly to on-hand; their values sum to the on-hand value
  to the cent, their carrying costs to the total carrying cost. Negative
  on-hand is reported as ``shortage`` with every bucket 0.

Reason codes (stable): ``INVENTORY.DEMAND.*`` (``MOMENTS``, ``PATTERN``,
``NONE``, ``ZEROS_EXCLUDED``, and ``NOT_NORMAL``: a normal formula applied to
intermittent or lumpy demand, from the safety-stock, newsvendor and
evaluation rules), ``INVENTORY.SAFETY.*`` (``INTERVAL``, ``CYCLE_SERVICE``,
``FILL_RATE``, ``Z_GIVEN``, ``POISSON``, ``NO_VARIABILITY``, ``FLOOR``,
``ROUNDED``, ``ACHIEVED``), ``INVENTORY.LEVEL``,
``INVENTORY.EOQ.*`` (``QUANTITY``, ``COST``), ``INVENTORY.DISCOUNT.*``
(``CHOSEN``, ``REGIONS``, ``VERSUS_LIST``), ``INVENTORY.BACKORDER.*``
(``QUANTITY``, ``COST``), ``INVENTORY.EPQ.*`` (``QUANTITY``, ``COST``),
``INVENTORY.NEWSVENDOR``,
``INVENTORY.POLICY.*`` (``SERVICE``, ``COST``), ``INVENTORY.REPLENISH.*``
(``TRIGGERED``, ``NOT_TRIGGERED``, ``MULTIPLE``, ``NO_MULTIPLE_WITHIN_MAX``,
``ABOVE_MAX``), ``INVENTORY.COVERAGE.*`` (``LEVELS``, ``CHECK``),
``INVENTORY.SPLIT.*`` (``NEGATIVE_ON_HAND``, ``COMMITTED``,
``COMMITTED_UNCOVERED``, ``OBSOLETE``, ``SAFETY``, ``CYCLE``, ``EXCESS``,
``NO_EXCESS``, ``VALUE``, ``EXCESS_ON_ORDER``, ``SLOW_MOVING``),
``INVENTORY.AGEING.*`` (``FIFO``, ``FUTURE_IGNORED``, ``NEGATIVE_STOCK``),
``INVENTORY.RESERVE.*`` (``OBSOLETE``, ``TABLE``), ``INVENTORY.REVIEW.*``
(``AGREED_SAFETY``, ``COMPUTED_SAFETY``, ``NO_SAFETY``; under an agreed
``InventoryPolicy``: ``CLASS_SERVICE_LEVEL``, ``OWN_SERVICE_LEVEL``,
``NO_CLASS_LEVEL``, ``AGREED_CARRYING_RATE``, ``OWN_HOLDING_RATE``), ``INVENTORY.RQ.*``
(``ORDER_QUANTITY``, ``REORDER_POINT``, ``APPROXIMATE_COST``, ``COST``),
``INVENTORY.SS.*`` (``EXACT``, ``GIVEN``, ``POWER``, ``NEWSVENDOR_CAP``, ``COST``),
``INVENTORY.BASE_STOCK``.

Under the agreed policy (``[inventory]`` of a [policy file][spendrules.policy]):
[`review_stock`][spendrules.inventory.review_stock] takes ``policy=`` (an
``InventoryPolicy``): an item without a service target of its own takes the level
agreed for its ``StockItem.item_class``, an item with holding rate 0 the agreed
carrying rate; the item's own values win. A review under a policy file, and a
[`Reserve`][spendrules.inventory.Reserve] from the file's reserve table, cite it
(``policy_reference``: ``inventory.service_levels.A``, ``inventory.carrying_rate``,
``inventory.reserve``; reasons ``POLICY.CITED`` and, when not agreed,
``POLICY.NOT_AGREED``). ``frames.review_stock`` does not take a policy yet.

Examples:
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> ss = safety_stock(Demand(10, 3), LeadTime(9), service_level=Decimal("0.95"))
    >>> split = classify_on_hand(180, policy=StockPolicy(ss.quantity, 100), demand=Demand(10, 3),
    ...     currency="USD", as_of=date(2026, 3, 31), unit_cost=5, holding_rate=Decimal("0.25"))
    >>> split.safety.quantity, split.cycle.quantity, split.excess.quantity
    (Decimal('14.803683'), Decimal('100'), Decimal('65.196317'))
    >>> split.excess.value, split.excess.annual_carrying_cost
    (Decimal('325.98'), Decimal('81.50'))

References:
    Snyder & Shen, *Fundamentals of Supply Chain Theory* (2019) and stockpyl;
    Heizer & Render, *Operations Management*, ch. 12; Silver, Pyke & Thomas,
    *Inventory and Production Management in Supply Chains*; Syntetos, Boylan &
    Croston (2005); SAP Help (dynamic safety stock, MRN1/MRN2, F2137); Odoo
    reordering rules documentation; ERPNext stock ageing; BHIMA stock
    indicators; the spendrules domain notes ``inventory.md``.
"""

from __future__ import annotations

from spendrules._inventory._common import QUANTITY_PLACES, STATISTIC_DIGITS, TimeUnit
from spendrules._inventory.batch import StockItem, StockReview, review_stock
from spendrules._inventory.costs import (
    CostPoint,
    EconomicOrderQuantity,
    Newsvendor,
    PolicyEvaluation,
    critical_ratio,
    economic_order_quantity,
    evaluate_policy,
    newsvendor,
)
from spendrules._inventory.demand import (
    Demand,
    DemandPattern,
    DemandProfile,
    Distribution,
    LeadTime,
    describe_demand,
)
from spendrules._inventory.eoq_backorders_epq import (
    BackorderEOQ,
    EconomicProductionQuantity,
    economic_production_quantity,
    eoq_with_backorders,
)
from spendrules._inventory.eoq_variants import (
    DiscountedEOQ,
    DiscountRegion,
    DiscountScheme,
    PriceBreak,
    RegionStatus,
    eoq_all_units_discount,
    eoq_incremental_discount,
)
from spendrules._inventory.policy import (
    LevelKind,
    SafetyMethod,
    SafetyStock,
    StockLevel,
    Trigger,
    order_up_to_level,
    reorder_point,
    safety_stock,
)
from spendrules._inventory.replenish import (
    CoverageLevels,
    MultipleRounding,
    Replenishment,
    coverage_levels,
    replenishment_quantity,
)
from spendrules._inventory.reserve import (
    AgeBucket,
    AgeProfile,
    FifoSlot,
    Reserve,
    ReserveBasis,
    ReserveScope,
    ReserveStep,
    ReserveTable,
    ReserveTier,
    StockMovement,
    excess_and_obsolete_reserve,
    fifo_age_buckets,
)
from spendrules._inventory.rq import (
    ReorderPointForQuantity,
    RQMethod,
    RQPolicy,
    optimal_reorder_point,
    rq_policy,
)
from spendrules._inventory.split import (
    Bucket,
    BucketKind,
    CostLayer,
    Lot,
    ObsoleteCause,
    StockPolicy,
    StockSplit,
    carrying_cost,
    classify_on_hand,
    days_of_supply,
    inventory_turns,
)
from spendrules._inventory.ss import (
    BaseStockLevel,
    SSMethod,
    SSPolicy,
    base_stock_level,
    ss_policy,
)
from spendrules._inventory.stats import (
    inverse_standard_normal_loss,
    normal_loss,
    normal_second_loss,
    poisson_cdf,
    poisson_loss,
    poisson_second_loss,
    service_level_for_z,
    standard_normal_loss,
    standard_normal_second_loss,
    z_for_service_level,
)

__all__ = [
    "QUANTITY_PLACES",
    "STATISTIC_DIGITS",
    "AgeBucket",
    "AgeProfile",
    "BackorderEOQ",
    "BaseStockLevel",
    "Bucket",
    "BucketKind",
    "CostLayer",
    "CostPoint",
    "CoverageLevels",
    "Demand",
    "DemandPattern",
    "DemandProfile",
    "DiscountRegion",
    "DiscountScheme",
    "DiscountedEOQ",
    "Distribution",
    "EconomicOrderQuantity",
    "EconomicProductionQuantity",
    "FifoSlot",
    "LeadTime",
    "LevelKind",
    "Lot",
    "MultipleRounding",
    "Newsvendor",
    "ObsoleteCause",
    "PolicyEvaluation",
    "PriceBreak",
    "RQMethod",
    "RQPolicy",
    "RegionStatus",
    "ReorderPointForQuantity",
    "Replenishment",
    "Reserve",
    "ReserveBasis",
    "ReserveScope",
    "ReserveStep",
    "ReserveTable",
    "ReserveTier",
    "SSMethod",
    "SSPolicy",
    "SafetyMethod",
    "SafetyStock",
    "StockItem",
    "StockLevel",
    "StockMovement",
    "StockPolicy",
    "StockReview",
    "StockSplit",
    "TimeUnit",
    "Trigger",
    "base_stock_level",
    "carrying_cost",
    "classify_on_hand",
    "coverage_levels",
    "critical_ratio",
    "days_of_supply",
    "describe_demand",
    "economic_order_quantity",
    "economic_production_quantity",
    "eoq_all_units_discount",
    "eoq_incremental_discount",
    "eoq_with_backorders",
    "evaluate_policy",
    "excess_and_obsolete_reserve",
    "fifo_age_buckets",
    "inventory_turns",
    "inverse_standard_normal_loss",
    "newsvendor",
    "normal_loss",
    "normal_second_loss",
    "optimal_reorder_point",
    "order_up_to_level",
    "poisson_cdf",
    "poisson_loss",
    "poisson_second_loss",
    "reorder_point",
    "replenishment_quantity",
    "review_stock",
    "rq_policy",
    "safety_stock",
    "service_level_for_z",
    "ss_policy",
    "standard_normal_loss",
    "standard_normal_second_loss",
    "z_for_service_level",
]
