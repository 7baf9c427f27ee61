import type { GraphRecord } from '../../db/records';
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, type Attribute } from './attributes';
import { escapeXmlAttribute, escapeXmlText } from './xml';

// GEXF 1.3's attribute type names for ours.
const GEXF_TYPES = { string: 'string', int: 'integer', boolean: 'boolean' } as const;

// A node's name is its GEXF `label`, and an edge's type its `label`; the attribute lists keep
// `type` for edges too, so Gephi can colour or filter by it.
const NODE_VALUES = NODE_ATTRIBUTES.filter((a) => a.name !== 'label');

function attributeDeclarations<T>(domain: 'node' | 'edge', attributes: ReadonlyArray<Attribute<T>>): string[] {
  return [
    `    <attributes class="${domain}">`,
    ...attributes.map((a) => `      <attribute id="${a.name}" title="${a.name}" type="${GEXF_TYPES[a.type]}"/>`),
    '    </attributes>',
  ];
}

function attributeValues<T>(attributes: ReadonlyArray<Attribute<T>>, item: T): string {
  const values = attributes
    .map((attribute) => {
      const value = attribute.value(item);
      return value === null ? '' : `<attvalue for="${attribute.name}" value="${escapeXmlAttribute(String(value))}"/>`;
    })
    .join('');
  return values === '' ? '' : `<attvalues>${values}</attvalues>`;
}

/**
 * The graph as GEXF 1.3 (Gephi's own format; networkx's `read_gexf(version="1.3")`): a static,
 * directed graph whose node and edge attributes are declared with their types.
 */
export function toGexf(graph: GraphRecord, title = 'Migration governance graph'): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '      xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    '  <meta>',
    '    <creator>migration-governance-graph</creator>',
    `    <description>${escapeXmlText(graph.truncated ? `${title} (truncated: a limit was reached)` : title)}</description>`,
    '  </meta>',
    '  <graph mode="static" defaultedgetype="directed">',
    ...attributeDeclarations('node', NODE_VALUES),
    ...attributeDeclarations('edge', EDGE_ATTRIBUTES),
    '    <nodes>',
    ...graph.nodes.map(
      (node) => `      <node id="${escapeXmlAttribute(node.id)}" label="${escapeXmlAttribute(node.name)}">${attributeValues(NODE_VALUES, node)}</node>`,
    ),
    '    </nodes>',
    '    <edges>',
    ...graph.edges.map(
      (edge) =>
        `      <edge id="${escapeXmlAttribute(edge.id)}" source="${escapeXmlAttribute(edge.source)}" target="${escapeXmlAttribute(edge.target)}" label="${escapeXmlAttribute(edge.type)}">${attributeValues(EDGE_ATTRIBUTES, edge)}</edge>`,
    ),
    '    </edges>',
    '  </graph>',
    '</gexf>',
    '',
  ];
  return lines.join('\n');
}
