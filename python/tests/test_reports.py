"""`scorecard report`: every report renders with its content, customer exports hold one
customer's data alone, and a report opens in headless Chromium."""

from __future__ import annotations

import csv
import html
import re
import shutil
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Built
from helpers import query

from scorecard.cli import main
from scorecard.reports import ReportError, write_reports

CHART = '<svg class="chart"'


@dataclass(frozen=True)
class Reports:
    built: Built
    out: Path
    summary: dict


@pytest.fixture(scope="module")
def default_reports(default_built: Built, tmp_path_factory: pytest.TempPathFactory) -> Reports:
    out = tmp_path_factory.mktemp("reports")
    summary = write_reports(database=default_built.database, out_dir=out, progress=None)
    return Reports(built=default_built, out=out, summary=summary)


def _latest_scorecards(database: Path) -> list[tuple]:
    """Per account: id, name, latest overall score and band (independent of the reports)."""
    return query(
        database,
        "select account_id, account_name, overall_score, overall_band, adoption_score "
        "from marts.fct_account_scorecards_monthly "
        "qualify row_number() over (partition by account_id order by month_start desc) = 1 "
        "order by account_id",
    )


def _fmt(score: float | None) -> str:
    return "—" if score is None else f"{score:.1f}"


def test_summary_counts_every_account_and_dimension(default_reports: Reports) -> None:
    accounts = _latest_scorecards(default_reports.built.database)
    assert default_reports.summary["accounts"] == len(accounts) == 300
    assert default_reports.summary["segment_reports"] == 6
    assert str(default_reports.out) in default_reports.summary["message"]


def test_every_account_report_renders_its_scores_names_and_charts(
    default_reports: Reports,
) -> None:
    for account_id, name, overall, band, adoption in _latest_scorecards(
        default_reports.built.database
    ):
        page = (default_reports.out / "accounts" / f"{account_id}.html").read_text()
        assert html.escape(name) in page
        assert account_id in page
        assert f'<div class="score">{_fmt(overall)}</div>' in page
        assert f'<div class="score">{_fmt(adoption)}</div>' in page
        assert f">{band.replace('_', ' ')}</span>" in page
        assert page.count(CHART) >= 1
        assert "<polyline" in page or "<circle" in page  # the trend is drawn
        for heading in ("Summary", "Score trend", "Top drivers", "Open decisions", "Open alerts"):
            assert f"<h2>{heading}" in page
        assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in page


def test_account_report_lists_every_metric_with_owner(default_reports: Reports) -> None:
    db = default_reports.built.database
    metrics = query(db, "select metric_name, owner_name from config.scorecard_metrics")
    page = (default_reports.out / "accounts" / "acc_00010.html").read_text()
    for metric_name, owner in metrics:
        assert html.escape(metric_name) in page
        assert html.escape(owner) in page


def test_every_segment_summary_renders_its_segments(default_reports: Reports) -> None:
    db = default_reports.built.database
    dimensions = query(
        db,
        "select segment_dimension, list(distinct segment_value) from "
        "marts.fct_segment_scorecards_monthly where month_start = "
        "(select max(month_start) from marts.fct_segment_scorecards_monthly) group by 1",
    )
    assert len(dimensions) == 6
    for dimension, values in dimensions:
        page = (default_reports.out / "segments" / f"{dimension}.html").read_text()
        for value in values:
            assert html.escape(str(value)) in page
        assert page.count(CHART) >= 3  # band shares, trend, intervention effects
        assert "Where to act next" in page and "Quarterly review pack" in page
        assert "int_001" in page


def test_index_links_every_report(default_reports: Reports) -> None:
    page = (default_reports.out / "index.html").read_text()
    for account_id, *_ in _latest_scorecards(default_reports.built.database):
        assert f'href="accounts/{account_id}.html"' in page
        assert f'href="customer/{account_id}/scorecard.html"' in page


