"""
Traceability: every clause is encoded by a rule and checked by a test, and nothing cites what does not exist.

Issue 7: "A test fails when any clause id of CLAUSES.md has no rule citing
it, or no test naming it, or when code cites an id that does not exist."

The rules are those `cites` registers (`ttre_policy.citations()`); a test
names a clause when its docstring, or its test class's, writes the clause id
(the convention of the suite: each test's docstring starts with the clause
id and quotes the sentence it checks). The readers are those of
``scripts/write_policy_page.py``, which prints the same matrix, clause ->
rules -> tests, on ``docs/policy.md``.
"""

from __future__ import annotations

import pkgutil
import runpy
from pathlib import Path
from typing import Any

import pytest

import ttre_policy
from ttre_policy import CLAUSE_IDS, REASON_CLAUSES, ReasonCode, citations
from ttre_policy._register import MODULES

REPOSITORY = Path(__file__).parent.parent
MATRIX: dict[str, Any] = runpy.run_path(str(REPOSITORY / "scripts" / "write_policy_page.py"))
TESTS = MATRIX["policy_tests"]()
RULINGS = MATRIX["rulings"]()


@pytest.mark.parametrize("clause_id", CLAUSE_IDS)
def test_every_clause_is_encoded_by_a_rule(clause_id: str) -> None:
    """CLAUSES.md: "Use these ids everywhere: in the `clause` that a rule cites": each clause has a rule citing it."""
    assert citations()[clause_id], f"no rule cites {clause_id}: add it to a rule's 'Clauses:' line"


@pytest.mark.parametrize("clause_id", CLAUSE_IDS)
def test_every_clause_is_checked_by_a_test_naming_it(clause_id: str) -> None:
    """CLAUSES.md: "Use these ids everywhere: ... in test names and docstrings": each clause has a test whose docstring names it."""
    naming = [test.node_id for test in TESTS if clause_id in test.clause_ids]

    assert naming, f"no test's docstring names {clause_id}"


def test_the_register_holds_exactly_the_clauses_and_rules_that_exist() -> None:
    """CLAUSES.md: the register's ids are the table's, in order, and each rule it names is the function registered under that name."""
    register = citations()

    assert tuple(register) == CLAUSE_IDS
    for rules in register.values():
        for name in rules:
            rule = MATRIX["rule_object"](name)
            assert f"{rule.__module__}.{rule.__qualname__}" == name
            assert callable(rule)


def test_every_reason_cites_a_clause_that_exists() -> None:
    """CLAUSES.md: a decision's reasons cite clause ids of its table, and every reason code has one."""
    assert set(REASON_CLAUSES) == set(ReasonCode)
    assert set(REASON_CLAUSES.values()) <= set(CLAUSE_IDS)


def test_no_clause_id_that_does_not_exist_is_written_anywhere() -> None:
    """CLAUSES.md: "Use these ids everywhere": every clause id written in the source (docstrings, comments, messages), the tests' docstrings and comments, and the docs is one of the table's."""
    written = {place: MATRIX["clause_ids_in"](text) for place, text in MATRIX["prose"]().items()}
    unknown = {
        place: [clause_id for clause_id in ids if clause_id not in CLAUSE_IDS]
        for place, ids in written.items()
    }

    assert {place: ids for place, ids in unknown.items() if ids} == {}
    assert set(CLAUSE_IDS) <= {clause_id for ids in written.values() for clause_id in ids}


def test_no_ruling_that_does_not_exist_is_named_anywhere() -> None:
    """CLAUSES.md: the rulings are numbered 1 to 12; every ruling a docstring, comment or page names is one of them."""
    numbers = {ruling.number for ruling in RULINGS}
    named = {
        place: [number for number in MATRIX["rulings_in"](text) if number not in numbers]
        for place, text in MATRIX["prose"]().items()
    }

    assert [ruling.number for ruling in RULINGS] == list(range(1, 13))
    assert {place: found for place, found in named.items() if found} == {}


def test_the_readers_see_every_test_module_and_every_reading() -> None:
    """The matrix cannot pass vacuously: the reader finds tests in every test module, and every entry of docs/rulings.md."""
    modules = {
        path.relative_to(REPOSITORY).as_posix() for path in REPOSITORY.glob("tests/test_*.py")
    }
    readings = MATRIX["readings"]()
    headings = (REPOSITORY / "docs" / "rulings.md").read_text(encoding="utf-8").count("\n## A")

    assert {test.path for test in TESTS} == modules
    assert len(readings) == headings
    assert all(reading.anchor.startswith(reading.ident.lower()) for reading in readings)


@pytest.mark.parametrize(
    ("text", "clause_ids", "rulings"),
    [
        ("2.2(a) with ruling 1: within 14 days", ("2.2(a)",), (1,)),
        ("(ruling 9, 1.3(b))", ("1.3(b)",), (9,)),
        ("rulings 1-8, and rulings 11, 12", (), (1, 2, 3, 4, 5, 6, 7, 8, 11, 12)),
        ("Ruling 5 and ruling 6; 3(a) and 5(a), 3(a) again", ("3(a)", "5(a)"), (5, 6)),
        ("art. 3(1), 3(2)(b), USD 1.2, ruling 9's parameter", (), (9,)),
        ("clause 12.3(b) of another text", ("12.3(b)",), ()),
    ],
)
def test_the_readers_find_ids_and_rulings_as_written(
    text: str, clause_ids: tuple[str, ...], rulings: tuple[int, ...]
) -> None:
    """The readers find clause ids (known or not, so unknown ones are caught) and rulings, ranges included."""
    assert MATRIX["clause_ids_in"](text) == clause_ids
    assert MATRIX["rulings_in"](text) == rulings


def test_the_register_reads_every_module_of_the_package_that_holds_rules() -> None:
    """CLAUSES.md: "Use these ids everywhere": the register reads every module but ``__main__`` and ``testing``, whatever was imported before."""
    package = Path(ttre_policy.__file__).parent
    modules = {"ttre_policy"} | {
        f"ttre_policy.{info.name}" for info in pkgutil.iter_modules([str(package)])
    }

    assert set(MODULES) == modules - {"ttre_policy.__main__", "ttre_policy.testing"}
