"""The base of the library's enumerations: stable wire values, repr as Python source."""

from __future__ import annotations

import enum


class PolicyEnum(enum.Enum):
    """
    An enumeration whose values are stable lower-case wire codes.

    Its repr is valid Python (``PaymentMethod.PAYPAL``), so the failing cases
    Hypothesis prints can be pasted back as code.
    """

    def __repr__(self) -> str:
        """Return the member as Python source, e.g. ``PaymentMethod.PAYPAL``."""
        return f"{type(self).__name__}.{self.name}"
