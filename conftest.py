"""
Hypothesis settings profiles for the whole suite (tests/ and the doctests in src/).

Choose one with ``--hypothesis-profile NAME`` or the environment variable
``TTRE_HYPOTHESIS_PROFILE`` (read here, before the run; mutation testing uses
it). The README's test command runs the derandomized ``ci`` profile.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=40, deadline=None)
# CI: a fixed sequence of examples, so a red build is reproducible.
settings.register_profile(
    "ci",
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
# Mutation testing: few examples, fixed, no deadline (mutants run slower).
settings.register_profile(
    "mutation",
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)
# Exploration beyond the fixed examples, for a nightly or sign-off run.
settings.register_profile("nightly", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("TTRE_HYPOTHESIS_PROFILE", "dev"))
