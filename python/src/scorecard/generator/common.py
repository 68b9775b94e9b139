"""Shared helpers: random streams, calendar arithmetic, id and value formatting, CSV output.

Time is carried as integers throughout the generator: dates as days since 1970-01-01 and
timestamps as microseconds since 1970-01-01 UTC. Formatting to the contract's text forms
happens only when a table is written.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
MINUTE_US = 60_000_000
SECOND_US = 1_000_000
EPOCH = dt.date(1970, 1, 1)

#: A table ready to write: column name -> Arrow string column of raw CSV values (null = empty).
Columns = dict[str, pa.Array]


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
    return (
        np.asarray(days, dtype="int64")
        .astype("datetime64[D]")
        .astype("datetime64[M]")
        .astype("int64")
    )


def month_start_day(month: np.ndarray | int) -> np.ndarray:
    """Day number of the first day of each month number."""
    return (
        np.asarray(month, dtype="int64")
        .astype("datetime64[M]")
        .astype("datetime64[D]")
        .astype("int64")
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
    what keeps building tens of millions of event ids cheap. When the prefix and the width are
    multiples of four bytes, each group of four digits is one 32-bit table lookup.
    """
    numbers = np.asarray(numbers, dtype="int64")
    if len(numbers) and (numbers.min() < 0 or numbers.max() >= 10**width):
        raise ValueError(f"id numbers do not fit in {width} digits")
    head = np.frombuffer(prefix.encode(), dtype=np.uint8)
    row = len(head) + width
    out = np.empty((len(numbers), row), dtype=np.uint8)
    if len(head) % 4 == 0 and width % 4 == 0:
        words = out.view(np.uint32)
        words[:, : len(head) // 4] = head.view(np.uint32)
        rest = numbers.copy()
        for col in range(row // 4 - 1, len(head) // 4 - 1, -1):
            words[:, col] = _DIGIT_WORDS[rest % 10_000]
            rest //= 10_000
    else:
        out[:, : len(head)] = head
        rest = numbers.copy()
        pos = row
        while pos > len(head):
            step = min(4, pos - len(head))
            chunk = rest % (10**step)
            rest //= 10**step
            out[:, pos - step : pos] = _DIGIT_TABLES[step][chunk]
            pos -= step
    if len(numbers) * row < 2**31:
        offsets = np.arange(len(numbers) + 1, dtype=np.int32) * np.int32(row)
        kind = pa.string()
    else:
        offsets = np.arange(len(numbers) + 1, dtype=np.int64) * row
        kind = pa.large_string()
    return pa.Array.from_buffers(
        kind, len(numbers), [None, pa.py_buffer(offsets), pa.py_buffer(out)]
    )


def _digit_table(step: int) -> np.ndarray:
    """Lookup table: number -> its ``step`` ASCII digits, for 0 <= number < 10**step."""
    values = np.arange(10**step)
    table = np.empty((10**step, step), dtype=np.uint8)
    for j in range(step):
        table[:, step - 1 - j] = (values // 10**j) % 10 + 48
    return table


_DIGIT_TABLES: dict[int, np.ndarray] = {s: _digit_table(s) for s in (1, 2, 3, 4)}
#: Four ASCII digits of 0..9999 packed in one 32-bit word (native byte order).
_DIGIT_WORDS: np.ndarray = np.ascontiguousarray(_DIGIT_TABLES[4]).view(np.uint32).ravel()


def ids_np(prefix: str, numbers: np.ndarray, width: int) -> np.ndarray:
    """Zero-padded string ids as a numpy object array (for lookups in the world model)."""
    return np.asarray(fixed_width_ids(prefix, numbers, width).to_numpy(zero_copy_only=False))


def ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """Zero-padded string ids as an Arrow column."""
    return fixed_width_ids(prefix, numbers, width)


def id_width(count: int, minimum: int) -> int:
    """Digits needed for ids 1..count, at least ``minimum``."""
    return max(minimum, len(str(max(count, 1))))


def _mask(null: np.ndarray | None) -> np.ndarray | None:
    """A boolean null mask for pa.array, or None."""
    return None if null is None else np.asarray(null, dtype=bool)


def fmt_date(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Format day numbers as ``YYYY-MM-DD``; rows where ``null`` is true become empty."""
    days = np.asarray(days, dtype="int64")
    arr = pa.array(days.astype("int32"), pa.date32(), mask=_mask(null))
    return pc.cast(arr, pa.string())


def fmt_ts(us: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    """Format microsecond timestamps as ``YYYY-MM-DD HH:MM:SS`` (truncated to the second)."""
    seconds = np.asarray(us, dtype="int64") // SECOND_US
    arr = pa.array(seconds, pa.timestamp("s"), mask=_mask(null))
    return pc.cast(arr, pa.string())


def fmt_num(values: np.ndarray, decimals: int, null: np.ndarray | None = None) -> pa.Array:
    """Format numbers rounded to ``decimals`` places, shortest form (``12.5``, ``3``)."""
    values = np.round(np.asarray(values, dtype="float64"), decimals) + 0.0
    if decimals == 0:
        arr = pa.array(values.astype("int64"), mask=_mask(null))
    else:
        arr = pa.array(values, mask=_mask(null))
    return pc.cast(arr, pa.string())


def fmt_bool(values: np.ndarray) -> pa.Array:
    """Format booleans as ``true`` / ``false``."""
    return pc.if_else(pa.array(np.asarray(values, dtype=bool)), "true", "false")


def pick(options: Sequence[str], index: np.ndarray) -> pa.Array:
    """Map category indices to their labels."""
    return take(pa.array(list(options), pa.string()), index)


def take(values: pa.Array, index: np.ndarray) -> pa.Array:
    """Rows ``index`` of an Arrow column."""
    return pc.take(values, pa.array(np.asarray(index, dtype="int64")))


def text(values: np.ndarray | Sequence[str | None]) -> pa.Array:
    """Free text (a numpy object array or a list) as an Arrow string column."""
    return pa.array(list(values) if not isinstance(values, np.ndarray) else values, pa.string())


def with_null(values: pa.Array, null: np.ndarray) -> pa.Array:
    """Replace values by null (an empty CSV field) where ``null`` is true."""
    return pc.if_else(pa.array(np.asarray(null, dtype=bool)), pa.scalar(None, pa.string()), values)


def choose(index: np.ndarray, *options: pa.Array) -> pa.Array:
    """Per row, the value of ``options[index]``."""
    return pc.choose(pa.array(np.asarray(index, dtype="int8")), *options)


def reorder(columns: Columns, order: np.ndarray) -> Columns:
    """All columns of a table in a new row order."""
    idx = pa.array(np.asarray(order, dtype="int64"))
    return {name: pc.take(col, idx) for name, col in columns.items()}


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

    def __post_init__(self) -> None:
        """Hold every good column as an Arrow string column."""
        self.good = {
            c: pc.cast(v if isinstance(v, pa.Array | pa.ChunkedArray) else text(v), pa.string())
            for c, v in self.good.items()
        }

    @property
    def good_rows(self) -> int:
        """Number of good rows."""
        return len(next(iter(self.good.values()))) if self.good else 0

    def value(self, column: str, row: int) -> str | None:
        """Raw value of one good row (None = empty)."""
        return self.good[column][row].as_py()

    def column(self, column: str) -> np.ndarray:
        """Raw values of one good column as a numpy object array (None = empty)."""
        return np.asarray(self.good[column].to_numpy(zero_copy_only=False), dtype=object)


def write_csv(table: RawTable, path: Path, rng: np.random.Generator) -> int:
    """Write a raw table as CSV: contract column order, bad rows scattered among good ones.

    Values are quoted only when they hold a comma, a quote or a line break (RFC 4180); an
    empty field is null. Rows are assembled with Arrow kernels, not a Python loop. Returns the
    number of data rows written.
    """
    missing = [c for c in table.columns if c not in table.good]
    extra = [c for c in table.good if c not in table.columns]
    if missing or extra:
        raise ValueError(f"{table.name}: columns missing {missing}, unexpected {extra}")
    n_good = table.good_rows
    columns = {c: table.good[c] for c in table.columns}
    if table.bad:
        # Positions among the good rows, reproducible from the table's own stream.
        slots = np.sort(rng.integers(0, n_good + 1, len(table.bad)))
        order = np.argsort(
            np.concatenate([np.arange(n_good) * 2.0 + 1.0, slots * 2.0 + 0.5]), kind="stable"
        )
        bad = {c: pa.array([row.get(c) for row in table.bad], pa.string()) for c in columns}
        columns = reorder(
            {c: pa.concat_arrays([pc.cast(columns[c], pa.string()), bad[c]]) for c in columns},
            order,
        )
    n_rows = n_good + len(table.bad)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as out:
        out.write((",".join(_csv_field(c) for c in table.columns) + "\n").encode())
        if n_rows:
            fields = [_csv_quote(pc.cast(columns[c], pa.string())) for c in table.columns]
            lines = pc.binary_join_element_wise(
                *fields, pa.scalar("", pa.string()), ",", null_handling="replace"
            )
            # Every field but the last is followed by a comma; turn the trailing one into \n.
            lines = pc.utf8_replace_slice(lines, -1, 2**31 - 1, "\n")
            lines = lines.combine_chunks() if isinstance(lines, pa.ChunkedArray) else lines
            offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[
                lines.offset : lines.offset + len(lines) + 1
            ]
            data = lines.buffers()[2]
            out.write(memoryview(data)[int(offsets[0]) : int(offsets[-1])])
    return n_rows


def _csv_field(value: str) -> str:
    """Quote one header field if it needs it."""
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_quote(values: pa.Array) -> pa.Array:
    """Quote the values that hold a comma, quote or line break; nulls stay null."""
    needs = pc.fill_null(pc.match_substring_regex(values, '[,"\r\n]'), False)
    if not pc.any(needs).as_py():
        return values
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(values, '"', '""'), '"', "")
    return pc.if_else(needs, quoted, values)
