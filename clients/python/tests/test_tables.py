"""DataFrames: columns, cursor pagination, filters and per-currency statistics."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import pytest
import requests

from migration_graph import Client, budget_columns
from migration_graph.frames import ORGANISATION_COLUMNS, PROJECT_COLUMNS


class CountingSession(requests.Session):
    """A real session that counts the GraphQL requests it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.posts = 0

    def post(self, *args: Any, **kwargs: Any) -> requests.Response:
        self.posts += 1
        return super().post(*args, **kwargs)


def total_count(client: Client, field: str, filter: dict[str, Any] | None = None) -> int:
    kind = "ProjectFilter" if field == "projects" else "OrganisationFilter"
    data = client.query(f"query($f: {kind}) {{ {field}(filter: $f) {{ totalCount }} }}", {"f": filter})
    return int(data[field]["totalCount"])


def first_with(frame: pd.DataFrame, column: str) -> pd.Series:
    rows = frame[frame[column].map(len) > 0]
    if rows.empty:
        pytest.skip(f"no project in this graph has any {column}")
    return rows.iloc[0]


def test_projects_have_one_row_per_project_and_the_documented_columns(client: Client, all_projects: pd.DataFrame) -> None:
    assert list(all_projects.columns) == list(PROJECT_COLUMNS)
    assert len(all_projects) == total_count(client, "projects")
    assert all_projects["id"].is_unique
    assert all_projects["name"].map(lambda n: isinstance(n, str) and n.strip() != "").all()
    for column in ("donors", "implementers", "beneficiaries", "countries"):
        assert all_projects[column].map(lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v)).all()


def test_project_dates_are_timestamps_with_their_precision(all_projects: pd.DataFrame) -> None:
    assert pd.api.types.is_datetime64_any_dtype(all_projects["start_date"])
    assert pd.api.types.is_datetime64_any_dtype(all_projects["end_date"])
    for end in ("start", "end"):
        dated = all_projects[all_projects[f"{end}_date"].notna()]
        assert set(dated[f"{end}_precision"]) <= {"DAY", "MONTH", "YEAR"}
        assert all_projects[all_projects[f"{end}_date"].isna()][f"{end}_precision"].isna().all()
    both = all_projects.dropna(subset=["start_date", "end_date"])
    assert (both["end_date"] >= both["start_date"]).all()


def test_budgets_carry_their_currency(all_projects: pd.DataFrame) -> None:
    assert all_projects["budget_amount"].dtype == "float64"
    with_budget = all_projects[all_projects["budget_amount"].notna()]
    assert with_budget["budget_currency"].map(lambda c: isinstance(c, str) and len(c) == 3).all()
    assert all_projects[all_projects["budget_amount"].isna()]["budget_currency"].isna().all()


def test_pagination_follows_cursors_to_the_last_page(url: str, all_projects: pd.DataFrame) -> None:
    session = CountingSession()
    paged = Client(url, page_size=2, session=session).projects()
    assert paged["id"].tolist() == all_projects["id"].tolist()
    assert session.posts == max(1, math.ceil(len(all_projects) / 2))


def test_organisation_pagination_matches_total_count(url: str, client: Client, all_organisations: pd.DataFrame) -> None:
    assert list(all_organisations.columns) == list(ORGANISATION_COLUMNS)
    assert len(all_organisations) == total_count(client, "organisations")
    assert all_organisations["id"].is_unique
    paged = Client(url, page_size=3).organisations()
    assert paged["id"].tolist() == all_organisations["id"].tolist()


def test_keyword_filters_equal_the_raw_filter(client: Client, all_projects: pd.DataFrame) -> None:
    project = first_with(all_projects, "beneficiaries")
    beneficiary = project["beneficiaries"][0]
    by_keyword = client.projects(benefits=beneficiary)
    by_raw = client.projects(filter={"benefits": beneficiary})
    assert by_keyword["id"].tolist() == by_raw["id"].tolist()
    assert project["id"] in set(by_keyword["id"])
    assert set(by_keyword["id"]) <= set(all_projects["id"])


def test_country_filter_keeps_only_projects_in_that_country(client: Client, all_projects: pd.DataFrame) -> None:
    country = first_with(all_projects, "countries")["countries"][0]
    in_country = client.projects(country=country)
    expected = all_projects[all_projects["countries"].map(lambda cs: country in cs)]
    assert sorted(in_country["id"]) == sorted(expected["id"])


def test_funded_by_filter_matches_the_donor_lists(client: Client, all_projects: pd.DataFrame) -> None:
    donor = first_with(all_projects, "donors")["donors"][0]
    # The donor alone: organisation filters include its units unless told not to (issue 14).
    funded = client.projects(funded_by=donor, include_lineage=False, include_units=False)
    expected = all_projects[all_projects["donors"].map(lambda ds: donor in ds)]
    assert sorted(funded["id"]) == sorted(expected["id"])


def test_status_filter_accepts_any_case(client: Client, all_projects: pd.DataFrame) -> None:
    statuses = all_projects["status"].dropna()
    if statuses.empty:
        pytest.skip("no project in this graph states a status")
    status = statuses.iloc[0]
    found = client.projects(status=status.lower())
    assert len(found) == (all_projects["status"] == status).sum()
    assert (found["status"] == status).all()


