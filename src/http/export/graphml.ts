import type { GraphRecord } from '../../db/records';
import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, type Attribute } from './attributes';
import { escapeXmlAttribute, escapeXmlText } from './xml';

// GraphML's attr.type names for our attribute types.
const GRAPHML_TYPES = { string: 'string', int: 'int', boolean: 'boolean' } as const;

function keyDeclaration<T>(prefix: string, domain: 'node' | 'edge', attribute: Attribute<T>): string {
  return `  <key id="${prefix}${attribute.name}" for="${domain}" attr.name="${attribute.name}" attr.type="${GRAPHML_TYPES[attribute.type]}"/>`;
}

// A missing value has no <data> element at all: GraphML's way of saying "unknown".
function dataElements<T>(prefix: string, attributes: ReadonlyArray<Attribute<T>>, item: T): string {
  return attributes
    .map((attribute) => {
      const value = attribute.value(item);
      return value === null ? '' : `<data key="${prefix}${attribute.name}">${escapeXmlText(String(value))}</data>`;
    })
    .join('');
}

/**
 * The graph as GraphML (for Gephi, yEd, networkx's `read_graphml`): directed, every node and
 * edge attribute declared as a <key> with its type, and a graph-level `truncated` flag.
 */
export function toGraphML(graph: GraphRecord, title = 'Migration governance graph'): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '         xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="g_title" for="graph" attr.name="title" attr.type="string"/>',
    '  <key id="g_truncated" for="graph" attr.name="truncated" attr.type="boolean"/>',
    ...NODE_ATTRIBUTES.map((a) => keyDeclaration('n_', 'node', a)),
    ...EDGE_ATTRIBUTES.map((a) => keyDeclaration('e_', 'edge', a)),
    '  <graph id="G" edgedefault="directed">',
    `    <data key="g_title">${escapeXmlText(title)}</data>`,
    `    <data key="g_truncated">${graph.truncated}</data>`,
    ...graph.nodes.map((node) => `    <node id="${escapeXmlAttribute(node.id)}">${dataElements('n_', NODE_ATTRIBUTES, node)}</node>`),
    ...graph.edges.map(
      (edge) =>
        `    <edge id="${escapeXmlAttribute(edge.id)}" source="${escapeXmlAttribute(edge.source)}" target="${escapeXmlAttribute(edge.target)}">${dataElements('e_', EDGE_ATTRIBUTES, edge)}</edge>`,
    ),
    '  </graph>',
    '</graphml>',
    '',
  ];
  return lines.join('\n');
}
