"""The errors and warnings gentlenn raises on purpose; anything else escaping is a bug.

Every error derives from :class:`GentlennError` and from the builtin a caller would have caught
before (``ValueError``, ``FileNotFoundError``, ...), so ``except ValueError`` keeps working.

Errors carry structure as well as a sentence: ``argument`` (the parameter's name, as declared in
:mod:`gentlenn.spec`), ``value`` (what was given) and ``expected`` (what would have been accepted,
in words that fit any language: ``"a number > 0"``, ``"one of 'transpose', 'proportional'"``). Each
front end writes its own sentence from these fields (R names ``learning_rate`` as an R argument
and shows R values, the command line names ``--learning-rate``); none edits another's text.

:data:`CONDITIONS` is the one map from these classes onto R's condition classes; R reads it from
the core (``gentlenn.errors.r_classes``), so a new class here reaches R without an edit there.
"""

from __future__ import annotations

import math
import numbers


class GentlennError(Exception):
    """Base class of every error gentlenn raises on purpose.

    Parameters
    ----------
    message : str
        The sentence Python users read.
    argument : str, optional
        The parameter the error is about (its name in :mod:`gentlenn.spec`).
    value : object, optional
        The value that was refused.
    expected : str, optional
        What the parameter accepts, in words.
    suggest : dict, optional
        Settings that would help, ``{parameter: value}``: Python's message ends "pass
        download=True", R's "use `download = TRUE`", the command line's "use --download".
    **details
        Further fields a front end may show (``limit``, ``unit``, ``rows`` (0-based), ``file``).
    """

    def __init__(self, message="", *, argument=None, value=None, expected=None, suggest=None, **details):
        _structure(self, message, argument, value, expected, suggest, details)

    def fields(self):
        """The error as plain data (JSON-safe), for R, the command line and the playground:
        ``message`` is Python's sentence, ``text`` the same without the suggestion."""
        return structured_fields(self)


def _structure(exc, message, argument, value, expected, suggest, details):
    Exception.__init__(exc, with_suggestion(message, suggest))
    exc.text = message
    exc.argument = argument
    exc.value = value
    exc.expected = expected
    exc.suggest = dict(suggest or {})
    exc.details = details


def with_suggestion(message, suggest):
    """Python's words for a suggestion: ``"...; pass download=True"``."""
    if not suggest:
        return message
    return f"{message}; pass " + " or ".join(f"{k}={v!r}" for k, v in suggest.items())


def structured_fields(exc):
    """Any exception or warning as the plain data front ends build their sentences from."""
    return {"class": type(exc).__name__, "r_classes": r_classes(type(exc)), "message": str(exc),
            "text": getattr(exc, "text", str(exc)), "argument": getattr(exc, "argument", None),
            "value": plain_value(getattr(exc, "value", None)), "expected": getattr(exc, "expected", None),
            "suggest": {k: plain_value(v) for k, v in getattr(exc, "suggest", {}).items()},
            "details": {k: plain_value(v) for k, v in getattr(exc, "details", {}).items()}}


class StructuredWarning(Warning):
    """A warning with the same fields as :class:`GentlennError` (raise it with ``warnings.warn(W(...))``)."""

    def __init__(self, message="", *, argument=None, value=None, expected=None, suggest=None, **details):
        _structure(self, message, argument, value, expected, suggest, details)

    fields = GentlennError.fields


class BadArgumentError(GentlennError, ValueError):
    """An argument (or the data passed as one) has a value gentlenn cannot use."""


class BadArgumentTypeError(BadArgumentError, TypeError):
    """An argument has a type gentlenn cannot use (for example objects where numbers belong)."""


class LimitError(BadArgumentError):
    """A request would cost more than a limit allows (memory, bytes read, processes); ``details``
    hold ``limit`` and ``unit``, and the message says how to raise the limit on purpose."""


class DivergenceError(GentlennError, ArithmeticError):
    """Training made weights or the slope non-finite or huge: the learning rate is too large."""


