"""The manifest of an output folder: which run wrote which files there, and whether it finished.

Every ``gentlenn`` command that writes into ``--out D`` holds an exclusive lock on ``D/.gentlenn.lock``
while it runs and keeps ``D/gentlenn-run.json``, written atomically (a whole old or a whole new file,
never half of one): first with status ``"running"`` before any output, again as each output file is
about to take its place, and last with status ``"finished"`` after every file. Its fields:

``format``             ``"gentlenn-run/1"``
``run_id``             32 hex digits, new for each run
``status``             ``"running"``, ``"finished"`` or ``"failed"`` (the run stopped with an error)
``command``            the subcommand (``"train"``), ``settings`` its options (Python names, defaults filled)
``gentlenn_version``   and ``python``, ``host``, ``pid``: what ran, and where
``started``, ``ended`` UTC times (ISO 8601); ``ended`` is null until the run ends
``error``              the message of a failed run, else null
``files``              the files this run wrote, in order: ``name`` (inside D), ``bytes`` and ``sha256``
                       (null until the run finishes)
``earlier_runs``       files of earlier finished runs still in D unchanged: ``run_id``, ``command``,
                       ``started``, ``ended``, ``files``
``cleaned``            what this run removed as it started: the files of a run that did not finish
                       (``run_id``, ``status`` ``"killed"`` or ``"failed"``, ``files``) and stale
                       temporary files (``.gnn-*.tmp``) that killed writers left

A reader tells a finished run (status ``"finished"``) from one still running (``"running"`` and the
lock is held) and from a killed one (``"running"`` and nobody holds the lock): :func:`run_status`.
The next run into D removes the files of a killed or failed run, so they are never presented beside
another run's files as one run's; the files of a finished run stay (listed in ``earlier_runs``) until
a later run replaces them.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import hashlib
import json
import os
import platform
import re
import socket
import tempfile
import time
import uuid
from pathlib import Path

from ._version import __version__
from .errors import FileAccessError

MANIFEST = "gentlenn-run.json"
LOCK = ".gentlenn.lock"
FORMAT = "gentlenn-run/1"
#: Temporary files of gentlenn's atomic writes: ``.gnn-<pid>-<random>.tmp`` (and ``....tmp.png``);
#: 0.3 and before wrote ``.gnn-<random>.tmp`` without the writer's process id.
TEMPORARY = re.compile(r"^\.gnn-(?:(\d+)-)?[^/]*\.tmp(?:\.[^/]*)?$")
#: A temporary file without a process id is stale once this old (seconds).
UNTAGGED_STALE_AFTER = 60.0
#: Earlier runs kept in a manifest.
KEEP_EARLIER_RUNS = 20

_active = {}  # resolved folder -> Run (runs of this process whose lock is held)


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _plain(value):
    """Settings as JSON data: numbers, strings, lists; anything else by its text."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _entry(folder, name):
    path = folder / name
    return {"name": name, "bytes": path.stat().st_size, "sha256": _sha256(path)}


def _own_name(name):
    """A name a manifest may list: a plain file name inside the folder, not the manifest or lock."""
    return isinstance(name, str) and name not in ("", ".", "..", MANIFEST, LOCK) and Path(name).name == name


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0  # PermissionError: someone else's live process
    return True


def stale_temporaries(folder):
    """The temporary files in ``folder`` that no live writer holds: tagged with the id of a process
    that is gone, or untagged and older than :data:`UNTAGGED_STALE_AFTER` seconds."""
    stale = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return stale
    for entry in entries:
        m = TEMPORARY.match(entry.name)
        if not m or not entry.is_file(follow_symlinks=False):
            continue
        if m.group(1) is not None:
            pid = int(m.group(1))
            if pid == os.getpid() or _pid_alive(pid):
                continue
        else:
            try:
                if time.time() - entry.stat(follow_symlinks=False).st_mtime < UNTAGGED_STALE_AFTER:
                    continue
            except OSError:
                continue
        stale.append(entry.name)
    return sorted(stale)


def sweep_temporaries(folder):
    """Remove :func:`stale_temporaries`; returns their names."""
    removed = []
    for name in stale_temporaries(folder):
        with contextlib.suppress(FileNotFoundError):
            (Path(folder) / name).unlink()
            removed.append(name)
    return removed


def read_manifest(folder):
    """The manifest in ``folder`` as a dict, or None when there is none (or it is not one)."""
    try:
        info = json.loads((Path(folder) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return info if isinstance(info, dict) and info.get("format") == FORMAT else None


def _lock_is_held(folder):
    try:
        fd = os.open(Path(folder) / LOCK, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also releases the shared lock just taken
    return False


def run_status(folder):
    """How the last run into ``folder`` ended: ``"finished"``, ``"running"`` (its process holds the
    folder's lock), ``"killed"`` (status running but nobody holds the lock), ``"failed"``, or None
    when the folder has no manifest."""
    info = read_manifest(folder)
    if info is None:
        return None
    status = info.get("status")
    if status == "running":
        return "running" if _lock_is_held(folder) else "killed"
    return status if status in ("finished", "failed") else None


def _write(folder, info):
    """Write the manifest atomically (and durably) without registering it as an output."""
    text = json.dumps(info, indent=1, allow_nan=False) + "\n"
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".gnn-{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileAccessError(f"cannot write the run's manifest in {str(folder)!r}: {exc.strerror or exc}",
                              argument="out", value=str(folder)) from None
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)  # as a plain open() would make it, like every output
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, Path(folder) / MANIFEST)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FileAccessError(f"cannot write the run's manifest in {str(folder)!r}: {exc.strerror or exc}",
                              argument="out", value=str(folder)) from None


