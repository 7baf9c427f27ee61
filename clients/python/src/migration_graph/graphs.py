"""Turning the service's graphs into networkx graphs.

Every graph is a :class:`networkx.MultiDiGraph`: relationships have a direction (a project is
FUNDED_BY an organisation) and two entities can be tied by more than one relationship (an
organisation that both funds and implements a project), so each relationship is its own
edge, keyed by its type.

Node attributes: ``name``, ``type`` (Organisation, Project, Country, LegalFramework, Person)
and, where the entity has one, ``acronym``. Edge attributes: ``type`` (FUNDED_BY, ...) and
``id``. No attribute is ever ``None``, so every graph can be written with
:func:`networkx.write_gexf` as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

# The attributes of the Cytoscape export copied onto nodes and edges besides the required
# ones: plain scalars only, as GEXF and GraphML can store them.
_SCALARS = (str, int, float, bool)


def empty_graph(source: str) -> nx.MultiDiGraph[str]:
    """A new graph whose ``graph["source"]`` says where its content came from."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.graph["source"] = source
    return graph


def add_node(graph: nx.MultiDiGraph[str], node_id: str, name: str, node_type: str, acronym: str | None = None) -> None:
    """Adds (or completes) a node with the standard attributes."""
    attributes: dict[str, Any] = {"name": name, "type": node_type}
    if acronym:
        attributes["acronym"] = acronym
    graph.add_node(node_id, **attributes)


def add_edge(graph: nx.MultiDiGraph[str], source: str, target: str, edge_type: str, edge_id: str | None = None, **extra: Any) -> None:
    """Adds one relationship, keyed by its type, with the server's edge id convention."""
    attributes = {k: v for k, v in extra.items() if isinstance(v, _SCALARS)}
    graph.add_edge(source, target, key=edge_type, type=edge_type, id=edge_id or f"{source}-{edge_type}-{target}", **attributes)


def graph_from_graphql(payload: Mapping[str, Any] | None, source: str) -> nx.MultiDiGraph[str]:
    """Builds a graph from a GraphQL ``Graph`` (``neighbourhood``, ``shortestPath``).

    Nodes keep the order the service gives (for ``shortestPath``: the order along the path).
    """
    graph = empty_graph(source)
    if payload is None:
        return graph
    for node in payload.get("nodes") or []:
        add_node(graph, str(node["id"]), str(node["name"]), str(node["type"]), node.get("acronym"))
    for edge in payload.get("edges") or []:
        _check_endpoints(graph, edge)
        add_edge(graph, str(edge["source"]), str(edge["target"]), str(edge["type"]), edge.get("id"))
    return graph


def graph_from_cytoscape(payload: Mapping[str, Any]) -> nx.MultiDiGraph[str]:
    """Builds a graph from Cytoscape.js elements JSON (``GET /export/graph.json``).

    Accepts both layouts Cytoscape.js reads: ``{"elements": {"nodes": [...], "edges": [...]}}``
    and ``{"elements": [{"group": "nodes", "data": {...}}, ...]}``. A node's ``name`` is its
    ``data.name`` (else ``data.label``, else its id) and its ``type`` is ``data.type`` (else
    its first label). Other scalar ``data`` fields are kept as attributes.

    Raises:
        ValueError: the payload is not elements JSON, or an edge names a node that is not in it.
    """
    elements = payload.get("elements") if isinstance(payload, Mapping) else None
    if isinstance(elements, Mapping):
        nodes = list(elements.get("nodes") or [])
        edges = list(elements.get("edges") or [])
    elif isinstance(elements, list):
        nodes = [e for e in elements if _group_of(e) == "nodes"]
        edges = [e for e in elements if _group_of(e) == "edges"]
    else:
        raise ValueError("the export is not Cytoscape.js elements JSON: it has no 'elements'")
    graph = empty_graph("export")
    for element in nodes:
        data = dict(element["data"])
        node_id = str(data.pop("id"))
        labels = data.get("labels")
        name = data.pop("name", None) or data.get("label") or node_id
        node_type = data.pop("type", None) or (labels[0] if isinstance(labels, list) and labels else "Unknown")
        acronym = data.pop("acronym", None)
        add_node(graph, node_id, str(name), str(node_type), acronym if isinstance(acronym, str) else None)
        graph.nodes[node_id].update({k: v for k, v in data.items() if isinstance(v, _SCALARS)})
    for element in edges:
        data = dict(element["data"])
        _check_endpoints(graph, data)
        source, target, edge_type = str(data.pop("source")), str(data.pop("target")), str(data.pop("type"))
        edge_id = data.pop("id", None)
        add_edge(graph, source, target, edge_type, str(edge_id) if edge_id is not None else None, **data)
    return graph


