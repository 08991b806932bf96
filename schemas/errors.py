"""One exception family; only pipeline/cli.py turns these into messages and exit codes."""


class PipelineError(Exception):
    """Base of every error baocao reports to a user."""


class InputError(PipelineError):
    """A document cannot be read. The message names the file and the problem."""

    def __init__(self, file: str, problem: str):
        self.file = file
        self.problem = problem
        super().__init__(f"{file}: {problem}")


class QueryError(PipelineError):
    """A request for data names something that is not there or a filter that does not exist.
    `vi` and `en` say what; `not_found` tells a missing thing from a bad request."""

    def __init__(self, vi: str, en: str, *, not_found: bool = False):
        self.vi, self.en, self.not_found = vi, en, not_found
        super().__init__(f"{vi} / {en}")


class DecisionError(PipelineError):
    """A decision the store refuses. `vi` and `en` say why; `stale` when it was made on an
    older state of its flag or document (`current` then says the state now)."""

    def __init__(self, target: str, vi: str, en: str, *, stale: bool = False,
                 current: str | None = None):
        self.target, self.vi, self.en, self.stale, self.current = target, vi, en, stale, current
        super().__init__(f"{target}: {vi} / {en}")


class RuleError(PipelineError):
    """A rule file or pattern is malformed."""


class StoreError(PipelineError):
    """The database cannot be opened or written."""


class InternalError(PipelineError):
    """An invariant of baocao itself was broken."""
