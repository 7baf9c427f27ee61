import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DenyList, configuredDenyListPath } from '../security/denyList';
import { DatasetError, type DatasetIssue } from './datasetErrors';
import type { DatasetPlan, PlanLocation } from './plan';
import type { EntityLabel } from '../domain/entities';
import { DERIVED_PROPERTIES } from '../domain/derivedProperties';
import { collapseWhitespace } from '../domain/text';
import { normaliseName } from '../domain/names';
import { locateExcerpt } from '../domain/text';

export { locateExcerpt };

function issueAt(location: PlanLocation, message: string): DatasetIssue {
  return { file: location.file, entry: location.entry, id: location.id, field: location.field, message };
}

/** Reads the text of every document the plan cites, from `documentsDir`; curated sources have none. */
export function loadDocumentTexts(planned: DatasetPlan, documentsDir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const source of planned.plan.sources) {
    if (source.props.curated === true) continue;
    const file = path.join(documentsDir, source.id);
    if (existsSync(file)) texts.set(source.id, collapseWhitespace(readFileSync(file, 'utf8')));
  }
  return texts;
}

// Stored under another name than the dataset's field.
const FIELD_OF_PROP: Record<string, string> = { phasesJson: 'phases', identifiersJson: 'identifiers', resultsJson: 'results', budgetCurrency: 'budget.currency' };

/**
 * Refuses a dataset in which any text names someone on the deny-list of victims and survivors
 * (data/sensitive/deny-list.txt). The issues name file, entry and field, never the text, and
 * are raised before any other check, so that no other message can quote the name.
 */
export function checkDenyList(planned: DatasetPlan, denyList: DenyList): void {
  if (denyList.size === 0) return;
  const issues: DatasetIssue[] = [];
  const message = 'names a person on the deny-list of victims and survivors (data/sensitive/deny-list.txt); the graph never records them';
  const denied = (value: unknown): boolean =>
    typeof value === 'string' ? denyList.names(value) : Array.isArray(value) ? value.some((item) => typeof item === 'string' && denyList.names(item)) : false;
  // An id can carry the name too (person:first-last); such an id is left out of the issue.
  const issue = (location: PlanLocation, field: string): DatasetIssue => {
    const { id, ...rest } = issueAt({ ...location, field }, message);
    return denied(id) ? rest : { ...rest, id };
  };
  for (const node of planned.plan.nodes) {
    const location = planned.nodeLocations.get(node.id)?.[0];
    if (!location) continue;
    for (const [key, value] of Object.entries(node.props)) {
      // Derived properties (names, search text, hashes) repeat the originals: checking those suffices.
      if (!DERIVED_PROPERTIES.has(key) && denied(value)) issues.push(issue(location, FIELD_OF_PROP[key] ?? key));
    }
  }
  for (const e of planned.evidence) {
    if (denied(e.excerpt)) issues.push(issue(e.location, `${e.location.field}.excerpt`));
    if (denied(e.document)) issues.push(issue(e.location, `${e.location.field}.document`));
  }
  for (const rel of planned.relationships) {
    for (const key of ['role', 'title'] as const) {
      if (denied(rel.props[key])) issues.push(issue(rel.location, `${rel.location.field}.${key}`));
    }
    if (denied(rel.to)) issues.push(issue(rel.location, `${rel.location.field}.id`.replace(/^\./, '')));
  }
  for (const source of planned.plan.sources) {
    for (const [key, value] of Object.entries(source.props)) {
      if (key !== 'contentHash' && denied(value)) issues.push({ file: '(sources)', entry: 'sources', ...(denied(source.id) ? {} : { id: source.id }), field: key, message });
    }
  }
  if (issues.length > 0) throw new DatasetError(issues);
}

/**
 * The checks that keep the graph trustworthy, all run before anything is written:
 * ids are unique; every reference points at an entity of the right type; every piece of
 * evidence cites a known document and occurs in it verbatim (white space aside); no two
 * entities of a type share a normalised name, acronym or alias; periods do not end before
 * they start; and, first of all, no text names anyone on the deny-list.
 */
