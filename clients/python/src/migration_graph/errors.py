"""The exceptions the client raises.

Two kinds of failure are kept apart, because a researcher handles them differently:

* :class:`GraphQLError` -- the service answered, and refused the question (a bad filter
  value, an unknown field, the database unavailable). Fix the question, or wait.
* :class:`TransportError` -- no GraphQL answer came back at all (the service is not
  running, the URL is wrong, a proxy answered with an HTML error page). Fix the URL or
  start the service.

Both derive from :class:`MigrationGraphError`, so ``except MigrationGraphError`` catches
everything the client raises on purpose.
"""

from __future__ import annotations

from typing import Any


class MigrationGraphError(Exception):
    """Base class of every error the client raises on purpose."""


class GraphQLError(MigrationGraphError):
    """The service answered with GraphQL errors.

    Attributes:
        errors: The ``errors`` list of the response, each a dict with at least ``message``
            and usually ``extensions.code`` (``BAD_USER_INPUT``, ``GRAPHQL_VALIDATION_FAILED``,
            ``DATABASE_UNAVAILABLE``, ...).
        codes: The ``extensions.code`` of each error, in the same order (``None`` where an
            error carries none).
        data: The partial ``data`` the response carried alongside the errors, if any.
        status: The HTTP status of the response (200 for most GraphQL errors; 400 for a
            query that does not validate; 503 when the database is down).
    """

    def __init__(self, errors: list[dict[str, Any]], data: Any = None, status: int | None = None) -> None:
        self.errors: list[dict[str, Any]] = list(errors)
        self.codes: list[str | None] = [_code_of(error) for error in self.errors]
        self.data: Any = data
        self.status: int | None = status
        super().__init__(self._summary())

    def _summary(self) -> str:
        parts = []
        for error, code in zip(self.errors, self.codes):
            message = str(error.get("message", "(no message)"))
            path = error.get("path")
            where = f" at {'.'.join(str(p) for p in path)}" if path else ""
            parts.append(f"[{code or 'NO_CODE'}] {message}{where}")
        noun = "error" if len(parts) == 1 else "errors"
        return f"GraphQL {noun}: " + "; ".join(parts)


class TransportError(MigrationGraphError):
    """No GraphQL answer: the HTTP request failed or the reply was not a GraphQL response.

    Attributes:
        status: The HTTP status code, or ``None`` when no HTTP response arrived at all
            (connection refused, DNS failure, time-out).
        url: The URL that was requested.
        body: The start of the response body, for diagnosis (empty when there was none).
    """

    def __init__(self, message: str, *, url: str, status: int | None = None, body: str = "") -> None:
        self.status: int | None = status
        self.url: str = url
        self.body: str = body
        super().__init__(message)


def _code_of(error: dict[str, Any]) -> str | None:
    extensions = error.get("extensions")
    if isinstance(extensions, dict):
        code = extensions.get("code")
        return str(code) if code is not None else None
    return None
