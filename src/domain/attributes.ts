import { ENTITY_ATTRIBUTES, YEAR_RANGE, kindsOf, type EntityAttribute, type EntityAttributes, type EntityLabel } from './entities';
import { MAX_ALIASES, MAX_DESCRIPTION, passageProblem, textProblem } from './text';

/**
 * What is wrong with attributes given for an entity of `label`, as the dataset format would
 * refuse them: attributes of other types, unknown kinds, empty or overlong texts, a year out
 * of range. Null when they are fine.
 */
export function attributeProblem(label: EntityLabel, attributes: EntityAttributes): string | null {
  const allowed = ENTITY_ATTRIBUTES[label];
  const foreign = (Object.keys(attributes) as EntityAttribute[]).filter((key) => attributes[key] !== undefined && attributes[key] !== null && !allowed.includes(key));
  if (foreign.length > 0) return `A ${label} has no ${foreign.join(', ')}; it has ${allowed.join(', ')}.`;
  const text =
    textProblem('name', attributes.name) ??
    textProblem('acronym', attributes.acronym) ??
    passageProblem('description', attributes.description, MAX_DESCRIPTION) ??
    textProblem('jurisdiction', attributes.jurisdiction);
  if (text) return text;
  if (attributes.aliases) {
    if (attributes.aliases.length > MAX_ALIASES) return `"aliases" may hold at most ${MAX_ALIASES} names.`;
    for (const [i, alias] of attributes.aliases.entries()) {
      const problem = textProblem(`aliases.${i}`, alias);
      if (problem) return problem;
    }
  }
  if (attributes.kind !== undefined && attributes.kind !== null) {
    const kinds = kindsOf(label);
    if (!kinds.includes(attributes.kind)) return `"kind" of a ${label} must be one of ${kinds.join(', ')}.`;
  }
  const year = attributes.year;
  if (year !== undefined && year !== null && (!Number.isInteger(year) || year < YEAR_RANGE.min || year > YEAR_RANGE.max)) {
    return `"year" must be a year from ${YEAR_RANGE.min} to ${YEAR_RANGE.max}.`;
  }
  return null;
}
