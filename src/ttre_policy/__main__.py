"""``python -m ttre_policy``: the same program as the ``ttre-policy`` command."""

from ttre_policy._cli import main

raise SystemExit(main())
