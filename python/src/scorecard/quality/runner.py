"""run_validation: the Great Expectations gate over the warehouse.

1. One read-only DuckDB session loads the frames (staging models, the metric mart, usage
   aggregates), the registry, seed value sets and the previous run's row counts; it closes.
2. The suite builders turn them into GX expectation suites with learned thresholds.
3. In the GX file context at `gx_root`, each frame is a pandas data asset; one checkpoint
   per frame runs the validation definitions (one per suite) of that frame.
4. The records are appended to dq.dq_validation_results (a read-write session opened only
   now), Data Docs are built, the summary printed; the exit code is 1 when a critical
   expectation failed (and `fail_on_critical`), else 0.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import great_expectations as gx
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
)

from . import expectations as _custom_expectations  # noqa: F401 (registers the custom type)
from . import suites_distribution, suites_missing, suites_validity, suites_volume
from .catalog import (
    METRICS_TABLE,
    REGISTRY_TABLE,
    STAGING_TABLES,
    USAGE_TABLE,
)
from .frames import (
    WarehouseError,
    connect_read_only,
    existing_tables,
    load_metrics_frame,
    load_registry,
    load_seed_values,
    load_staging_frame,
)
from .results import (
    ExpectationResult,
    append_results,
    from_gx,
    missing_table,
    previous_row_counts,
    print_summary,
    run_id_exists,
)
from .settings import (
    CRITICAL,
    DEFAULT_SETTINGS,
    FAMILIES,
    MISSING_DATA,
    VOLUME,
    QualitySettings,
)
from .spec import Frame, SuiteSpec, ValidationInputs

DATASOURCE = "scorecard_warehouse"
BATCH_DEFINITION = "whole_dataframe"
RESULT_FORMAT_COUNT = 20


@dataclass
class ValidationOutcome:
    """What run_validation returns."""

    #: 0 = no critical failure (warnings allowed); 1 = a critical expectation failed.
    exit_code: int
    #: expectations, passed, failed, critical_failed, warning_failed.
    counts: dict[str, int]
    results: list[ExpectationResult]
    #: index.html of the GX Data Docs site (None if they could not be built).
    data_docs_path: Path | None
    run_id: str = ""
    skipped: list[str] = field(default_factory=list)

    @property
    def critical_failures(self) -> list[ExpectationResult]:
        return [r for r in self.results if r.is_critical_failure]


# ---------------------------------------------------------------------------------- inputs


def _project_root(gx_root: Path) -> Path | None:
    """The dbt project (for the source freshness rules): gx_root's parent or this checkout."""
    for candidate in (gx_root.resolve().parent, Path(__file__).resolve().parents[4]):
        if (candidate / "dbt_project.yml").is_file():
            return candidate
    return None


def _reference_time(as_of: dt.date, now: dt.datetime) -> dt.datetime:
    """End of the as-of day, or now if earlier (so a run today measures age like dbt)."""
    end_of_day = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    return min(end_of_day, now)


def load_inputs(
    database: Path,
    as_of: dt.date,
    settings: QualitySettings,
    project_root: Path | None,
    now: dt.datetime,
    run_id: str,
) -> ValidationInputs:
    """Read everything in one read-only session, closed before GX runs."""
    con = connect_read_only(database)
    try:
        if run_id_exists(con, run_id):
            raise ValueError(
                f"run_id {run_id!r} is already in dq.dq_validation_results of {database}; "
                "results are append-only, so choose a new run id (or omit it)."
            )
        tables = existing_tables(con)
        inputs = ValidationInputs(
            as_of=as_of,
            reference_time=_reference_time(as_of, now),
            settings=settings,
            frames={},
            registry=load_registry(con) if REGISTRY_TABLE in tables else None,
            seed_values=load_seed_values(con, tables),
            previous_row_counts=previous_row_counts(con),
            freshness=suites_volume.read_freshness_policy(project_root),
        )
        frames: list[Frame] = []
        for rules in STAGING_TABLES:
            if rules.table_name in tables:
                frames.append(load_staging_frame(con, rules))
            else:
                inputs.missing_tables.append(rules.table_name)
        if METRICS_TABLE in tables:
            frames.append(load_metrics_frame(con, inputs.latest_complete_month))
        else:
            inputs.missing_tables.append(METRICS_TABLE)
        if REGISTRY_TABLE not in tables:
            inputs.missing_tables.append(REGISTRY_TABLE)
        if USAGE_TABLE in tables:
            latest = inputs.latest_complete_day
            frames.append(suites_volume.load_per_day(con, latest, settings.volume_window_days))
            frames.append(
                suites_volume.load_per_account(
                    con, latest, settings, suites_volume.SUBSCRIPTIONS in tables
                )
            )
        else:
            inputs.missing_tables.append(USAGE_TABLE)
        inputs.frames = {frame.key: frame for frame in frames}
        return inputs
    finally:
        con.close()


