"""Sphinx configuration: the documentation is built strictly (-W) in the test command."""

from __future__ import annotations

import ttre_policy

project = "ttre_policy"
author = "ttre_policy maintainers"
copyright = "2026, ttre_policy maintainers"  # noqa: A001  # Sphinx reads this name
release = ttre_policy.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# No intersphinx: it downloads inventories, and CI has no network beyond PyPI.
autodoc_member_order = "bysource"
# autosummary only tabulates (docs/testing.md); it writes no stub pages.
autosummary_generate = False
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_ivar = True

html_theme = "furo"
html_title = f"ttre_policy {release}"
