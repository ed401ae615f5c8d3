"""
The clause register: every clause id of CLAUSES.md, pinned to its published words.

CLAUSES.md: "This file gives every sentence that carries a rule a stable
clause id ... Use these ids everywhere: in the `clause` that a rule cites,
in decision reasons, in test names and docstrings, and in docs/."

Issue 4 asks that a decision record prove which words it applied: these tests
fail when the policy text shipped in the package changes and the hashes
pinned here were not updated with it, and the other way round.
"""

from __future__ import annotations

import hashlib
import re
from importlib import resources
from pathlib import Path

import pytest

from ttre_policy import (
    CLAUSE_IDS,
    DEFAULT_POLICY,
    PUBLISHED_CLAUSES,
    REASON_CLAUSES,
    ClauseText,
    ReasonCode,
)
from ttre_policy._clauses import clauses_of
from ttre_policy.exceptions import InvalidValueError

REPOSITORY = Path(__file__).parent.parent

#: SHA-256 of the policy text shipped in the package, byte for byte.
PUBLISHED_TEXT_SHA256 = "f2127d673c951256be59bc16ddf5b83aa662e6c2dfd151caa0889fe940a5000c"

#: SHA-256 of each clause's published words. Update with the text, never alone.
PINNED_CLAUSE_SHA256 = {
    "1.1(a)": "2da09bf0579131d69e1b685ef998ea96c0241edecdc823e06febf665d01578c5",
    "1.1(b)": "1c9b876563e7af184f09ab7d553b540a16f7d5b9c6a8d8df1061fa44a2aaa089",
    "1.1(c)": "4b80bc3347b5b1a8fa1daea01f5ae5427355384a3e1c0a3966b99cfa60a29a8f",
    "1.2(a)": "9b699a8516cdd39fcebaf9415306f81dc2f0ad6029479e86370f90f101b2a8f0",
    "1.2(b)": "9a0b850fd136a2f4c3aef557b16f0a14d9c125164ca78bc3c2b7108fe7713db8",
    "1.2(c)": "e57842488b070441c725bd765747689f02074632c7bc0a5bab5481330760f5c8",
    "1.3(a)": "7cb936e399a83a1e4cd2952930ff0c0dbb06b38f46f54ff6888d8319c640d9ad",
    "1.3(b)": "21b63c89793d457e94075db169a32a933f19f05e0af82ea36039eebef24c9007",
    "1.3(c)": "b2985aa8e9fd60fc62d9320dd06a459cb58f4f104534c4dbdb2c1f7bb04ec22b",
    "2.1(a)": "38c3944ef102266ad8510b3ca8bb6d3bbf70dafee02f5266c1fbd399ccf90bca",
    "2.1(b)": "b33a65eca0807e8ca3ccc0bdecbcb2e90ec690a0fbc08ffe67bf0dd42b2f543a",
    "2.2(a)": "eaa420a03fee79a3f504726c652d67f1e7e9e884185b51c11128dfb922e3df14",
    "2.2(b)": "adc9e95670f469cd8ed57a3a48b75574b7acec5c717754a93f64e69a41bfa7cf",
    "2.3(a)": "63e3e4c82e4e9419164ca909d303e27705c25b7c1b587ec3f2ca0d1e2e0d6d5f",
    "2.4(a)": "5de03a35296d7a06fc179d28dfa6893dda5bfc18260324ba9451f61b3c1a30b8",
    "3(a)": "4cfa4881ad1b816135c1ccbdc472ffd1ec499042d9937aba8c445e161e91b75e",
    "4(a)": "88e860c6ea16e859876fe74a38dbc5ed8a34b3b4a90baf5a728e81c61f6245c9",
    "5(a)": "055215f1834ea77ea9171637489e287e210d1810b00f36fa7631fc21e5684d52",
}


def _shipped_policy_text() -> str:
    return (
        resources.files("ttre_policy")
        .joinpath("payment-and-refund-policy.txt")
        .read_text(encoding="utf-8")
    )


def test_the_shipped_policy_text_is_the_published_one() -> None:
    """3(a): "Any changes will be posted ... with an updated effective date": the shipped text is pinned."""
    digest = hashlib.sha256(_shipped_policy_text().encode("utf-8")).hexdigest()

    assert digest == PUBLISHED_TEXT_SHA256


@pytest.mark.parametrize("clause", PUBLISHED_CLAUSES, ids=lambda clause: clause.clause_id)
def test_every_clause_is_verbatim_in_the_shipped_policy_text(clause: ClauseText) -> None:
    """CLAUSES.md: "`payment-and-refund-policy.txt` ... is the policy text that ttre_policy encodes, exactly as published"."""
    assert clause.text in _shipped_policy_text()


def test_each_clause_is_one_place_in_the_shipped_text_in_the_policys_order() -> None:
    """Issue 4: "clauses pinned to their text": each clause's words occur once in the shipped text, in order, so each pinned hash stands for one place in it."""
    shipped = _shipped_policy_text()

    assert all(shipped.count(clause.text) == 1 for clause in PUBLISHED_CLAUSES)
    places = [shipped.index(clause.text) for clause in PUBLISHED_CLAUSES]
    assert places == sorted(places)


