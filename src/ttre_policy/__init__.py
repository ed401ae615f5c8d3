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

import importlib
from typing import TYPE_CHECKING

from ttre_policy import exceptions
from ttre_policy._amendments import (
    AmendmentImpact,
    ImpactExample,
    ImpactKind,
    PolicyChange,
    amendment_impact,
    diff,
)
from ttre_policy._cases import Case
from ttre_policy._clauses import CLAUSE_IDS, PUBLISHED_CLAUSES, ClauseText
from ttre_policy._decisions import (
    REASON_CLAUSES,
    Outcome,
    Reason,
    ReasonCode,
    RefundDecision,
)
from ttre_policy._fees import FeeSchedule, ProcessingFee, TaxRefundMode
from ttre_policy._history import DEFAULT_HISTORY, GoverningInstant, PolicyHistory
from ttre_policy._invoices import (
    CreditNote,
    CreditNoteLine,
    CreditNoteLineKind,
    Invoice,
    InvoiceLine,
    Seller,
    issue_credit_note,
    issue_invoice,
)
from ttre_policy._ledger import RefundRecord, SupportException
from ttre_policy._money import Money, RoundingMode, minor_unit
from ttre_policy._packages import ALL_IN_ONE, TIKTOK_SHOP_MANAGEMENT, Package
from ttre_policy._payments import (
    AccessDecision,
    PaymentConfirmation,
    access_decision,
    confirm_payment,
)
from ttre_policy._prices import PriceChange, earliest_price_change_at, floor_in_force
from ttre_policy._purchases import (
    Activation,
    ActivationKind,
    PaymentMethod,
    Purchase,
    RefundRequest,
)
from ttre_policy._quotes import Quote, TaxLine, quote
from ttre_policy._refunds import cancellation_deadline, evaluate_refund
from ttre_policy._register import citations
from ttre_policy._support import DisputeCase, open_dispute, refund_outstanding
from ttre_policy._time import RefundWindow
from ttre_policy._versions import (
    DEFAULT_POLICY,
    TTRE_SUPPORT,
    PolicyVersion,
    SupportContact,
)
from ttre_policy.exceptions import PolicyInputError

if TYPE_CHECKING:
    from ttre_policy import wire
    from ttre_policy.explanations import explain
    from ttre_policy.wire import from_json, to_json

__version__ = "0.1.0"

#: The names imported on first use: the wire format (cattrs) and the
#: explanations (gettext catalogs, babel's formats) are layers around the
#: rules, and a checkout that only decides need not pay for their import.
_ON_FIRST_USE = {
    "wire": ("ttre_policy.wire", None),
    "from_json": ("ttre_policy.wire", "from_json"),
    "to_json": ("ttre_policy.wire", "to_json"),
    "explain": ("ttre_policy.explanations", "explain"),
}


def __getattr__(name: str) -> object:
    """Import `wire`, `from_json`, `to_json` and `explain` when first asked for (PEP 562)."""
    try:
        module_name, attribute = _ON_FIRST_USE[name]
    except KeyError:
        message = f"module 'ttre_policy' has no attribute {name!r}"
        raise AttributeError(message) from None
    module = importlib.import_module(module_name)
    value = module if attribute is None else getattr(module, attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the module's names, those imported on first use included."""
    return sorted({*globals(), *_ON_FIRST_USE})


__all__ = [
    "ALL_IN_ONE",
    "CLAUSE_IDS",
    "DEFAULT_HISTORY",
    "DEFAULT_POLICY",
    "PUBLISHED_CLAUSES",
    "REASON_CLAUSES",
    "TIKTOK_SHOP_MANAGEMENT",
    "TTRE_SUPPORT",
    "AccessDecision",
    "Activation",
    "ActivationKind",
    "AmendmentImpact",
    "Case",
    "ClauseText",
    "CreditNote",
    "CreditNoteLine",
    "CreditNoteLineKind",
    "DisputeCase",
    "FeeSchedule",
    "GoverningInstant",
    "ImpactExample",
    "ImpactKind",
    "Invoice",
    "InvoiceLine",
    "Money",
    "Outcome",
    "Package",
    "PaymentConfirmation",
    "PaymentMethod",
    "PolicyChange",
    "PolicyHistory",
    "PolicyInputError",
    "PolicyVersion",
    "PriceChange",
    "ProcessingFee",
    "Purchase",
    "Quote",
    "Reason",
    "ReasonCode",
    "RefundDecision",
    "RefundRecord",
    "RefundRequest",
    "RefundWindow",
    "RoundingMode",
    "Seller",
    "SupportContact",
    "SupportException",
    "TaxLine",
    "TaxRefundMode",
    "access_decision",
    "amendment_impact",
    "cancellation_deadline",
    "citations",
    "confirm_payment",
    "diff",
    "earliest_price_change_at",
    "evaluate_refund",
    "exceptions",
    "explain",
    "floor_in_force",
    "from_json",
    "issue_credit_note",
    "issue_invoice",
    "minor_unit",
    "open_dispute",
    "quote",
    "refund_outstanding",
    "to_json",
    "wire",
]