def build_all_suites(inputs: ValidationInputs) -> list[SuiteSpec]:
    return (
        suites_missing.build_suites(inputs)
        + suites_validity.build_suites(inputs)
        + suites_volume.build_suites(inputs)
        + suites_distribution.build_suites(inputs)
    )


# -------------------------------------------------------------------------------------- GX


def open_context(gx_root: Path) -> Any:
    """The GX file context at gx_root (scaffolded on first use), progress bars off."""
    gx_root.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", context_root_dir=str(gx_root))
    bars = context.variables.progress_bars
    enabled = bars.get("globally") if isinstance(bars, dict) else getattr(bars, "globally", None)
    if enabled is not False:
        context.variables.progress_bars = ProgressBarsConfig(
            globally=False, metric_calculations=False
        )
        context.variables.save()
    gitignore = gx_root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text("uncommitted/\n")
    return context


def _batch_definition(datasource: Any, asset_name: str) -> Any:
    try:
        asset = datasource.get_asset(asset_name)
    except LookupError:
        asset = datasource.add_dataframe_asset(name=asset_name)
    try:
        return asset.get_batch_definition(BATCH_DEFINITION)
    except (KeyError, LookupError):
        return asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)


def _datasource(context: Any) -> Any:
    try:
        return context.data_sources.get(DATASOURCE)
    except (KeyError, LookupError, ValueError):
        return context.data_sources.add_pandas(name=DATASOURCE)


def _remove_stale(context: Any, suites: set[str], checkpoints: set[str]) -> None:
    """Drop GX objects of earlier runs that this run no longer defines (e.g. a retired metric
    or a table that vanished), so the stored context mirrors the current rules."""
    for checkpoint in context.checkpoints.all():
        if checkpoint.name not in checkpoints:
            context.checkpoints.delete(checkpoint.name)
    for definition in context.validation_definitions.all():
        if definition.name not in suites:
            context.validation_definitions.delete(definition.name)
    for suite in context.suites.all():
        if suite.name not in suites:
            context.suites.delete(suite.name)


