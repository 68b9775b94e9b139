"""Benchmarks of the scorecard pipeline (generator part: :func:`bench_generate`)."""

from __future__ import annotations

import datetime as dt
import os
import resource
import subprocess
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


# ------------------------------------------------------------------------- the pipeline

#: The dbt project this package belongs to (python/src/scorecard -> the repository root).
PROJECT_ROOT = Path(__file__).resolve().parents[3]


def _run_measured(command: list[str], env: dict[str, str], cwd: Path) -> dict[str, object]:
    """Run a command as a child process: its wall time and its own peak memory (wait4)."""
    import tempfile

    with tempfile.TemporaryFile(mode="w+") as log:
        started = time.perf_counter()
        child = subprocess.Popen(command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            log.seek(0)
            raise RuntimeError(f"{' '.join(command[:2])} failed:\n{log.read()[-4000:]}")
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1)}


def _measured_python(code: str, env: dict[str, str], cwd: Path) -> dict[str, object]:
    """Run Python code in a fresh interpreter (clean peak memory); its JSON result, timed."""
    import json

    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"benchmark step failed:\n{completed.stderr[-4000:]}")
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    return {**figures, "process_seconds": round(seconds, 2)}


def _dbt_command(args: list[str], raw_root: Path, as_of: dt.date, target_dir: Path) -> list[str]:
    dbt = str(Path(sys.executable).parent / "dbt")
    variables = f"{{raw_root: '{raw_root}', as_of_date: '{as_of.isoformat()}'}}"
    return [
        dbt, *args, "--profiles-dir", str(PROJECT_ROOT), "--project-dir", str(PROJECT_ROOT),
        "--target-path", str(target_dir / "target"), "--log-path", str(target_dir / "logs"),
        "--vars", variables,
    ]  # fmt: skip


def add_event_batch(raw_root: Path, day: dt.date, late_days: int = 10) -> dict[str, int]:
    """Land one new day's batch of events beside the others, as a production feed would:
    a copy of the events of `day - 7` moved to `day` (new ids), plus a tenth of them as late
    arrivals for `day - late_days`, all loaded on `day + 1`. Vectorised (pyarrow)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    folder = raw_root / EVENTS_DIR
    events = pq.read_table(folder)
    occurred = events["occurred_at"]
    tz = occurred.type.tz
    source_day = day - dt.timedelta(days=7)

    def at(d: dt.date) -> pa.Scalar:
        return pa.scalar(dt.datetime(d.year, d.month, d.day), type=pa.timestamp("us", tz=tz))

    week_ago = events.filter(
        pc.and_(
            pc.greater_equal(occurred, at(source_day)),
            pc.less(occurred, at(source_day + dt.timedelta(days=1))),
        )
    )
    loaded = at(day + dt.timedelta(days=1))

    def shifted(table: pa.Table, days: int, tag: str) -> pa.Table:
        delta = pa.scalar(dt.timedelta(days=days), type=pa.duration("us"))
        moved = pc.add(table["occurred_at"], delta)
        return (
            table.set_column(0, "event_id", pc.binary_join_element_wise(table["event_id"], tag, ""))
            .set_column(table.schema.get_field_index("occurred_at"), "occurred_at", moved)
            .set_column(
                table.schema.get_field_index("loaded_at"),
                "loaded_at",
                pa.array([loaded.as_py()] * table.num_rows, type=table["loaded_at"].type),
            )
        )

    new = shifted(week_ago, 7, "_bench_new")
    late = shifted(week_ago.slice(0, max(1, week_ago.num_rows // 10)), 7 - late_days, "_bench_late")
    batch = pa.concat_tables([new, late]).cast(events.schema)
    pq.write_table(batch, folder / f"bench_batch_{day:%Y%m%d}.parquet")
    return {"new_events": new.num_rows, "late_events": late.num_rows}


def run_bench(
    events_target: int = 10_000_000,
    work_dir: Path | None = None,
    pipeline: bool = True,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Measure the generator, the full dbt build, an incremental build after a new (and
    partly late) batch of events, and the data-quality gate; print each step's wall time and
    peak memory, and a JSON line of all figures. Steps run in child processes so that each
    peak is its own. Returns 0."""
    import json
    import tempfile

    say = progress or (lambda _message: None)
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="scorecard_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    raw = work / "raw"
    env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    figures: dict[str, object] = {"events_target": events_target, "work_dir": str(work)}

    say(f"generating about {events_target:,} events into {raw}")
    code = (
        "import json, pathlib\nfrom scorecard.bench import bench_generate\n"
        f"print(json.dumps(bench_generate({events_target}, pathlib.Path({str(raw)!r}))))\n"
    )
    figures["generate"] = _measured_python(code, env, PROJECT_ROOT)
    if pipeline:
        database = work / "warehouse.duckdb"
        env["SCORECARD_DUCKDB_PATH"] = str(database)
        if database.exists():
            database.unlink()
        say("full dbt build (seeds, models, snapshots, tests)")
        figures["dbt_build_full"] = _run_measured(
            _dbt_command(["build"], raw, BENCH_AS_OF, work), env, PROJECT_ROOT
        )
        next_day = BENCH_AS_OF + dt.timedelta(days=1)
        figures["new_batch"] = add_event_batch(raw, next_day)
        say(f"incremental: a new batch for {next_day} with late events; usage aggregate only")
        figures["dbt_run_incremental_aggregate"] = _run_measured(
            _dbt_command(["run", "--select", "int_usage_aggregated_daily"], raw, next_day, work),
            env,
            PROJECT_ROOT,
        )
        say("the same aggregate rebuilt from scratch (--full-refresh), for comparison")
        figures["dbt_run_full_refresh_aggregate"] = _run_measured(
            _dbt_command(
                ["run", "--select", "int_usage_aggregated_daily", "--full-refresh"],
                raw,
                next_day,
                work,
            ),
            env,
            PROJECT_ROOT,
        )
        say("whole pipeline after the batch (dbt build: incremental aggregate + the rest)")
        figures["dbt_build_after_batch"] = _run_measured(
            _dbt_command(["build"], raw, next_day, work), env, PROJECT_ROOT
        )
        say("data-quality gate (scorecard validate)")
        from .quality.runner import bench_validation

        figures["validate"] = bench_validation(database, work / "gx", as_of=next_day)
    print(_bench_table(figures))
    print(json.dumps(figures))
    return 0


def _bench_table(figures: dict[str, object]) -> str:
    """The figures as a small plain-text table."""
    lines = [f"{'step':38} {'seconds':>9} {'peak MiB':>9}"]
    for step, value in figures.items():
        if isinstance(value, dict) and "peak_rss_mb" in value:
            seconds = value.get("seconds", value.get("process_seconds"))
            lines.append(f"{step:38} {seconds:>9} {value['peak_rss_mb']:>9}")
    generated = figures.get("generate")
    if isinstance(generated, dict):
        lines.append(
            f"generator: {generated['events_written']:,} events, "
            f"{generated['events_per_second']:,} events/s over the event feed"
        )
    return "\n".join(lines)
