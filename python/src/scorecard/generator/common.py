"""Shared helpers: random streams, calendar arithmetic, id and value formatting, CSV output.

Time is carried as integers throughout the generator: dates as days since 1970-01-01 and
timestamps as microseconds since 1970-01-01 UTC. Formatting to the contract's text forms
happens only when a table is written.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
MINUTE_US = 60_000_000
SECOND_US = 1_000_000
EPOCH = dt.date(1970, 1, 1)

#: A table ready to write: column name -> array of raw CSV values (str, or None for empty).
Columns = dict[str, np.ndarray]


def rng_for(seed: int, *stream: str | int) -> np.random.Generator:
    """Return an independent, reproducible random generator for one named stream.

    Each table (and each event month) draws from its own stream, so that changing how much one
    table draws never changes another table's data.
    """
    words = [int(seed) & 0xFFFFFFFF]
    for part in stream:
        words.append(zlib.crc32(part.encode()) if isinstance(part, str) else int(part))
    return np.random.default_rng(np.random.SeedSequence(words))


def day_number(value: dt.date) -> int:
    """Days since 1970-01-01 of a date."""
    return (value - EPOCH).days


def month_number(days: np.ndarray | int) -> np.ndarray:
    """Months since 1970-01 of each day number (vectorised)."""
    return np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[M]").astype(
        "int64"
    )


def month_start_day(month: np.ndarray | int) -> np.ndarray:
    """Day number of the first day of each month number."""
    return np.asarray(month, dtype="int64").astype("datetime64[M]").astype("datetime64[D]").astype(
        "int64"
    )


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Add calendar months to day numbers, clamping the day of month (Jan 31 + 1 = Feb 28/29)."""
    days = np.asarray(days, dtype="int64")
    first = month_start_day(month_number(days))
    day_of_month = days - first
    target_month = month_number(days) + np.asarray(months, dtype="int64")
    target_first = month_start_day(target_month)
    target_len = month_start_day(target_month + 1) - target_first
    return target_first + np.minimum(day_of_month, target_len - 1)


def weekday(days: np.ndarray) -> np.ndarray:
    """ISO weekday index 0 = Monday .. 6 = Sunday of day numbers."""
    return (np.asarray(days, dtype="int64") + 3) % 7


def sigmoid(x: np.ndarray | float) -> np.ndarray:
    """Logistic function."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype="float64")))


def choice_index(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Draw one category index per row of a (n, k) weight matrix (rows need not sum to 1)."""
    weights = np.asarray(weights, dtype="float64")
    cum = np.cumsum(weights, axis=1)
    u = rng.random(len(weights)) * cum[:, -1]
    return np.minimum((u[:, None] >= cum).sum(axis=1), weights.shape[1] - 1)


def fixed_width_ids(prefix: str, numbers: np.ndarray, width: int) -> pa.StringArray:
    """Build ``prefix + zero-padded number`` strings without a Python loop.

    The digits are written into one byte buffer and wrapped as an Arrow string array, which is
    what keeps building tens of millions of event ids cheap.
    """
    numbers = np.asarray(numbers, dtype="int64")
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    row = len(head) + width
    out = np.empty((len(numbers), row), dtype=np.uint8)
    out[:, : len(head)] = head
    rest = numbers.copy()
    pos = row
    while pos > len(head):
        step = min(4, pos - len(head))
        chunk = rest % (10**step)
        rest //= 10**step
        out[:, pos - step : pos] = _DIGIT_TABLES[step][chunk]
        pos -= step
    offsets = np.arange(len(numbers) + 1, dtype=np.int64) * row
    return pa.Array.from_buffers(
        pa.large_string(), len(numbers), [None, pa.py_buffer(offsets), pa.py_buffer(out)]
    ).cast(pa.string())