def test_customer_exports_hold_that_customers_data_alone(default_reports: Reports) -> None:
    """Isolation: for every account, its export names no other account (id or name), holds no
    user id and no row of another account, and defines every metric it shows."""
    db = default_reports.built.database
    accounts = query(db, "select account_id, account_name from marts.dim_accounts")
    user_id = re.compile(r"usr_\d+")
    n_users = query(db, "select count(*) from staging.stg_product__users")[0][0]
    assert n_users > 0
    definitions = {m for (m,) in query(db, "select metric_id from config.scorecard_metrics")}
    folders = sorted((default_reports.out / "customer").iterdir())
    assert len(folders) == 300
    checked_names = 0
    for folder in folders:
        own_id = folder.name
        own_name = dict(accounts)[own_id]
        texts = {p.name: p.read_text() for p in folder.iterdir()}
        assert set(texts) == {
            "scorecard.html",
            "scorecard_rows.csv",
            "metric_rows.csv",
            "metric_definitions.csv",
        }
        blob = "\n".join(texts.values())
        unescaped = html.unescape(blob)
        assert own_id in blob and own_name in unescaped
        assert not user_id.search(blob)
        for other_id, other_name in accounts:
            if other_id == own_id:
                continue
            assert other_id not in blob, (own_id, other_id)
            # a name equal to (or inside) the customer's own name cannot be told apart
            if other_name not in own_name:
                assert other_name not in unescaped, (own_id, other_name)
                checked_names += 1
        for filename in ("scorecard_rows.csv", "metric_rows.csv"):
            with (folder / filename).open() as handle:
                rows = list(csv.DictReader(handle))
            assert rows and {r["account_id"] for r in rows} == {own_id}
        with (folder / "metric_rows.csv").open() as handle:
            shown = {r["metric_id"] for r in csv.DictReader(handle)}
        with (folder / "metric_definitions.csv").open() as handle:
            defined = {r["metric_id"] for r in csv.DictReader(handle)}
        assert shown <= defined <= definitions
        assert "Notes" not in texts["scorecard.html"]  # internal touchpoint notes stay out
    assert checked_names > 300 * 280


def test_customer_export_scores_match_the_mart(default_reports: Reports) -> None:
    db = default_reports.built.database
    expected = query(
        db,
        "select month_start, overall_score from marts.fct_account_scorecards_monthly "
        "where account_id = 'acc_00042' order by month_start",
    )
    with (default_reports.out / "customer" / "acc_00042" / "scorecard_rows.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert [r["month_start"] for r in rows] == [m.isoformat() for m, _ in expected]
    for row, (_, score) in zip(rows, expected, strict=True):
        assert (row["overall_score"] == "") == (score is None)
        if score is not None:
            assert float(row["overall_score"]) == pytest.approx(score)
    page = (default_reports.out / "customer" / "acc_00042" / "scorecard.html").read_text()
    for band, min_score in query(db, "select band, min_score from config.score_bands"):
        assert f"{band} from {float(min_score):g}" in page  # the bands read from the seed


def _png_pixels_vary(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values of the decoded image data."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    idat, pos = b"", 8
    while pos < len(data):
        length = struct.unpack(">I", data[pos : pos + 4])[0]
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            idat += data[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


def test_account_report_renders_in_headless_chromium(
    default_reports: Reports, tmp_path: Path
) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is required for this test: apt-get install -y chromium"
    shot = tmp_path / "account.png"
    report = default_reports.out / "accounts" / "acc_00010.html"
    result = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1280,2000",
            report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 10_000
    width, height, distinct = _png_pixels_vary(shot)
    assert (width, height) == (1280, 2000)
    assert distinct > 50, "the screenshot is blank"


def test_cli_report_writes_the_reports(built: Built, tmp_path: Path, capsys) -> None:
    out = tmp_path / "reports"
    assert main(["report", "--database", str(built.database), "--out", str(out)]) == 0
    assert "account scorecards" in capsys.readouterr().out
    accounts = {r[0] for r in query(built.database, "select account_id from marts.dim_accounts")}
    scored = {p.stem for p in (out / "accounts").glob("*.html")}
    assert scored and scored <= accounts


def test_missing_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.duckdb"
    with pytest.raises(ReportError, match="nowhere.duckdb"):
        write_reports(database=missing, out_dir=tmp_path / "out", progress=None)
