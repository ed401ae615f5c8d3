"""
The clauses of the Payment & Refund Policy: ids, verbatim texts, citations.

`policy/CLAUSES.md` gives every sentence of the published policy that carries
a rule a stable clause id. `PUBLISHED_CLAUSES` holds, for each id, the words
of the published policy that the id stands for, verbatim (a test checks that
each one occurs in the policy text shipped with the package, and pins their
SHA-256). A policy version carries its clause texts, and every reason in a
decision cites the clause id, the version and the hash of the words applied.

Rules state what they encode on a ``Clauses:`` line of their docstring, next
to the words they quote; `clauses_of` reads one, and `_register.citations`
reads them all from the code itself, so the traceability matrix (clause ->
rules -> tests) is never a list kept by hand.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Final

import attrs

from ttre_policy._validators import instance_of, text
from ttre_policy.exceptions import InvalidValueError

#: A clause id: a section, optionally a sub-section, and a letter: "2.2(a)", "3(a)".
CLAUSE_ID_PATTERN: Final = re.compile(r"\d+(?:\.\d+)?\([a-z]\)")


def _clause_id(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if CLAUSE_ID_PATTERN.fullmatch(value) is None:
        raise InvalidValueError(
            attribute.name, value, "a clause id such as '2.2(a)' (see CLAUSES.md)"
        )


@attrs.frozen
class ClauseText:
    """
    The words of one clause, as a policy version states them.

    Attributes:
        clause_id: The clause's id in CLAUSES.md, e.g. ``"2.2(a)"``.
        heading: The heading the clause sits under in the policy text.
        text: The clause's words, verbatim.
        sha256: The SHA-256 of the UTF-8 text, in hex: what a decision cites
            to prove which words it applied. Derived, never given.

    >>> clause = ClauseText(clause_id="2.1(a)", heading="Digital Services and Finality",
    ...                     text="All payments made for our services are final.")
    >>> clause.sha256[:12]
    '38c3944ef102'
    """

    clause_id: str = attrs.field(validator=[instance_of(str, "a clause id"), _clause_id])
    heading: str = attrs.field(validator=text)
    text: str = attrs.field(validator=text)
    sha256: str = attrs.field(init=False, repr=False)

    @sha256.default
    def _hash_text(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _published(clause_id: str, heading: str, words: str) -> ClauseText:
    return ClauseText(clause_id=clause_id, heading=heading, text=words)


#: The published policy's words for every clause id of CLAUSES.md, in order.
PUBLISHED_CLAUSES: Final = (
    _published(
        "1.1(a)",
        "Pricing and Fees",
        "Our service packages start from $500 for the ALL IN ONE solution, "
        "and from $1,000 for TikTok Shop management.",
    ),
    _published(
        "1.1(b)",
        "Pricing and Fees",
        "These fees are clearly outlined at the time of purchase and are subject "
        "to change with prior notice.",
    ),
    _published(
        "1.1(c)",
        "Pricing and Fees",
        "All listed prices are in USD and exclude any applicable taxes unless otherwise stated.",
    ),
    _published(
        "1.2(a)",
        "Payment Methods",
        "We accept payments via major credit and debit cards",
    ),
    _published(
        "1.2(b)",
        "Payment Methods",
        "and may offer additional payment options (e.g., PayPal, bank transfers) "
        "as available on our website.",
    ),
    _published(
        "1.2(c)",
        "Payment Methods",
        "All transactions are processed securely through our designated payment gateway.",
    ),
    _published(
        "1.3(a)",
        "Billing and Invoicing",
        "Upon successful payment, you will receive an electronic invoice detailing "
        "the services purchased.",
    ),
    _published(
        "1.3(b)",
        "Billing and Invoicing",
        "Payment is due at the time of purchase",
    ),
    _published(
        "1.3(c)",
        "Billing and Invoicing",
        "and access to our services will be granted only after confirmation of payment.",
    ),
    _published(
        "2.1(a)",
        "Digital Services and Finality",
        "All payments made for our services are final.",
    ),
    _published(
        "2.1(b)",
        "Digital Services and Finality",
        "Once the service has been activated or work has commenced, refunds will not be issued.",
    ),
    _published(
        "2.2(a)",
        "Cancellation and Refund Requests",
        "If you wish to cancel your service request, please contact us within 14 "
        "days of your purchase date if the service has not yet been activated.",
    ),
    _published(
        "2.2(b)",
        "Cancellation and Refund Requests",
        "In cases where cancellation is requested before the initiation of any "
        "service, a refund may be granted after deducting any applicable "
        "processing or administrative fees.",
    ),
    _published(
        "2.3(a)",
        "Service Activation and Partial Use",
        "If any portion of the service has been activated, utilized, or partially "
        "delivered, no refunds will be provided.",
    ),
    _published(
        "2.4(a)",
        "Dispute Resolution",
        "In the event of a dispute regarding billing or a refund request, we "
        "encourage you to contact our support team. We are committed to reviewing "
        "each case on its merits and will make every effort to address your "
        "concerns in a fair and timely manner.",
    ),
    _published(
        "3(a)",
        "Amendments and Updates",
        "TTR-E reserves the right to modify or update this Payment & Refund Policy "
        "at any time. Any changes will be posted on our website with an updated "
        "effective date.",
    ),
    _published(
        "4(a)",
        "Contact Information",
        "If you have any questions, concerns, or require further clarification "
        "regarding our payment terms or refund policy, please reach out to us "
        "using the details below:\n\nEmail: partners@ttr-e.com\nAddress: "
        "367 – 375 Queen’s Road Central, Sheung Wan, Hong Kong.",
    ),
    _published(
        "5(a)",
        "closing paragraph",
        "By making a payment for TTR-E’s services, you agree to the terms set "
        "forth in this Payment & Refund Policy.",
    ),
)

#: Every clause id of CLAUSES.md, in the policy's order.
CLAUSE_IDS: Final = tuple(clause.clause_id for clause in PUBLISHED_CLAUSES)

#: The line of a rule's docstring that states the clauses it encodes.
CLAUSES_LINE: Final = re.compile(r"^\s*Clauses: (.+)\.$", re.MULTILINE)


def clauses_of(rule: object) -> tuple[str, ...]:
    """
    Return the clause ids that *rule* states it encodes, on its docstring's ``Clauses:`` line.

    Every rule states them there, next to the words of the policy its
    docstring quotes (a line rather than a decorator, so that mutation
    testing reaches the rule: mutmut leaves decorated functions alone). An id
    that CLAUSES.md does not define is refused.

    >>> from ttre_policy._refunds import barring_events
    >>> clauses_of(barring_events)
    ('2.1(b)', '2.2(b)', '2.3(a)')
    """
    line = CLAUSES_LINE.search(getattr(rule, "__doc__", None) or "")
    if line is None:
        return ()
    clause_ids = tuple(clause_id.strip() for clause_id in line.group(1).split(","))
    unknown = [clause_id for clause_id in clause_ids if clause_id not in CLAUSE_IDS]
    if unknown:
        name = getattr(rule, "__qualname__", repr(rule))
        raise InvalidValueError(
            f"{name}.__doc__", line.group(0).strip(), f"clause ids among {', '.join(CLAUSE_IDS)}"
        )
    return clause_ids
