"""Names as people type them: ``match``, the resolutions of a filter, and the exceptions
(or, beside other answered fields, the warning) for a name that resolves to nothing or to
several entities. On the seed graph, where "Netherlands" is both the country and, as a donor,
the Kingdom of the Netherlands."""

from __future__ import annotations

import pytest

from migration_graph import (
    Client,
    GraphQLError,
    NameAmbiguousError,
    NameNotFoundError,
    NameResolutionWarning,
)
from migration_graph.frames import MATCH_COLUMNS

NETHERLANDS_DONOR = "org:kingdom-of-the-netherlands"


def test_match_answers_scored_candidates_best_first_with_their_reasons(client: Client) -> None:
    frame = client.match("Netherlands")
    assert list(frame.columns) == list(MATCH_COLUMNS)
    assert list(frame["score"]) == sorted(frame["score"], reverse=True)
    top = frame.iloc[0]
    assert (top["id"], top["type"], top["score"], bool(top["match"])) == ("country:NL", "Country", 1.0, True)
    assert top["rules"] == ["NAME"]
    donor = frame[frame["id"] == NETHERLANDS_DONOR].iloc[0]
    assert donor["rules"] == ["STATE"]
    assert frame["score"].between(0, 1).all()


def test_match_narrows_by_type_and_caps_the_count(client: Client) -> None:
    frame = client.match("Netherlands", types=["organisation"], first=2)
    assert len(frame) <= 2
    assert set(frame["type"]) == {"Organisation"}
    assert frame.iloc[0]["id"] == NETHERLANDS_DONOR


def test_match_finds_a_typo_by_fuzzy_matching(client: Client) -> None:
    frame = client.match("Nethrlands", types=["COUNTRY"])
    assert frame.iloc[0]["id"] == "country:NL"
    assert frame.iloc[0]["rules"] == ["FUZZY"]
    assert 0.8 < frame.iloc[0]["score"] < 0.95


def test_match_of_an_unknown_country_raises_name_not_found(client: Client) -> None:
    with pytest.raises(NameNotFoundError):
        client.match("Ministry of Interior", country="Nowherestan")


def test_a_filter_by_a_state_name_finds_the_donor_and_says_how_in_attrs(client: Client) -> None:
    frame = client.projects(funded_by="Netherlands")
    assert len(frame) > 0
    assert all("Kingdom of the Netherlands" in donors for donors in frame["donors"])
    [resolution] = frame.attrs["resolutions"]
    assert resolution["field"] == "fundedBy"
    assert resolution["name"] == "Netherlands"
    assert resolution["entity_id"] == NETHERLANDS_DONOR
    assert resolution["rule"] == "STATE"
    assert 0 < resolution["score"] <= 1
    assert isinstance(resolution["units"], list)


def test_a_filter_without_names_has_no_resolutions(client: Client) -> None:
    assert client.projects(status="COMPLETED").attrs["resolutions"] == []


def test_a_name_of_nothing_raises_name_not_found_with_suggestions(client: Client) -> None:
    with pytest.raises(NameNotFoundError) as raised:
        client.projects(benefits="Directorate of Migration")
    error = raised.value
    assert isinstance(error, GraphQLError)
    assert error.codes == ["NAME_NOT_FOUND"]
    assert error.field == "benefits"
    assert error.name == "Directorate of Migration"
    assert "org:dgmm" in [s["id"] for s in error.suggestions]
    assert "did you mean" in str(error).lower()
    assert "Migration Management" in str(error)


def test_an_ambiguous_name_raises_name_ambiguous_with_the_candidates(client: Client) -> None:
    # The seed has an "EU Coordination Department" under two ministries (Labour and Health).
    with pytest.raises(NameAmbiguousError) as raised:
        client.projects(benefits="EU Coordination Department")
    error = raised.value
    assert error.codes == ["NAME_AMBIGUOUS"]
    names = {c["name"] for c in error.candidates}
    assert len(names) >= 2
    assert all("EU Coordination Department" in name for name in names)


def test_beside_answered_fields_a_name_of_nothing_warns_and_returns_them(client: Client) -> None:
    query = '{ known: organisation(name: "DGMM") { id } unknown: organisation(name: "Qqqqzzzz Agency") { id } }'
    with pytest.warns(NameResolutionWarning, match="Qqqqzzzz"):
        data = client.query(query)
    assert data == {"known": {"id": "org:dgmm"}, "unknown": None}
