import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toPlain } from '../../src/db/conversions';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { newQueryStats } from '../../src/db/driver/database';
import { createRepositories } from '../../src/db/repositories';
import { DatasetError } from '../../src/ingest/datasetErrors';
import { formatReport, ingest } from '../../src/ingest/ingest';
import { formatOverlay, readOverlay } from '../../src/ingest/overlay';
import { loadAtStartup } from '../../src/ingest/startupLoad';
import { curationWorld, writeFixture } from '../support/fixtures';
import { ADMIN, CURATOR, startTestApi, type TestApi } from '../support/testApi';
import { connectTestDatabase, uniqueToken } from '../support/testDatabase';

/**
 * Curation that stays: aliases, properties, links, unlinks and merges made through the API
 * survive a restart (a new server on the same database, after the start-up load main.ts
 * runs), a reload of the seed, and a load of a dataset that contradicts them; the
 * contradiction is listed and both values are visible with their sources. The curation
 * export, loaded with the sources into an emptied graph, gives the same graph.
 */

const token = uniqueToken();
const world = curationWorld(token);
const seed = writeFixture(world.files, world.documents);
const id = {
  ministry: `org:${token}-ministry`,
  agency: `org:${token}-agency`,
  directorate: `org:${token}-directorate`,
  project: `project:${token}-project`,
};
const ev = (excerpt: string) => ({ document: world.doc, excerpt });
const evidence = (line: string) => [ev(line)];

/** Another dataset file about the same entities, saying otherwise. */
const contradiction = {
  sources: [{ id: world.doc, title: `${token} report` }],
  organisations: [
    { id: id.ministry, name: `${token} Ministry`, kind: 'LOCAL_GOVERNMENT', evidence: evidence(world.say.ministry) },
    // Still under the id a curator merged away.
    { id: id.directorate, name: `${token} Directorate`, aliases: [`${token} DG`], evidence: evidence(world.say.directorate) },
  ],
  projects: [
    {
      id: id.project,
      name: `${token} Project`,
      evidence: evidence(world.say.project),
      // Gives again the tie a curator removed, and the implementer's role a curator changed.
      beneficiaries: [{ id: id.directorate, evidence: evidence(world.say.benefits) }],
      implementedBy: [{ id: id.agency, role: 'LEAD', evidence: evidence(world.say.implemented) }],
    },
  ],
};
const contradictionFixture = writeFixture({ 'contradiction.yaml': contradiction }, world.documents);

let api: TestApi;
const catalog = new CypherCatalog();
const logs: string[] = [];
const startup = () => loadAtStartup(api.db, catalog, { seedPath: seed.datasetDir, documentsDir: seed.documentsDir, log: (m) => logs.push(m) });

async function count(cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const result = await api.db.read(cypher, params);
  return Number(result.records[0]?.get(0));
}

/** Every node of this world (entities, sources, redirects, kept link claims, audit events) and every relationship touching one, canonically. */
async function dump(): Promise<string> {
  const match = 'n.id CONTAINS $token OR n.from CONTAINS $token OR n.key CONTAINS $token OR n.entityId CONTAINS $token';
  const nodes = await api.db.read(`MATCH (n) WHERE ${match} RETURN labels(n) AS labels, properties(n) AS props`, { token });
  const rels = await api.db.read(
    'MATCH (a)-[r]->(b) WHERE a.id CONTAINS $token OR b.id CONTAINS $token RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props',
    { token },
  );
  const canonical = (props: Record<string, unknown>) => Object.fromEntries(Object.keys(props).sort().map((key) => [key, toPlain(props[key])]));
  const rows = [
    ...nodes.records.map((r) => JSON.stringify([[...(r.get('labels') as string[])].sort(), canonical(r.get('props') as Record<string, unknown>)])),
    ...rels.records.map((r) => JSON.stringify([r.get('from'), r.get('type'), r.get('to'), canonical(r.get('props') as Record<string, unknown>)])),
  ];
  return rows.sort().join('\n');
}

