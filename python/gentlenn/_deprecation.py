"""0.1's module paths, kept for one release: a module ``__getattr__`` that forwards to the new
home with a DeprecationWarning naming it."""

import importlib
import warnings


def forwarder(old_module, new_module):
    def __getattr__(name):
        new = importlib.import_module(new_module)
        if name.startswith("__") or not hasattr(new, name):
            raise AttributeError(f"module {old_module!r} has no attribute {name!r}")
        warnings.warn(f"{old_module}.{name} is deprecated: use {new_module}.{name}", DeprecationWarning,
                      stacklevel=2)
        return getattr(new, name)

    return __getattr__