def run_checkpoints(
    context: Any, frames: dict[str, Frame], specs: list[SuiteSpec], run_id: str
) -> tuple[list[ExpectationResult], list[Any]]:
    """Register suites, validation definitions and one checkpoint per frame; run them."""
    datasource = _datasource(context)
    by_frame: dict[str, list[SuiteSpec]] = {}
    for spec in specs:
        by_frame.setdefault(spec.frame_key, []).append(spec)
    checkpoint_names = {f"checkpoint.{key}" for key in by_frame}
    _remove_stale(context, {spec.name for spec in specs}, checkpoint_names)
    results: list[ExpectationResult] = []
    identifiers: list[Any] = []
    run_identifier = RunIdentifier(run_name=run_id, run_time=dt.datetime.now(dt.UTC))
    family_order = {family: i for i, family in enumerate(FAMILIES)}
    for frame_key, frame_specs in by_frame.items():
        frame = frames[frame_key]
        batch_definition = _batch_definition(datasource, frame_key)
        definitions = []
        for spec in sorted(frame_specs, key=lambda s: family_order[s.family]):
            suite = context.suites.add_or_update(
                gx.ExpectationSuite(
                    name=spec.name,
                    expectations=spec.expectations,
                    meta={
                        "family": spec.family,
                        "table_name": frame.table_name,
                        "frame": frame.derivation or "the table itself",
                        "description": spec.description,
                    },
                )
            )
            definitions.append(
                context.validation_definitions.add_or_update(
                    gx.ValidationDefinition(name=spec.name, data=batch_definition, suite=suite)
                )
            )
            identifiers.append(ExpectationSuiteIdentifier(name=spec.name))
        index_columns = [c for c in frame.index_columns if c in frame.data.columns]
        result_format: dict[str, Any] = {
            "result_format": "SUMMARY",
            "partial_unexpected_count": RESULT_FORMAT_COUNT,
        }
        if index_columns:
            result_format["unexpected_index_column_names"] = index_columns
        checkpoint = context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=f"checkpoint.{frame_key}",
                validation_definitions=definitions,
                result_format=result_format,
            )
        )
        outcome = checkpoint.run(batch_parameters={"dataframe": frame.data}, run_id=run_identifier)
        for identifier, validation_result in outcome.run_results.items():
            identifiers.append(identifier)
            suite_name = validation_result.suite_name
            results.extend(from_gx(suite_name, validation_result))
    return results, identifiers


def _prune_validation_store(context: Any, keep_runs: int) -> None:
    """Keep the GX validation results (and so Data Docs pages) of the latest runs only."""
    store = context.validation_results_store
    keys = list(store.list_keys())
    runs = sorted({(k.run_id.run_time, k.run_id.run_name) for k in keys}, reverse=True)
    kept = {name for _, name in runs[:keep_runs]}
    for key in keys:
        if key.run_id.run_name not in kept:
            store.remove_key(key)


def build_data_docs(context: Any, identifiers: list[Any], keep_runs: int) -> Path | None:
    """Render this run's pages and the index (older runs beyond keep_runs are dropped)."""
    _prune_validation_store(context, keep_runs)
    urls = context.build_data_docs(resource_identifiers=identifiers)
    url = urls.get("local_site") or next(iter(urls.values()), None)
    if not url:
        return None
    return Path(unquote(urlparse(url).path))


# ---------------------------------------------------------------------------------- public


def default_run_id(now: dt.datetime) -> str:
    return f"dq_{now:%Y%m%dT%H%M%SZ}_{uuid.uuid4().hex[:6]}"


def run_validation(
    database: Path,
    gx_root: Path,
    run_id: str | None = None,
    as_of: dt.date | None = None,
    fail_on_critical: bool = True,
    printer: Callable[[str], Any] = print,
    *,
    settings: QualitySettings | None = None,
) -> ValidationOutcome:
    """Validate the warehouse with the GX suites; record, document and summarise the run.

    Args:
        database: the DuckDB warehouse (read read-only; results appended at the end).
        gx_root: the GX file context folder (the project's `gx/`); created if needed.
        run_id: identifier of this run in dq.dq_validation_results (default: UTC timestamp +
            random suffix); must be new.
        as_of: the date validated as of (default today, UTC): the last complete day is the
            day before, the latest complete month the month before its month.
        fail_on_critical: exit_code 1 when a critical expectation fails (else always 0).
        printer: receives the summary, one string per call.
        settings: the learned-threshold recipe (default: QualitySettings()).

    Raises:
        WarehouseError: the warehouse is absent or locked by a writer.
        ValueError: run_id is already recorded.
    """
    database = Path(database)
    gx_root = Path(gx_root)
    settings = settings or DEFAULT_SETTINGS
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    as_of = as_of or now.date()
    run_id = run_id or default_run_id(now)

    inputs = load_inputs(database, as_of, settings, _project_root(gx_root), now, run_id)
    specs = build_all_suites(inputs)
    context = open_context(gx_root)
    results, identifiers = run_checkpoints(context, inputs.frames, specs, run_id)
    for table_name in inputs.missing_tables:
        family = VOLUME if table_name == USAGE_TABLE else MISSING_DATA
        results.append(missing_table(f"{family}.{table_name.split('.', 1)[1]}", table_name))

    append_results(database, run_id, results, now)
    try:
        docs = build_data_docs(context, identifiers, settings.docs_keep_runs)
    except Exception as error:  # docs are a convenience; the warehouse record is the truth
        printer(f"warning: GX Data Docs could not be built under {gx_root}: {error}")
        docs = None

    failed = [r for r in results if not r.success]
    critical = [r for r in failed if r.severity == CRITICAL]
    counts = {
        "expectations": len(results),
        "passed": len(results) - len(failed),
        "failed": len(failed),
        "critical_failed": len(critical),
        "warning_failed": len(failed) - len(critical),
    }
    exit_code = 1 if critical and fail_on_critical else 0
    print_summary(
        results,
        printer,
        f"Data quality gate: run {run_id} on {database} as of {as_of} "
        f"(last complete day {inputs.latest_complete_day}, "
        f"month {inputs.latest_complete_month:%Y-%m})",
        inputs.skipped,
    )
    printer(f"Results appended to dq.dq_validation_results in {database} (run_id {run_id}).")
    if docs:
        printer(f"Data Docs: {docs}")
    if critical:
        verdict = "FAILED" if fail_on_critical else "failed (not enforced: fail_on_critical off)"
        printer(f"Data quality gate {verdict}: {len(critical)} critical expectation(s).")
    else:
        printer("Data quality gate passed" + (" with warnings." if failed else "."))
    return ValidationOutcome(
        exit_code=exit_code,
        counts=counts,
        results=results,
        data_docs_path=docs,
        run_id=run_id,
        skipped=list(inputs.skipped),
    )


