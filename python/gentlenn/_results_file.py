"""The results file of a resumable sweep: a CSV with one row per (value, restart), appended as each
run finishes, read back to skip the runs already there.

A row holds ``vary`` (what the sweep varies: a setting, or ``preparation``), ``value`` (JSON: a number, or a
list such as ``["book", "book", "zero", 2]`` for a preparation and epoch), ``restart``, ``seed``, the run's
outcome columns (``accuracy`` and ``seconds`` for the digits experiments; the preparation lesson's measures
for it), every setting of the sweep, and the gentlenn version that wrote it.

Each run's rows go to the file in one ``write`` on a descriptor opened with ``O_APPEND`` and are
flushed to disk before the sweep goes on, so a sweep killed at any moment leaves whole rows (a
line without its newline can only be the tail of a killed write, and is cut off on reopening).
The sweep holds an exclusive lock on the file: two sweeps never write into one file.
Floats are written with ``repr`` so a resumed table equals an uninterrupted one to the last bit.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import stat
from pathlib import Path

from ._files import existing_folder
from ._version import __version__
from .errors import BadArgumentError, FileAccessError, FileFormatError, LimitError
from .limits import file_bytes_limit

KEY_COLUMNS = ("vary", "value", "restart", "seed")
OUTCOME_COLUMNS = ("accuracy", "seconds")
RESULT_COLUMNS = (*KEY_COLUMNS, *OUTCOME_COLUMNS)
# the outcome columns follow the key, then every run's full settings, then the version that produced the row
VERSION_COLUMN = "gentlenn_version"


def _encode(value):
    """Settings as JSON text, so that 0.1, 100, [0, 255] and "columns" compare exactly."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value)


def _key(value):
    """A decoded ``value`` as a dictionary key: JSON lists become tuples."""
    return tuple(_key(v) for v in value) if isinstance(value, list) else value


