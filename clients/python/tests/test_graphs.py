"""networkx graphs: neighbourhood, shortest path, and the whole graph by both of its routes."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import networkx as nx
import pandas as pd
import pytest

from migration_graph import Client
from migration_graph.graphs import graph_from_cytoscape

ENTITY_TYPES = {"Organisation", "Project", "Country", "LegalFramework", "Person"}
PROJECT_TIES = {"FUNDED_BY", "IMPLEMENTED_BY", "BENEFITS", "PARTNERED_WITH"}


def assert_well_formed(graph: nx.MultiDiGraph[str]) -> None:
    """Every node has a name and a known type; every edge joins two known nodes and has a type."""
    for node, data in graph.nodes(data=True):
        assert isinstance(data.get("name"), str) and data["name"], node
        assert data.get("type") in ENTITY_TYPES, (node, data.get("type"))
    for source, target, key, data in graph.edges(keys=True, data=True):
        assert source in graph and target in graph
        assert data["type"] == key and data["type"].isupper()


def ties(graph: nx.MultiDiGraph[str], types: set[str]) -> set[tuple[str, str, str]]:
    return {(s, t, d["type"]) for s, t, d in graph.edges(data=True) if d["type"] in types}


@pytest.fixture(scope="session")
def fallback_graph(url: str) -> nx.MultiDiGraph[str]:
    """The whole graph assembled from GraphQL: the client pointed at an export URL that 404s on the real server."""
    return Client(url, export_url=urljoin(url, "export/no-such-graph.json")).graph()


@pytest.fixture(scope="session")
def centre(all_organisations: pd.DataFrame, all_projects: pd.DataFrame, fallback_graph: nx.MultiDiGraph[str]) -> str:
    """The organisation tied to the most projects, to draw neighbourhoods around."""
    organisations = [n for n, d in fallback_graph.nodes(data=True) if d["type"] == "Organisation"]
    if not organisations:
        pytest.skip("no organisation in this graph")
    return str(max(organisations, key=lambda n: (fallback_graph.degree(n), n)))


def test_the_fallback_graph_holds_every_organisation_and_project(
    fallback_graph: nx.MultiDiGraph[str], all_organisations: pd.DataFrame, all_projects: pd.DataFrame
) -> None:
    assert fallback_graph.graph["source"] == "graphql"
    assert_well_formed(fallback_graph)
    def by_type(kind: str) -> set[str]:
        return {n for n, d in fallback_graph.nodes(data=True) if d["type"] == kind}

    assert by_type("Organisation") == set(all_organisations["id"])
    assert by_type("Project") == set(all_projects["id"])


def test_the_fallback_graph_has_every_project_tie(fallback_graph: nx.MultiDiGraph[str], all_projects: pd.DataFrame) -> None:
    for column, edge_type in (("donors", "FUNDED_BY"), ("implementers", "IMPLEMENTED_BY"), ("beneficiaries", "BENEFITS"), ("countries", "IN_COUNTRY")):
        for _, project in all_projects.iterrows():
            names = sorted(fallback_graph.nodes[t]["name"] for _, t, d in fallback_graph.out_edges(project["id"], data=True) if d["type"] == edge_type)
            assert names == sorted(project[column]), (project["id"], edge_type)


def test_graph_uses_the_export_when_the_server_has_it(client: Client, export_available: bool) -> None:
    graph = client.graph()
    assert graph.graph["source"] == ("export" if export_available else "graphql")
    assert_well_formed(graph)


def test_the_export_and_the_fallback_agree(client: Client, export_available: bool, fallback_graph: nx.MultiDiGraph[str]) -> None:
    if not export_available:
        pytest.skip("this server has no GET /export/graph.json (404): only the GraphQL route can be tested")
    exported = client.graph()
    for kind in ("Organisation", "Project"):
        assert {n for n, d in exported.nodes(data=True) if d["type"] == kind} == {
            n for n, d in fallback_graph.nodes(data=True) if d["type"] == kind
        }, kind
    assert ties(exported, PROJECT_TIES) == ties(fallback_graph, PROJECT_TIES)
    for node in fallback_graph:
        if node in exported:
            assert exported.nodes[node]["name"] == fallback_graph.nodes[node]["name"]


def test_a_graph_can_be_written_for_gephi(fallback_graph: nx.MultiDiGraph[str], tmp_path: Path) -> None:
    path = tmp_path / "graph.gexf"
    nx.write_gexf(fallback_graph, path)
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == fallback_graph.number_of_nodes()
    assert back.number_of_edges() == fallback_graph.number_of_edges()


def test_neighbourhood_of_depth_one_is_the_centre_and_its_neighbours(client: Client, centre: str, fallback_graph: nx.MultiDiGraph[str]) -> None:
    near = client.neighbourhood(centre, depth=1)
    assert_well_formed(near)
    assert centre in near
    undirected: nx.MultiGraph[str] = fallback_graph.to_undirected(as_view=True)
    assert set(near) - {centre} == set(undirected.neighbors(centre))
    assert ties(near, PROJECT_TIES) <= ties(fallback_graph, PROJECT_TIES)


def test_a_deeper_neighbourhood_contains_the_shallower_one(client: Client, centre: str) -> None:
    one, two = client.neighbourhood(centre, 1), client.neighbourhood(centre, 2)
    assert set(one) <= set(two)
    assert ties(one, PROJECT_TIES) <= ties(two, PROJECT_TIES)


def test_shortest_path_runs_from_one_end_to_the_other(client: Client, centre: str, fallback_graph: nx.MultiDiGraph[str]) -> None:
    undirected: nx.Graph[str] = nx.Graph(fallback_graph)
    distances = nx.single_source_shortest_path_length(undirected, centre, cutoff=3)
    farthest = max(distances, key=lambda n: (distances[n], n))
    if distances[farthest] < 2:
        pytest.skip("nothing lies two steps from the centre")
    path = client.shortest_path(centre, farthest)
    assert path is not None
    order = list(path)
    assert order[0] == centre and order[-1] == farthest
    assert len(order) == distances[farthest] + 1
    simple: nx.Graph[str] = nx.Graph(path)
    for a, b in zip(order, order[1:]):
        assert simple.has_edge(a, b), (a, b)


def test_shortest_path_is_none_when_nothing_joins_the_two(client: Client, centre: str, fallback_graph: nx.MultiDiGraph[str]) -> None:
    isolated = sorted(n for n in fallback_graph if fallback_graph.degree(n) == 0)
    if not isolated:
        pytest.skip("every entity in this graph is tied to another")
    assert client.shortest_path(centre, isolated[0]) is None


def test_cytoscape_elements_are_read_in_both_layouts() -> None:
    nodes: list[dict[str, Any]] = [
        {"data": {"id": "org:a", "name": "A", "type": "Organisation", "acronym": "AA", "kind": "GOVERNMENT"}},
        {"data": {"id": "project:p", "label": "P", "labels": ["Project"]}},
    ]
    edges: list[dict[str, Any]] = [{"data": {"id": "project:p-FUNDED_BY-org:a", "source": "project:p", "target": "org:a", "type": "FUNDED_BY"}}]
    grouped = graph_from_cytoscape({"elements": {"nodes": nodes, "edges": edges}})
    flat = graph_from_cytoscape({"elements": [{"group": "nodes", **n} for n in nodes] + [{"group": "edges", **e} for e in edges]})
    for graph in (grouped, flat):
        assert graph.graph["source"] == "export"
        assert dict(graph.nodes["org:a"]) == {"name": "A", "type": "Organisation", "acronym": "AA", "kind": "GOVERNMENT"}
        assert graph.nodes["project:p"]["name"] == "P" and graph.nodes["project:p"]["type"] == "Project"
        assert ties(graph, {"FUNDED_BY"}) == {("project:p", "org:a", "FUNDED_BY")}


def test_cytoscape_edges_to_unknown_nodes_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown node"):
        graph_from_cytoscape({"elements": {"nodes": [], "edges": [{"data": {"source": "a", "target": "b", "type": "X"}}]}})
