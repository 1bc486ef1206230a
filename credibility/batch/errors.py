"""What stops a batch, in fields rather than sentences: what went wrong, the file, the
settings involved and what would fix it. Each surface words them its own way (the command
line names its options, the web its fields); str() gives the library's wording, which names
the settings as BatchOptions fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from credibility.errors import CredibilityError, InvalidInputError, TimeLimitError

# The remedies an error can point to, by key; a surface words each (or leaves it out).
ENCODING, RESUME = "encoding", "resume"
LIBRARY_FIXES = {ENCODING: "set encoding", RESUME: "resume=True continues once fixed"}


class BatchError(CredibilityError):
    """A batch that cannot go on. ``path`` is the file it is about, ``fix`` a key of the
    remedies (ENCODING, RESUME). With ``settings`` or ``values``, ``what`` is a str.format
    template that names the settings {0}, {1}, ... and the values by name, so what the input
    holds (braces too) is never read as a template; without them it is the text itself."""

    def __init__(
        self,
        what: str,
        *,
        settings: tuple[str, ...] = (),
        path: str | None = None,
        fix: str | None = None,
        **values: str,
    ) -> None:
        self.what, self.settings, self.path, self.fix = what, settings, path, fix
        self.values = values
        super().__init__(self.words(str, LIBRARY_FIXES))

    def words(
        self,
        name: Callable[[str], str],
        fixes: Mapping[str, str | None],
        where: Callable[[str], str] = str,
    ) -> str:
        """The error in a surface's words: ``name`` a setting, ``where`` the file, ``fixes``
        the remedies (a remedy worded None is left out)."""
        what = self.what
        if self.settings or self.values:
            what = what.format(*map(name, self.settings), **self.values)
        fix = fixes.get(self.fix) if self.fix else None
        return (f"{where(self.path)}: " if self.path else "") + what + (f"; {fix}" if fix else "")


class BatchInputError(BatchError, InvalidInputError):
    """The inputs or options cannot be read as asked: nothing was written."""


class ResumeMismatch(BatchInputError):
    """The partial output was written by a run with other settings (inputs, model, layout)."""


class Stopped(CredibilityError):
    """The run's progress asked it to stop (a cancelled job); ``reason`` is what it said."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"stopped: {reason}")


class BatchTimeLimit(TimeLimitError):
    """The run went past the deadline its caller set (``seconds``)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(f"the batch took longer than {seconds:g} s")
