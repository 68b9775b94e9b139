"""`scorecard report`: HTML scorecards per account, executive summaries per segment dimension
and customer-shareable exports, written from the marts (read-only).

Layout of `out_dir`:

- `index.html` — links to everything below;
- `accounts/<account_id>.html` — the internal account scorecard;
- `segments/<dimension>.html` — one executive summary per segment dimension;
- `customer/<account_id>/` — the customer-shareable export: `scorecard.html`,
  `scorecard_rows.csv`, `metric_rows.csv`, `metric_definitions.csv` (that customer's data only).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .account import render_account
from .customer import write_customer_export
from .data import ReportData, ReportError, Row, load
from .html import esc, fmt_score, page, table
from .segment import DIMENSION_TITLES, render_segment_dimension

__all__ = ["ReportError", "write_reports"]


def _groups(rows: list[Row]) -> dict[str, list[Row]]:
    """Rows split by account_id in one pass, keeping their order."""
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.get("account_id") is not None:
            out[str(row["account_id"])].append(row)
    return out


def _index(data: ReportData, accounts: list[tuple[str, str, Any, Any]], dims: list[str]) -> str:
    rows = [
        [
            f'<a href="accounts/{esc(a)}.html">{esc(n)}</a>',
            a,
            fmt_score(s),
            b,
            f'<a href="customer/{esc(a)}/scorecard.html">customer export</a>',
        ]
        for a, n, s, b in accounts
    ]
    links = "".join(
        f'<li><a href="segments/{esc(d)}.html">{esc(DIMENSION_TITLES.get(d, d))}</a></li>'
        for d in dims
    )
    body = f"<h2>Executive summaries</h2><ul>{links}</ul><h2>Accounts</h2>" + table(
        ["Account", "Id", "Overall", "Band", "Share"], rows, numeric=(2,), raw=(0, 4)
    )
    return page(
        "Outcome scorecard reports",
        f"{data.as_of_month:%B %Y} · {len(accounts)} accounts",
        body,
        "Internal index: share only the customer/<account_id>/ folder with a customer.",
    )


def write_reports(
    database: Path, out_dir: Path, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Write every report from the warehouse `database` into `out_dir`.

    Returns a summary with the counts, the output folder and a one-line `message`.
    """
    t0 = time.perf_counter()
    say = progress or (lambda _message: None)
    out_dir = Path(out_dir)
    say(f"reading the marts from {database}")
    data = load(Path(database))
    generated = dt.datetime.now(dt.UTC).date()
    names = {str(r["metric_id"]): str(r["metric_name"]) for r in data.registry}
    scorecards = _groups(data.scorecards)
    metrics = _groups(data.metrics_latest)
    insights = _groups(data.insights)
    decisions = _groups(data.decisions)
    alerts = _groups(data.alerts)

    (out_dir / "accounts").mkdir(parents=True, exist_ok=True)
    listed: list[tuple[str, str, Any, Any]] = []
    files = 0
    for i, (account_id, history) in enumerate(sorted(scorecards.items()), start=1):
        account_metrics = metrics.get(account_id, [])
        html = render_account(
            history,
            account_metrics,
            insights.get(account_id, []),
            decisions.get(account_id, []),
            alerts.get(account_id, []),
            names,
            generated,
        )
        (out_dir / "accounts" / f"{account_id}.html").write_text(html, encoding="utf-8")
        files += 1
        folder = out_dir / "customer" / account_id
        files += len(
            write_customer_export(
                folder, history, account_metrics, data.registry, generated, data.bands
            )
        )
        latest = history[-1]
        listed.append(
            (
                account_id,
                str(latest["account_name"]),
                latest["overall_score"],
                latest["overall_band"],
            )
        )
        if i % 50 == 0:
            say(f"accounts: {i} of {len(scorecards)} written")

    (out_dir / "segments").mkdir(parents=True, exist_ok=True)
    dimensions = list(dict.fromkeys(data.segments["segment_dimension"]))
    for dimension in dimensions:
        html = render_segment_dimension(
            dimension,
            data.segments[data.segments["segment_dimension"] == dimension],
            data.priorities[data.priorities["segment_dimension"] == dimension],
            data.effects,
            data.review_pack[data.review_pack["segment_dimension"] == dimension],
            data.as_of_month,
            generated,
        )
        (out_dir / "segments" / f"{dimension}.html").write_text(html, encoding="utf-8")
        files += 1
    (out_dir / "index.html").write_text(_index(data, listed, dimensions), encoding="utf-8")
    files += 1
    seconds = time.perf_counter() - t0
    return {
        "accounts": len(listed),
        "segment_reports": len(dimensions),
        "files": files,
        "out_dir": str(out_dir),
        "seconds": seconds,
        "message": (
            f"Wrote {len(listed)} account scorecards, {len(listed)} customer exports and "
            f"{len(dimensions)} segment summaries ({files} files) in {seconds:.1f} s to "
            f"{out_dir} (open {out_dir / 'index.html'}; share only customer/<account_id>/)."
        ),
    }