export function checkPlan(
  planned: DatasetPlan,
  documents: string | ReadonlyMap<string, string>,
  known: ReadonlyMap<string, EntityLabel> = new Map(),
  denyList: DenyList = DenyList.shared(configuredDenyListPath()),
): void {
  checkDenyList(planned, denyList);
  const issues: DatasetIssue[] = [];
  const { plan } = planned;

  const labels = new Map<string, EntityLabel>(known);
  for (const node of plan.nodes) {
    const locations = planned.nodeLocations.get(node.id) ?? [];
    if (locations.length > 1) {
      for (const location of locations.slice(1)) issues.push(issueAt({ ...location, field: 'id' }, `id "${node.id}" is already used at ${locations[0]?.file} ${locations[0]?.entry}`));
    }
    labels.set(node.id, node.label);
  }

  const sourceIds = new Set(plan.sources.map((s) => s.id));
  const seenSources = new Set<string>();
  for (const source of plan.sources) {
    if (seenSources.has(source.id)) issues.push({ file: '(sources)', entry: 'sources', id: source.id, field: 'id', message: `source "${source.id}" is declared twice` });
    seenSources.add(source.id);
  }

  for (const rel of planned.relationships) {
    const label = labels.get(rel.to);
    if (label === undefined) issues.push(issueAt({ ...rel.location, field: `${rel.location.field}.id`.replace(/^\./, '') }, `refers to "${rel.to}", which is not in the dataset or the graph`));
    else if (label !== rel.targetLabel) issues.push(issueAt(rel.location, `refers to "${rel.to}", a ${label}; expected a ${rel.targetLabel}`));
  }

  // A folder of documents, or (for generated datasets) their texts, white space collapsed.
  const texts = typeof documents === 'string' ? loadDocumentTexts(planned, documents) : documents;
  const documentsDir = typeof documents === 'string' ? documents : 'the documents given';
  const curated = new Set(plan.sources.filter((s) => s.props.curated === true).map((s) => s.id));
  for (const e of planned.evidence) {
    if (!sourceIds.has(e.document)) {
      issues.push(issueAt({ ...e.location, field: `${e.location.field}.document` }, `cites "${e.document}", which is not declared under sources`));
      continue;
    }
    if (curated.has(e.document)) continue;
    const text = texts.get(e.document);
    if (text === undefined) {
      issues.push(issueAt({ ...e.location, field: `${e.location.field}.document` }, `the document "${e.document}" is not in ${documentsDir}`));
      continue;
    }
    const located = locateExcerpt(text, e.excerpt, e.under, e.offset);
    if ('problem' in located) issues.push(issueAt({ ...e.location, field: `${e.location.field}.${located.field}` }, `${located.problem} (${e.document})`));
    else e.target.offset = located.offset;
  }
  // The relationships' evidence lists carry the locations too, parallel to their excerpts.
  for (const rel of planned.relationships) {
    if (rel.sources.some((s) => s.offset !== undefined)) rel.props.evidenceOffsets = rel.sources.map((s) => s.offset ?? -1);
  }

  const owners = new Map<string, string>();
  for (const node of plan.nodes) {
    // Ambiguous aliases are names other bodies share by definition: they never claim a name.
    const shared = new Set((Array.isArray(node.props.ambiguousAliases) ? node.props.ambiguousAliases : []).map((a) => normaliseName(String(a))));
    const keys = (Array.isArray(node.props.nameKeys) ? node.props.nameKeys : []).filter((key) => !shared.has(String(key)));
    for (const key of keys) {
      const scoped = `${node.label}:${key}`;
      const owner = owners.get(scoped);
      if (owner !== undefined && owner !== node.id) {
        const location = planned.nodeLocations.get(node.id)?.[0];
        if (location) issues.push(issueAt({ ...location, field: 'name' }, `the name "${key}" also names ${owner}: one real thing must be one entity (merge them, or tell them apart)`));
      } else owners.set(scoped, node.id);
    }
  }

  for (const node of plan.nodes) {
    const start = node.props.startDate;
    const end = node.props.endDate;
    if (typeof start === 'string' && typeof end === 'string' && end < start) {
      const location = planned.nodeLocations.get(node.id)?.[0];
      if (location) issues.push(issueAt({ ...location, field: 'end' }, `ends (${end}) before it starts (${start})`));
    }
  }

  if (issues.length > 0) throw new DatasetError(issues);
}

