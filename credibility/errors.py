"""The project's exceptions: one base class so callers can catch everything we raise."""


class CredibilityError(Exception):
    """Base class of every error this package raises on purpose."""


class InvalidInputError(CredibilityError, ValueError):
    """The article cannot be scored: empty, oversized or undecodable input."""


class ModelLoadError(CredibilityError):
    """A model directory is missing, corrupt, tampered with or incompatible."""


class TimeLimitError(InvalidInputError):
    """Scoring took longer than the caller allowed (limits.time_limit)."""