class FileFormatError(GentlennError, ValueError):
    """A file cannot be read as (or written in) the format it should have."""


class FileAccessError(GentlennError, OSError):
    """The operating system refused to read or write a file (permissions, a folder, disk full)."""


class MissingFileError(FileAccessError, FileNotFoundError):
    """A file or folder named by the caller does not exist."""


class DownloadError(GentlennError, RuntimeError):
    """A download failed on every mirror."""


class MissingDependencyError(GentlennError, ImportError):
    """An optional package that the asked-for feature needs is not installed."""


class InstallError(GentlennError, RuntimeError):
    """Installing the Python core failed (raised by R's ``install_gentlenn()``)."""


class PlaygroundError(BadArgumentError):
    """A request the playground refuses (HTTP 400 with the error's fields as JSON)."""


class InputRangeWarning(StructuredWarning, UserWarning):
    """The data do not fit the declared input range (outside it, or filling under a tenth)."""


class DivergenceWarning(StructuredWarning, RuntimeWarning):
    """The slope grew without bound during training."""


#: Each class and the R condition class of the same meaning. An R condition gets the R classes
#: of every class in its Python ancestry (most specific first), so ``LimitError`` is caught in R
#: as ``gentlenn_limit`` and as ``gentlenn_bad_argument``.
CONDITIONS = (
    (GentlennError, "gentlenn_error"),
    (BadArgumentError, "gentlenn_bad_argument"),
    (BadArgumentTypeError, "gentlenn_bad_argument"),
    (LimitError, "gentlenn_limit"),
    (DivergenceError, "gentlenn_divergence"),
    (FileFormatError, "gentlenn_file_error"),
    (FileAccessError, "gentlenn_file_error"),
    (MissingFileError, "gentlenn_file_error"),
    (DownloadError, "gentlenn_download_error"),
    (MissingDependencyError, "gentlenn_missing_dependency"),
    (InstallError, "gentlenn_install_error"),
    (PlaygroundError, "gentlenn_playground_error"),
    (InputRangeWarning, "gentlenn_input_range"),
    (DivergenceWarning, "gentlenn_divergence_warning"),
)
_R_CLASS = dict(CONDITIONS)


def r_classes(cls):
    """R's condition classes for a Python error or warning class, most specific first
    (``gentlenn_error`` last for errors; warnings get their own class only)."""
    if isinstance(cls, str):
        cls = {c.__name__: c for c, _ in CONDITIONS}.get(cls, Exception)
    out = []
    for base in cls.__mro__:
        r = _R_CLASS.get(base)
        if r is not None and r not in out:
            out.append(r)
    return out


def condition_table():
    """The map as rows ``(python_class, r_class, kind)`` (R's ``?gentlenn_conditions`` and tests)."""
    return [(c.__name__, r, "warning" if issubclass(c, Warning) else "error") for c, r in CONDITIONS]


def plain_value(value):
    """``value`` as JSON-safe data: numbers (non-finite as strings), strings, lists, dicts; other
    objects by their type's name. Integers too large for a double stay exact as decimal strings."""
    if value is None or isinstance(value, (bool, str)):
        return value
    try:
        import numpy as np

        if isinstance(value, np.generic):
            value = value.item()
        elif isinstance(value, np.ndarray):
            return [plain_value(v) for v in value.ravel()[:10].tolist()]
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    if isinstance(value, numbers.Integral):
        return int(value) if abs(int(value)) < 2 ** 53 else str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        return v if math.isfinite(v) else str(v)
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in list(value)[:10]]
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in list(value.items())[:10]}
    return f"<{type(value).__name__}>"


__all__ = ["GentlennError", "BadArgumentError", "BadArgumentTypeError", "LimitError", "DivergenceError",
           "FileFormatError", "FileAccessError", "MissingFileError", "DownloadError", "MissingDependencyError",
           "InstallError", "PlaygroundError", "InputRangeWarning", "DivergenceWarning", "CONDITIONS",
           "r_classes", "condition_table", "plain_value", "structured_fields", "StructuredWarning"]
