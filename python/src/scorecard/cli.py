"""The `scorecard` command line. Thin: it parses arguments and calls library functions."""

from __future__ import annotations

import argparse
import datetime as dt
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
