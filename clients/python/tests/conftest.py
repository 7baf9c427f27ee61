"""The client's tests run against a real, running service: MIGRATION_GRAPH_URL (default
http://127.0.0.1:4000/graphql, where ``npm start`` serves it). Nothing is mocked; the tests
read whatever graph the service holds and check the client's answers against each other and
against raw GraphQL, so they hold on the seed graph and on a small or larger one alike."""

from __future__ import annotations

import os
from urllib.parse import urljoin

import pandas as pd
import pytest
import requests

from migration_graph import DEFAULT_URL, Client


@pytest.fixture(scope="session")
def url() -> str:
    """The GraphQL endpoint under test; fails every test at once when nothing answers there."""
    endpoint = os.environ.get("MIGRATION_GRAPH_URL", DEFAULT_URL)
    ready = urljoin(endpoint, "readyz")
    try:
        status = requests.get(ready, timeout=10).status_code
    except requests.RequestException as error:
        pytest.fail(f"no service at {endpoint} ({error}); start one (npm start) or set MIGRATION_GRAPH_URL", pytrace=False)
    if status != 200:
        pytest.fail(f"{ready} answered {status}: the service is not ready", pytrace=False)
    return endpoint


@pytest.fixture(scope="session")
def client(url: str) -> Client:
    return Client(url)


@pytest.fixture(scope="session")
def all_projects(client: Client) -> pd.DataFrame:
    return client.projects()


@pytest.fixture(scope="session")
def all_organisations(client: Client) -> pd.DataFrame:
    return client.organisations()


@pytest.fixture(scope="session")
def export_available(url: str) -> bool:
    """True when the service serves GET /export/graph.json."""
    return requests.get(urljoin(url, "export/graph.json"), timeout=30).status_code == 200
