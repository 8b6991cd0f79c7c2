"""The errors and warnings gentlenn raises on purpose; anything else escaping is a bug.

Every error derives from :class:`GentlennError` and from the builtin a caller would have caught
before (``ValueError``, ``FileNotFoundError``, ...), so ``except ValueError`` keeps working.
R maps each class onto an R condition class of the same meaning (see ``?gentlenn_conditions``).

=========================  =====================================  ================================
class                      raised when                            R condition class
=========================  =====================================  ================================
``BadArgumentError``       an argument or the data has a bad      ``gentlenn_bad_argument``
                           value (also unseen labels in score)
``BadArgumentTypeError``   the same, for a wrong type (a          ``gentlenn_bad_argument``
                           ``BadArgumentError`` and ``TypeError``)
``DivergenceError``        training produced non-finite weights   ``gentlenn_divergence``
                           or a slope (learning rate too large)
``FileFormatError``        a file exists but cannot be read as    ``gentlenn_file_error``
                           what it should be (network, IDX,
                           CSV, image), or cannot be written
``FileAccessError``        the system refused to read or write a  ``gentlenn_file_error``
                           file (permissions, a folder, disk full)
``MissingFileError``       a named file or folder is not there    ``gentlenn_file_error``
``DownloadError``          no mirror gave a verified file         ``gentlenn_download_error``
``MissingDependencyError`` an optional package a feature needs    ``gentlenn_missing_dependency``
                           is not installed (an ``ImportError``)
``InputRangeWarning``      data lie outside the declared input    ``gentlenn_input_range``
                           range or fill under a tenth of it      (a warning)
``DivergenceWarning``      the slope grows without bound          ``gentlenn_divergence``
                                                                  (a warning)
=========================  =====================================  ================================
"""

from __future__ import annotations


class GentlennError(Exception):
    """Base class of every error gentlenn raises on purpose."""


class BadArgumentError(GentlennError, ValueError):
    """An argument (or the data passed as one) has a value gentlenn cannot use."""


class BadArgumentTypeError(BadArgumentError, TypeError):
    """An argument has a type gentlenn cannot use (for example objects where numbers belong)."""


class DivergenceError(GentlennError, ArithmeticError):
    """Training made weights or the slope non-finite: the learning rate is too large."""


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


class InputRangeWarning(UserWarning):
    """The data do not fit the declared input range (outside it, or filling under a tenth)."""


class DivergenceWarning(RuntimeWarning):
    """The slope grew without bound during training."""


__all__ = ["GentlennError", "BadArgumentError", "BadArgumentTypeError", "DivergenceError", "FileFormatError",
           "FileAccessError", "MissingFileError", "DownloadError", "MissingDependencyError",
           "InputRangeWarning", "DivergenceWarning"]