def test_active_on_accepts_a_date_and_keyword_filters_and_the_raw_filter(client: Client, all_projects: pd.DataFrame) -> None:
    dated = all_projects.dropna(subset=["start_date", "end_date"])
    dated = dated[dated["countries"].map(len) > 0]
    if dated.empty:
        pytest.skip("no project in this graph has a start, an end and a country")
    project = dated.iloc[0]
    middle = (project["start_date"] + (project["end_date"] - project["start_date"]) / 2).date()
    active = client.projects(active_on=middle, filter={"country": project["countries"][0]})
    assert project["id"] in set(active["id"])
    assert set(active["id"]) == set(client.projects(active_on=middle)["id"]) & set(client.projects(country=project["countries"][0])["id"])
    assert set(active["id"]) == set(client.projects(active_on=middle.isoformat(), country=project["countries"][0])["id"])
    for _, row in active.dropna(subset=["start_date", "end_date"]).iterrows():
        assert row["start_date"].date() <= middle <= row["end_date"].date()


def test_order_by_start_date_descending(client: Client, all_projects: pd.DataFrame) -> None:
    ordered = client.projects(order_by="-START_DATE")
    assert sorted(ordered["id"]) == sorted(all_projects["id"])
    starts = ordered["start_date"].dropna().tolist()
    assert starts == sorted(starts, reverse=True)
    # Projects with no start come last either way.
    known = ordered["start_date"].notna().tolist()
    assert known == sorted(known, reverse=True)


def test_donors_are_the_organisations_that_fund_a_project(client: Client, all_projects: pd.DataFrame) -> None:
    donors = client.donors()
    assert list(donors.columns) == list(ORGANISATION_COLUMNS)
    assert donors["is_donor"].all()
    assert sorted(donors["id"]) == sorted(client.organisations(is_donor=True)["id"])
    funders = {name for names in all_projects["donors"] for name in names}
    assert set(donors["name"]) == funders


def test_organisation_keyword_filter_narrows(client: Client, all_organisations: pd.DataFrame) -> None:
    kinds = all_organisations["kind"].dropna()
    if kinds.empty:
        pytest.skip("no organisation states a kind")
    kind = kinds.iloc[0]
    found = client.organisations(kind=kind)
    assert sorted(found["id"]) == sorted(all_organisations[all_organisations["kind"] == kind]["id"])


def test_stats_by_donor_sum_budgets_per_currency(client: Client, all_projects: pd.DataFrame) -> None:
    stats = client.project_stats(group_by="DONOR")
    assert list(stats.columns[:3]) == ["key", "name", "count"]
    currencies = {c.removeprefix("budget_") for c in budget_columns(stats)}
    assert currencies == set(all_projects["budget_currency"].dropna()) or stats.empty
    for _, row in stats.iterrows():
        if row["key"] == "(none)":
            mine = all_projects[all_projects["donors"].map(len) == 0]
        else:
            mine = all_projects[all_projects["donors"].map(lambda ds, n=row["name"]: n in ds)]
        assert row["count"] == len(mine), row["name"]
        for currency in currencies:
            expected = mine[mine["budget_currency"] == currency]["budget_amount"].sum()
            got = row[f"budget_{currency}"]
            assert (0.0 if pd.isna(got) else got) == pytest.approx(expected), (row["name"], currency)


def test_stats_by_status_count_every_project_once(client: Client, all_projects: pd.DataFrame) -> None:
    stats = client.project_stats("status")
    assert stats["count"].sum() == len(all_projects)
    assert set(stats["key"]) == {s if s is not None else "(none)" for s in all_projects["status"]}


def test_stats_take_keyword_filters(client: Client, all_projects: pd.DataFrame) -> None:
    country = first_with(all_projects, "countries")["countries"][0]
    stats = client.project_stats("STATUS", country=country)
    assert stats["count"].sum() == all_projects["countries"].map(lambda cs: country in cs).sum()


def test_stats_refuse_an_unknown_grouping_or_filter(client: Client) -> None:
    with pytest.raises(ValueError, match="group_by"):
        client.project_stats("COLOUR")
    with pytest.raises(TypeError, match="colour"):
        client.project_stats("DONOR", colour="red")


def test_countries_resolve_aliases_and_codes(client: Client, all_projects: pd.DataFrame) -> None:
    name = first_with(all_projects, "countries")["countries"][0]
    countries = client.countries()
    country = countries[countries["name"] == name].iloc[0]
    assert client.countries(name=country["iso_code"])["id"].tolist() == [country["id"]]
    for alias in country["aliases"]:
        assert client.countries(name=alias)["id"].tolist() == [country["id"]]


def test_search_finds_a_project_by_its_name(client: Client, all_projects: pd.DataFrame) -> None:
    if all_projects.empty:
        pytest.skip("no project in this graph")
    project = all_projects.iloc[0]
    hits = client.search(project["name"], types=["project"], first=5)
    assert project["id"] in set(hits["id"])
    assert (hits["type"] == "PROJECT").all()
    assert hits["score"].is_monotonic_decreasing


def test_an_empty_result_keeps_the_columns(client: Client) -> None:
    none = client.projects(text="zzzzqqqq-no-such-project-xxxx")
    assert none.empty
    assert list(none.columns) == list(PROJECT_COLUMNS)
    assert pd.api.types.is_datetime64_any_dtype(none["start_date"])


def test_active_on_date_object_is_sent_as_iso_date(client: Client) -> None:
    # A datetime is cut to its date, as the API's Date scalar wants.
    assert client.projects(active_on=dt.datetime(2018, 6, 1, 12, 30))["id"].tolist() == client.projects(active_on="2018-06-01")["id"].tolist()
