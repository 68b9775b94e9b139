"""The `scorecard` command line. Thin: it parses arguments and calls library functions."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path


def _progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def _cmd_generate(args: argparse.Namespace) -> int:
    from scorecard.generate import generate

    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    summary = generate(
        out_dir=Path(args.out),
        accounts=args.accounts,
        months=args.months,
        seed=args.seed,
        events_target=args.events_target,
        as_of=as_of,
        progress=_progress,
    )
    print(
        f"Generated {summary['events_written']:,} events for {args.accounts} accounts over "
        f"{args.months} months in {summary['seconds']:.1f} s into {args.out} "
        f"(manifest: {Path(args.out) / 'manifest.json'})."
    )
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from scorecard.quality.frames import WarehouseError
    from scorecard.quality.runner import run_validation

    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    try:
        outcome = run_validation(
            database=Path(args.database),
            gx_root=Path(args.gx_root),
            run_id=args.run_id,
            as_of=as_of,
            fail_on_critical=not args.no_fail,
        )
    except (WarehouseError, ValueError) as error:
        print(f"scorecard validate: {error}", file=sys.stderr)
        return 2
    return outcome.exit_code


def _cmd_report(args: argparse.Namespace) -> int:
    from scorecard.reports import ReportError, write_reports

    try:
        summary = write_reports(
            database=Path(args.database), out_dir=Path(args.out), progress=_progress
        )
    except ReportError as error:
        print(f"scorecard report: {error}", file=sys.stderr)
        return 2
    print(summary["message"])
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from scorecard.export import WarehouseBusyError, export_marts

    try:
        summary = export_marts(
            database=Path(args.database), out_dir=Path(args.out), progress=_progress
        )
    except (FileNotFoundError, WarehouseBusyError) as error:
        print(f"scorecard export: {error}", file=sys.stderr)
        return 2
    print(summary["message"])
    return 0


def _cmd_docs_check(args: argparse.Namespace) -> int:
    from scorecard.docs_check import check_docs

    findings = check_docs(Path(args.target), Path(args.project))
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} finding(s): describe them in the files named above.")
        return 1
    print("Glossary complete: every resource is described and the registry matches its docs.")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from scorecard.bench import run_bench

    return run_bench(
        events_target=args.events_target,
        work_dir=Path(args.work_dir) if args.work_dir else None,
        pipeline=not args.generator_only,
        progress=_progress,
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="scorecard", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="write a deterministic demo raw data set")
    gen.add_argument("--accounts", type=int, default=300, help="number of accounts")
    gen.add_argument("--months", type=int, default=24, help="calendar months of history")
    gen.add_argument("--seed", type=int, default=42, help="random seed (same seed, same files)")
    gen.add_argument(
        "--events-target", type=int, default=2_000_000, help="approximate number of events"
    )
    gen.add_argument("--as-of", default=None, help="last day of data, YYYY-MM-DD (default today)")
    gen.add_argument("--out", default="data/raw", help="landing folder (raw_root)")
    gen.set_defaults(func=_cmd_generate)

    database_default = os.environ.get("SCORECARD_DUCKDB_PATH", "data/warehouse.duckdb")

    val = sub.add_parser(
        "validate", help="run the Great Expectations data-quality gate over the warehouse"
    )
    val.add_argument("--database", default=database_default, help="DuckDB warehouse file")
    val.add_argument("--gx-root", default="gx", help="GX file context folder")
    val.add_argument("--run-id", default=None, help="id of this run (default: timestamp)")
    val.add_argument("--as-of", default=None, help="date validated as of, YYYY-MM-DD")
    val.add_argument(
        "--no-fail", action="store_true", help="exit 0 even when a critical expectation fails"
    )
    val.set_defaults(func=_cmd_validate)

    rep = sub.add_parser("report", help="write the HTML scorecard reports and customer exports")
    rep.add_argument("--database", default=database_default, help="DuckDB warehouse file")
    rep.add_argument("--out", default="reports", help="folder the reports are written to")
    rep.set_defaults(func=_cmd_report)

    exp = sub.add_parser("export", help="write every mart to Parquet, one folder per mart")
    exp.add_argument("--database", default=database_default, help="DuckDB warehouse file")
    exp.add_argument("--out", default="exports/marts", help="folder the Parquet files go to")
    exp.set_defaults(func=_cmd_export)

    chk = sub.add_parser(
        "docs-check", help="check description coverage and the registry against its docs blocks"
    )
    chk.add_argument("--target", default="target", help="dbt target folder (after docs generate)")
    chk.add_argument("--project", default=".", help="the dbt project folder")
    chk.set_defaults(func=_cmd_docs_check)

    bench = sub.add_parser("bench", help="measure generator and pipeline speed and memory")
    bench.add_argument("--events-target", type=int, default=10_000_000)
    bench.add_argument("--work-dir", default=None, help="folder for the benchmark's data")
    bench.add_argument(
        "--generator-only", action="store_true", help="measure only the data generator"
    )
    bench.set_defaults(func=_cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `scorecard` console script."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
