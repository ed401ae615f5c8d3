"""``python -m ttre_policy``: the same program as the ``ttre-policy`` command."""

from ttre_policy._cli import main

# The guard keeps `ttre-policy audit --jobs N` from running the program again
# in each worker process, which imports this module under another name.
if __name__ == "__main__":
    raise SystemExit(main())