def _digit_table(step: int) -> np.ndarray:
    """Lookup table: number -> its ``step`` ASCII digits, for 0 <= number < 10**step."""
    values = np.arange(10**step)
    table = np.empty((10**step, step), dtype=np.uint8)
    for j in range(step):
        table[:, step - 1 - j] = (values // 10**j) % 10 + 48
    return table


_DIGIT_TABLES: dict[int, np.ndarray] = {s: _digit_table(s) for s in (1, 2, 3, 4)}


def ids(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded string ids as a numpy object array (for the CSV tables)."""
    return np.asarray(fixed_width_ids(prefix, numbers, width).to_numpy(zero_copy_only=False))


def id_width(count: int, minimum: int) -> int:
    """Digits needed for ids 1..count, at least ``minimum``."""
    return max(minimum, len(str(max(count, 1))))


def fmt_date(days: np.ndarray, null: np.ndarray | None = None) -> np.ndarray:
    """Format day numbers as ``YYYY-MM-DD``; rows where ``null`` is true become empty."""
    days = np.asarray(days, dtype="int64")
    arr = pa.array(days.astype("int32"), pa.date32(), mask=null)
    return np.asarray(pc.cast(arr, pa.string()).to_numpy(zero_copy_only=False), dtype=object)


def fmt_ts(us: np.ndarray, null: np.ndarray | None = None) -> np.ndarray:
    """Format microsecond timestamps as ``YYYY-MM-DD HH:MM:SS`` (truncated to the second)."""
    seconds = np.asarray(us, dtype="int64") // SECOND_US
    arr = pa.array(seconds, pa.timestamp("s"), mask=null)
    return np.asarray(pc.cast(arr, pa.string()).to_numpy(zero_copy_only=False), dtype=object)


def fmt_num(values: np.ndarray, decimals: int, null: np.ndarray | None = None) -> np.ndarray:
    """Format numbers rounded to ``decimals`` places, shortest form (``12.5``, ``3``)."""
    values = np.round(np.asarray(values, dtype="float64"), decimals) + 0.0
    if decimals == 0:
        arr = pa.array(values.astype("int64"), mask=null)
    else:
        arr = pa.array(values, mask=null)
    return np.asarray(pc.cast(arr, pa.string()).to_numpy(zero_copy_only=False), dtype=object)


def fmt_int(values: np.ndarray, null: np.ndarray | None = None) -> np.ndarray:
    """Format integers."""
    return fmt_num(values, 0, null)


def fmt_bool(values: np.ndarray) -> np.ndarray:
    """Format booleans as ``true`` / ``false``."""
    return np.where(np.asarray(values, dtype=bool), "true", "false").astype(object)


def pick(options: Sequence[str], index: np.ndarray) -> np.ndarray:
    """Map category indices to their labels as an object array."""
    return np.asarray(options, dtype=object)[np.asarray(index, dtype="int64")]


def with_null(values: np.ndarray, null: np.ndarray) -> np.ndarray:
    """Replace values by None (an empty CSV field) where ``null`` is true."""
    out = np.asarray(values, dtype=object).copy()
    out[np.asarray(null, dtype=bool)] = None
    return out


@dataclass(frozen=True)
class Calendar:
    """The generation window: ``months`` calendar months ending with the month of ``as_of``."""

    as_of: dt.date
    months: int

    @property
    def as_of_day(self) -> int:
        """Day number of as_of (the last day with data)."""
        return day_number(self.as_of)

    @property
    def cutoff_us(self) -> int:
        """Exclusive upper bound of every good timestamp: midnight after as_of."""
        return (self.as_of_day + 1) * DAY_US

    @property
    def first_month(self) -> int:
        """Month number of the first month of the window."""
        return int(month_number(self.as_of_day)) - self.months + 1

    @property
    def window_start_day(self) -> int:
        """Day number of the first day of the window."""
        return int(month_start_day(self.first_month))

    def month_start(self, i: int) -> int:
        """Day number of the first day of window month ``i`` (0-based)."""
        return int(month_start_day(self.first_month + i))

    def month_end(self, i: int) -> int:
        """Day number of the last day with data of window month ``i`` (clipped to as_of)."""
        return min(int(month_start_day(self.first_month + i + 1)) - 1, self.as_of_day)

    def month_days(self, i: int) -> int:
        """Calendar length of window month ``i`` in days."""
        return int(month_start_day(self.first_month + i + 1)) - self.month_start(i)

    def month_label(self, i: int) -> str:
        """``YYYY_MM`` label of window month ``i``."""
        start = EPOCH + dt.timedelta(days=self.month_start(i))
        return f"{start.year:04d}_{start.month:02d}"

    def iso_month(self, i: int) -> str:
        """``YYYY-MM-01`` of window month ``i``."""
        start = EPOCH + dt.timedelta(days=self.month_start(i))
        return start.isoformat()


def iso_day(day: int) -> str:
    """ISO date string of a day number."""
    return (EPOCH + dt.timedelta(days=int(day))).isoformat()


@dataclass
class RawTable:
    """One raw table under construction: good rows plus planted bad rows (all raw strings)."""

    name: str
    columns: list[str]
    good: Columns
    bad: list[dict[str, str | None]]

    @property
    def good_rows(self) -> int:
        """Number of good rows."""
        return len(next(iter(self.good.values()))) if self.good else 0


def write_csv(table: RawTable, path: Path, rng: np.random.Generator) -> int:
    """Write a raw table as CSV: contract column order, bad rows scattered among good ones.

    Returns the number of data rows written.
    """
    missing = [c for c in table.columns if c not in table.good]
    extra = [c for c in table.good if c not in table.columns]
    if missing or extra:
        raise ValueError(f"{table.name}: columns missing {missing}, unexpected {extra}")
    good = pd.DataFrame({c: pd.array(table.good[c], dtype=object) for c in table.columns})
    n_good = len(good)
    if table.bad:
        bad = pd.DataFrame(
            [{c: row.get(c) for c in table.columns} for row in table.bad], columns=table.columns
        ).astype(object)
        # Positions among the good rows, reproducible from the table's own stream.
        slots = np.sort(rng.integers(0, n_good + 1, len(bad)))
        order = np.concatenate([np.arange(n_good) * 2.0 + 1.0, slots * 2.0 + 0.5])
        frame = pd.concat([good, bad], ignore_index=True).iloc[np.argsort(order, kind="stable")]
    else:
        frame = good
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", na_rep="", encoding="utf-8")
    return len(frame)


def as_raw(values: Mapping[str, object]) -> dict[str, str | None]:
    """Normalise a bad-row dict to raw strings (None stays None = empty field)."""
    return {k: (None if v is None else str(v)) for k, v in values.items()}