def _group_of(element: Mapping[str, Any]) -> str:
    group = element.get("group")
    if group in ("nodes", "edges"):
        return str(group)
    data = element.get("data") or {}
    return "edges" if "source" in data and "target" in data else "nodes"


def _check_endpoints(graph: nx.MultiDiGraph[str], edge: Mapping[str, Any]) -> None:
    for end in ("source", "target"):
        if str(edge[end]) not in graph:
            raise ValueError(f"edge {edge.get('id') or (edge['source'], edge['type'], edge['target'])} names the unknown node {edge[end]!r}")


def graph_from_lists(
    organisations: Iterable[Mapping[str, Any]],
    projects: Iterable[Mapping[str, Any]],
    countries: Iterable[Mapping[str, Any]],
    legal_frameworks: Iterable[Mapping[str, Any]],
) -> nx.MultiDiGraph[str]:
    """Assembles the whole graph from the GraphQL lists and their relationship fields.

    The fallback of :meth:`migration_graph.Client.graph` when the service has no export:
    every organisation, project, country and legal framework, the people named on them, and
    the relationships between them, in the directions of the data model
    (Project -FUNDED_BY-> Organisation, Organisation -PART_OF-> Organisation, ...).
    """
    graph = empty_graph("graphql")
    for country in countries:
        add_node(graph, str(country["id"]), str(country["name"]), "Country")
    for framework in legal_frameworks:
        add_node(graph, str(framework["id"]), str(framework["name"]), "LegalFramework")
    organisations = list(organisations)
    projects = list(projects)
    for organisation in organisations:
        add_node(graph, str(organisation["id"]), str(organisation["name"]), "Organisation", organisation.get("acronym"))
    for project in projects:
        add_node(graph, str(project["id"]), str(project["name"]), "Project", project.get("acronym"))

    def tie(source: str, target: Mapping[str, Any] | None, edge_type: str) -> None:
        if target is None:
            return
        target_id = str(target["id"])
        if target_id not in graph:
            raise ValueError(f"{source} is tied ({edge_type}) to {target_id!r}, which no list returned")
        add_edge(graph, source, target_id, edge_type)

    def person(item: Mapping[str, Any]) -> str:
        person_id = str(item["id"])
        if person_id not in graph:
            add_node(graph, person_id, str(item["name"]), "Person")
        return person_id

    for organisation in organisations:
        org_id = str(organisation["id"])
        tie(org_id, organisation.get("country"), "IN_COUNTRY")
        tie(org_id, organisation.get("parent"), "PART_OF")
        tie(org_id, organisation.get("successor"), "SUCCEEDED_BY")
        for item in organisation.get("people") or []:
            add_edge(graph, person(item), org_id, "WORKS_FOR")
    relationship_fields = (
        ("fundedBy", "FUNDED_BY"),
        ("implementedBy", "IMPLEMENTED_BY"),
        ("beneficiaries", "BENEFITS"),
        ("partners", "PARTNERED_WITH"),
        ("countries", "IN_COUNTRY"),
        ("legalFrameworks", "ALIGNED_WITH"),
    )
    for project in projects:
        project_id = str(project["id"])
        for field, edge_type in relationship_fields:
            for target in project.get(field) or []:
                tie(project_id, target, edge_type)
        for item in project.get("people") or []:
            add_edge(graph, person(item), project_id, "MANAGES")
    return graph
