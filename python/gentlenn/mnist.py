"""Deprecated: MNIST loading and the downloader moved to :mod:`gentlenn.data` in 0.2 (this module goes in 0.3)."""

from ._deprecation import forwarder

__getattr__ = forwarder(__name__, "gentlenn.data")
