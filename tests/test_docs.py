"""
The documentation cannot drift from the code: generated pages are current, reference pages complete.

Issue 7: "`docs/policy.md` ... Generated or checked by a test so it cannot
drift from the code", and "Every public function has a docstring with the
clause it encodes and a doctest example; doctests run in the test command."
The doctests themselves (in src/ and docs/*.md) run as part of the suite;
these tests check what a doctest cannot: that the committed pages are what
their generator writes now, that the reference pages list every public name,
option and exit status, and that every public function states its clauses
and shows an example.
"""

from __future__ import annotations

import argparse
import doctest
import inspect
import re
import runpy
from pathlib import Path
from typing import Any

import pytest

import ttre_policy
from ttre_policy import _cli, citations, testing
from ttre_policy._clauses import CLAUSE_ID_PATTERN

REPOSITORY = Path(__file__).parent.parent
DOCS = REPOSITORY / "docs"
PAGES: dict[str, Any] = runpy.run_path(str(REPOSITORY / "scripts" / "write_policy_page.py"))

#: Public functions that encode no clause of the policy, and why.
EXEMPT_FROM_CLAUSES = {
    "citations": "the register of which rules cite which clause: it encodes none itself",
    "minor_unit": "CLDR's smallest unit of a currency: the money grid of ruling 5, no clause",
    "to_json": "the wire format: writes any value; the values it carries cite their clauses",
    "from_json": "the wire format: reads any value; the values it carries cite their clauses",
}

PUBLIC_FUNCTIONS = sorted(
    name for name in ttre_policy.__all__ if inspect.isfunction(getattr(ttre_policy, name))
)


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# ------------------------------------------------------- the generated pages


@pytest.mark.parametrize("name", ["policy.md", "policy-code.md", "policy-tests.md"])
def test_the_generated_policy_pages_are_current(name: str) -> None:
    """Issue 7: docs/policy.md is "generated ... so it cannot drift from the code": the committed page is what scripts/write_policy_page.py writes now."""
    generated = PAGES["pages"]()[name]

    assert _page(name) == generated, (
        f"docs/{name} is stale: run `python scripts/write_policy_page.py`"
    )


def test_the_policy_page_gives_every_clause_its_words_rules_and_tests() -> None:
    """Issue 7: "every clause under its id from CLAUSES.md, each followed by the rulings that interpret it, links to the code that encodes it and to the tests that check it"."""
    page = _page("policy.md")
    sections = re.split(r"^\(clause-[0-9a-z-]+\)=\n", page, flags=re.MULTILINE)[1:]

    assert len(sections) == len(ttre_policy.PUBLISHED_CLAUSES)
    for clause, section in zip(ttre_policy.PUBLISHED_CLAUSES, sections, strict=True):
        assert section.startswith(f"### {clause.clause_id} {clause.heading}\n")
        assert clause.sha256 in section
        for rule in citations()[clause.clause_id]:
            assert f"<{PAGES['rule_label'](rule)}>" in section
        assert "<test-tests-" in section.split("Checked by the tests that name it:", 1)[1]
    assert "Ruling 1 of CLAUSES.md:" in sections[ttre_policy.CLAUSE_IDS.index("2.2(a)")]


# ----------------------------------------------------------- the API page


def test_every_public_name_is_documented_on_the_api_page() -> None:
    """Issue 7: an API page listing every public name; a name of `ttre_policy.__all__` missing from it fails here."""
    documented = re.findall(
        r"^\.\. (?:auto\w+|py:\w+):: ttre_policy\.(\w+)\s*$", _page("api.md"), flags=re.MULTILINE
    )

    assert sorted(set(ttre_policy.__all__) - set(documented)) == []
    assert sorted(set(documented) - set(ttre_policy.__all__)) == []


def test_every_strategy_of_the_kit_is_on_its_page() -> None:
    """Issue 7: the strategy kit is "public, documented": every name of `ttre_policy.testing.__all__` is in a table of docs/testing.md."""
    tables = re.findall(
        r"\.\. autosummary::\n(?:   :\w+:\n)*\n((?:   \w+\n)+)", _page("testing.md")
    )
    listed = [name.strip() for table in tables for name in table.splitlines()]

    assert sorted(listed) == sorted(testing.__all__)


# ------------------------------------------------------------- docstrings


@pytest.mark.parametrize("name", PUBLIC_FUNCTIONS)
def test_every_public_function_names_its_clauses_and_shows_an_example(name: str) -> None:
    """Issue 7: "Every public function has a docstring with the clause it encodes and a doctest example": each clause it cites (its ``Clauses:`` line) is named before its examples."""
    function = getattr(ttre_policy, name)
    docstring = inspect.getdoc(function) or ""
    prose = docstring.split(">>>", 1)[0]
    qualified = f"{function.__module__}.{function.__qualname__}"
    cited = {clause_id for clause_id, rules in citations().items() if qualified in rules}
    named = set(re.findall(CLAUSE_ID_PATTERN.pattern, prose))

    assert doctest.DocTestParser().get_examples(docstring), f"{name} has no doctest example"
    if name in EXEMPT_FROM_CLAUSES:
        assert not cited, f"{name} cites {sorted(cited)}: it is no longer exempt"
    else:
        assert named, f"{name}'s docstring names no clause"
        assert cited <= named, f"{name}'s docstring does not name {sorted(cited - named)}"


def test_the_exemptions_are_public_functions_with_a_reason() -> None:
    """The table of functions that encode no clause stays small and true: each is a public function, with its reason."""
    assert set(EXEMPT_FROM_CLAUSES) <= set(PUBLIC_FUNCTIONS)
    assert all(len(reason.split()) >= 5 for reason in EXEMPT_FROM_CLAUSES.values())


# ----------------------------------------------------------- the CLI page


def _options(parser: argparse.ArgumentParser, command: str) -> list[tuple[str, str]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, subparser in action.choices.items():
                found.append(("", name))
                found += _options(subparser, name)
        elif not isinstance(action, argparse._HelpAction):
            found += [(command, option) for option in action.option_strings]
            if not action.option_strings and action.metavar:
                found.append((command, str(action.metavar)))
    return found


def test_every_command_option_and_exit_status_is_on_the_cli_page() -> None:
    """Issue 7: a page for "the CLI": every command, option and argument the parser knows, and every exit status, is on docs/cli.md."""
    page = _page("cli.md")
    options = _options(_cli._parser(), "")
    statuses = [_cli.EXIT_BAD_INPUT, _cli.EXIT_INTERRUPTED, _cli.EXIT_BROKEN_PIPE]

    assert ("", "audit") in options
    assert ("audit", "--no-progress") in options
    assert [(c, o) for c, o in options if f"`{o}" not in page] == []
    assert [status for status in [0, *statuses] if f"| `{status}` |" not in page] == []


# ------------------------------------------------------ getting started


def _commands(text: str) -> list[str]:
    return re.findall(r"^python3 -m venv .*$", text, flags=re.MULTILINE)


def test_getting_started_gives_the_readmes_two_commands() -> None:
    """Issue 7: getting started gives "the README's two commands", as the README writes them."""
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")

    assert len(_commands(readme)) == 2
    assert _commands(_page("getting-started.md")) == _commands(readme)