class ResultsFile:
    """An open, locked results file for one sweep (use as a context manager).

    ``settings`` are the sweep's settings (a setting named ``vary`` takes each row's value);
    ``outcomes`` name the numbers each reported value has (all read back as floats).
    """

    def __init__(self, path, vary, settings, outcomes=OUTCOME_COLUMNS):
        self.path = Path(path)
        self.vary = vary
        self.setting_names = sorted(settings)
        self.settings = {k: _encode(v) for k, v in settings.items()}
        self.outcomes = tuple(outcomes)
        self.columns = [*KEY_COLUMNS, *self.outcomes, *self.setting_names, VERSION_COLUMN]
        self.fd = None
        self.done = {}  # (value, seed) -> outcome tuple (accuracy, seconds) for the digits experiments

    def __enter__(self):
        what = "results file"
        folder = self.path.parent if str(self.path.parent) else Path(".")
        existing_folder(folder, f"the folder of {what} {str(self.path)!r}")
        if self.path.is_dir():
            raise self._fail(FileAccessError, f"{what} {str(self.path)!r} is a folder, not a file")
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
        except OSError as exc:
            raise self._fail(FileAccessError, f"cannot open {what} {str(self.path)!r}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise self._fail(FileAccessError, f"{what} {str(self.path)!r} is in use by another sweep; wait for it "
                             "or give another file") from None
        try:
            if not stat.S_ISREG(os.fstat(self.fd).st_mode):
                raise self._fail(FileAccessError, f"{what} {str(self.path)!r} is not a regular file (a device "
                                 "or a pipe); give a file name")
            self._read()
        except BaseException:
            os.close(self.fd)
            raise
        return self

    def __exit__(self, *exc):
        os.close(self.fd)  # closing releases the lock
        return False

    def _read(self):
        size, limit = os.fstat(self.fd).st_size, file_bytes_limit()
        if size > limit:
            raise self._fail(LimitError, f"results file {str(self.path)!r} has {size} bytes, more than the {limit} "
                             "gentlenn reads (GENTLENN_MAX_FILE_BYTES raises the limit on purpose); give another file",
                             expected=f"a file of at most {limit} bytes", limit=limit, unit="bytes",
                             variable="GENTLENN_MAX_FILE_BYTES")
        chunks, read = [], 0
        while chunk := os.pread(self.fd, 1 << 20, read):
            chunks.append(chunk)
            read += len(chunk)
        text = b"".join(chunks)
        if text and not text.endswith(b"\n"):  # the tail of a write cut by a kill
            os.ftruncate(self.fd, text.rfind(b"\n") + 1)
            text = text[: text.rfind(b"\n") + 1]
        if not text:
            self._append([self.columns])
            return
        name = str(self.path)
        try:
            rows = list(csv.reader(io.StringIO(text.decode("utf-8"))))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise self._fail(FileFormatError, f"results file {name!r} is not a CSV file of a sweep ({exc}): give "
                             "another file") from None
        if rows[0] != self.columns:
            raise self._fail(FileFormatError,
                             f"results file {name!r} does not hold a sweep of this kind: its columns are "
                             f"{', '.join(rows[0])}; expected {', '.join(self.columns)} (give another file)")
        for line, row in enumerate(rows[1:], start=2):
            record = dict(zip(self.columns, row))
            if len(row) != len(self.columns):
                raise self._fail(FileFormatError, f"results file {name!r}, line {line}: {len(row)} fields, "
                                 f"expected {len(self.columns)}")
            self._check_same_sweep(record, name, line)
            try:
                key = (_key(json.loads(record["value"])), int(record["seed"]))
                self.done[key] = tuple(float(record[c]) for c in self.outcomes)
            except (ValueError, TypeError):  # TypeError: a JSON object (unhashable) as the value
                raise self._fail(FileFormatError, f"results file {name!r}, line {line}: cannot read "
                                 f"value/seed/{'/'.join(self.outcomes)} from {row}") from None

    def _check_same_sweep(self, record, name, line):
        if record["vary"] != self.vary:
            raise self._fail(BadArgumentError, f"results file {name!r} holds a sweep over {record['vary']}, "
                             f"not {self.vary}: give another file")
        for key in self.setting_names:
            if key != self.vary and record[key] != self.settings[key]:
                raise self._fail(BadArgumentError,
                                 f"results file {name!r} (line {line}) holds runs with {key} = {record[key]}, but "
                                 f"this sweep has {key} = {self.settings[key]}: mixing them would be a silent mix "
                                 "of two sweeps; give another file or the same settings")
        if record[VERSION_COLUMN] != __version__:
            raise self._fail(BadArgumentError, f"results file {name!r} (line {line}) was written by gentlenn "
                             f"{record[VERSION_COLUMN]}, this is {__version__}: its numbers may differ; "
                             "give another file")

    def _fail(self, cls, message, **details):
        """An error about the ``results`` argument, naming the user's file."""
        return cls(message, argument="results", value=str(self.path), **details)

    def _append(self, rows):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        data = buffer.getvalue().encode("utf-8")
        try:
            written = os.write(self.fd, data)
            if written != len(data):
                raise OSError(f"wrote {written} of {len(data)} bytes")
            os.fsync(self.fd)
        except OSError as exc:
            raise self._fail(FileAccessError, f"cannot write results file {str(self.path)!r}: "
                             f"{getattr(exc, 'strerror', None) or exc}") from None

    def record(self, restart, seed, values, outcomes):
        """Append one finished run: for each reported value, its outcome numbers (in ``outcomes``'
        order), all in one write."""
        rows = []
        for value, numbers in zip(values, outcomes):
            numbers = tuple(float(v) for v in numbers)
            settings = dict(self.settings)
            if self.vary in settings:
                settings[self.vary] = _encode(value)
            rows.append([self.vary, _encode(value), restart, seed, *(repr(v) for v in numbers),
                         *(settings[k] for k in self.setting_names), __version__])
            self.done[(value, seed)] = numbers
        self._append(rows)
