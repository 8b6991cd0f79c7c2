"""Every public callable's parameters, declared once: type, bounds, choices; checked at one entry point.

A callable declares its constraints beside its code, as scikit-learn does: an estimator in the class
attribute ``_parameter_constraints`` (checked by :meth:`Validated._validate_params` at the start of
``fit``), a function with the :func:`validate_params` decorator. Its *default* is the one in its
Python signature (which names a constant of :mod:`gentlenn.book` where the book chose it). This
module gathers both into one table that every front end is built from:

- R reads it as generated code (``R/checks-spec.R``, written by ``python -m gentlenn.spec --r``; a
  test fails when it is not current): R's defaults, R's checks in R's words, its help lines;
- the command line builds each flag's type, choices and default from it (:func:`cli_option`);
- the playground serves it (``/api/settings``) and fills its inputs' ``value``/``min``/``max``;
- ``python -m gentlenn.spec --json`` prints it for anything else.

An invalid value raises :class:`~gentlenn.errors.BadArgumentError` (a wrong type:
:class:`~gentlenn.errors.BadArgumentTypeError`; over a machine-dependent bound:
:class:`~gentlenn.errors.LimitError`) carrying ``argument``, ``value`` and ``expected``.
"""

from __future__ import annotations

import functools
import inspect
import json
import math
import numbers
import sys

import numpy as np

from .errors import BadArgumentError, BadArgumentTypeError, LimitError

# ---------------------------------------------------------------------------------------------
# constraints


class Constraint:
    """One kind of value a parameter accepts."""

    #: the type a value of this constraint has, in words that fit every front end
    kind = "value"

    def matches_type(self, value):
        return self.accepts(value)

    def accepts(self, value):  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def to_dict(self):
        return {"type": self.kind}


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_whole(value):
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)):
        return True
    if _is_real(value):
        try:
            return float(value).is_integer()
        except OverflowError:
            return False
    return False


class Interval(Constraint):
    """A number (``"real"``) or whole number (``"integer"``) between ``low`` and ``high``.

    ``closed`` says which ends belong to it (``"both"``, ``"left"``, ``"right"``, ``"neither"``);
    ``None`` leaves a side open. ``high`` may be a callable giving a bound that depends on the
    machine (``limits.jobs_limit``); a value above such a bound raises ``LimitError``.
    Reals must be finite in float64; whole numbers may be given as ``2.0``; Python integers of any
    size compare exactly.
    """

    def __init__(self, kind, low=None, high=None, closed="both"):
        if kind not in ("real", "integer") or closed not in ("both", "left", "right", "neither"):
            raise ValueError(f"bad Interval({kind!r}, closed={closed!r})")
        self.kind, self.low, self._high, self.closed = kind, low, high, closed

    @property
    def high(self):
        return self._high() if callable(self._high) else self._high

    @property
    def dynamic_high(self):
        return self._high.__name__ if callable(self._high) else None

    def matches_type(self, value):
        if self.kind == "integer":
            return _is_whole(value)
        if not _is_real(value):
            return False
        try:
            return math.isfinite(float(value))
        except OverflowError:
            return False

    def in_bounds(self, value, high=None):
        low, high = self.low, self.high if high is None else high
        left = self.closed in ("both", "left")
        right = self.closed in ("both", "right")
        v = int(value) if self.kind == "integer" and isinstance(value, numbers.Integral) else value
        if self.kind == "integer" and not isinstance(v, int):
            v = int(float(v))
        if low is not None and (v < low or (v == low and not left)):
            return False
        if high is not None and (v > high or (v == high and not right)):
            return False
        return True

    def accepts(self, value):
        return self.matches_type(value) and self.in_bounds(value)

    def within_static(self, value):
        """In bounds, leaving a machine-dependent upper bound aside."""
        return self.matches_type(value) and self.in_bounds(value, high=math.inf if self.dynamic_high else None)

    def clean(self, value):
        return int(value) if self.kind == "integer" else float(value)

    def describe(self):
        noun = "a whole number" if self.kind == "integer" else "a number"
        low, high = self.low, self.high
        lo_op = ">=" if self.closed in ("both", "left") else ">"
        hi_op = "<=" if self.closed in ("both", "right") else "<"
        if low is not None and high is not None:
            if self.closed == "both":
                return f"{noun} from {_num(low)} to {_num(high)}"
            return f"{noun} {lo_op} {_num(low)} and {hi_op} {_num(high)}"
        if low is not None:
            return f"{noun} {lo_op} {_num(low)}"
        if high is not None:
            return f"{noun} {hi_op} {_num(high)}"
        return f"a finite {noun[2:]}" if self.kind == "real" else noun

    def to_dict(self):
        # a machine-dependent bound is named, not written: the table is the same on every machine
        return {"type": self.kind, "low": self.low, "high": None if self.dynamic_high else self.high,
                "closed": self.closed, "dynamic_high": self.dynamic_high}


