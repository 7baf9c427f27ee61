"""The client: one object per service, one method per question.

Lists come back as pandas DataFrames, graphs as networkx graphs. The client follows the
API's cursor pagination itself (``first=100``, then ``after=endCursor`` while
``hasNextPage``), so a DataFrame always holds every match, not one page.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import urljoin

import networkx as nx
import pandas as pd
import requests

from . import _queries as q
from .errors import NameResolutionWarning, TransportError, graphql_error, only_name_errors
from .frames import countries_frame, match_frame, organisations_frame, projects_frame, resolution_records, search_frame, stats_frame
from .graphs import graph_from_cytoscape, graph_from_graphql, graph_from_lists

#: Where ``npm start`` serves the API.
DEFAULT_URL = "http://127.0.0.1:4000/graphql"

#: The largest page the API serves; the client asks for it to make as few requests as possible.
MAX_PAGE_SIZE = 100

#: ``projects`` keyword arguments and the ``ProjectFilter`` fields they set.
PROJECT_FILTER_ARGUMENTS: Mapping[str, str] = {
    "benefits": "benefits",
    "funded_by": "fundedBy",
    "implemented_by": "implementedBy",
    "partnered_with": "partneredWith",
    "country": "country",
    "active_on": "activeOn",
    "aligned_with": "alignedWith",
    "status": "status",
    "text": "text",
    "include_units": "includeUnits",
    "include_lineage": "includeLineage",
}

#: ``organisations`` keyword arguments and the ``OrganisationFilter`` fields they set.
ORGANISATION_FILTER_ARGUMENTS: Mapping[str, str] = {
    "name": "name",
    "kind": "kind",
    "country": "country",
    "part_of": "partOf",
    "is_donor": "isDonor",
    "involved_in": "involvedIn",
    "text": "text",
    "include_lineage": "includeLineage",
}

#: The groupings of ``project_stats``.
PROJECT_GROUPS = ("DONOR", "IMPLEMENTER", "BENEFICIARY", "COUNTRY", "LEGAL_FRAMEWORK", "STATUS", "START_YEAR")

OrderBy = str | Mapping[str, str] | Sequence[str | Mapping[str, str]] | None


class Client:
    """A client of the migration-governance graph's GraphQL API.

    Example:
        >>> from migration_graph import Client
        >>> client = Client()                          # http://127.0.0.1:4000/graphql
        >>> client.projects(benefits="DGMM")           # a pandas DataFrame
        >>> client.neighbourhood("org:dgmm", depth=2)  # a networkx MultiDiGraph

    Args:
        url: The GraphQL endpoint.
        timeout: Seconds to wait for each HTTP response.
        page_size: How many items to ask for per page while following cursors (1 to 100).
        export_url: Where the whole graph is exported as Cytoscape.js JSON; by default
            ``export/graph.json`` beside the endpoint (``http://host:port/export/graph.json``).
        session: A :class:`requests.Session` to send the requests with (for headers, proxies
            or retries of your own); a new one by default.
    """

    def __init__(
        self,
        url: str = DEFAULT_URL,
        *,
        timeout: float = 60.0,
        page_size: int = MAX_PAGE_SIZE,
        export_url: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}; got {page_size}")
        self.url: str = url
        self.timeout: float = timeout
        self.page_size: int = page_size
        self.export_url: str = export_url or urljoin(url, "export/graph.json")
        self.session: requests.Session = session or requests.Session()

    def __repr__(self) -> str:
        return f"Client(url={self.url!r})"

    # ------------------------------------------------------------------ transport

    def query(self, query: str, variables: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Sends one GraphQL request and returns its ``data``.

        A name that resolves to nothing (or to several entities) while other root fields
        of the request were answered does not raise: the answered fields are returned, the
        unanswered ones are None, and a :class:`NameResolutionWarning` shows the suggestions.

        Raises:
            NameNotFoundError, NameAmbiguousError: a name given in a filter or a lookup did
                not resolve to one entity, and nothing else was answered.
            GraphQLError: the response carries other GraphQL errors (even alongside partial data).
            TransportError: no GraphQL response came back (connection failure, an HTTP error
                status without a GraphQL body, a body that is not GraphQL JSON).
        """
        body = {"query": query, "variables": dict(variables or {})}
        try:
            response = self.session.post(
                self.url,
                json=body,
                timeout=self.timeout,
                headers={"Accept": "application/graphql-response+json, application/json"},
            )
        except requests.RequestException as error:
            raise TransportError(f"could not reach {self.url}: {error}", url=self.url) from error
        payload = _json_or_none(response)
        # The service refuses a path it has no route for with a GraphQL-shaped 404 body; that is
        # no GraphQL response (one carries `data`, or is a 400 for a request it cannot run).
        no_such_endpoint = response.status_code == 404 and isinstance(payload, dict) and "data" not in payload
        if isinstance(payload, dict) and payload.get("errors") and not no_such_endpoint:
            errors = list(payload["errors"])
            error = graphql_error(errors, data=payload.get("data"), status=response.status_code)
            partial = payload.get("data")
            answered = isinstance(partial, dict) and any(value is not None for value in partial.values())
            if answered and only_name_errors(errors):
                warnings.warn(str(error), NameResolutionWarning, stacklevel=2)
                partial_data: dict[str, Any] = partial
                return partial_data
            raise error
        if not response.ok:
            raise TransportError(
                f"HTTP {response.status_code} {response.reason} from {self.url}",
                url=self.url,
                status=response.status_code,
                body=response.text[:500],
            )
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
            raise TransportError(
                f"{self.url} did not answer with a GraphQL response (content type {response.headers.get('content-type')!r})",
                url=self.url,
                status=response.status_code,
                body=response.text[:500],
            )
        data: dict[str, Any] = payload["data"]
        return data

    def paginate(
        self,
        query: str,
        field: str,
        variables: Mapping[str, Any] | None = None,
        *,
        on_first_page: Callable[[dict[str, Any]], None] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Yields every node of the connection ``data[field]``, page after page.

        ``query`` must declare ``$first: Int`` and ``$after: String``, pass them to the
        connection, and select ``pageInfo { hasNextPage endCursor }`` and ``nodes``.
        ``on_first_page`` is handed the first page's connection (for its ``totalCount``,
        ``resolutions``, ...), before its nodes are yielded.

        Raises:
            GraphQLError, TransportError: as :meth:`query`.
            RuntimeError: the service says more pages follow but gives no new cursor.
        """
        after: str | None = None
        seen: set[str] = set()
        while True:
            data = self.query(query, {**(variables or {}), "first": self.page_size, "after": after})
            connection = data[field]
            if after is None and on_first_page is not None:
                on_first_page(connection)
            yield from connection["nodes"]
            page = connection["pageInfo"]
            if not page["hasNextPage"]:
                return
            cursor = page.get("endCursor")
            if not cursor or cursor in seen:
                raise RuntimeError(f"{field}: hasNextPage is true but the endCursor {cursor!r} does not advance")
            seen.add(cursor)
            after = cursor

    # ------------------------------------------------------------------ tables

    def projects(
        self,
        *,
        benefits: str | None = None,
        funded_by: str | None = None,
        implemented_by: str | None = None,
        partnered_with: str | None = None,
        country: str | None = None,
        active_on: str | dt.date | None = None,
        aligned_with: str | None = None,
        status: str | None = None,
        text: str | None = None,
        include_units: bool | None = None,
        include_lineage: bool | None = None,
        filter: Mapping[str, Any] | None = None,
        order_by: OrderBy = None,
    ) -> pd.DataFrame:
        """Every project matching the filter, one row each.

        Names are resolved as the service resolves them (README "Names"): an id, a name,
        acronym or alias ignoring case and diacritics (``country="Turkey"``, ``"Türkiye"``
        and ``"TR"`` are the same), a state's names (``funded_by="Netherlands"`` is the
        Kingdom of the Netherlands), typos. ``frame.attrs["resolutions"]`` says which entity
        each name resolved to, by which rule and score, and which units and renamed bodies
        an organisation filter included. A name that resolves to nothing raises
        :class:`NameNotFoundError` with ``suggestions``; one that fits several entities
        :class:`NameAmbiguousError` with ``candidates``. Keyword arguments
        combine with AND, and with ``filter``, a raw ``ProjectFilter`` dict for everything
        else (``{"or": [...]}``, ``{"budget": {"min": 1e6, "currency": "EUR"}}``, ...).

        Args:
            active_on: A date (``"2018-06-01"`` or a :class:`datetime.date`) the project's
                period contains.
            status: PLANNED, ONGOING, COMPLETED, CANCELLED or SUSPENDED (any case).
            order_by: ``"START_DATE"`` (ascending), ``"-START_DATE"`` (descending), a
                ``{"field": ..., "direction": ...}`` dict, or a list of them; by name when
                not given.

        Returns:
            Columns id, name, acronym, status, start_date, start_precision, end_date,
            end_precision, budget_amount, budget_currency, and donors, implementers,
            beneficiaries, countries (lists of names). A date known only to the month or the
            year is its first day for a start and its last day for an end; the
            ``*_precision`` columns (DAY, MONTH, YEAR) say how precisely it is known.
        """
        arguments = dict(
            benefits=benefits,
            funded_by=funded_by,
            implemented_by=implemented_by,
            partnered_with=partnered_with,
            country=country,
            active_on=active_on,
            aligned_with=aligned_with,
            status=status,
            text=text,
            include_units=include_units,
            include_lineage=include_lineage,
        )
        variables = {"filter": _filter(arguments, PROJECT_FILTER_ARGUMENTS, filter), "orderBy": _order(order_by)}
        first_page: dict[str, Any] = {}
        frame = projects_frame(self.paginate(q.PROJECTS, "projects", variables, on_first_page=first_page.update))
        frame.attrs["resolutions"] = resolution_records(first_page.get("resolutions"))
        return frame

    def organisations(
        self,
        *,
        name: str | None = None,
        kind: str | None = None,
        country: str | None = None,
        part_of: str | None = None,
        is_donor: bool | None = None,
        involved_in: str | None = None,
        text: str | None = None,
        include_lineage: bool | None = None,
        filter: Mapping[str, Any] | None = None,
        order_by: OrderBy = None,
    ) -> pd.DataFrame:
        """Every organisation matching the filter, one row each.

        Keyword arguments combine with AND and with ``filter`` (a raw ``OrganisationFilter``
        dict). ``order_by`` as in :meth:`projects`, with the ``OrganisationOrderField`` values
        (NAME, KIND, PROJECTS_FUNDED, ...).

        Returns:
            Columns id, name, acronym, kind, is_donor, country, parent, predecessor,
            successor (names, or None) and aliases (a list).
        """
        arguments = dict(
            name=name,
            kind=kind,
            country=country,
            part_of=part_of,
            is_donor=is_donor,
            involved_in=involved_in,
            text=text,
            include_lineage=include_lineage,
        )
        variables = {"filter": _filter(arguments, ORGANISATION_FILTER_ARGUMENTS, filter), "orderBy": _order(order_by)}
        return organisations_frame(self.paginate(q.ORGANISATIONS, "organisations", variables))

    def donors(self, *, filter: Mapping[str, Any] | None = None, order_by: OrderBy = None) -> pd.DataFrame:
        """The organisations that fund at least one project, with the columns of :meth:`organisations`."""
        variables = {"filter": dict(filter) if filter else None, "orderBy": _order(order_by)}
        return organisations_frame(self.paginate(q.DONORS, "donors", variables))

    def countries(self, *, name: str | None = None, has_projects: bool | None = None) -> pd.DataFrame:
        """Countries and territories (columns id, name, iso_code, aliases); ``name`` matches a name, alias or ISO code."""
        country_filter = {k: v for k, v in {"name": name, "hasProjects": has_projects}.items() if v is not None}
        data = self.query(q.COUNTRIES, {"filter": country_filter or None})
        return countries_frame(data["countries"])

    def project_stats(self, group_by: str = "DONOR", *, filter: Mapping[str, Any] | None = None, **filter_arguments: Any) -> pd.DataFrame:
        """Projects counted and budgets summed per group.

        Args:
            group_by: DONOR, IMPLEMENTER, BENEFICIARY, COUNTRY, LEGAL_FRAMEWORK, STATUS or
                START_YEAR (any case).
            filter: A raw ``ProjectFilter`` dict narrowing the projects counted.
            **filter_arguments: The keyword filters of :meth:`projects` (``country=...``, ...).

        Returns:
            Columns key (an entity id, a status, a year or ``(none)``), name (the entity's
            name, else the key), count, and one ``budget_<CURRENCY>`` column per currency
            (``budget_EUR``, ``budget_USD``, ...): the sum of the stated budgets in that
            currency, NaN where the group has none. Currencies are never converted or added
            together. A project with two donors counts in both donors' rows.
        """
        unknown = set(filter_arguments) - set(PROJECT_FILTER_ARGUMENTS)
        if unknown:
            raise TypeError(f"project_stats() got unknown filter arguments: {', '.join(sorted(unknown))}")
        group = group_by.upper()
        if group not in PROJECT_GROUPS:
            raise ValueError(f"group_by must be one of {', '.join(PROJECT_GROUPS)}; got {group_by!r}")
        variables = {"groupBy": group, "filter": _filter(filter_arguments, PROJECT_FILTER_ARGUMENTS, filter)}
        return stats_frame(self.query(q.PROJECT_STATS, variables)["projectStats"])

    def search(self, query: str, *, first: int = 20, types: Sequence[str] | None = None) -> pd.DataFrame:
        """Full-text search over every entity, best first (columns score, id, name, type, matched_field, highlight).

        Args:
            types: Only these entity types: ORGANISATION, PROJECT, COUNTRY, LEGAL_FRAMEWORK, PERSON.
        """
        variables = {"query": query, "first": first, "types": [t.upper() for t in types] if types else None}
        return search_frame(self.query(q.SEARCH, variables)["search"])

    def match(self, name: str, types: Sequence[str] | None = None, country: str | None = None, first: int | None = None) -> pd.DataFrame:
        """The entities a name may stand for, best first: the matcher behind every name filter.

        >>> client.match("Nethrlands")                    # the country, by a typo
        >>> client.match("Netherlands", types=["ORGANISATION"])  # the Kingdom of the Netherlands

        Args:
            types: Only these entity types: ORGANISATION, PROJECT, COUNTRY, LEGAL_FRAMEWORK,
                PERSON (any case).
            country: Only entities of this country (a name, alias or ISO code, resolved as
                names are: an unknown one raises :class:`NameNotFoundError`).
            first: How many candidates (the service's default, 10, when not given; at most 100).

        Returns:
            Columns score (0 to 1), match (False for a candidate that only resembles the
            name), id, name, type, rules, matched_names and reasons (see :func:`match_frame`).
        """
        variables = {"name": name, "types": [t.upper() for t in types] if types else None, "country": country, "first": first}
        return match_frame(self.query(q.MATCH, variables)["match"])

    # ------------------------------------------------------------------ graphs

    def neighbourhood(self, id: str, depth: int = 1) -> nx.MultiDiGraph[str]:
        """The entity ``id`` and everything within ``depth`` (1 to 3) relationships of it, in either direction.

        Returns:
            A :class:`networkx.MultiDiGraph`; nodes carry ``name`` and ``type``, edges ``type``.
        """
        data = self.query(q.NEIGHBOURHOOD, {"id": id, "depth": depth})
        return graph_from_graphql(data["neighbourhood"], source="neighbourhood")

    def shortest_path(self, from_id: str, to_id: str) -> nx.MultiDiGraph[str] | None:
        """A shortest path between two entities over any relationship, or None when none joins them.

        Returns:
            A :class:`networkx.MultiDiGraph` whose nodes are in path order, from ``from_id`` to
            ``to_id``; edges keep the direction of the relationships, which need not follow
            the path's direction.
        """
        data = self.query(q.SHORTEST_PATH, {"from": from_id, "to": to_id})
        path = data["shortestPath"]
        return None if path is None else graph_from_graphql(path, source="shortestPath")

    def graph(self) -> nx.MultiDiGraph[str]:
        """The whole graph: organisations, projects, countries, legal frameworks and people, and their relationships.

        Reads ``GET export/graph.json`` (Cytoscape.js elements JSON) when the service has
        it, in one request. When that route answers 404 (an older service), assembles the
        same graph from the GraphQL lists and their relationship fields instead.
        ``graph.graph["source"]`` says which: ``"export"`` or ``"graphql"``.

        Raises:
            TransportError: the export route failed with another status than 404.
        """
        try:
            response = self.session.get(self.export_url, timeout=self.timeout, headers={"Accept": "application/json"})
        except requests.RequestException as error:
            raise TransportError(f"could not reach {self.export_url}: {error}", url=self.export_url) from error
        if response.status_code == 404:
            return self.graph_from_graphql()
        if not response.ok:
            raise TransportError(
                f"HTTP {response.status_code} {response.reason} from {self.export_url}",
                url=self.export_url,
                status=response.status_code,
                body=response.text[:500],
            )
        payload = _json_or_none(response)
        if not isinstance(payload, dict):
            raise TransportError(f"{self.export_url} did not answer with JSON", url=self.export_url, status=response.status_code, body=response.text[:500])
        return graph_from_cytoscape(payload)

    def graph_from_graphql(self) -> nx.MultiDiGraph[str]:
        """The whole graph, assembled from GraphQL alone (what :meth:`graph` falls back to)."""
        organisations = list(self.paginate(q.GRAPH_ORGANISATIONS, "organisations"))
        projects = list(self.paginate(q.GRAPH_PROJECTS, "projects"))
        frameworks = list(self.paginate(q.GRAPH_LEGAL_FRAMEWORKS, "legalFrameworks"))
        countries = self.query(q.GRAPH_COUNTRIES)["countries"]
        return graph_from_lists(organisations, projects, countries, frameworks)


def _json_or_none(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _filter(arguments: Mapping[str, Any], fields: Mapping[str, str], raw: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The GraphQL filter: the keyword arguments that are set, ANDed with the raw filter."""
    built: dict[str, Any] = {}
    for argument, value in arguments.items():
        if value is None:
            continue
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()[:10]
        if argument == "status":
            value = str(value).upper()
        built[fields[argument]] = value
    raw_filter = dict(raw) if raw else {}
    if built and raw_filter:
        return {"and": [raw_filter, built]}
    return built or raw_filter or None


def _order(order_by: OrderBy) -> list[dict[str, str]] | None:
    """``"START_DATE"``, ``"-START_DATE"``, a ``{field, direction}`` dict or a list of them."""
    if order_by is None:
        return None
    items: Sequence[str | Mapping[str, str]] = [order_by] if isinstance(order_by, (str, Mapping)) else order_by
    orders = []
    for item in items:
        if isinstance(item, str):
            descending = item.startswith("-")
            orders.append({"field": item.lstrip("-+").upper(), "direction": "DESC" if descending else "ASC"})
        else:
            orders.append(dict(item))
    return orders
