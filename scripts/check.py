"""
Run every gate of the project; the README's test command runs this script.

Gates, in order: ruff (lint and format), mypy --strict on src, tests and
scripts, pytest (the suite, and the doctests in src/ and docs/) with branch
coverage of the library at 100 % and the derandomized ``ci`` Hypothesis
profile, and the documentation built strictly (warnings are errors). Every
gate runs even when an earlier one fails; the exit code is non-zero if any
failed.
"""

from __future__ import annotations

import subprocess
import sys
import time

GATES: tuple[tuple[str, list[str]], ...] = (
    ("ruff lint", ["ruff", "check", "."]),
    ("ruff format", ["ruff", "format", "--check", "."]),
    ("mypy --strict", ["mypy"]),
    (
        "pytest + 100% branch coverage",
        ["pytest", "--hypothesis-profile=ci", "--cov", "--cov-report=term-missing", "-q"],
    ),
    (
        "docs (sphinx -W)",
        ["sphinx", "-W", "-E", "--keep-going", "-q", "-b", "html", "docs", "docs/_build/html"],
    ),
)


def main() -> int:
    """Run each gate with this interpreter's tools; return 0 only if all pass."""
    failed = []
    for name, command in GATES:
        print(f"\n=== {name}: {' '.join(command)}", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", *command], check=False).returncode
        verdict = "ok" if code == 0 else f"FAILED ({code})"
        print(f"=== {name}: {verdict} in {time.perf_counter() - started:.1f}s")
        if code:
            failed.append(name)
    print("\nall gates passed" if not failed else f"\nfailed gates: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