def test_the_clause_hashes_are_pinned() -> None:
    """Issue 4: a decision's reasons cite the text hash, so the hash of every clause is pinned here."""
    assert {
        clause.clause_id: clause.sha256 for clause in PUBLISHED_CLAUSES
    } == PINNED_CLAUSE_SHA256
    assert {c.clause_id: c.sha256 for c in DEFAULT_POLICY.clauses} == PINNED_CLAUSE_SHA256


def test_the_clause_ids_are_those_of_clauses_md() -> None:
    """CLAUSES.md: "Use these ids everywhere": the library's ids are exactly the table's, in its order."""
    table = (REPOSITORY / "policy" / "CLAUSES.md").read_text(encoding="utf-8")

    ids_in_table = re.findall(r"^\| (\d+(?:\.\d+)?\([a-z]\)) \|", table, flags=re.MULTILINE)

    assert tuple(ids_in_table) == CLAUSE_IDS


def test_the_clause_of_every_reason_is_pinned() -> None:
    """CLAUSES.md: a decision's reasons cite the clause they rest on; the table of reasons to clauses is pinned."""
    expected = {
        "payment_not_confirmed": "1.3(c)",
        "cancelled_before_payment": "1.3(b)",
        "within_cancellation_window": "2.2(a)",
        "outside_cancellation_window": "2.2(a)",
        "no_service_initiated": "2.2(b)",
        "service_activated": "2.1(b)",
        "work_commenced": "2.1(b)",
        "service_used": "2.3(a)",
        "service_partially_delivered": "2.3(a)",
        "payments_final": "2.1(a)",
        "processing_fee_deducted": "2.2(b)",
        "administrative_fee_deducted": "2.2(b)",
        "fees_capped_at_price": "2.2(b)",
        "tax_refunded_in_full": "1.1(c)",
        "tax_refunded_in_proportion": "1.1(c)",
        # Payment terms (issue 3)
        "price_at_or_above_floor": "1.1(a)",
        "floor_changed_with_notice": "1.1(b)",
        "tax_added_to_price": "1.1(c)",
        "tax_split_from_stated_price": "1.1(c)",
        "payment_confirmed": "1.3(c)",
        "awaiting_payment_confirmation": "1.3(c)",
        "invoiced_on_payment": "1.3(a)",
        "terms_accepted_by_payment": "5(a)",
        # The support desk (issue 6)
        "dispute_open": "2.4(a)",
        "exception_not_yet_approved": "2.4(a)",
        "granted_by_exception": "2.4(a)",
        "exception_not_needed": "2.4(a)",
        "previous_refunds_deducted": "2.2(b)",
        "fully_refunded": "2.2(b)",
        # Policy versions and amendments (issue 4)
        "agreed_by_paying": "5(a)",
        "in_force_when_payment_was_due": "1.3(b)",
        "in_force_at_request": "3(a)",
    }

    assert expected == {code.value: clause for code, clause in REASON_CLAUSES.items()}
    assert expected == {code.value: code.clause_id for code in ReasonCode}


def test_a_rule_cannot_cite_a_clause_that_does_not_exist() -> None:
    """CLAUSES.md: ids come from its table; a rule's ``Clauses:`` line naming another is refused."""

    def a_rule() -> None:
        pass

    # Built at run time: the traceability test refuses unknown ids written in the tests.
    a_rule.__doc__ = "Decide nothing.\n\n    Clauses: 2.2(a), " + "9.9" + "(z).\n"

    with pytest.raises(InvalidValueError) as raised:
        clauses_of(a_rule)

    assert (
        f"{a_rule.__qualname__}.__doc__: 'Clauses: 2.2(a), {'9.9' + '(z)'}.' is not valid here; "
        "expected clause ids among 1.1(a), 1.1(b), 1.1(c), 1.2(a), 1.2(b), 1.2(c), 1.3(a), "
        "1.3(b), 1.3(c), 2.1(a), 2.1(b), 2.2(a), 2.2(b), 2.3(a), 2.4(a), 3(a), 4(a), 5(a)"
    ) == str(raised.value)


def test_a_rule_without_a_qualified_name_is_named_by_its_repr() -> None:
    """CLAUSES.md: ids come from its table: a callable object (no ``__qualname__``) citing another is refused, named as it prints."""

    class Rule:
        def __call__(self) -> None:
            """Decide nothing."""

        def __repr__(self) -> str:
            return "Rule()"

    Rule.__doc__ = "Decide nothing.\n\n    Clauses: " + "9.9" + "(z).\n"

    with pytest.raises(InvalidValueError) as raised:
        clauses_of(Rule())

    assert raised.value.field == "Rule().__doc__"


def test_the_clauses_line_is_read_exactly() -> None:
    """CLAUSES.md: "Use these ids everywhere": a rule's ``Clauses:`` line gives its ids, in order; no line, none."""

    def cited() -> None:
        """
        Decide nothing.

        Clauses: 2.1(b), 2.3(a).
        """

    def silent() -> None:
        """Decide nothing."""

    class Opaque:
        """An object that answers no attribute at all, not even ``__doc__``."""

        def __getattribute__(self, name: str) -> object:
            raise AttributeError(name)

    assert ("2.1(b)", "2.3(a)") == clauses_of(cited)
    assert () == clauses_of(silent)
    assert () == clauses_of(object())
    assert () == clauses_of(Opaque())
