"""Exception types with messages a user can act on.

Every error the library raises for bad input derives from :class:`MirpsError`; the CLI
prints ``error: <message>`` on one line for these and exits non-zero.
"""

from __future__ import annotations


class MirpsError(Exception):
    """Base class: a problem with the input or the setup, not a bug."""


class InputError(MirpsError):
    """The input cannot be read as a press release (missing, empty, binary, a directory…)."""


class ModelNotFoundError(MirpsError):
    """A named spaCy model is not installed."""


class ModelIntegrityError(MirpsError):
    """A trained model file is missing, tampered with or from an incompatible version."""


class LanguageNotSupportedError(MirpsError):
    """No ``patterns/<lang>/`` folder: there is no grammar to run for that language."""


class PipelineOrderError(MirpsError):
    """A component was added to a pipeline without the components it reads from before it."""


class OutputError(MirpsError):
    """An output file cannot be written (disk full, read-only, corrupt store, a bad ``--out``)."""