const UPDATE = `mutation($id: ID!, $input: UpdateEntityInput!, $evidence: EvidenceInput!) { updateEntity(id: $id, input: $input, evidence: $evidence) { entity { id } } }`;
const LINK = `mutation($input: LinkInput!) { link(input: $input) { linked } }`;
const UNLINK = `mutation($input: UnlinkInput!) { unlink(input: $input) { linked } }`;
const MERGE = `mutation($keep: ID!, $remove: ID!, $evidence: EvidenceInput!) { mergeEntities(keep: $keep, remove: $remove, evidence: $evidence) { entity { id } } }`;
const CLAIMS = `query($id: ID!, $field: ClaimField!) { node(id: $id) { ... on Organisation { id kind aliases claims(field: $field) { id value preferred deprecated origin { kind file entry actor event } sources { document excerpt } } } } }`;
const CONFLICTS = `{ conflicts(first: 100) { nodes { entity { id } field relationship { type to { id } } alternatives { id value preferred origin { kind file } } } pageInfo { hasNextPage } } }`;
const TIE = `query($from: ID!, $type: RelationshipKind!, $to: ID!) { relationshipClaims(from: $from, type: $type, to: $to) { from { id } to { id } type present claims { id value valueJson preferred deprecated origin { kind file actor } sources { document excerpt } } } }`;
const IMPLEMENTERS = `query($id: ID!) { project(id: $id) { implementedByConnection { edges { node { id } role } } } }`;

interface TieAnswer {
  relationshipClaims: { from: { id: string }; to: { id: string }; type: string; present: boolean; claims: ClaimAnswer[] } | null;
}
interface ConflictsAnswer {
  conflicts: { nodes: Array<{ entity: { id: string }; field: string; relationship: { type: string; to: { id: string } } | null; alternatives: Array<{ id: string; value: string; preferred: boolean; origin: { kind: string; file: string | null } }> }> };
}

interface ClaimAnswer {
  id: string;
  value: string;
  valueJson: string;
  preferred: boolean;
  deprecated: boolean;
  origin: { kind: string; file: string | null; entry: string | null; actor: string | null; event: string | null };
  sources: Array<{ document: string; excerpt: string }>;
}
interface OrgAnswer {
  node: { id: string; kind: string; aliases: string[]; claims: ClaimAnswer[] } | null;
}

async function orgClaims(entity: string, field: string, key = CURATOR) {
  const answer = await api.gql<OrgAnswer>(CLAIMS, { id: entity, field }, key);
  expect(answer.body.errors).toBeUndefined();
  return answer;
}

beforeAll(async () => {
  api = await startTestApi({ documentsDir: seed.documentsDir });
  await startup();
}, 60_000);
afterAll(async () => {
  await api.close();
});

