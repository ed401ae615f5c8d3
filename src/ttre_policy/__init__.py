"""
ttre_policy: TTR-E's Payment & Refund Policy as executable, auditable rules.

Every rule cites the clause of the policy it encodes (ids from CLAUSES.md),
every decision lists each reason that applies with its clause, and nothing in
the rules does I/O: "now" is always an argument.

>>> from datetime import datetime
>>> from decimal import Decimal
>>> from zoneinfo import ZoneInfo
>>> import ttre_policy as tp
>>> hk = ZoneInfo("Asia/Hong_Kong")
>>> purchase = tp.Purchase(
...     purchase_id="P-1", package=tp.ALL_IN_ONE,
...     price_excl_tax=tp.Money(Decimal("500"), "USD"), tax=tp.Money.zero("USD"),
...     purchased_at=datetime(2026, 11, 1, 10, 0, tzinfo=hk),
...     payment_method=tp.PaymentMethod.CREDIT_CARD,
...     paid_at=datetime(2026, 11, 1, 10, 1, tzinfo=hk))
>>> late = tp.RefundRequest(request_id="R-1", purchase_id="P-1",
...     requested_at=datetime(2026, 11, 16, 0, 0, tzinfo=hk))
>>> decision = tp.evaluate_refund(purchase, late)
>>> decision.eligible, [reason.code.value for reason in decision.reasons]
(False, ['payments_final', 'outside_cancellation_window', 'no_service_initiated'])
"""

from __future__ import annotations

from ttre_policy import exceptions
from ttre_policy._amendments import (
    AmendmentImpact,
    ImpactExample,
    ImpactKind,
    PolicyChange,
    amendment_impact,
    diff,
)
from ttre_policy._clauses import CLAUSE_IDS, PUBLISHED_CLAUSES, ClauseText, citations
from ttre_policy._decisions import (
    REASON_CLAUSES,
    Outcome,
    Reason,
    ReasonCode,
    RefundDecision,
)
from ttre_policy._fees import FeeSchedule, ProcessingFee, TaxRefundMode
from ttre_policy._history import DEFAULT_HISTORY, GoverningInstant, PolicyHistory
from ttre_policy._money import Money, RoundingMode, minor_unit
from ttre_policy._packages import ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT, Package
from ttre_policy._purchases import (
    Activation,
    ActivationKind,
    PaymentMethod,
    Purchase,
    RefundRequest,
)
from ttre_policy._refunds import cancellation_deadline, evaluate_refund
from ttre_policy._time import RefundWindow
from ttre_policy._versions import (
    DEFAULT_POLICY,
    TTRE_SUPPORT,
    PolicyVersion,
    SupportContact,
)
from ttre_policy.exceptions import PolicyInputError

__version__ = "0.1.0"

__all__ = [
    "ALL_IN_ONE",
    "CLAUSE_IDS",
    "DEFAULT_HISTORY",
    "DEFAULT_POLICY",
    "PUBLISHED_CLAUSES",
    "REASON_CLAUSES",
    "TIKTOK_SHOP_MANAGEMENT",
    "TTRE_SUPPORT",
    "Activation",
    "ActivationKind",
    "AmendmentImpact",
    "ClauseText",
    "FeeSchedule",
    "GoverningInstant",
    "ImpactExample",
    "ImpactKind",
    "Money",
    "Outcome",
    "Package",
    "PaymentMethod",
    "PolicyChange",
    "PolicyHistory",
    "PolicyInputError",
    "PolicyVersion",
    "ProcessingFee",
    "Purchase",
    "Reason",
    "ReasonCode",
    "RefundDecision",
    "RefundRequest",
    "RefundWindow",
    "RoundingMode",
    "SupportContact",
    "TaxRefundMode",
    "amendment_impact",
    "cancellation_deadline",
    "citations",
    "diff",
    "evaluate_refund",
    "exceptions",
    "minor_unit",
]
