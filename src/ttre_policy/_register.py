"""
The register of citations: which rules encode which clause.

Every rule states the clauses it encodes on a ``Clauses:`` line of its
docstring (`_clauses.clauses_of`); `citations` reads those lines from the
library's modules. This is tooling for the traceability matrix and the
``ttre-policy clauses`` command, not a rule: it reads the code's structure,
which mutation testing rewrites, so it is tested by tests/test_traceability.py
and tests/test_docs.py and left out of mutation testing.
"""

from __future__ import annotations

import importlib
import inspect
from typing import TYPE_CHECKING

from ttre_policy._clauses import CLAUSE_IDS, clauses_of

if TYPE_CHECKING:
    from collections.abc import Mapping


#: The modules whose functions the register reads, in this order. Naming them
#: keeps the register the same whatever the caller happened to import first;
#: tests/test_traceability.py checks that it names every module of the package
#: but two that hold no rules: ``__main__`` (running it runs the command) and
#: ``testing`` (it needs hypothesis, which the library does not depend on).
MODULES = (
    "ttre_policy",
    "ttre_policy._amendments",
    "ttre_policy._cases",
    "ttre_policy._clauses",
    "ttre_policy._cli",
    "ttre_policy._decisions",
    "ttre_policy._demo_amendments",
    "ttre_policy._demo_payment_terms",
    "ttre_policy._demo_support",
    "ttre_policy._enums",
    "ttre_policy._fees",
    "ttre_policy._history",
    "ttre_policy._invoices",
    "ttre_policy._ledger",
    "ttre_policy._money",
    "ttre_policy._packages",
    "ttre_policy._payments",
    "ttre_policy._prices",
    "ttre_policy._purchases",
    "ttre_policy._quotes",
    "ttre_policy._refunds",
    "ttre_policy._register",
    "ttre_policy._samples",
    "ttre_policy._support",
    "ttre_policy._time",
    "ttre_policy._validators",
    "ttre_policy._versions",
    "ttre_policy.exceptions",
    "ttre_policy.explanations",
    "ttre_policy.wire",
)


def _rules() -> list[tuple[str, object]]:
    """Every function and method of the library's modules, by qualified name, in source order."""
    found: dict[str, tuple[str, int, object]] = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            members = [value]
            if inspect.isclass(value):
                members = [getattr(member, "__func__", member) for member in vars(value).values()]
            for member in members:
                if inspect.isfunction(member) and member.__module__ == module_name:
                    line = member.__code__.co_firstlineno
                    found[f"{module_name}.{member.__qualname__}"] = (module_name, line, member)
    return [(name, rule) for name, (_, _, rule) in sorted(found.items(), key=lambda i: i[1][:2])]


def citations() -> Mapping[str, tuple[str, ...]]:
    """
    Return, for every clause id, the rules that cite it (their qualified names).

    A rule cites a clause on its docstring's ``Clauses:`` line (`clauses_of`);
    the register is read from the library's modules, in the order of their
    names and of the rules in their source.

    >>> "ttre_policy._refunds.is_within_window" in citations()["2.2(a)"]
    True
    """
    register: dict[str, list[str]] = {clause_id: [] for clause_id in CLAUSE_IDS}
    for name, rule in _rules():
        for clause_id in clauses_of(rule):
            register[clause_id].append(name)
    return {clause_id: tuple(rules) for clause_id, rules in register.items()}
