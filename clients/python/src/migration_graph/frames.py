"""Turning GraphQL nodes into pandas DataFrames with stable, documented columns.

The builders always return every documented column, in a fixed order, even for an empty
result, so that code written against a big graph also runs on a small or empty one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

#: The columns of :meth:`migration_graph.Client.projects`, in order.
PROJECT_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "acronym",
    "status",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "budget_amount",
    "budget_currency",
    "donors",
    "implementers",
    "beneficiaries",
    "countries",
)

#: The columns of :meth:`migration_graph.Client.organisations` and ``donors``, in order.
ORGANISATION_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "acronym",
    "kind",
    "is_donor",
    "country",
    "parent",
    "predecessor",
    "successor",
    "aliases",
)

#: The columns of :meth:`migration_graph.Client.countries`, in order.
COUNTRY_COLUMNS: tuple[str, ...] = ("id", "name", "iso_code", "aliases")

#: The leading columns of :meth:`migration_graph.Client.project_stats`; one
#: ``budget_<CURRENCY>`` column per currency follows them.
STATS_COLUMNS: tuple[str, ...] = ("key", "name", "count")

#: The columns of :meth:`migration_graph.Client.search`, in order.
SEARCH_COLUMNS: tuple[str, ...] = ("score", "id", "name", "type", "matched_field", "highlight")

#: The columns of :func:`match_frame`, in order.
MATCH_COLUMNS: tuple[str, ...] = ("score", "match", "id", "name", "type", "rules", "matched_names", "reasons")

#: The prefix of the per-currency budget columns of ``project_stats``.
BUDGET_PREFIX = "budget_"


def _names(items: Iterable[Mapping[str, Any]] | None) -> list[str]:
    return [str(item["name"]) for item in items or []]


def _name_or_none(item: Mapping[str, Any] | None) -> str | None:
    return None if item is None else str(item["name"])


def projects_frame(nodes: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per project; dates as ``datetime64`` (``NaT`` when not stated).

    ``donors``, ``implementers``, ``beneficiaries`` and ``countries`` hold lists of names
    (empty lists, never NaN). ``budget_amount`` is a float (NaN when no budget is stated)
    and ``budget_currency`` its ISO 4217 code; amounts in different currencies are never
    converted.
    """
    rows = []
    for node in nodes:
        budget = node.get("budget") or {}
        rows.append(
            {
                "id": node["id"],
                "name": node["name"],
                "acronym": node.get("acronym"),
                "status": node.get("status"),
                "start_date": node.get("startDate"),
                "start_precision": node.get("startPrecision"),
                "end_date": node.get("endDate"),
                "end_precision": node.get("endPrecision"),
                "budget_amount": budget.get("amount"),
                "budget_currency": budget.get("currency"),
                "donors": _names(node.get("fundedBy")),
                "implementers": _names(node.get("implementedBy")),
                "beneficiaries": _names(node.get("beneficiaries")),
                "countries": _names(node.get("countries")),
            }
        )
    frame = pd.DataFrame(rows, columns=list(PROJECT_COLUMNS))
    frame["start_date"] = pd.to_datetime(frame["start_date"], format="%Y-%m-%d")
    frame["end_date"] = pd.to_datetime(frame["end_date"], format="%Y-%m-%d")
    frame["budget_amount"] = pd.to_numeric(frame["budget_amount"]).astype("float64")
    for column in ("acronym", "status", "start_precision", "end_precision", "budget_currency"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def organisations_frame(nodes: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per organisation; related organisations and the country by name."""
    rows = [
        {
            "id": node["id"],
            "name": node["name"],
            "acronym": node.get("acronym"),
            "kind": node.get("kind"),
            "is_donor": bool(node.get("isDonor")),
            "country": _name_or_none(node.get("country")),
            "parent": _name_or_none(node.get("parent")),
            "predecessor": _name_or_none(node.get("predecessor")),
            "successor": _name_or_none(node.get("successor")),
            "aliases": list(node.get("aliases") or []),
        }
        for node in nodes
    ]
    frame = pd.DataFrame(rows, columns=list(ORGANISATION_COLUMNS))
    frame["is_donor"] = frame["is_donor"].astype(bool)
    return frame


def countries_frame(nodes: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per country or territory."""
    rows = [
        {"id": node["id"], "name": node["name"], "iso_code": node.get("isoCode"), "aliases": list(node.get("aliases") or [])}
        for node in nodes
    ]
    return pd.DataFrame(rows, columns=list(COUNTRY_COLUMNS))


def stats_frame(buckets: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per bucket: ``key``, ``name``, ``count`` and one ``budget_<CUR>`` column per currency.

    ``name`` is the entity's name for entity groupings (DONOR, COUNTRY, ...) and the key
    itself otherwise (a status, a year, ``(none)``). A budget cell is the sum of the stated
    budgets in that one currency, NaN when the bucket has none in it: currencies are never
    added together. The currency columns are sorted by code.
    """
    rows = []
    currencies: set[str] = set()
    for bucket in buckets:
        entity = bucket.get("entity")
        row: dict[str, Any] = {
            "key": bucket["key"],
            "name": str(entity["name"]) if entity else bucket["key"],
            "count": int(bucket["count"]),
        }
        for money in bucket.get("budget") or []:
            currency = str(money["currency"])
            column = BUDGET_PREFIX + currency
            if column in row:
                # The API promises one sum per currency; two would mean a mixed-up answer.
                raise ValueError(f"bucket {bucket['key']!r} lists currency {currency} twice")
            row[column] = float(money["amount"])
            currencies.add(currency)
        rows.append(row)
    columns = list(STATS_COLUMNS) + [BUDGET_PREFIX + c for c in sorted(currencies)]
    frame = pd.DataFrame(rows, columns=columns)
    frame["count"] = frame["count"].astype("int64")
    for column in columns[len(STATS_COLUMNS) :]:
        frame[column] = frame[column].astype("float64")
    return frame


def search_frame(hits: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per search hit, best first."""
    rows = [
        {
            "score": float(hit["score"]),
            "id": hit["entity"]["id"],
            "name": hit["entity"]["name"],
            "type": hit.get("type"),
            "matched_field": hit.get("matchedField"),
            "highlight": hit.get("highlight"),
        }
        for hit in hits
    ]
    return pd.DataFrame(rows, columns=list(SEARCH_COLUMNS))


def match_frame(candidates: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """One row per candidate of ``match``, best first.

    ``score`` runs from 0 to 1; ``match`` is False for a candidate that only resembles the
    name (a suggestion); ``rules`` and ``matched_names`` list the rule and the name of each
    reason, and ``reasons`` the reasons themselves (rule, matchedName, detail).
    """
    rows = []
    for candidate in candidates:
        entity = candidate["entity"]
        reasons = [dict(reason) for reason in candidate.get("reasons") or []]
        rows.append(
            {
                "score": float(candidate["score"]),
                "match": bool(candidate["match"]),
                "id": entity["id"],
                "name": entity["name"],
                "type": entity.get("__typename"),
                "rules": [str(r["rule"]) for r in reasons],
                "matched_names": [str(r["matchedName"]) for r in reasons],
                "reasons": reasons,
            }
        )
    frame = pd.DataFrame(rows, columns=list(MATCH_COLUMNS))
    frame["score"] = frame["score"].astype("float64")
    frame["match"] = frame["match"].astype("bool")
    return frame


def resolution_records(resolutions: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """How each name of a filter was resolved, as plain dicts for ``DataFrame.attrs["resolutions"]``.

    Each has field, name (as given), entity_id, entity_name, entity_type, rule, matched_name,
    score, and the names of the renamed bodies (lineage) and units the filter included.
    """
    records = []
    for r in resolutions or []:
        entity = r["entity"]
        records.append(
            {
                "field": r["field"],
                "name": r["name"],
                "entity_id": entity["id"],
                "entity_name": entity["name"],
                "entity_type": entity.get("__typename"),
                "rule": r["rule"],
                "matched_name": r["matchedName"],
                "score": float(r["score"]),
                "lineage": _names(r.get("lineage")),
                "units": _names(r.get("units")),
            }
        )
    return records


def budget_columns(frame: pd.DataFrame) -> list[str]:
    """The ``budget_<CUR>`` columns of a :func:`stats_frame`, one per currency."""
    return [c for c in frame.columns if isinstance(c, str) and c.startswith(BUDGET_PREFIX) and c != "budget_amount" and c != "budget_currency"]
