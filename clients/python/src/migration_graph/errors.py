"""The exceptions the client raises.

Two kinds of failure are kept apart, because a researcher handles them differently:

* :class:`GraphQLError` -- the service answered, and refused the question (a bad filter
  value, an unknown field, the database unavailable). Fix the question, or wait.
  A name that resolves to nothing raises :class:`NameNotFoundError` (with the closest
  ``suggestions``), a name several entities fit :class:`NameAmbiguousError` (with the
  ``candidates``); both are GraphQLErrors. Where other fields of the request were answered,
  the client returns them and warns with :class:`NameResolutionWarning` instead.
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


#: The codes of a name given in a filter or a lookup that did not resolve to one entity.
NAME_CODES = ("NAME_NOT_FOUND", "NAME_AMBIGUOUS")


def _entity_list(items: Any) -> list[dict[str, Any]]:
    return [dict(item) for item in items] if isinstance(items, list) else []


def _named(entities: list[dict[str, Any]]) -> str:
    return ", or ".join(f"{e.get('name')} ({e.get('id')})" for e in entities[:3])


class NameResolutionError(GraphQLError):
    """A name given in a filter or a lookup (``funded_by="Nethrlands"``) resolved to no single entity.

    Attributes:
        name: The name as given (None when the service does not say, as in production).
        field: Where it was given, e.g. ``fundedBy`` or ``or[1].implementedBy``.
    """

    def __init__(self, errors: list[dict[str, Any]], data: Any = None, status: int | None = None) -> None:
        first = next((e for e in errors if _code_of(e) in NAME_CODES), errors[0] if errors else {})
        extensions = first.get("extensions") if isinstance(first.get("extensions"), dict) else {}
        self.name: str | None = extensions.get("name") if isinstance(extensions.get("name"), str) else None
        self.field: str | None = extensions.get("field") if isinstance(extensions.get("field"), str) else None
        self._extensions: dict[str, Any] = dict(extensions)
        super().__init__(errors, data=data, status=status)


class NameNotFoundError(NameResolutionError):
    """A name resolved to no entity (``NAME_NOT_FOUND``).

    Attributes:
        suggestions: The closest entities, best first, each a dict with id, name, score,
            rule and matchedName: ``e.suggestions[0]["name"]`` is what to try instead.
    """

    def __init__(self, errors: list[dict[str, Any]], data: Any = None, status: int | None = None) -> None:
        super().__init__(errors, data=data, status=status)
        self.suggestions: list[dict[str, Any]] = _entity_list(self._extensions.get("suggestions"))
        self.args = (self._with_hint(),)

    def _with_hint(self) -> str:
        summary = self._summary()
        if not self.suggestions or "did you mean" in summary.lower():
            return summary
        return f"{summary} Did you mean {_named(self.suggestions)}?"


class NameAmbiguousError(NameResolutionError):
    """A name fits several entities equally well (``NAME_AMBIGUOUS``).

    Attributes:
        candidates: The entities it may be, each a dict with id, name, score, rule and
            matchedName; give one's id, or a fuller name.
    """

    def __init__(self, errors: list[dict[str, Any]], data: Any = None, status: int | None = None) -> None:
        super().__init__(errors, data=data, status=status)
        self.candidates: list[dict[str, Any]] = _entity_list(self._extensions.get("candidates"))


class NameResolutionWarning(UserWarning):
    """A name of the request did not resolve, but other fields of it were answered and are returned."""


def only_name_errors(errors: list[dict[str, Any]]) -> bool:
    """Whether every error of a response is a name that did not resolve."""
    return bool(errors) and all(_code_of(error) in NAME_CODES for error in errors)


def graphql_error(errors: list[dict[str, Any]], data: Any = None, status: int | None = None) -> GraphQLError:
    """The exception for a response's errors: a name error's own class when every error is one."""
    codes = [_code_of(error) for error in errors]
    if only_name_errors(errors):
        cls = NameNotFoundError if codes[0] == "NAME_NOT_FOUND" else NameAmbiguousError
        return cls(errors, data=data, status=status)
    return GraphQLError(errors, data=data, status=status)


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
