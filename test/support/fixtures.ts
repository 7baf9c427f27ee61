import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

/**
 * Writes a dataset and its source document into a fresh temporary folder, as a curator would,
 * so that tests create exactly the data they need.
 */
export interface FixtureFolder {
  dir: string;
  datasetDir: string;
  documentsDir: string;
}

// Fixture folders live only as long as the test process.
const created: string[] = [];
process.once('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

export function writeFixture(files: Record<string, unknown>, documents: Record<string, string>): FixtureFolder {
  const dir = mkdtempSync(path.join(tmpdir(), 'mgg-fixture-'));
  created.push(dir);
  const datasetDir = path.join(dir, 'dataset');
  const documentsDir = path.join(dir, 'documents');
  mkdirSync(datasetDir);
  mkdirSync(documentsDir);
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(path.join(datasetDir, name), typeof content === 'string' ? content : stringify(content));
  }
  for (const [name, text] of Object.entries(documents)) writeFileSync(path.join(documentsDir, name), text);
  return { dir, datasetDir, documentsDir };
}

/**
 * A small, self-contained world of `count` projects, each funded, implemented and benefiting
 * organisations, in a country, aligned with a framework: every fact with an excerpt of one
 * generated document. Names carry `token`, so they never collide with the seed graph.
 */
export function syntheticWorld(token: string, count: number, extraDonors = 0): { files: Record<string, unknown>; documents: Record<string, string>; doc: string } {
  const doc = `${token}.txt`;
  const lines: string[] = [];
  const ev = (line: string) => {
    lines.push(line);
    return [{ document: doc, excerpt: line }];
  };
  const orgs = [0, 1, 2].map((i) => ({
    id: `org:${token}-org-${i}`,
    name: `${token} Organisation ${i}`,
    acronym: `${token.toUpperCase()}O${i}`,
    kind: 'GOVERNMENT',
    country: `country:QZ`,
    evidence: ev(`${token} Organisation ${i} is an organisation.`),
    partOf: i === 0 ? [] : [{ id: `org:${token}-org-0`, evidence: ev(`${token} Organisation ${i} is part of ${token} Organisation 0.`) }],
  }));
  const projects = Array.from({ length: count }, (_v, i) => ({
    id: `project:${token}-p-${String(i).padStart(3, '0')}`,
    name: `${token} Project ${String(i).padStart(3, '0')}`,
    acronym: `${token.toUpperCase()}P${i}`,
    description: `A synthetic project number ${i}.`,
    status: i % 2 === 0 ? 'ONGOING' : 'COMPLETED',
    start: `${2010 + (i % 10)}`,
    end: `${2011 + (i % 10)}-06`,
    evidence: ev(`${token} Project ${i} is a project.`),
    fundedBy: [{ id: `org:${token}-org-0`, evidence: ev(`${token} Project ${i} is funded by Organisation 0.`) }],
    implementedBy: [{ id: `org:${token}-org-1`, role: 'LEAD', evidence: ev(`${token} Project ${i} is implemented by Organisation 1.`) }],
    beneficiaries: [{ id: `org:${token}-org-2`, evidence: ev(`${token} Project ${i} benefits Organisation 2.`) }],
    countries: [{ id: 'country:QZ', evidence: ev(`${token} Project ${i} takes place in Qzland.`) }],
    alignedWith: [{ id: `lf:${token}-law`, evidence: ev(`${token} Project ${i} follows the ${token} Law.`) }],
  }));
  // Extra donors: donor k funds project k % count (and the 2nd, for a second page of ties).
  for (let k = 0; k < extraDonors; k++) {
    const id = `org:${token}-donor-${String(k).padStart(3, '0')}`;
    orgs.push({
      id,
      name: `${token} Donor ${String(k).padStart(3, '0')}`,
      acronym: `${token.toUpperCase()}D${k}`,
      kind: 'FOUNDATION',
      country: 'country:QZ',
      evidence: ev(`${token} Donor ${k} is a foundation.`),
      partOf: [],
    });
    for (const target of [k % count, (k + 1) % count]) {
      projects[target]!.fundedBy.push({ id, evidence: ev(`${token} Donor ${k} funds Project ${target}.`) });
    }
  }
  const files = {
    'world.yaml': {
      sources: [{ id: doc, title: `${token} test document` }],
      // One fictional country shared by every fixture world (a country's id is its ISO code).
      countries: [{ id: 'country:QZ', name: 'Qzland', isoCode: 'QZ', aliases: ['Republic of Qzland'], evidence: ev('Qzland is a country.') }],
      organisations: orgs,
      legalFrameworks: [
        { id: `lf:${token}-law`, name: `${token} Law`, kind: 'LAW', evidence: ev(`The ${token} Law is a law.`) },
        // Tied to nothing: no path reaches it.
        { id: `lf:${token}-unused`, name: `${token} Unused Regulation`, kind: 'REGULATION', evidence: ev(`The ${token} Unused Regulation exists.`) },
      ],
      projects,
    },
  };
  return { files, documents: { [doc]: lines.join('\n') }, doc };
}

/**
 * A small world for curation tests: a ministry, an agency and a directorate that is the
 * agency under another name, a project, a person; one document whose text supports every
 * fact (and the changes the tests make), and one curated source (a public reference).
 */
export function curationWorld(token: string) {
  const doc = `${token}.txt`;
  const ref = `${token}-ref`;
  const say = {
    ministry: `${token} Ministry is a ministry.`,
    agency: `${token} Agency is an agency of the ${token} Ministry.`,
    directorate: `${token} Directorate is named in the report.`,
    project: `${token} Project is a project.`,
    funded: `${token} Project is funded by the ${token} Ministry.`,
    implemented: `${token} Project is implemented by the ${token} Agency.`,
    benefits: `${token} Project benefits the ${token} Directorate.`,
    manager: `${token} Manager manages the ${token} Project.`,
    foundation: `The ${token} Foundation also funds the ${token} Project.`,
    same: `The ${token} Directorate and the ${token} Agency are one and the same body.`,
  };
  const ev = (line: string) => [{ document: doc, excerpt: line }];
  const files = {
    'world.yaml': {
      sources: [
        { id: doc, title: `${token} report` },
        { id: ref, title: `${token} public register`, curated: true, reference: `https://example.org/register/${token}` },
      ],
      organisations: [
        { id: `org:${token}-ministry`, name: `${token} Ministry`, kind: 'GOVERNMENT', evidence: ev(say.ministry) },
        { id: `org:${token}-agency`, name: `${token} Agency`, acronym: `${token.toUpperCase()}A`, kind: 'GOVERNMENT', evidence: ev(say.agency), partOf: [{ id: `org:${token}-ministry`, evidence: ev(say.agency) }] },
        { id: `org:${token}-directorate`, name: `${token} Directorate`, aliases: [`${token} Directorate-General`], evidence: ev(say.directorate) },
      ],
      projects: [
        {
          id: `project:${token}-project`,
          name: `${token} Project`,
          evidence: ev(say.project),
          fundedBy: [{ id: `org:${token}-ministry`, evidence: ev(say.funded) }],
          implementedBy: [{ id: `org:${token}-agency`, role: 'LEAD', evidence: ev(say.implemented) }],
          beneficiaries: [{ id: `org:${token}-directorate`, evidence: ev(say.benefits) }],
        },
      ],
      people: [{ id: `person:${token}-manager`, name: `${token} Manager`, evidence: ev(say.manager), roles: [{ project: `project:${token}-project`, title: 'Project Manager', evidence: ev(say.manager) }] }],
    },
  };
  return { files, documents: { [doc]: Object.values(say).join('\n') }, doc, ref, say };
}
