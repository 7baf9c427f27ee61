"""Failures: GraphQL errors with their codes, HTTP failures with their status."""

from __future__ import annotations

import socket
from urllib.parse import urljoin

import pytest

from migration_graph import Client, GraphQLError, MigrationGraphError, TransportError


def test_a_refused_argument_raises_graphql_error_with_its_code(client: Client) -> None:
    with pytest.raises(GraphQLError) as raised:
        client.query("{ projects(first: 1000) { totalCount } }")
    assert raised.value.codes == ["BAD_USER_INPUT"]
    # Nothing was answered (data is null), so the input error answers 400 (issue 18).
    assert raised.value.status == 400
    assert "first" in raised.value.errors[0]["message"]
    assert "BAD_USER_INPUT" in str(raised.value)


def test_a_query_that_does_not_validate_raises_graphql_error_with_status_400(client: Client) -> None:
    with pytest.raises(GraphQLError) as raised:
        client.query("{ noSuchField }")
    assert raised.value.codes == ["GRAPHQL_VALIDATION_FAILED"]
    assert raised.value.status == 400


def test_a_bad_depth_raises_graphql_error(client: Client) -> None:
    with pytest.raises(GraphQLError) as raised:
        client.neighbourhood("org:any", depth=9)
    assert "BAD_USER_INPUT" in raised.value.codes


def test_an_unknown_enum_value_raises_graphql_error(client: Client) -> None:
    with pytest.raises(GraphQLError) as raised:
        client.projects(status="NOT_A_STATUS")
    assert raised.value.codes and all(code is not None for code in raised.value.codes)


def test_an_http_error_raises_transport_error_with_the_status(url: str) -> None:
    wrong = Client(urljoin(url, "no-such-endpoint"))
    with pytest.raises(TransportError) as raised:
        wrong.projects()
    assert raised.value.status == 404
    assert raised.value.url.endswith("/no-such-endpoint")
    assert not isinstance(raised.value, GraphQLError)
    assert isinstance(raised.value, MigrationGraphError)


def test_a_refused_connection_raises_transport_error_without_status() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(TransportError) as raised:
        Client(f"http://127.0.0.1:{port}/graphql", timeout=5).donors()
    assert raised.value.status is None
    assert f"127.0.0.1:{port}" in str(raised.value)


def test_page_size_is_checked() -> None:
    with pytest.raises(ValueError, match="page_size"):
        Client(page_size=101)
