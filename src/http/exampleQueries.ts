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
    title: 'Who funds what in Türkiye',
    query: `query WhoFundsWhat($country: String!) {
  donors(first: 50) {
    totalCount
    nodes { name acronym }
  }
  projects(filter: { country: $country }, first: 50) {
    nodes {
      name
      budget { amount currency }
      fundedBy { name }
    }
  }
}`,
    variables: { country: 'Turkey' },
  },
  {
    title: 'A project and its evidence',
    query: `query ProjectEvidence {
  project(name: "P-TIP Turkey") {
    name
    description
    status
    startDate
    endDate
    legalFrameworks { name }
    sources { document excerpt }
  }
}`,
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