class Options(Constraint):
    """One of a fixed set of strings (``kind="string"``)."""

    kind = "string"

    def __init__(self, *values):
        self.values = tuple(values)

    def matches_type(self, value):
        return isinstance(value, str)

    def accepts(self, value):
        return isinstance(value, str) and value in self.values

    def clean(self, value):
        return value

    def describe(self):
        return "one of " + ", ".join(repr(v) for v in self.values)

    def to_dict(self):
        return {"type": "string", "choices": list(self.values)}


class Exactly(Constraint):
    """One particular value (``-1`` for "all cores")."""

    def __init__(self, value, meaning):
        self.value, self.meaning = value, meaning
        self.kind = "integer" if isinstance(value, int) else "value"

    def matches_type(self, value):
        return _is_whole(value) if self.kind == "integer" else False

    def accepts(self, value):
        return self.matches_type(value) and value == self.value

    def clean(self, value):
        return type(self.value)(value)

    def describe(self):
        return f"{self.value!r} ({self.meaning})"

    def to_dict(self):
        return {"type": self.kind, "exactly": self.value, "meaning": self.meaning}


class Boolean(Constraint):
    """``True`` or ``False`` (never a string or a number standing for one)."""

    kind = "boolean"

    def accepts(self, value):
        return isinstance(value, (bool, np.bool_))

    def clean(self, value):
        return bool(value)

    def describe(self):
        return "True or False"


class NoneValue(Constraint):
    """``None`` (R's ``NULL``)."""

    kind = "null"

    def accepts(self, value):
        return value is None

    def clean(self, value):
        return None

    def describe(self):
        return "None"


class RangePair(Constraint):
    """Two finite numbers ``(low, high)`` with ``low < high``."""

    kind = "range"

    def matches_type(self, value):
        if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
            return False
        try:
            return len(value) == 2 and all(_is_real(v) for v in value)
        except TypeError:
            return False

    def accepts(self, value):
        if not self.matches_type(value):
            return False
        try:
            lo, hi = (float(v) for v in value)
        except OverflowError:
            return False
        return math.isfinite(lo) and math.isfinite(hi) and math.isfinite(hi - lo) and lo < hi

    def clean(self, value):
        return tuple(float(v) for v in value)

    def describe(self):
        return "two finite numbers (low, high) with low < high"


class InstanceOf(Constraint):
    """An object of a Python type (a ``numpy.random.Generator``, a callable); R never sends one."""

    def __init__(self, types, words):
        self.types, self.words = types, words
        self.kind = "object"

    def accepts(self, value):
        if self.types == "callable":
            return callable(value)
        return isinstance(value, self.types)

    def clean(self, value):
        return value

    def describe(self):
        return self.words

    def to_dict(self):
        return {"type": "object", "what": self.words}


class ListOf(Constraint):
    """A non-empty sequence (list, tuple, 1-D array) whose every element one of ``constraints``
    accepts (the values a sweep tries)."""

    kind = "list"

    def __init__(self, *constraints, length=None, distinct=False):
        self.items, self.length, self.distinct = constraints, length, distinct

    def matches_type(self, value):
        if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
            return False
        return np.ndim(value) == 1 if isinstance(value, np.ndarray) else True

    def accepts(self, value):
        if not (self.matches_type(value) and len(value) > 0
                and all(any(c.accepts(v) for c in self.items) for v in value)):
            return False
        if self.length is not None and len(value) != self.length:
            return False
        return not self.distinct or len(set(self.clean(value))) == len(value)

    def clean(self, value):
        out = []
        for v in value:
            out.append(next(c.clean(v) for c in self.items if c.accepts(v)))
        return out

    def describe(self):
        what = _plural(describe_constraints(self.items))
        if self.length is not None:
            return f"{self.length}{' different' if self.distinct else ''} {what.replace('one of', 'of')}"
        return f"a non-empty list of {what}"

    def to_dict(self):
        return {"type": "list", "items": [c.to_dict() for c in self.items], "length": self.length,
                "distinct": self.distinct}


