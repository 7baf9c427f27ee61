/** The example queries the playground opens with: the questions researchers ask first. */
export interface ExampleQuery {
  title: string;
  query: string;
  variables?: Record<string, unknown>;
}

export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  {
    title: 'Projects benefiting DGMM',
    query: `# All projects benefiting the Directorate General of Migration Management.
# Names match name, acronym or alias, ignoring case and diacritics, and a renamed
# organisation's successor (the Presidency of Migration Management) too.
query ProjectsBenefitingDGMM {
  projects(filter: { benefits: "DGMM" }) {
    totalCount
    nodes {
      name
      acronym
      startDate
      endDate
      fundedBy { name }
      implementedBy { name }
      countries { name isoCode }
    }
  }
}`,
  },
  {
    title: 'Who funds what in a country',
    query: `# Donors of the projects in a country: how many projects each funds and the budgets,
# summed per currency (never converted), then the projects themselves with their funders.
query WhoFundsWhat($country: String!) {
  projectStats(filter: { country: $country }, groupBy: DONOR) {
    key
    entity { name }
    count
    budget { amount currency }
  }
  projects(filter: { country: $country }, first: 50, orderBy: [{ field: START_DATE, direction: ASC }]) {
    nodes {
      name
      startDate
      budget { amount currency }
      fundedByConnection { edges { node { name } evidence { document excerpt } } }
    }
  }
}`,
    variables: { country: 'Türkiye' },
  },
  {
    title: 'What a donor funded over time',
    query: `# A donor's projects in the order they started, and how many started each year.
query DonorOverTime($donor: String!) {
  organisation(name: $donor) {
    name
    projectsFunded(orderBy: [{ field: START_DATE, direction: ASC }], first: 100) {
      totalCount
      edges {
        node { name startDate startPrecision endDate endPrecision status }
        evidence { document excerpt }
      }
    }
  }
  projectStats(filter: { fundedBy: $donor }, groupBy: START_YEAR) { key count budget { amount currency } }
}`,
    variables: { donor: 'Swiss State Secretariat for Migration' },
  },
  {
    title: 'Legal frameworks behind a project',
    query: `# The laws, strategies and mechanisms a project is aligned with, and the evidence.
query FrameworksBehindProject($project: String!) {
  project(name: $project) {
    name
    legalFrameworksConnection {
      edges {
        node { name kind jurisdiction year }
        evidence { document excerpt }
      }
    }
  }
}`,
    variables: { project: 'Supporting the Turkish Gendarmerie in Building the Capacity of the Department of Counter Trafficking and Smuggling' },
  },
  {
    title: 'Projects active on a date',
    query: `query ActiveOn {
  projects(filter: { activeOn: "2018-06-01" }) {
    totalCount
    nodes { name startDate endDate status }
  }
}`,
  },
  {
    title: 'Search',
    query: `query Search {
  search(query: "trafficking gendarmerie", first: 10) {
    score
    entity { __typename id name }
  }
}`,
  },
  {
    title: 'Neighbourhood for a graph view',
    query: `query Neighbourhood {
  neighbourhood(id: "org:dgmm", depth: 2) {
    nodes { id name type }
    edges { id source target type }
  }
}`,
  },
];
