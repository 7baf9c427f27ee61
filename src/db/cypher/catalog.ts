import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../projectRoot';
import { entityProjection } from '../records';

/**
 * The slots a query file may hold, and who fills each. Cypher takes values as parameters but
 * not labels, relationship types, variable-length bounds or the shape of a WHERE or ORDER BY,
 * so those parts are rendered in code, only ever from fixed lists:
 *
 * - LABEL, TYPE, TYPES, PATTERN, DEPTH, MAX_LENGTH, DEGREE, NODE_PROPS, EDGE_PROPS, GROUP,
 *   BRANCHES: src/db/cypher/slots.ts, from the fixed lists of labels and relationship types,
 *   checked integers and fixed projections;
 * - FOLD, PROPS: src/db/cypher/fold.ts, the relationship fields of a root field's selection, from
 *   the same fixed lists, the filter compiler and the order maps;
 * - WHERE, PROJECTS: the filter compilers (projectFilter.ts, entityFilters.ts);
 * - ORDER: ordering.ts, from the fixed maps of order fields.
 *
 * User input never becomes Cypher text; it always travels as parameters.
 */
export const SLOT_NAMES = [
  'LABEL',
  'TYPE',
  'TYPES',
  'PATTERN',
  'DEPTH',
  'MAX_LENGTH',
  'DEGREE',
  'NODE_PROPS',
  'EDGE_PROPS',
  'GROUP',
  'BRANCHES',
  'FOLD',
  'PROPS',
  'WHERE',
  'PROJECTS',
  'ORDER',
] as const;

export type SlotName = (typeof SLOT_NAMES)[number];
export type Slots = Readonly<Partial<Record<SlotName, string>>>;

const SLOT = /\{\{([A-Z_]+)\}\}/g;

function isSlotName(name: string): name is SlotName {
  return (SLOT_NAMES as readonly string[]).includes(name);
}

interface CatalogEntry {
  text: string;
  slots: ReadonlySet<SlotName>;
}

/**
 * The Cypher files in cypher/queries, read once. A query may contain `{{SLOT}}` placeholders
 * (see SLOT_NAMES); a file with an unknown slot is refused when the catalog is read, and a
 * query given a slot it lacks, or lacking one it needs, is refused when rendered.
 */
export class CypherCatalog {
  private readonly queries = new Map<string, CatalogEntry>();

  constructor(directory: string = path.join(projectRoot(), 'cypher', 'queries')) {
    for (const file of readdirSync(directory).sort()) {
      if (!file.endsWith('.cypher')) continue;
      const name = file.slice(0, -'.cypher'.length);
      // Whole-line comments are dropped: they explain the file, and a slot named in one must not be filled there.
      const text = readFileSync(path.join(directory, file), 'utf8')
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('//'))
        .join('\n')
        // {{ENTITY x}}: the properties of entity x that the API reads (see ENTITY_PROPERTIES), expanded once.
        .replace(/\{\{ENTITY ([a-z][a-z0-9]*)\}\}/g, (_match, variable: string) => entityProjection(variable));
      const slots = new Set<SlotName>();
      for (const [, slot] of text.matchAll(SLOT)) {
        if (slot === undefined || !isSlotName(slot)) throw new Error(`Cypher query ${name} has an unknown slot {{${String(slot)}}}; the slots are ${SLOT_NAMES.join(', ')}`);
        slots.add(slot);
      }
      this.queries.set(name, { text, slots });
    }
  }

  /** The names of every query, in order. */
  names(): string[] {
    return [...this.queries.keys()];
  }

  /** The slots the query `name` holds. */
  slotsOf(name: string): ReadonlySet<SlotName> {
    return this.entry(name).slots;
  }

  /** The text of `name` (e.g. `project.page`), with its slots filled. */
  get(name: string, slots: Slots = {}): string {
    const entry = this.entry(name);
    for (const given of Object.keys(slots)) {
      if (!isSlotName(given) || !entry.slots.has(given)) throw new Error(`Cypher query ${name} has no slot ${given}`);
    }
    return entry.text.replace(SLOT, (_match, slot: SlotName) => {
      const value = slots[slot];
      if (value === undefined) throw new Error(`Cypher query ${name} needs slot ${slot}`);
      return value;
    });
  }

  /** The fragment `name` once per set of slots, joined as the branches of a UNION ALL. */
  unionAll(name: string, branches: readonly Slots[]): string {
    if (branches.length === 0) throw new Error(`A UNION ALL of ${name} needs at least one branch`);
    return branches.map((slots) => this.get(name, slots).trim().replace(/\n/g, '\n  ')).join('\n  UNION ALL\n  ');
  }

  private entry(name: string): CatalogEntry {
    const entry = this.queries.get(name);
    if (entry === undefined) throw new Error(`No Cypher query named ${name} in cypher/queries`);
    return entry;
  }
}