class Run:
    """One command's run into an output folder whose lock it holds (see the module's text)."""

    def __init__(self, folder, lock, command=None, settings=None):
        self.folder = Path(folder)
        self.lock = lock
        self.info = {
            "format": FORMAT, "run_id": uuid.uuid4().hex, "status": "running", "command": command,
            "settings": _plain(settings or {}), "gentlenn_version": __version__,
            "python": platform.python_version(), "host": socket.gethostname(), "pid": os.getpid(),
            "started": _now(), "ended": None, "error": None, "files": [], "earlier_runs": [], "cleaned": {},
        }

    @property
    def active(self):
        return self.lock is not None and not self.lock.closed

    def begin(self):
        """Sweep stale temporaries, remove the files of a run that did not finish, keep the record
        of a finished one, and write this run's manifest as running."""
        cleaned = {"temporaries": sweep_temporaries(self.folder)}
        previous = read_manifest(self.folder)
        if previous is not None:
            earlier = [r for r in previous.get("earlier_runs") or [] if isinstance(r, dict)]
            files = [f for f in previous.get("files") or [] if isinstance(f, dict) and _own_name(f.get("name"))]
            if previous.get("status") == "finished":
                earlier.insert(0, {k: previous.get(k) for k in ("run_id", "command", "started", "ended")}
                               | {"files": files})
            else:  # we hold the lock, so a run still marked running was killed
                status = "failed" if previous.get("status") == "failed" else "killed"
                cleaned["unfinished_run"] = {"run_id": previous.get("run_id"), "status": status,
                                             "files": self._remove([f["name"] for f in files])}
            self.info["earlier_runs"] = earlier[:KEEP_EARLIER_RUNS]
        self.info["cleaned"] = cleaned
        _write(self.folder, self.info)
        _active[self._key()] = self
        return self

    def _remove(self, names):
        removed = []
        for name in names:
            path = self.folder / name
            if path.is_file() or path.is_symlink():
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(name)
        return removed

    def _key(self):
        return str(self.folder.resolve())

    def note(self, name):
        """Record (durably, before the file takes its place) that this run writes ``name``."""
        if not _own_name(name) or any(f["name"] == name for f in self.info["files"]):
            return
        self.info["files"].append({"name": name, "bytes": None, "sha256": None})
        _write(self.folder, self.info)

    def finish(self):
        """Mark the run finished: every file's size and hash, earlier runs' files pruned to those
        still there unchanged; written last."""
        self.info["files"] = [_entry(self.folder, f["name"]) for f in self.info["files"]
                              if (self.folder / f["name"]).is_file()]
        self.info["earlier_runs"] = self._still_there(self.info["earlier_runs"])
        self._end("finished")

    def fail(self, error):
        """Mark the run failed (the next run into the folder removes its files)."""
        self.info["error"] = " ".join(str(error).split()) or type(error).__name__
        self._end("failed")

    def _end(self, status):
        self.info["status"] = status
        self.info["ended"] = _now()
        _active.pop(self._key(), None)
        _write(self.folder, self.info)

    def _still_there(self, runs):
        ours = {f["name"] for f in self.info["files"]}
        kept = []
        for run in runs:
            files = []
            for f in run.get("files") or []:
                name = f.get("name") if isinstance(f, dict) else None
                if not _own_name(name) or name in ours or not (self.folder / name).is_file():
                    continue
                with contextlib.suppress(OSError):
                    if f.get("sha256") == _sha256(self.folder / name):
                        files.append(f)
            if files:
                kept.append({**run, "files": files})
        return kept


def start(folder, lock, command=None, settings=None):
    """Begin a run into ``folder``, whose lock ``lock`` (an open file) this process holds."""
    return Run(folder, lock, command, settings).begin()


def _run_for(path):
    """The active run of this process writing into the folder of ``path``, if any."""
    if not _active:
        return None
    folder = Path(path).parent if str(Path(path).parent) else Path(".")
    try:
        run = _active.get(str(folder.resolve()))
    except OSError:
        return None
    if run is not None and not run.active:  # its lock was released without an end: not ours any more
        _active.pop(run._key(), None)
        return None
    return run


def note_output(path):
    """Called by every atomic write just before its file takes its place."""
    run = _run_for(path)
    if run is not None:
        run.note(Path(path).name)


def finish_active():
    """Finish every run of this process that is still active (the command wrote all its files)."""
    for run in list(_active.values()):
        if run.active:
            run.finish()
        else:
            _active.pop(run._key(), None)


@contextlib.contextmanager
def failing():
    """A command's body: an error (or an interrupt) escaping it marks the active runs failed."""
    try:
        yield
    except BaseException as exc:
        fail_active(exc if str(exc) else type(exc).__name__)
        raise


def fail_active(error):
    """Mark every active run of this process failed with ``error``."""
    for run in list(_active.values()):
        if run.active:
            with contextlib.suppress(FileAccessError):
                run.fail(error)
        _active.pop(run._key(), None)


__all__ = ["MANIFEST", "LOCK", "FORMAT", "read_manifest", "run_status", "stale_temporaries", "sweep_temporaries",
           "start", "note_output", "finish_active", "failing", "fail_active"]
