"""The one error hierarchy of diplograph.

Every error a user can meet is one of these; the CLI prints its message on one line and
exits with its ``exit_code``, the web service answers with its ``http_status``::

    DiplographError
     ├── InputError            bad input: unreadable file, broken JSON, wrong shape   (2 / 400)
     │    └── ExtractionError  the text could not be turned into the model            (2 / 422)
     ├── ValidationError       the article graph does not conform to the shapes       (1 / 422)
     ├── StoreError            the store could not be opened, read or written         (2 / 503)
     ├── QueryError            a malformed or refused SPARQL query                    (2 / 400)
     │    └── QueryTimeout     a query ran past its time limit                        (2 / 503)
     └── ConfigError           settings that cannot work                              (2 / 500)
"""

from __future__ import annotations


class DiplographError(Exception):
    """Base of every error diplograph raises on purpose."""

    exit_code = 2
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(DiplographError):
    """Input that cannot be read: a missing file, broken JSON, a value of the wrong shape."""

    http_status = 400


class ExtractionError(InputError):
    """Text that could not be turned into the extraction model."""

    http_status = 422


class ValidationError(DiplographError):
    """An article graph that does not conform to the SHACL shapes; ``report`` says why."""

    exit_code = 1
    http_status = 422

    def __init__(self, message: str, report: str = "", violations: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.report = report
        self.violations = violations or []


class StoreError(DiplographError):
    """The store could not be opened, read or written."""

    http_status = 503


class QueryError(DiplographError):
    """A SPARQL query or update that is malformed or refused."""

    http_status = 400


class QueryTimeout(QueryError):
    """A query that ran past its time limit."""

    http_status = 503


class ConfigError(DiplographError):
    """Settings that cannot work together."""
