"""Benchmarks of the scorecard pipeline (generator part: :func:`bench_generate`)."""

from __future__ import annotations

import datetime as dt
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .generate import EVENTS_DIR, generate

#: Fixed as_of of benchmark runs, so that figures are comparable from day to day.
BENCH_AS_OF = dt.date(2026, 6, 30)
#: Events per account and month that benchmark datasets aim for (~3,000 accounts at 10M).
EVENTS_PER_ACCOUNT_MONTH = 140


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _folder_bytes(path: Path) -> int:
    """Total size of the files under a folder."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def bench_generate(
    events_target: int,
    out_dir: Path,
    months: int = 24,
    seed: int = 42,
    accounts: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, object]:
    """Time :func:`scorecard.generate.generate` at a given event volume.

    The account count scales with the target (about 140 events per account-month, at least
    300 accounts) unless given. Peak memory is the process's peak resident set size, so run
    the benchmark in a fresh process for a clean figure.

    Returns a dict of figures: events_target, events_written, accounts, months, seconds
    (whole run), events_seconds (event feed only), events_per_second (over the event feed),
    total_events_per_second (over the whole run), peak_rss_mb, events_bytes, bytes_per_event,
    cpu_count.
    """
    out_dir = Path(out_dir)
    if accounts is None:
        accounts = max(300, round(events_target / (EVENTS_PER_ACCOUNT_MONTH * months)))
    started = time.perf_counter()
    summary = generate(
        out_dir,
        accounts=accounts,
        months=months,
        seed=seed,
        events_target=events_target,
        as_of=BENCH_AS_OF,
        progress=progress,
    )
    seconds = time.perf_counter() - started
    events = int(summary["events_written"])  # type: ignore[call-overload]
    events_seconds = float(summary["events_seconds"])  # type: ignore[arg-type]
    events_bytes = _folder_bytes(out_dir / EVENTS_DIR)
    return {
        "events_target": events_target,
        "events_written": events,
        "accounts": accounts,
        "months": months,
        "seconds": round(seconds, 3),
        "events_seconds": round(events_seconds, 3),
        "events_per_second": round(events / max(events_seconds, 1e-9)),
        "total_events_per_second": round(events / max(seconds, 1e-9)),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "events_bytes": events_bytes,
        "bytes_per_event": round(events_bytes / max(events, 1), 2),
        "cpu_count": os.cpu_count(),
    }
