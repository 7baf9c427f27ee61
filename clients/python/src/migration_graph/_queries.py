"""The GraphQL documents the client sends, one per question, in one place.

Every list query takes ``$first`` and ``$after`` so that :meth:`Client.paginate` can follow
the cursors; the field sets are exactly what the DataFrame and graph builders read.
"""

from __future__ import annotations

PROJECT_FIELDS = """
  id name acronym status
  startDate startPrecision endDate endPrecision
  budget { amount currency }
  fundedBy { id name }
  implementedBy { id name }
  beneficiaries { id name }
  countries { id name }
"""

#: How each name of a filter was resolved: which entity, by which rule, with which units.
RESOLUTION_FIELDS = """
  field name rule matchedName score
  entity { __typename id name }
  lineage { id name }
  units { id name }
"""

PROJECTS = f"""
query Projects($filter: ProjectFilter, $orderBy: [ProjectOrder!], $first: Int, $after: String) {{
  projects(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {{
    totalCount
    resolutions {{ {RESOLUTION_FIELDS} }}
    pageInfo {{ hasNextPage endCursor }}
    nodes {{ {PROJECT_FIELDS} }}
  }}
}}
"""

ORGANISATION_FIELDS = """
  id name acronym aliases kind isDonor
  country { id name }
  parent { id name }
  predecessor { id name }
  successor { id name }
"""

ORGANISATIONS = f"""
query Organisations($filter: OrganisationFilter, $orderBy: [OrganisationOrder!], $first: Int, $after: String) {{
  organisations(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {{
    totalCount
    pageInfo {{ hasNextPage endCursor }}
    nodes {{ {ORGANISATION_FIELDS} }}
  }}
}}
"""

DONORS = f"""
query Donors($filter: OrganisationFilter, $orderBy: [OrganisationOrder!], $first: Int, $after: String) {{
  donors(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {{
    totalCount
    pageInfo {{ hasNextPage endCursor }}
    nodes {{ {ORGANISATION_FIELDS} }}
  }}
}}
"""

COUNTRIES = """
query Countries($filter: CountryFilter) {
  countries(filter: $filter) { id name isoCode aliases }
}
"""

PROJECT_STATS = """
query ProjectStats($filter: ProjectFilter, $groupBy: ProjectGroup!) {
  projectStats(filter: $filter, groupBy: $groupBy) {
    key
    entity { id name }
    count
    budget { amount currency }
  }
}
"""

SEARCH = """
query Search($query: String!, $first: Int, $types: [EntityType!]) {
  search(query: $query, first: $first, types: $types) {
    score type matchedField highlight
    entity { id name }
  }
}
"""

MATCH = """
query Match($name: String!, $types: [EntityType!], $country: String, $first: Int) {
  match(name: $name, types: $types, country: $country, first: $first) {
    score match
    entity { __typename id name }
    reasons { rule matchedName detail }
  }
}
"""

GRAPH_FIELDS = """
  nodes { id name type labels acronym }
  edges { id source target type }
"""

NEIGHBOURHOOD = f"""
query Neighbourhood($id: ID!, $depth: Int) {{
  neighbourhood(id: $id, depth: $depth) {{ {GRAPH_FIELDS} }}
}}
"""

SHORTEST_PATH = f"""
query ShortestPath($from: ID!, $to: ID!) {{
  shortestPath(from: $from, to: $to) {{ {GRAPH_FIELDS} }}
}}
"""

# The fallback of Client.graph(): the whole graph assembled from the relationship fields.
GRAPH_ORGANISATIONS = """
query GraphOrganisations($first: Int, $after: String) {
  organisations(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name acronym
      country { id }
      parent { id }
      successor { id }
      people { id name }
    }
  }
}
"""

GRAPH_PROJECTS = """
query GraphProjects($first: Int, $after: String) {
  projects(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id name acronym
      fundedBy { id }
      implementedBy { id }
      beneficiaries { id }
      partners { id }
      countries { id }
      legalFrameworks { id }
      people { id name }
    }
  }
}
"""

GRAPH_LEGAL_FRAMEWORKS = """
query GraphLegalFrameworks($first: Int, $after: String) {
  legalFrameworks(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id name }
  }
}
"""

GRAPH_COUNTRIES = """
query GraphCountries { countries { id name } }
"""
