"""0.1's names, kept for one release: a module ``__getattr__`` that forwards to the new home, and
data frames that answer to old column names, each with a DeprecationWarning naming the new one."""

import importlib
import warnings

import pandas as pd


def forwarder(old_module, new_module):
    def __getattr__(name):
        new = importlib.import_module(new_module)
        if name.startswith("__") or not hasattr(new, name):
            raise AttributeError(f"module {old_module!r} has no attribute {name!r}")
        warnings.warn(f"{old_module}.{name} is deprecated: use {new_module}.{name}", DeprecationWarning,
                      stacklevel=2)
        return getattr(new, name)

    return __getattr__


class RenamedColumnsFrame(pd.DataFrame):
    """A data frame that still answers to 0.1's column names, with a DeprecationWarning naming the
    new one. Whatever is derived from it (slices, copies) is a plain DataFrame."""

    _renamed: dict = {}

    @property
    def _constructor(self):
        return pd.DataFrame

    def _new_name(self, key):
        if isinstance(key, str) and key in self._renamed and key not in self.columns:
            new = self._renamed[key]
            warnings.warn(f"column {key!r} is deprecated: use {new!r}", DeprecationWarning, stacklevel=3)
            return new
        return key

    def __getitem__(self, key):
        return super().__getitem__(self._new_name(key))

    def __getattr__(self, name):
        if not name.startswith("_") and name in self._renamed:
            return self[self._new_name(name)]
        return super().__getattr__(name)


class TrainingHistory(RenamedColumnsFrame):
    """``train_digits``'s history: 0.1 called ``val_accuracy`` ``test_accuracy`` there."""

    _renamed = {"test_accuracy": "val_accuracy"}
