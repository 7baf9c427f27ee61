"""A small Python client for the migration-governance knowledge graph.

>>> from migration_graph import Client
>>> Client().projects(benefits="DGMM")      # every project benefiting DGMM, as a DataFrame

Lists come back as pandas DataFrames (cursor pagination is followed for you), graphs as
networkx MultiDiGraphs; failures raise :class:`GraphQLError` (the service refused the
question) or :class:`TransportError` (no GraphQL answer came back).
"""

from .client import DEFAULT_URL, Client
from .errors import (
    GraphQLError,
    MigrationGraphError,
    NameAmbiguousError,
    NameNotFoundError,
    NameResolutionError,
    NameResolutionWarning,
    TransportError,
)
from .frames import budget_columns

__all__ = [
    "Client",
    "DEFAULT_URL",
    "GraphQLError",
    "MigrationGraphError",
    "NameAmbiguousError",
    "NameNotFoundError",
    "NameResolutionError",
    "NameResolutionWarning",
    "TransportError",
    "budget_columns",
]
__version__ = "0.1.0"