describe('curated knowledge across restarts and reloads', () => {
  it('keeps curated aliases, properties, links, unlinks and merges through a restart, a reload of the seed and a contradicting load', async () => {
    // Curate: an alias and a property, a link, an unlink, a merge.
    expect((await api.gql(UPDATE, { id: id.ministry, input: { aliases: [`${token} Min`], kind: 'OTHER_PUBLIC_SECTOR' }, evidence: ev(world.say.ministry) }, CURATOR)).body.errors).toBeUndefined();
    expect((await api.gql(LINK, { input: { from: id.project, to: id.agency, type: 'FUNDED_BY', evidence: ev(world.say.implemented) } }, CURATOR)).body.errors).toBeUndefined();
    // A curator changes the role the seed gives a tie (LEAD there).
    expect((await api.gql(LINK, { input: { from: id.project, to: id.agency, type: 'IMPLEMENTED_BY', role: 'PARTNER', evidence: ev(world.say.implemented) } }, CURATOR)).body.errors).toBeUndefined();
    expect((await api.gql(UNLINK, { input: { from: id.project, to: id.directorate, type: 'BENEFITS', evidence: ev(world.say.benefits) } }, CURATOR)).body.errors).toBeUndefined();
    expect((await api.gql(MERGE, { keep: id.agency, remove: id.directorate, evidence: ev(world.say.same) }, ADMIN)).body.errors).toBeUndefined();

    // Restart: a new server on the same database, after the start-up load main.ts runs.
    await api.close();
    api = await startTestApi({ documentsDir: seed.documentsDir });
    const restarted = await startup();
    expect(restarted.seed?.loaded).toEqual([]);
    expect(restarted.seed?.skipped).toEqual(['dataset/world.yaml']);
    expect(logs[logs.length - 1]).toMatch(/unchanged, skipped/);

    // Reload the seed in full, then load a dataset that contradicts the curated values.
    await ingest(api.db, catalog, seed.datasetDir, { documentsDir: seed.documentsDir });
    const contradicting = await ingest(api.db, catalog, contradictionFixture.datasetDir, { documentsDir: contradictionFixture.documentsDir });

    // The contradiction is listed in the load's report.
    expect(contradicting.report.conflicts).toEqual(expect.arrayContaining([expect.objectContaining({ entityId: id.ministry, field: 'kind' })]));
    expect(formatReport(contradicting.report)).toMatch(new RegExp(`${id.ministry} kind:[\\s\\S]*\\* OTHER_PUBLIC_SECTOR[\\s\\S]*LOCAL_GOVERNMENT`));

    // The curated alias and property are intact, and every value is there with its sources.
    const ministry = (await orgClaims(id.ministry, 'KIND')).body.data!.node!;
    expect(ministry.kind).toBe('OTHER_PUBLIC_SECTOR');
    expect(ministry.aliases).toContain(`${token} Min`);
    expect(ministry.claims.map((c) => [c.value, c.preferred, c.origin.kind, c.origin.file])).toEqual([
      ['OTHER_PUBLIC_SECTOR', true, 'CURATION', null],
      ['LOCAL_GOVERNMENT', false, 'DATASET', 'dataset/contradiction.yaml'],
      ['GOVERNMENT', false, 'DATASET', 'dataset/world.yaml'],
    ]);
    for (const claim of ministry.claims) expect(claim.sources).toEqual([ev(world.say.ministry)]);
    expect(ministry.claims[0]!.origin.actor).toBe(CURATOR.name);

    // The curated link is there, the unlinked tie stays away (under the kept entity too).
    expect(await count('MATCH (:Project {id: $p})-[:FUNDED_BY]->(:Organisation {id: $o}) RETURN count(*)', { p: id.project, o: id.agency })).toBe(1);
    expect(await count('MATCH (:Project {id: $p})-[:FUNDED_BY]->(:Organisation {id: $o}) RETURN count(*)', { p: id.project, o: id.ministry })).toBe(1);
    expect(await count('MATCH (:Project {id: $p})-[:BENEFITS]->(o) WHERE o.id IN $ids RETURN count(*)', { p: id.project, ids: [id.agency, id.directorate] })).toBe(0);

    // The curated role holds; the contradicting role is listed, and both are there with their sources.
    const implementers = await api.gql<{ project: { implementedByConnection: { edges: Array<{ node: { id: string }; role: string }> } } }>(IMPLEMENTERS, { id: id.project });
    expect(implementers.body.data?.project.implementedByConnection.edges).toEqual([{ node: { id: id.agency }, role: 'PARTNER' }]);
    expect(contradicting.report.conflicts).toEqual(
      expect.arrayContaining([expect.objectContaining({ entityId: id.project, relationship: { type: 'IMPLEMENTED_BY', to: id.agency }, field: 'link' })]),
    );
    const tie = (await api.gql<TieAnswer>(TIE, { from: id.project, type: 'IMPLEMENTED_BY', to: id.agency }, CURATOR)).body.data!.relationshipClaims!;
    expect(tie.present).toBe(true);
    expect(tie.claims.map((c) => [JSON.parse(c.valueJson).role, c.preferred, c.origin.kind, c.origin.file])).toEqual([
      ['PARTNER', true, 'CURATION', null],
      ['LEAD', false, 'DATASET', 'dataset/contradiction.yaml'],
      ['LEAD', false, 'DATASET', 'dataset/world.yaml'],
    ]);
    for (const claim of tie.claims) expect(claim.sources).toEqual([ev(world.say.implemented)]);

    // The removed tie stays removed; the load that gave it again says so, and its claims are kept (deprecated).
    const reasserted = contradicting.report.conflicts.find((c) => c.entityId === id.project && c.relationship?.type === 'BENEFITS');
    expect(reasserted).toMatchObject({ relationship: { type: 'BENEFITS', to: id.agency }, field: 'link' });
    expect(reasserted?.alternatives[0]).toMatchObject({ value: '(removed)', preferred: true });
    expect(reasserted?.alternatives[1]?.origin).toMatch(/contradiction\.yaml/);
    expect(formatReport(contradicting.report)).toContain(`${id.project} -[BENEFITS]-> ${id.agency} link:`);
    const removed = await api.gql<TieAnswer>(TIE, { from: id.project, type: 'BENEFITS', to: id.directorate }, CURATOR);
    expect(removed.body.data?.relationshipClaims).toMatchObject({ to: { id: id.agency }, present: false });
    expect(removed.body.data?.relationshipClaims?.claims.map((c) => [c.deprecated, c.origin.file])).toEqual(
      expect.arrayContaining([
        [true, 'dataset/world.yaml'],
        [true, 'dataset/contradiction.yaml'],
      ]),
    );
    expect((removed.body as { extensions?: { redirects?: unknown } }).extensions?.redirects).toEqual([{ from: id.directorate, to: id.agency }]);

    // A filter by the merged-away id answers with the kept entity and says it was redirected, every time it is asked.
    const FILTERED = `query($by: String!) { projects(filter: {implementedBy: $by}) { nodes { id } resolutions { field rule matchedName entity { id } } } }`;
    for (let asked = 0; asked < 2; asked++) {
      const filtered = await api.gql<{ projects: { nodes: Array<{ id: string }>; resolutions: Array<{ rule: string; matchedName: string; entity: { id: string } }> } }>(FILTERED, { by: id.directorate });
      expect(filtered.body.errors).toBeUndefined();
      expect(filtered.body.data?.projects.nodes.map((n) => n.id)).toEqual([id.project]);
      expect(filtered.body.data?.projects.resolutions).toEqual([expect.objectContaining({ rule: 'ID', matchedName: id.directorate, entity: { id: id.agency } })]);
      expect((filtered.body as { extensions?: { redirects?: unknown } }).extensions?.redirects).toEqual([{ from: id.directorate, to: id.agency }]);
    }

    // The merge holds: the removed id is not recreated; its claims joined the kept entity.
    expect(await count('MATCH (n:Entity {id: $id}) RETURN count(n)', { id: id.directorate })).toBe(0);
    const redirected = await api.gql<OrgAnswer>(CLAIMS, { id: id.directorate, field: 'ALIASES' }, CURATOR);
    expect(redirected.body.data?.node?.id).toBe(id.agency);
    expect((redirected.body as { extensions?: { redirects?: unknown } }).extensions?.redirects).toEqual([{ from: id.directorate, to: id.agency }]);
    expect(redirected.body.data?.node?.aliases).toEqual(expect.arrayContaining([`${token} Directorate`, `${token} Directorate-General`, `${token} DG`]));

    // Curators see the open conflict.
    const conflicts = await api.gql<ConflictsAnswer>(CONFLICTS, {}, CURATOR);
    expect(conflicts.body.errors).toBeUndefined();
    const open = conflicts.body.data!.conflicts.nodes.find((c) => c.entity.id === id.ministry);
    expect(open?.field).toBe('KIND');
    expect(open?.relationship).toBeNull();
    expect(open?.alternatives.map((a) => a.value)).toEqual(['OTHER_PUBLIC_SECTOR', 'LOCAL_GOVERNMENT', 'GOVERNMENT']);
    const openTie = conflicts.body.data!.conflicts.nodes.find((c) => c.entity.id === id.project && c.field === 'LINK');
    expect(openTie?.relationship).toEqual({ type: 'IMPLEMENTED_BY', to: { id: id.agency } });
    expect(openTie?.alternatives.map((a) => [a.preferred, a.origin.kind, a.origin.file])).toEqual([
      [true, 'CURATION', null],
      [false, 'DATASET', 'dataset/contradiction.yaml'],
      [false, 'DATASET', 'dataset/world.yaml'],
    ]);
  }, 120_000);

  it('retracts a dataset claim with evidence so that no reload brings it back, and refuses a resolution of a claim that does not exist', async () => {
    const before = (await orgClaims(id.ministry, 'KIND')).body.data!.node!.claims;
    const wrong = before.find((c) => c.origin.file === 'dataset/contradiction.yaml')!;
    const RETRACT = `mutation($claimId: ID!, $evidence: EvidenceInput!) { retractClaim(claimId: $claimId, evidence: $evidence) { entity { id } event { action } } }`;
    const RESOLVE = `mutation($claimId: ID!, $evidence: EvidenceInput!) { resolveConflict(claimId: $claimId, evidence: $evidence) { entity { id } } }`;

    const missing = await api.gql(RESOLVE, { claimId: `${id.ministry}#nosuchclaim`, evidence: ev(world.say.ministry) }, CURATOR);
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(missing.body.errors?.[0]?.message).toMatch(/has no claim/);
    const unsupported = await api.gql(RETRACT, { claimId: wrong.id, evidence: ev('words that are not in the document') }, CURATOR);
    expect(unsupported.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const noEvidence = await api.gql(RETRACT, { claimId: wrong.id }, CURATOR);
    expect(noEvidence.body.errors?.length).toBeGreaterThan(0);
    expect((await orgClaims(id.ministry, 'KIND')).body.data!.node!.claims).toEqual(before);

    const retracted = await api.gql<{ retractClaim: { event: { action: string } } }>(RETRACT, { claimId: wrong.id, evidence: ev(world.say.ministry) }, CURATOR);
    expect(retracted.body.data?.retractClaim.event.action).toBe('RETRACT_CLAIM');
    await ingest(api.db, catalog, contradictionFixture.datasetDir, { documentsDir: contradictionFixture.documentsDir });
    const after = (await orgClaims(id.ministry, 'KIND')).body.data!.node!.claims;
    expect(after.find((c) => c.value === 'LOCAL_GOVERNMENT')).toMatchObject({ deprecated: true, preferred: false });
    // Readers without a key see only the asserted claims.
    const anonymous = (await api.gql<OrgAnswer>(CLAIMS, { id: id.ministry, field: 'KIND' })).body.data!.node!.claims;
    expect(anonymous.map((c) => c.value)).toEqual(['OTHER_PUBLIC_SECTOR', 'GOVERNMENT']);

    // A relationship's conflict is settled the same way: choosing the source's role makes it the curator's.
    const tieClaims = (await api.gql<TieAnswer>(TIE, { from: id.project, type: 'IMPLEMENTED_BY', to: id.agency }, CURATOR)).body.data!.relationshipClaims!.claims;
    const sourced = tieClaims.find((c) => c.origin.file === 'dataset/contradiction.yaml')!;
    expect(sourced.id).toBe(`${id.project}|IMPLEMENTED_BY|${id.agency}#${sourced.id.split('#')[1]}`);
    const badTie = await api.gql(RESOLVE, { claimId: `${id.project}|NOT_A_TYPE|${id.agency}#x`, evidence: ev(world.say.implemented) }, CURATOR);
    expect(badTie.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badTie.body.errors?.[0]?.message).toMatch(/NOT_A_TYPE/);
    const settled = await api.gql(RESOLVE, { claimId: sourced.id, evidence: ev(world.say.implemented) }, CURATOR);
    expect(settled.body.errors).toBeUndefined();
    const roles = await api.gql<{ project: { implementedByConnection: { edges: Array<{ role: string }> } } }>(IMPLEMENTERS, { id: id.project });
    expect(roles.body.data?.project.implementedByConnection.edges.map((e) => e.role)).toEqual(['LEAD']);
    const stillOpen = (await api.gql<ConflictsAnswer>(CONFLICTS, {}, CURATOR)).body.data!.conflicts.nodes.filter((c) => c.entity.id === id.project && c.field === 'LINK');
    expect(stillOpen).toEqual([]);
    expect(await count('MATCH (m:LinkConflict {from: $from}) RETURN count(m)', { from: id.project })).toBe(0);
  }, 60_000);

  it('exports every curated claim as an overlay that, loaded with the sources into an emptied graph, gives the same graph', async () => {
    const repositories = createRepositories(api.db, catalog, newQueryStats());
    const overlayDir = mkdtempSync(path.join(tmpdir(), 'mgg-curated-'));
    for (const [name, content] of Object.entries(formatOverlay(await repositories.curation.exportOverlay()))) writeFileSync(path.join(overlayDir, name), content);
    const original = await dump();

    // Empty this world's part of the graph, then load the sources and the overlay as start-up does.
    await api.db.write((tx) => tx.run('MATCH (n) WHERE n.id CONTAINS $token OR n.from CONTAINS $token OR n.key CONTAINS $token OR n.entityId CONTAINS $token DETACH DELETE n', { token }));
    await api.db.write((tx) => tx.run("MATCH (f:DatasetFile) WHERE f.path IN ['dataset/world.yaml', 'dataset/contradiction.yaml'] DELETE f"));
    expect(await dump()).toBe('');
    await loadAtStartup(api.db, catalog, { seedPath: seed.datasetDir, datasets: [contradictionFixture.datasetDir], curatedPath: overlayDir, documentsDir: seed.documentsDir, log: (m) => logs.push(m) });
    expect(await dump()).toBe(original);
  }, 60_000);

  it('refuses an overlay that does not validate, naming file, entry and field', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mgg-curated-bad-'));
    writeFileSync(path.join(dir, 'entities.yaml'), `entities:\n  - id: ${id.ministry}\n    label: Organisation\n    claims:\n      - field: kind\n        value: GOVERNMENT\n        origin: { event: e1, actor: ana, at: yesterday }\n        sources: []\n`);
    const error = (() => {
      try {
        readOverlay(dir);
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DatasetError);
    const issues = (error as DatasetError).issues;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entry: 'entities[0]', field: 'claims.0.origin.at' }),
        expect.objectContaining({ entry: 'entities[0]', field: 'claims.0.sources' }),
      ]),
    );
    expect(issues[0]?.file).toMatch(/entities\.yaml$/);
  });
});

describe('a load killed part-way with curated data present', () => {
  it('loses nothing curated', async () => {
    // The transaction of the load holds every write; a failure part-way (as a SIGKILL of the
    // process would) leaves the curated state exactly as it was.
    const before = await dump();
    const db = connectTestDatabase();
    try {
      const { GraphWriter } = await import('../../src/db/repositories/graphWriter');
      const { planDataset } = await import('../../src/ingest/plan');
      const { readDataset } = await import('../../src/ingest/readDataset');
      const planned = planDataset(readDataset(seed.datasetDir));
      const last = planned.plan.relationships[planned.plan.relationships.length - 1]!;
      (last.props as Record<string, unknown>).broken = { nested: true };
      await expect(new GraphWriter(db, catalog).write(planned.plan, { dryRun: false, batchSize: 1 })).rejects.toThrow();
    } finally {
      await db.close();
    }
    expect(await dump()).toBe(before);
  }, 60_000);
});
