"""The results file of a resumable sweep: a CSV with one row per (value, restart), appended as each
run finishes, read back to skip the runs already there.

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
from pathlib import Path

from ._files import existing_folder
from ._version import __version__
from .errors import BadArgumentError, FileAccessError, FileFormatError

RESULT_COLUMNS = ("vary", "value", "restart", "seed", "accuracy", "seconds")
# every run's full settings follow, then the version that produced the row
VERSION_COLUMN = "gentlenn_version"


def _encode(value):
    """Settings as JSON text, so that 0.1, 100, [0, 255] and "columns" compare exactly."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, tuple):
        value = list(value)
    return json.dumps(value)


class ResultsFile:
    """An open, locked results file for one sweep (use as a context manager)."""

    def __init__(self, path, vary, settings):
        self.path = Path(path)
        self.vary = vary
        self.setting_names = sorted(settings)
        self.settings = {k: _encode(v) for k, v in settings.items()}
        self.columns = [*RESULT_COLUMNS, *self.setting_names, VERSION_COLUMN]
        self.fd = None
        self.done = {}  # (value, seed) -> (accuracy, seconds)

    def __enter__(self):
        what = "results file"
        folder = self.path.parent if str(self.path.parent) else Path(".")
        existing_folder(folder, f"the folder of {what} {str(self.path)!r}")
        if self.path.is_dir():
            raise FileAccessError(f"{what} {str(self.path)!r} is a folder, not a file")
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o666)
        except OSError as exc:
            raise FileAccessError(f"cannot open {what} {str(self.path)!r}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self.fd)
            raise FileAccessError(f"{what} {str(self.path)!r} is in use by another sweep; wait for it or "
                                  "give another file") from None
        try:
            self._read()
        except BaseException:
            os.close(self.fd)
            raise
        return self

    def __exit__(self, *exc):
        os.close(self.fd)  # closing releases the lock
        return False

    def _read(self):
        text = b""
        while chunk := os.pread(self.fd, 1 << 20, len(text)):
            text += chunk
        if text and not text.endswith(b"\n"):  # the tail of a write cut by a kill
            os.ftruncate(self.fd, text.rfind(b"\n") + 1)
            text = text[: text.rfind(b"\n") + 1]
        if not text:
            self._append([self.columns])
            return
        rows = list(csv.reader(io.StringIO(text.decode("utf-8"))))
        name = str(self.path)
        if rows[0] != self.columns:
            raise FileFormatError(
                f"results file {name!r} does not hold a sweep of this kind: its columns are "
                f"{', '.join(rows[0])}; expected {', '.join(self.columns)} (give another file)")
        for line, row in enumerate(rows[1:], start=2):
            record = dict(zip(self.columns, row))
            if len(row) != len(self.columns):
                raise FileFormatError(f"results file {name!r}, line {line}: {len(row)} fields, expected "
                                      f"{len(self.columns)}")
            self._check_same_sweep(record, name, line)
            try:
                key = (json.loads(record["value"]), int(record["seed"]))
                self.done[key] = (float(record["accuracy"]), float(record["seconds"]))
            except ValueError:
                raise FileFormatError(f"results file {name!r}, line {line}: cannot read "
                                      f"value/seed/accuracy/seconds from {row}") from None

    def _check_same_sweep(self, record, name, line):
        if record["vary"] != self.vary:
            raise BadArgumentError(f"results file {name!r} holds a sweep over {record['vary']}, not {self.vary}: "
                                   "give another file")
        for key in self.setting_names:
            if key != self.vary and record[key] != self.settings[key]:
                raise BadArgumentError(
                    f"results file {name!r} (line {line}) holds runs with {key} = {record[key]}, but this "
                    f"sweep has {key} = {self.settings[key]}: mixing them would be a silent mix of two "
                    "sweeps; give another file or the same settings")
        if record[VERSION_COLUMN] != __version__:
            raise BadArgumentError(f"results file {name!r} (line {line}) was written by gentlenn "
                                   f"{record[VERSION_COLUMN]}, this is {__version__}: its numbers may differ; "
                                   "give another file")

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
            raise FileAccessError(f"cannot write results file {str(self.path)!r}: "
                                  f"{getattr(exc, 'strerror', None) or exc}") from None

    def record(self, restart, seed, values, outcomes):
        """Append one finished run: for each reported value, its accuracy and seconds."""
        rows = []
        for value, (accuracy, seconds) in zip(values, outcomes):
            settings = {**self.settings, self.vary: _encode(value)}
            rows.append([self.vary, _encode(value), restart, seed, repr(float(accuracy)), repr(float(seconds)),
                         *(settings[k] for k in self.setting_names), __version__])
            self.done[(value, seed)] = (float(accuracy), float(seconds))
        self._append(rows)
