"""
Benchmark: evaluate_refund against a plain hand-written function, side by side.

Issue 7: "measures, in one process and side by side, `evaluate_refund` against a
plain hand-written Python function that computes the same decision with Decimal
and datetime (no classes, no reasons), on the same 100,000 generated cases, and
reports the median latency of each, their ratio, and batch throughput".

The plain function is tests/reference_model.py's `decide`, the model the test
suite checks evaluate_refund against; this script first checks that both agree
on every case, then times them. Run from the repository root:

    python benchmarks/bench_evaluate.py [--cases 100000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reference_model import decide  # the repository root is on the path now

import ttre_policy as tp

if TYPE_CHECKING:
    from collections.abc import Callable

HK = ZoneInfo("Asia/Hong_Kong")
ZONES = [HK, ZoneInfo("UTC"), ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")]
BATCH = 100
UNPAID_SHARE = 0.05  # of purchases never paid
WITH_EVENT_SHARE = 0.4  # of paid purchases with a service event


def generate(
    count: int, seed: int
) -> list[tuple[tp.Purchase, tp.RefundRequest, tuple[tp.Activation, ...]]]:
    """Return *count* varied cases under DEFAULT_POLICY: every outcome, most reasons."""
    rng = random.Random(seed)  # noqa: S311  # benchmark data, not security
    cases = []
    methods = list(tp.PaymentMethod)
    kinds = list(tp.ActivationKind)
    # Instants are computed in UTC and only shown in a zone: adding a timedelta
    # to a zoned datetime adds wall-clock time, which is wrong across DST.
    start = datetime(2026, 1, 1, tzinfo=HK).astimezone(UTC)
    for index in range(count):
        package = rng.choice((tp.ALL_IN_ONE, tp.TIKTOK_SHOP_MANAGEMENT))
        price = package.floor_price.amount + Decimal(rng.randrange(0, 200_000)) / 100
        tax = Decimal(rng.choice((0, 0, rng.randrange(1, 20_000)))) / 100
        zone = rng.choice(ZONES)
        bought = start + timedelta(seconds=rng.randrange(0, 300 * 86_400))
        paid = (
            None
            if rng.random() < UNPAID_SHARE
            else bought + timedelta(seconds=rng.randrange(0, 3_600))
        )
        purchase_id = f"P-{index}"
        purchase = tp.Purchase(
            purchase_id=purchase_id,
            package=package,
            price_excl_tax=tp.Money(price, "USD"),
            tax=tp.Money(tax, "USD"),
            purchased_at=bought.astimezone(zone),
            payment_method=rng.choice(methods),
            paid_at=None if paid is None else paid.astimezone(zone),
        )
        events: tuple[tp.Activation, ...] = ()
        if paid is not None and rng.random() < WITH_EVENT_SHARE:
            events = (
                tp.Activation(
                    purchase_id=purchase_id,
                    kind=rng.choice(kinds),
                    at=(paid + timedelta(seconds=rng.randrange(0, 20 * 86_400))).astimezone(zone),
                ),
            )
        request = tp.RefundRequest(
            request_id=f"R-{index}",
            purchase_id=purchase_id,
            requested_at=(bought + timedelta(seconds=rng.randrange(0, 25 * 86_400))).astimezone(
                zone
            ),
        )
        cases.append((purchase, request, events))
    return cases


def plain_arguments(
    case: tuple[tp.Purchase, tp.RefundRequest, tuple[tp.Activation, ...]],
) -> dict[str, object]:
    """The plain function's arguments: Decimals, datetimes and the policy's numbers."""
    purchase, request, events = case
    policy = tp.DEFAULT_POLICY
    schedule = policy.fee_schedule("USD")
    fee = schedule.processing_fee(purchase.payment_method)
    return {
        "price": purchase.price_excl_tax.amount,
        "tax": purchase.tax.amount,
        "quantum": Decimal("0.01"),
        "purchased_at": purchase.purchased_at,
        "paid_at": purchase.paid_at,
        "requested_at": request.requested_at,
        "event_times": [event.at for event in events],
        "zone": policy.time_zone,
        "window_days": policy.refund_window.days,
        "roll": False,
        "weekend": frozenset(),
        "holidays": frozenset(),
        "rate": fee.rate,
        "fixed": fee.fixed.amount,
        "administrative": schedule.administrative.amount,
        "rounding": policy.rounding.decimal_rounding,
        "proportional_tax": False,
    }


def time_batches(
    calls: list[tuple[object, ...]], run: Callable[..., object]
) -> tuple[list[float], float]:
    """Time *run* over *calls* in batches; return seconds per call of each batch, and the total."""
    per_call = []
    total = 0.0
    gc.disable()
    try:
        for start in range(0, len(calls), BATCH):
            batch = calls[start : start + BATCH]
            began = time.perf_counter()
            for arguments in batch:
                run(*arguments)
            elapsed = time.perf_counter() - began
            total += elapsed
            per_call.append(elapsed / len(batch))
    finally:
        gc.enable()
    return per_call, total


def main() -> int:
    """Generate the cases, check agreement, time both, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()

    cases = generate(options.cases, options.seed)
    plain = [plain_arguments(case) for case in cases]
    library_calls = [(purchase, request, events) for purchase, request, events in cases]
    plain_calls = [(arguments,) for arguments in plain]

    disagreements = 0
    outcomes: dict[str, int] = {}
    for (purchase, request, events), arguments in zip(cases, plain, strict=True):
        decision = tp.evaluate_refund(purchase, request, events)
        answer = decide(**arguments)  # type: ignore[arg-type]  # the plain function's own argument types
        outcomes[decision.outcome.value] = outcomes.get(decision.outcome.value, 0) + 1
        if (answer.eligible, answer.refund, answer.fees) != (
            decision.eligible,
            decision.refund.amount,
            decision.fees.amount,
        ):
            disagreements += 1
    if disagreements:
        print(
            f"{disagreements} cases decided differently: fix that before timing", file=sys.stderr
        )
        return 1

    def run_plain(arguments: dict[str, object]) -> object:
        return decide(**arguments)  # type: ignore[arg-type]  # as above

    for _ in range(2):  # warm both up, alternating, so neither runs on a cold cache
        time_batches(library_calls[:5_000], tp.evaluate_refund)
        time_batches(plain_calls[:5_000], run_plain)
    library, library_total = time_batches(library_calls, tp.evaluate_refund)
    baseline, baseline_total = time_batches(plain_calls, run_plain)

    median_library = statistics.median(library)
    median_plain = statistics.median(baseline)
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"machine: {platform.machine()}, {python}, {platform.system()}")
    print(f"cases: {len(cases):,} (seed {options.seed}); outcomes: {outcomes}; all decided alike")
    print(f"median latency, evaluate_refund: {median_library * 1e6:8.2f} us")
    print(f"median latency, plain function:  {median_plain * 1e6:8.2f} us")
    print(f"ratio: {median_library / median_plain:.2f}x")
    print(f"throughput, evaluate_refund: {len(cases) / library_total:,.0f} decisions/s")
    print(f"throughput, plain function:  {len(cases) / baseline_total:,.0f} decisions/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
