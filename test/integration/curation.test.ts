import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { curationWorld, writeFixture } from '../support/fixtures';
import { ADMIN, CURATOR, startTestApi, type TestApi } from '../support/testApi';
import { uniqueToken } from '../support/testDatabase';

const token = uniqueToken();
const world = curationWorld(token);
const fixture = writeFixture(world.files, world.documents);
const id = {
  ministry: `org:${token}-ministry`,
  agency: `org:${token}-agency`,
  directorate: `org:${token}-directorate`,
  project: `project:${token}-project`,
  manager: `person:${token}-manager`,
  foundation: `org:${token}-foundation`,
};
const refEvidence = (excerpt: string) => ({ document: world.ref, excerpt });
const docEvidence = (excerpt: string) => ({ document: world.doc, excerpt });

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi({ documentsDir: fixture.documentsDir });
  await ingest(api.db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
});
afterAll(async () => {
  await api.close();
});

async function count(cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const result = await api.db.read(cypher, params);
  return Number(result.records[0]?.get(0));
}

/** Everything in the graph about this test's world and its audit trail, to show a refusal changed nothing. */
async function worldState(): Promise<string> {
  const result = await api.db.read(
    `MATCH (n) WHERE n.id STARTS WITH $prefix OR any(p IN ['org:', 'project:', 'person:'] WHERE n.id STARTS WITH p + $token) OR n.entityId CONTAINS $token
     OPTIONAL MATCH (n)-[r]-()
     WITH n, collect([type(r), startNode(r).id, endNode(r).id, r.excerpt, r.evidenceExcerpts]) AS rels
     RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, rels ORDER BY id`,
    { prefix: token, token },
  );
  return JSON.stringify(result.records.map((r) => r.toObject()), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

const CREATE = `mutation($input: CreateEntityInput!) {
  createEntity(input: $input) {
    entity { __typename id name aliases ... on Organisation { kind isDonor acronym } sources { document excerpt } }
    event { id at actor role action entityId relatedIds before after evidence { document excerpt } }
  }
}`;
const UPDATE = `mutation($id: ID!, $input: UpdateEntityInput!, $evidence: EvidenceInput!) {
  updateEntity(id: $id, input: $input, evidence: $evidence) {
    entity { id name aliases ... on Organisation { acronym kind } }
    event { action before after actor }
  }
}`;
const LINK = `mutation($input: LinkInput!) {
  link(input: $input) { from { id } to { id ... on Organisation { isDonor } } type linked event { action entityId relatedIds before after } }
}`;
const UNLINK = `mutation($input: UnlinkInput!) {
  unlink(input: $input) { to { id ... on Organisation { isDonor } } linked event { action before after } }
}`;
const MERGE = `mutation($keep: ID!, $remove: ID!, $evidence: EvidenceInput!) {
  mergeEntities(keep: $keep, remove: $remove, evidence: $evidence) {
    entity { id name aliases ... on Organisation { acronym } sources { excerpt } }
    event { action entityId relatedIds before after actor role }
  }
}`;
const HISTORY = 'query($id: ID!) { history(id: $id) { action actor role entityId relatedIds before after at evidence { document excerpt } } }';

const foundationInput = {
  type: 'ORGANISATION',
  id: id.foundation,
  name: `${token} Foundation`,
  kind: 'FOUNDATION',
  evidence: docEvidence(world.say.foundation),
};

describe('curation without the right key', () => {
  it('refuses a mutation with no key with 401 UNAUTHENTICATED, changing nothing and reaching no database', async () => {
    const before = await worldState();
    const spies = [jest.spyOn(api.db, 'read'), jest.spyOn(api.db, 'write'), jest.spyOn(api.db, 'dryRun')];
    try {
      const response = await api.gql(CREATE, { input: foundationInput });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/Bearer/);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(await worldState()).toBe(before);
  });

  it('refuses a wrong key with 401 before it reads the request, even for a read', async () => {
    const before = await worldState();
    for (const query of [CREATE, '{ __typename }']) {
      const response = await api.gql(query, { input: foundationInput }, 'not-a-key');
      expect(response.status).toBe(401);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(await worldState()).toBe(before);
  });

  it('refuses a curator who would merge with 403 FORBIDDEN, and merges nothing', async () => {
    const before = await worldState();
    const response = await api.gql(MERGE, { keep: id.agency, remove: id.directorate, evidence: refEvidence('same body') }, CURATOR);
    expect(response.status).toBe(403);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await worldState()).toBe(before);
  });

  it('keeps the history from readers without a key', async () => {
    const response = await api.gql(HISTORY, { id: id.agency });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('curation with a key', () => {
  it('creates an entity with its evidence, and records who, when and what in the same transaction', async () => {
    const started = Date.now();
    const response = await api.gql<{ createEntity: { entity: Record<string, unknown>; event: Record<string, unknown> } }>(CREATE, { input: foundationInput }, CURATOR);
    expect(response.body.errors).toBeUndefined();
    const { entity, event } = response.body.data!.createEntity;
    expect(entity).toMatchObject({ __typename: 'Organisation', id: id.foundation, name: `${token} Foundation`, kind: 'FOUNDATION', isDonor: false });
    expect(entity.sources).toEqual([docEvidence(world.say.foundation)]);
    expect(event).toMatchObject({ actor: CURATOR.name, role: 'curator', action: 'CREATE_ENTITY', entityId: id.foundation, relatedIds: [], before: null });
    expect(Date.parse(String(event.at))).toBeGreaterThanOrEqual(started - 1000);
    expect(JSON.parse(String(event.after))).toMatchObject({ labels: ['Entity', 'Organisation'], properties: { id: id.foundation, kind: 'FOUNDATION' } });
    expect(await count('MATCH (o:Organisation:Entity {id: $id})-[:EVIDENCED_BY]->(:Source {id: $doc}) RETURN count(o)', { id: id.foundation, doc: world.doc })).toBe(1);
    // Found by name like any loaded organisation.
    const byName = await api.gql<{ organisation: { id: string } }>('query($n: String) { organisation(name: $n) { id } }', { n: `${token.toUpperCase()} foundation` });
    expect(byName.body.data?.organisation?.id).toBe(id.foundation);
  });

  it('refuses an id that exists already, and a name another entity bears', async () => {
    const again = await api.gql(CREATE, { input: foundationInput }, CURATOR);
    expect(again.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(again.body.errors?.[0]?.message).toMatch(/already exists/);
    const clash = await api.gql(CREATE, { input: { ...foundationInput, id: `org:${token}-other`, name: `${token} Ministry` } }, CURATOR);
    expect(clash.body.errors?.[0]?.message).toMatch(/already bears this name/);
    expect(await count('MATCH (o:Entity {id: $id}) RETURN count(o)', { id: `org:${token}-other` })).toBe(0);
  });

  it('updates an entity, so that lookups find its new names, and records before and after', async () => {
    const response = await api.gql<{ updateEntity: { entity: { aliases: string[]; acronym: string }; event: { before: string; after: string; actor: string } } }>(
      UPDATE,
      { id: id.foundation, input: { acronym: `${token.toUpperCase()}F`, aliases: [`${token} Fund`] }, evidence: refEvidence(`${token} Fund is the foundation's other name.`) },
      CURATOR,
    );
    expect(response.body.errors).toBeUndefined();
    const { entity, event } = response.body.data!.updateEntity;
    expect(entity).toMatchObject({ acronym: `${token.toUpperCase()}F`, aliases: [`${token} Fund`] });
    expect(JSON.parse(event.before).properties.acronym).toBeUndefined();
    expect(JSON.parse(event.after).properties.acronym).toBe(`${token.toUpperCase()}F`);
    const byAlias = await api.gql<{ organisation: { id: string } }>('query($n: String) { organisation(name: $n) { id } }', { n: `${token} fund` });
    expect(byAlias.body.data?.organisation?.id).toBe(id.foundation);
  });

  it('refuses an attribute the entity type does not have', async () => {
    const response = await api.gql(UPDATE, { id: id.manager, input: { acronym: 'X' }, evidence: refEvidence('x') }, CURATOR);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toMatch(/A Person has no acronym/);
  });

  it('links a funder and unlinks it, keeping the Donor label true', async () => {
    const input = { from: id.project, to: id.foundation, type: 'FUNDED_BY', evidence: docEvidence(world.say.foundation) };
    const linked = await api.gql<{ link: { to: { isDonor: boolean }; linked: boolean; event: { before: string | null; after: string } } }>(LINK, { input }, CURATOR);
    expect(linked.body.errors).toBeUndefined();
    expect(linked.body.data?.link).toMatchObject({ to: { isDonor: true }, linked: true, event: { before: null } });
    expect(JSON.parse(linked.body.data!.link.event.after).properties.evidenceExcerpts).toEqual([world.say.foundation]);
    expect(await count('MATCH (o:Donor {id: $id}) RETURN count(o)', { id: id.foundation })).toBe(1);
    const funders = await api.gql<{ project: { fundedByConnection: { edges: Array<{ node: { id: string }; evidence: unknown[] }> } } }>(
      'query($id: ID) { project(id: $id) { fundedByConnection { edges { node { id } evidence { document excerpt } } } } }',
      { id: id.project },
    );
    expect(funders.body.data?.project.fundedByConnection.edges.find((e) => e.node.id === id.foundation)?.evidence).toEqual([docEvidence(world.say.foundation)]);

    const unlinked = await api.gql<{ unlink: { to: { isDonor: boolean }; linked: boolean; event: { before: string; after: null } } }>(
      UNLINK,
      { input: { from: id.project, to: id.foundation, type: 'FUNDED_BY', evidence: refEvidence('The register lists no such grant.') } },
      CURATOR,
    );
    expect(unlinked.body.errors).toBeUndefined();
    expect(unlinked.body.data?.unlink).toMatchObject({ to: { isDonor: false }, linked: false, event: { after: null } });
    expect(await count('MATCH (o:Donor {id: $id}) RETURN count(o)', { id: id.foundation })).toBe(0);
    expect(await count('MATCH (:Entity {id: $from})-[r:FUNDED_BY]->(:Entity {id: $to}) RETURN count(r)', { from: id.project, to: id.foundation })).toBe(0);
  });

  it('refuses a relationship between the wrong types of entity, and one without its required title', async () => {
    const wrong = await api.gql(LINK, { input: { from: id.ministry, to: id.project, type: 'FUNDED_BY', evidence: refEvidence('x') } }, CURATOR);
    expect(wrong.body.errors?.[0]?.message).toMatch(/FUNDED_BY joins a Project to a Organisation/);
    const untitled = await api.gql(LINK, { input: { from: id.manager, to: id.ministry, type: 'WORKS_FOR', evidence: refEvidence('x') } }, CURATOR);
    expect(untitled.body.errors?.[0]?.message).toMatch(/needs the person's title/);
    expect(await count('MATCH (:Entity {id: $a})-[r]->(:Entity {id: $b}) RETURN count(r)', { a: id.manager, b: id.ministry })).toBe(0);
  });

  it('refuses a verbatim excerpt of one letter with BAD_USER_INPUT saying what a passage is, and writes nothing', async () => {
    const before = await worldState();
    const input = { type: 'ORGANISATION', id: `org:${token}-letter`, name: `${token} Letter`, evidence: docEvidence('x') };
    const response = await api.gql(CREATE, { input }, CURATOR);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeNull();
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'evidence' });
    expect(response.body.errors?.[0]?.message).toBe(
      `A verbatim excerpt must be a passage of at least 12 characters and 2 whole words of "${world.doc}"; this one has 1 character and 1 word.`,
    );
    expect(await worldState()).toBe(before);
  });

  it('refuses a verbatim excerpt that starts or ends inside a word of the document, and accepts it on whole words', async () => {
    // world.say.agency: "<token> Agency is an agency of the <token> Ministry."
    const before = await worldState();
    const bureau = (excerpt: string) => ({ type: 'ORGANISATION', id: `org:${token}-bureau`, name: `${token} Bureau`, evidence: docEvidence(excerpt) });
    for (const excerpt of ['gency is an agency of the', `Agency is an agency of the ${token} Minis`]) {
      const response = await api.gql(CREATE, { input: bureau(excerpt) }, CURATOR);
      expect({ excerpt, code: response.body.errors?.[0]?.extensions?.code }).toEqual({ excerpt, code: 'BAD_USER_INPUT' });
      expect(response.body.errors?.[0]?.message).toMatch(/only inside its words; it must start and end on whole words/);
    }
    expect(await worldState()).toBe(before);
    const whole = await api.gql(CREATE, { input: bureau('Agency is an agency of the') }, CURATOR);
    expect(whole.body.errors).toBeUndefined();
  });

  it('refuses evidence that is not in the cited document, or a document that is not in the graph, and writes nothing', async () => {
    const before = await worldState();
    const invented = await api.gql(LINK, { input: { from: id.project, to: id.agency, type: 'BENEFITS', evidence: docEvidence('The agency benefits greatly.') } }, CURATOR);
    expect(invented.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(invented.body.errors?.[0]?.message).toMatch(/does not occur verbatim/);
    const unknown = await api.gql(LINK, { input: { from: id.project, to: id.agency, type: 'BENEFITS', evidence: { document: 'nowhere.txt', excerpt: 'x' } } }, CURATOR);
    expect(unknown.body.errors?.[0]?.message).toMatch(/not in the graph/);
    expect(await worldState()).toBe(before);
  });

  it('rolls a change back when its audit event cannot be recorded: both happen or neither', async () => {
    const original = api.catalog.get.bind(api.catalog);
    const spy = jest.spyOn(api.catalog, 'get').mockImplementation((name, slots) => (name === 'curation.audit.record' ? 'THIS IS NOT CYPHER' : original(name, slots)));
    try {
      const response = await api.gql(CREATE, { input: { ...foundationInput, id: `org:${token}-rolled-back`, name: `${token} Rolled Back` } }, CURATOR);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('DATABASE_ERROR');
    } finally {
      spy.mockRestore();
    }
    expect(await count('MATCH (o:Entity {id: $id}) RETURN count(o)', { id: `org:${token}-rolled-back` })).toBe(0);
  });

  it('merges two entities for an admin: relationships, names and evidence move, the removed one is gone, and both histories tell', async () => {
    const response = await api.gql<{ mergeEntities: { entity: { id: string; aliases: string[]; sources: Array<{ excerpt: string }> }; event: Record<string, unknown> } }>(
      MERGE,
      { keep: id.agency, remove: id.directorate, evidence: docEvidence(world.say.same) },
      ADMIN,
    );
    expect(response.body.errors).toBeUndefined();
    const { entity, event } = response.body.data!.mergeEntities;
    expect(entity.id).toBe(id.agency);
    expect(entity.aliases).toEqual(expect.arrayContaining([`${token} Directorate`, `${token} Directorate-General`]));
    expect(entity.sources.map((s) => s.excerpt)).toEqual(expect.arrayContaining([world.say.agency, world.say.directorate, world.say.same]));
    expect(event).toMatchObject({ action: 'MERGE_ENTITIES', entityId: id.agency, relatedIds: [id.directorate], actor: ADMIN.name, role: 'admin' });
    expect(JSON.parse(String(event.before)).remove.properties.name).toBe(`${token} Directorate`);

    expect(await count('MATCH (n {id: $id}) RETURN count(n)', { id: id.directorate })).toBe(0);
    // The project now benefits the agency, with the directorate's evidence, and still is implemented by it.
    const ties = await api.db.read('MATCH (:Project {id: $p})-[r]->(:Entity {id: $a}) RETURN type(r) AS type, r.evidenceExcerpts AS excerpts ORDER BY type', { p: id.project, a: id.agency });
    expect(ties.records.map((r) => [r.get('type'), r.get('excerpts')])).toEqual([
      ['BENEFITS', [world.say.benefits]],
      ['IMPLEMENTED_BY', [world.say.implemented]],
    ]);
    // Found under the removed entity's name.
    const byOldName = await api.gql<{ organisation: { id: string } }>('query($n: String) { organisation(name: $n) { id } }', { n: `${token} Directorate` });
    expect(byOldName.body.data?.organisation?.id).toBe(id.agency);

    const kept = await api.gql<{ history: Array<{ action: string }> }>(HISTORY, { id: id.agency }, CURATOR);
    const removed = await api.gql<{ history: Array<{ action: string }> }>(HISTORY, { id: id.directorate }, CURATOR);
    expect(kept.body.data?.history.map((e) => e.action)).toEqual(['MERGE_ENTITIES']);
    expect(removed.body.data?.history.map((e) => e.action)).toEqual(['MERGE_ENTITIES']);
  });

  it('keeps the Donor label true through a merge: the kept organisation funds what the removed one funded', async () => {
    const funder = `org:${token}-funder`;
    const heir = `org:${token}-heir`;
    for (const [orgId, name] of [[funder, 'Funder'], [heir, 'Heir']] as const) {
      const created = await api.gql(CREATE, { input: { type: 'ORGANISATION', id: orgId, name: `${token} ${name}`, evidence: refEvidence(`${name} is listed.`) } }, CURATOR);
      expect(created.body.errors).toBeUndefined();
    }
    await api.gql(LINK, { input: { from: id.project, to: funder, type: 'FUNDED_BY', evidence: refEvidence('Listed as a funder.') } }, CURATOR);
    expect(await count('MATCH (o:Donor) WHERE o.id IN [$a, $b] RETURN count(o)', { a: funder, b: heir })).toBe(1);
    const merged = await api.gql(MERGE, { keep: heir, remove: funder, evidence: refEvidence('The funder became the heir.') }, ADMIN);
    expect(merged.body.errors).toBeUndefined();
    expect(await count('MATCH (o:Donor {id: $id}) RETURN count(o)', { id: heir })).toBe(1);
    expect(await count('MATCH (:Project {id: $p})-[:FUNDED_BY]->(:Organisation {id: $id}) RETURN count(*)', { p: id.project, id: heir })).toBe(1);
    expect(await count('MATCH (o {id: $id}) RETURN count(o)', { id: funder })).toBe(0);
  });

  it('tells the whole history of an entity, oldest first, with the evidence of each change', async () => {
    const response = await api.gql<{ history: Array<{ action: string; actor: string; evidence: { document: string } }> }>(HISTORY, { id: id.foundation }, CURATOR);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.history.map((e) => e.action)).toEqual(['CREATE_ENTITY', 'UPDATE_ENTITY', 'LINK', 'UNLINK']);
    expect(response.body.data?.history.every((e) => e.actor === CURATOR.name && e.evidence.document !== '')).toBe(true);
    expect(await count('MATCH (a:AuditEvent) WHERE a.entityId = $id OR $id IN a.relatedIds RETURN count(a)', { id: id.foundation })).toBe(4);
  });
});
