"""Deprecated: MNIST loading and the downloader moved to :mod:`gentlenn.data` in 0.2 (this module goes in 0.3)."""

import warnings as _warnings

from . import data as _data

_RENAMED = {}


def __getattr__(name):
    new = _RENAMED.get(name, name)
    if name.startswith("__") or not hasattr(_data, new):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    _warnings.warn(f"gentlenn.{__name__.split('.')[-1]}.{name} is deprecated: use gentlenn.data.{new}",
                   DeprecationWarning, stacklevel=2)
    return getattr(_data, new)