def _plural(words):
    return words.replace("a whole number", "whole numbers").replace("a number", "numbers", 1)


class AnyValue(Constraint):
    """Anything (a class label, data); checked by the callable itself."""

    kind = "any"

    def accepts(self, value):
        return True

    def clean(self, value):
        return value

    def describe(self):
        return "any value"


def _num(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        v = int(v)
    return f"{v:,}".replace(",", "") if isinstance(v, int) else repr(v)


# ---------------------------------------------------------------------------------------------
# the shared atoms: one declaration of each recurring rule

from . import limits  # noqa: E402  (after the classes: limits needs only errors)

MAX_NODES = 100_000
MAX_EPOCHS = 100_000
MAX_SEED = 2 ** 31 - 1  # R's integers: the same seed must be typeable in both languages

POSITIVE = Interval("real", 0, None, closed="neither")
NON_NEGATIVE = Interval("real", 0, None, closed="left")
REAL = Interval("real")
COUNT = Interval("integer", 1, None)
NODES = Interval("integer", 1, MAX_NODES)
EPOCHS = Interval("integer", 1, MAX_EPOCHS)
SEED = Interval("integer", 0, MAX_SEED)
#: The slope classifier draws as R's set.seed() does, which takes negative seeds too.
R_SEED = Interval("integer", -MAX_SEED, MAX_SEED)
BOOLEAN = Boolean()
NONE = NoneValue()
RANGE = RangePair()
ANY = AnyValue()
GENERATOR = InstanceOf((np.random.Generator, np.random.RandomState), "a numpy random Generator or RandomState")
CALLBACK = InstanceOf("callable", "a function")
N_JOBS = (Interval("integer", 1, limits.jobs_limit), Exactly(-1, "all cores"))
PORT = Interval("integer", 0, 65535)
ERROR_SPLIT = Options("transpose", "proportional")
TRAIN_METHOD = Options("auto", "reference", "exact", "fast")
DTYPE = Options("float64", "float32")
INPUT_RANGE_MODE = Options("columns", "data")


# ---------------------------------------------------------------------------------------------
# checking


def _show(value):
    if isinstance(value, np.generic):
        value = value.item()
    text = repr(value)
    return text if len(text) <= 60 else text[:40] + "..." + text[-10:]


def describe_constraints(constraints):
    words = [c.describe() for c in constraints]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def check_value(value, constraints, argument):
    """``value`` cleaned (ints as int, numbers as float) when one of ``constraints`` accepts it;
    else the classed error naming ``argument``."""
    if not isinstance(constraints, (tuple, list)):
        constraints = (constraints,)
    for c in constraints:
        if c.accepts(value):
            return c.clean(value)
    expected = describe_constraints(constraints)
    typed = [c for c in constraints if c.matches_type(value)]
    if any(isinstance(c, Interval) and c.dynamic_high and c.within_static(value) for c in typed):
        raise LimitError(f"{argument} must be {expected}, got {_show(value)} (this machine's limit; set "
                         f"GENTLENN_MAX_JOBS to allow more on purpose)", argument=argument, value=value,
                         expected=expected, limit=max(c.high for c in typed if isinstance(c, Interval)),
                         variable="GENTLENN_MAX_JOBS")
    if isinstance(value, (list, tuple, np.ndarray)) and any(isinstance(c, ListOf) for c in typed):
        for c in typed:
            bad = [v for v in value if not any(i.accepts(v) for i in c.items)] if isinstance(c, ListOf) else []
            if bad:
                raise BadArgumentError(f"{argument} must be {expected}; {_show(bad[0])} is not "
                                       f"{describe_constraints(c.items)}", argument=argument, value=value,
                                       expected=expected, element=bad[0])
    cls = BadArgumentError if typed else BadArgumentTypeError
    raise cls(f"{argument} must be {expected}, got {_show(value)}", argument=argument, value=value,
              expected=expected)


def validate(constraints, values, caller=None):
    """Check each ``values[name]`` against ``constraints[name]``; returns the cleaned values.
    Names without constraints pass unchanged."""
    out = dict(values)
    for name, value in values.items():
        if name in constraints:
            out[name] = check_value(value, constraints[name], name)
    return out


class Validated:
    """Mixin for estimators: ``_validate_params()`` checks ``get_params()`` against the class's
    ``_parameter_constraints`` and returns the cleaned values (call it first in ``fit``)."""

    _parameter_constraints: dict = {}

    def _validate_params(self):
        return validate(self._parameter_constraints, self.get_params(deep=False), type(self).__name__)


def validate_params(constraints):
    """Decorator: check a function's declared arguments on every call (before any work)."""

    def decorate(fn):
        sig = inspect.signature(fn)

        var_kw = next((p.name for p in sig.parameters.values() if p.kind is p.VAR_KEYWORD), None)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            bound = sig.bind_partial(*args, **kwargs).arguments
            if var_kw in bound:  # settings passed on through **kwargs are checked like the others
                bound = {**bound, **bound.pop(var_kw)}
            for name, value in bound.items():
                if name in constraints:
                    check_value(value, constraints[name], name)
            return fn(*args, **kwargs)

        wrapper._parameter_constraints = constraints
        return wrapper

    return decorate


# ---------------------------------------------------------------------------------------------
# the table


def _registry():
    """Every public callable with declared parameters, by its public name."""
    from . import data, estimator, experiments, images, lessons, network, reproduce, slope
    from .playground import settings as playground_settings

    return {
        "iris_two_class": data.iris_two_class,
        "load_mnist": data.load_mnist,
        "load_digit_images": images.load_digit_images,
        "SlopeClassifier": slope.SlopeClassifier,
        "slope_update": slope.slope_update,
        "slope_learning_rate_study": slope.slope_learning_rate_study,
        "NeuralNetwork": network.NeuralNetwork,
        "NeuralNetworkClassifier": estimator.NeuralNetworkClassifier,
        "train_digits": experiments.train_digits,
        "experiment": experiments.experiment,
        "preparation_experiment": lessons.preparation_experiment,
        "reproduce": reproduce.reproduce,
        "error_surface": lessons.error_surface,
        "playground_slope": playground_settings.slope_settings,
        "playground_train": playground_settings.train_settings,
    }


def signature_defaults(obj):
    """The defaults in the signature of a function or a class's ``__init__``."""
    return _signature_defaults(obj)


def _signature_defaults(obj):
    target = obj.__init__ if inspect.isclass(obj) else obj
    sig = inspect.signature(target)
    return {n: p.default for n, p in sig.parameters.items() if p.default is not inspect.Parameter.empty}


def _json_default(value):
    if isinstance(value, tuple):
        return [_json_default(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str, list)):
        return value
    return None


def parameters(name):
    """The parameter table of one callable: ``{param: {"constraints": [...], "default": ...,
    "expected": "..."}}``, in signature order."""
    obj = _registry()[name]
    constraints = getattr(obj, "_parameter_constraints", {})
    defaults = _signature_defaults(obj)
    target = obj.__init__ if inspect.isclass(obj) else obj
    order = [n for n in inspect.signature(target).parameters if n in constraints]
    order += [n for n in constraints if n not in order]
    table = {}
    for p in order:
        cs = constraints[p] if isinstance(constraints[p], (tuple, list)) else (constraints[p],)
        entry = {"constraints": [c.to_dict() for c in cs], "expected": describe_constraints(cs)}
        if p in defaults:
            entry["default"] = _json_default(defaults[p])
        table[p] = entry
    return table


def table():
    """Every callable's parameter table (what the JSON form holds)."""
    from . import __version__

    return {"version": __version__,
            "callables": {name: parameters(name) for name, obj in _registry().items()
                          if getattr(obj, "_parameter_constraints", None)}}


def default(name, param):
    """The default of ``param`` of the callable ``name`` (from its signature)."""
    return _signature_defaults(_registry()[name])[param]


def constraints_of(name, param):
    cs = _registry()[name]._parameter_constraints[param]
    return cs if isinstance(cs, (tuple, list)) else (cs,)


# ---------------------------------------------------------------------------------------------
# the command line


def cli_option(name, param, **extra):
    """argparse keyword arguments for the flag of ``param``: ``type`` (text -> checked value, with
    the expected words), ``choices`` for options, ``default`` from the signature."""
    kw = cli_type(constraints_of(name, param), param)
    try:
        kw["default"] = default(name, param)
    except KeyError:
        pass
    kw.update(extra)
    return kw


def cli_type(cs, param):
    """argparse's ``type`` (or ``choices``) for values that ``cs`` accepts."""
    import argparse

    cs = cs if isinstance(cs, (tuple, list)) else (cs,)
    if len(cs) == 1 and isinstance(cs[0], ListOf):  # nargs="+": argparse parses each element
        cs = cs[0].items
    kw = {}
    options = [c for c in cs if isinstance(c, Options)]
    if options and len(cs) == 1:
        kw["choices"] = list(options[0].values)
    else:
        def parse(text):
            for c in cs:
                if isinstance(c, (Interval, Exactly)):
                    try:
                        value = int(text) if c.kind == "integer" else float(text)
                    except (ValueError, OverflowError):
                        continue
                    if c.accepts(value):
                        return c.clean(value)
                    if isinstance(c, Interval) and c.within_static(value):
                        raise argparse.ArgumentTypeError(
                            f"{text!r} is over this machine's limit ({describe_constraints(cs)}); set "
                            "GENTLENN_MAX_JOBS to allow more on purpose")
            raise argparse.ArgumentTypeError(f"{text!r} is not {describe_constraints(cs)}")

        parse.__name__ = describe_constraints(cs)
        kw["type"] = parse
    return kw


# ---------------------------------------------------------------------------------------------
# R's copy


def r_source():
    """The table as R code (``R/checks-spec.R``): a nested list R's checks and defaults read."""
    tab = table()
    lines = ["# Generated by `python -m gentlenn.spec --r` from gentlenn.spec: do not edit by hand.",
             "# The parameters of every public callable of the Python core: R's defaults and checks",
             "# come from here (see R/checks.R); tests/python/test_spec.py fails when this file is not current.",
             "", "spec_table <- " + _r_value(tab["callables"], 0), ""]
    return "\n".join(lines)


def _r_value(v, depth):
    pad = "  " * (depth + 1)
    if isinstance(v, dict):
        if not v:
            return "list()"
        items = [f"{pad}{_r_name(k)} = {_r_value(x, depth + 1)}" for k, x in v.items()]
        return "list(\n" + ",\n".join(items) + "\n" + "  " * depth + ")"
    if isinstance(v, list):
        if v and all(isinstance(x, str) for x in v):
            return "c(" + ", ".join(_r_value(x, depth) for x in v) + ")"
        if v and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
            return "c(" + ", ".join(_r_value(x, depth) for x in v) + ")"
        return "list(" + ", ".join(_r_value(x, depth + 1) for x in v) + ")"
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return f"{v}" if abs(v) < 2 ** 31 else repr(float(v))
    if isinstance(v, float):
        return "Inf" if v == math.inf else "-Inf" if v == -math.inf else repr(v)
    return json.dumps(v)


def _r_name(k):
    return k if k.isidentifier() and not k.startswith("_") else f"`{k}`"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--r"]:
        sys.stdout.write(r_source())
    elif argv in ([], ["--json"]):
        json.dump(table(), sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        sys.exit("usage: python -m gentlenn.spec [--json | --r]")


if __name__ == "__main__":
    main()


__all__ = ["Interval", "Options", "Exactly", "Boolean", "NoneValue", "RangePair", "InstanceOf", "AnyValue",
           "check_value", "validate", "validate_params", "Validated", "parameters", "table", "default",
           "cli_option", "r_source"]
