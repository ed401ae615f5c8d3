"""
A deliberately plain reference model of the refund rules, for differential testing.

Written straight from the policy text and CLAUSES.md with Decimal and datetime
only: no classes, no reasons, no code shared with ttre_policy. The tests check
that `evaluate_refund` decides every generated case as this model does, and the
benchmark (benchmarks/) times `evaluate_refund` against it.

Rulings encoded: 1 (window: calendar days in the policy zone, the last day
inclusive), 2 (a service event at or before the request bars), 3 (fees: rate of
the tax-exclusive price, rounded to the minor unit, plus fixed, plus the
administrative fee, together at most the price), 4 (tax refunded in full or in
proportion), 7 (unpaid: allowed, nothing returned), and docs/rulings.md A1 (a
request before the payment was confirmed is allowed).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import NamedTuple


class Answer(NamedTuple):
    """What the model decides: eligible, the total refund, the fees retained, the deadline."""

    eligible: bool
    refund: Decimal
    fees: Decimal
    deadline: datetime


def decide(
    *,
    price: Decimal,
    tax: Decimal,
    quantum: Decimal,
    purchased_at: datetime,
    paid_at: datetime | None,
    requested_at: datetime,
    event_times: list[datetime],
    zone: tzinfo,
    window_days: int,
    roll: bool,
    weekend: frozenset[int],
    holidays: frozenset[date],
    rate: Decimal,
    fixed: Decimal,
    administrative: Decimal,
    rounding: str,
    proportional_tax: bool,
) -> Answer:
    """Decide a refund request the plain way (the rulings' own words, step by step)."""
    last_day = purchased_at.astimezone(zone).date() + timedelta(days=window_days)
    while roll and (last_day.isoweekday() in weekend or last_day in holidays):
        last_day += timedelta(days=1)
    next_day_starts = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)
    deadline = next_day_starts.astimezone(UTC) - timedelta(microseconds=1)
    nothing = Decimal(0).quantize(quantum)
    if paid_at is None:
        return Answer(eligible=True, refund=nothing, fees=nothing, deadline=deadline)
    asked = requested_at.astimezone(UTC)
    before_payment = asked < paid_at.astimezone(UTC)
    in_time = asked <= deadline
    barred = any(at.astimezone(UTC) <= asked for at in event_times)
    if not (before_payment or in_time) or barred:
        return Answer(eligible=False, refund=nothing, fees=nothing, deadline=deadline)
    fees = min((price * rate).quantize(quantum, rounding=rounding) + fixed + administrative, price)
    kept = price - fees
    tax_back = (
        (tax * kept / price).quantize(quantum, rounding=rounding)
        if proportional_tax and price
        else tax
    )
    return Answer(eligible=True, refund=kept + tax_back, fees=fees, deadline=deadline)
