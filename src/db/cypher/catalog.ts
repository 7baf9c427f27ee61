import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../projectRoot';
import { entityProjection } from '../records';

/**
 * The Cypher files in cypher/queries, read once. A query may contain `{{SLOT}}` placeholders;
 * they are filled only with fragments rendered from fixed lists in code (relationship types,
 * depths), never with user input, which always travels as parameters.
 */
export class CypherCatalog {
  private readonly queries = new Map<string, string>();

  constructor(directory: string = path.join(projectRoot(), 'cypher', 'queries')) {
    for (const file of readdirSync(directory)) {
      if (!file.endsWith('.cypher')) continue;
      // Whole-line comments are dropped: they explain the file, and a slot named in one must not be filled there.
      const text = readFileSync(path.join(directory, file), 'utf8')
        .split('\n')
        .filter((line) => !line.trimStart().startsWith('//'))
        .join('\n')
        // {{ENTITY x}}: the properties of entity x that the API reads (see ENTITY_PROPERTIES), expanded once.
        .replace(/\{\{ENTITY ([a-z]+)\}\}/g, (_match, variable: string) => entityProjection(variable));
      this.queries.set(file.slice(0, -'.cypher'.length), text);
    }
  }

  /** The text of `name` (e.g. `project.page`), with its slots filled. */
  get(name: string, slots: Readonly<Record<string, string>> = {}): string {
    const text = this.queries.get(name);
    if (text === undefined) throw new Error(`No Cypher query named ${name} in cypher/queries`);
    const filled = text.replace(/\{\{([A-Z_]+)\}\}/g, (_match, slot: string) => {
      const value = slots[slot];
      if (value === undefined) throw new Error(`Cypher query ${name} needs slot ${slot}`);
      return value;
    });
    return filled;
  }
}