def bench_validation(
    database: Path,
    gx_root: Path | None = None,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """Wall time and peak memory of one run_validation on `database`, in a fresh process.

    The run appends its results to the warehouse like any run. gx_root defaults to a
    throwaway folder beside the warehouse (`<database>.bench_gx`). Returns seconds,
    peak_rss_mb (ru_maxrss of the child), exit_code, expectations, failed, usage_rows and
    events (size of intermediate.int_usage_aggregated_daily).
    """
    database = Path(database).resolve()
    gx_root = Path(gx_root) if gx_root else database.with_name(database.name + ".bench_gx")
    script = (
        "import datetime as dt, json, resource, sys, time\n"
        "from pathlib import Path\n"
        "from scorecard.quality.runner import run_validation\n"
        "args = json.loads(sys.argv[1])\n"
        "as_of = dt.date.fromisoformat(args['as_of']) if args['as_of'] else None\n"
        "started = time.perf_counter()\n"
        "outcome = run_validation(Path(args['database']), Path(args['gx_root']), as_of=as_of,\n"
        "                         printer=lambda *_: None)\n"
        "seconds = time.perf_counter() - started\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "peak_mb = peak / 1048576 if sys.platform == 'darwin' else peak / 1024\n"
        "print(json.dumps({'seconds': round(seconds, 2), 'peak_rss_mb': round(peak_mb, 1),\n"
        "                  'exit_code': outcome.exit_code, **outcome.counts}))\n"
    )
    payload = json.dumps(
        {
            "database": str(database),
            "gx_root": str(gx_root),
            "as_of": as_of.isoformat() if as_of else None,
        }
    )
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", script, payload],
        capture_output=True,
        text=True,
        env={**os.environ},
        check=False,
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"bench_validation failed:\n{completed.stderr[-4000:]}")
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    con = connect_read_only(database)
    try:
        usage_rows, events = con.execute(
            f"select count(*), coalesce(sum(event_count), 0) from {USAGE_TABLE}"
        ).fetchone()
    except Exception:  # no usage table: the figures still stand
        usage_rows, events = None, None
    finally:
        con.close()
    return {
        **figures,
        "process_seconds": round(wall, 2),
        "usage_rows": usage_rows,
        "events": int(events) if events is not None else None,
        "database": str(database),
    }


__all__ = [
    "ValidationOutcome",
    "WarehouseError",
    "bench_validation",
    "default_run_id",
    "run_validation",
]
