import { hash } from 'node:crypto';
import type { GraphPlan, PlannedNode, PlannedRelationship, PlannedSource, PropertyValue } from '../db/graphPlan';
import { derivedProperties, type NamedAttributes } from '../domain/derivedProperties';
import type { Dataset, Evidence, Located } from './datasetSchema';
import { parsePartialDate } from '../domain/partialDate';
import type { EntityLabel } from '../domain/entities';
import type { RelationshipType } from '../domain/relationships';

/** Where a fact came from in the dataset, for error messages. */
export interface PlanLocation {
  file: string;
  /** The file's origin name for claims ("seed/projects.yaml"). */
  origin: string;
  entry: string;
  id: string;
  field: string;
}

export interface LocatedEvidence extends Evidence {
  location: PlanLocation;
  /** The planned source this evidence became: the checks record on it where the excerpt sits. */
  target: PlannedSource;
}

export interface LocatedRelationship extends PlannedRelationship {
  location: PlanLocation;
  /** The label the target must have. */
  targetLabel: EntityLabel;
  /** Its evidence as planned sources, located by the checks (then written to `props.evidenceOffsets`). */
  sources: PlannedSource[];
}

/** The plan plus what the checks need to point at the dataset. */
export interface DatasetPlan {
  plan: GraphPlan;
  nodeLocations: Map<string, PlanLocation[]>;
  relationships: LocatedRelationship[];
  evidence: LocatedEvidence[];
}

export function contentHash(value: unknown): string {
  return hash('sha256', JSON.stringify(value), 'hex').slice(0, 24);
}

function compact(props: Record<string, PropertyValue | undefined>): Record<string, PropertyValue> {
  const out: Record<string, PropertyValue> = {};
  for (const [key, value] of Object.entries(props)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}

/**
 * Properties every entity carries: its attributes, and the names for display and normalised
 * keys for lookups and search that src/domain/derivedProperties.ts derives from them (as
 * curation does).
 */
function entityProps(id: string, label: EntityLabel, attributes: NamedAttributes, extra: Record<string, PropertyValue | undefined>): Record<string, PropertyValue> {
  const aliases = [...(attributes.aliases ?? [])];
  const props = compact({
    id,
    name: attributes.name,
    acronym: attributes.acronym ?? undefined,
    aliases,
    ambiguousAliases: attributes.ambiguousAliases && attributes.ambiguousAliases.length > 0 ? [...attributes.ambiguousAliases] : undefined,
    ...derivedProperties(label, attributes),
    ...extra,
  });
  props.contentHash = contentHash(props);
  return props;
}

/** The planned source of a piece of evidence: the document, the excerpt and, when given, where it sits. */
function plannedSource(e: Evidence): PlannedSource {
  const source: PlannedSource = { document: e.document, excerpt: e.excerpt };
  if (e.under !== undefined) source.under = e.under;
  if (e.offset !== undefined) source.offset = e.offset;
  return source;
}

function relationshipProps(evidence: Evidence[], extra: Record<string, PropertyValue | undefined> = {}): Record<string, PropertyValue> {
  const props = compact({
    ...extra,
    evidenceDocuments: evidence.map((e) => e.document),
    evidenceExcerpts: evidence.map((e) => e.excerpt),
    // Parallel lists like the two above ('' and -1 for none: Neo4j lists hold no nulls).
    evidenceUnder: evidence.some((e) => e.under !== undefined) ? evidence.map((e) => e.under ?? '') : undefined,
    evidenceOffsets: evidence.some((e) => e.offset !== undefined) ? evidence.map((e) => e.offset ?? -1) : undefined,
  });
  props.contentHash = contentHash(props);
  return props;
}

/** The latest of some partial dates (YYYY, YYYY-MM, YYYY-MM-DD) by the first day each can mean; undefined when none is given. */
function latestDate(dates: ReadonlyArray<string | null>): string | undefined {
  let latest: { text: string; first: string } | undefined;
  for (const text of dates) {
    const date = text ? parsePartialDate(text) : null;
    if (date && (!latest || date.first > latest.first)) latest = { text: date.text, first: date.first };
  }
  return latest?.text;
}

/** Turns a validated dataset into the nodes, relationships and evidence to write. */
export function planDataset(dataset: Dataset): DatasetPlan {
  const plan: GraphPlan = { sources: [], nodes: [], evidence: [], relationships: [] };
  const nodeLocations = new Map<string, PlanLocation[]>();
  const relationships: LocatedRelationship[] = [];
  const evidence: LocatedEvidence[] = [];

  const where = (located: Located<{ id: string }>, section: string, field = ''): PlanLocation => ({
    file: located.file,
    origin: located.origin ?? located.file,
    entry: `${section}[${located.index}]`,
    id: located.entry.id,
    field,
  });

  const addNode = (partial: Omit<PlannedNode, 'origin' | 'evidence'>, location: PlanLocation, nodeEvidence: Evidence[]) => {
    const sources = nodeEvidence.map(plannedSource);
    const node: PlannedNode = { ...partial, origin: { file: location.origin, entry: location.entry }, evidence: sources };
    plan.nodes.push(node);
    nodeLocations.set(node.id, [...(nodeLocations.get(node.id) ?? []), location]);
    nodeEvidence.forEach((e, position) => {
      plan.evidence.push({ entityId: node.id, document: e.document, excerpt: e.excerpt, position });
      evidence.push({ ...e, location: { ...location, field: `evidence.${position}` }, target: sources[position]! });
    });
  };

  const addRel = (
    type: RelationshipType,
    from: string,
    to: string,
    targetLabel: EntityLabel,
    relEvidence: Evidence[],
    location: PlanLocation,
    extra: Record<string, PropertyValue | undefined> = {},
  ) => {
    const rel: PlannedRelationship = { type, from, to, props: relationshipProps(relEvidence, extra), origin: { file: location.origin, entry: location.entry } };
    const sources = relEvidence.map(plannedSource);
    plan.relationships.push(rel);
    relationships.push({ ...rel, location, targetLabel, sources });
    relEvidence.forEach((e, i) => evidence.push({ ...e, location: { ...location, field: `${location.field}.evidence.${i}` }, target: sources[i]! }));
  };

  const published = new Map(dataset.sources.map((s) => [s.entry.id, s.entry.published ?? null]));
  for (const located of dataset.sources) {
    const s = located.entry;
    const props = compact({ id: s.id, title: s.title, publisher: s.publisher, published: s.published, url: s.url, curated: s.curated ?? false, reference: s.reference });
    props.contentHash = contentHash(props);
    plan.sources.push({ id: s.id, props });
  }

  for (const located of dataset.countries) {
    const c = located.entry;
    addNode({ id: c.id, label: 'Country', props: entityProps(c.id, 'Country', { name: c.name, aliases: c.aliases, isoCode: c.isoCode }, { isoCode: c.isoCode, note: c.note ?? undefined }) }, where(located, 'countries'), c.evidence);
  }

  for (const located of dataset.organisations) {
    const o = located.entry;
    addNode(
      { id: o.id, label: 'Organisation', props: entityProps(o.id, 'Organisation', { name: o.name, acronym: o.acronym, aliases: o.aliases, ambiguousAliases: o.ambiguousAliases }, { kind: o.kind }) },
      where(located, 'organisations'),
      o.evidence,
    );
    if (o.country) addRel('IN_COUNTRY', o.id, o.country, 'Country', o.evidence, where(located, 'organisations', 'country'));
    o.partOf.forEach((p, i) => addRel('PART_OF', o.id, p.id, 'Organisation', p.evidence, where(located, 'organisations', `partOf.${i}`), { inference: p.inferred }));
    (o.coordinates ?? []).forEach((c, i) => addRel('COORDINATES', o.id, c.id, 'Organisation', c.evidence, where(located, 'organisations', `coordinates.${i}`), { inference: c.inferred }));
    o.succeededBy.forEach((s, i) => {
      const date = s.date ? parsePartialDate(s.date) : null;
      // The date as precisely as the source gives it: its first day, its precision and its text ("2021", not 2021-01-01 alone).
      addRel('SUCCEEDED_BY', o.id, s.id, 'Organisation', s.evidence, where(located, 'organisations', `succeededBy.${i}`), {
        date: date?.first,
        datePrecision: date?.precision,
        dateText: date?.text,
        inference: s.inferred,
      });
    });
  }

  for (const located of dataset.projects) {
    const p = located.entry;
    const start = p.start ? parsePartialDate(p.start) : null;
    const end = p.end ? parsePartialDate(p.end) : null;
    const phases = p.phases.map((phase) => {
      const ps = phase.start ? parsePartialDate(phase.start) : null;
      const pe = phase.end ? parsePartialDate(phase.end) : null;
      return { name: phase.name, startDate: ps?.first ?? null, startPrecision: ps?.precision ?? null, endDate: pe?.last ?? null, endPrecision: pe?.precision ?? null };
    });
    const props = entityProps(p.id, 'Project', { name: p.name, acronym: p.acronym, aliases: p.aliases, ambiguousAliases: p.ambiguousAliases, description: p.description, projectType: p.projectType ?? null }, {
      description: p.description,
      status: p.status,
      // A stated status holds as of the date of the page that states it: the latest date of the
      // project's documents; absent when they are undated (issue 17, src/domain/projectStatus.ts).
      statusAsOf: p.status ? latestDate(p.evidence.map((e) => published.get(e.document) ?? null)) : undefined,
      inferencesJson: p.inferred && p.inferred.length > 0 ? JSON.stringify(p.inferred) : undefined,
      projectType: p.projectType,
      startDate: start?.first,
      startPrecision: start?.precision,
      startText: start?.text,
      endDate: end?.last,
      endPrecision: end?.precision,
      endText: end?.text,
      durationMonths: p.durationMonths,
      budgetAmount: p.budget?.amount,
      budgetCurrency: p.budget?.currency,
      coverage: p.coverage,
      phasesJson: JSON.stringify(phases),
      identifiersJson: JSON.stringify(p.identifiers),
      identifierValues: p.identifiers.map((i) => i.value),
      resultsJson: JSON.stringify(p.results.map((r) => ({ ...r, qualifier: r.qualifier ?? null }))),
    });
    addNode({ id: p.id, label: 'Project', props }, where(located, 'projects'), p.evidence);
    p.fundedBy.forEach((l, i) => addRel('FUNDED_BY', p.id, l.id, 'Organisation', l.evidence, where(located, 'projects', `fundedBy.${i}`), { inference: l.inferred }));
    p.implementedBy.forEach((l, i) => addRel('IMPLEMENTED_BY', p.id, l.id, 'Organisation', l.evidence, where(located, 'projects', `implementedBy.${i}`), { role: l.role, inference: l.inferred }));
    p.beneficiaries.forEach((l, i) => addRel('BENEFITS', p.id, l.id, 'Organisation', l.evidence, where(located, 'projects', `beneficiaries.${i}`), { role: l.role, inference: l.inferred }));
    p.partners.forEach((l, i) => addRel('PARTNERED_WITH', p.id, l.id, 'Organisation', l.evidence, where(located, 'projects', `partners.${i}`), { role: l.role, inference: l.inferred }));
    (p.attendees ?? []).forEach((l, i) => addRel('ATTENDED_BY', p.id, l.id, 'Organisation', l.evidence, where(located, 'projects', `attendees.${i}`), { role: l.role, inference: l.inferred }));
    (p.parties ?? []).forEach((l, i) => addRel('JOINT_PROJECT_OF', p.id, l.id, 'Organisation', l.evidence, where(located, 'projects', `parties.${i}`), { role: l.role, inference: l.inferred }));
    p.countries.forEach((l, i) => addRel('IN_COUNTRY', p.id, l.id, 'Country', l.evidence, where(located, 'projects', `countries.${i}`), { inference: l.inferred }));
    p.alignedWith.forEach((l, i) => addRel('ALIGNED_WITH', p.id, l.id, 'LegalFramework', l.evidence, where(located, 'projects', `alignedWith.${i}`), { inference: l.inferred }));
  }

  // A jurisdiction may name a country by id; it is stored as the country's name.
  const countryNames = new Map(dataset.countries.map((c) => [c.entry.id, c.entry.name]));
  for (const located of dataset.legalFrameworks) {
    const l = located.entry;
    const jurisdiction = l.jurisdiction ? (countryNames.get(l.jurisdiction) ?? l.jurisdiction) : undefined;
    addNode(
      {
        id: l.id,
        label: 'LegalFramework',
        props: entityProps(l.id, 'LegalFramework', { name: l.name, aliases: l.aliases, jurisdiction }, { kind: l.kind, jurisdiction, year: l.year }),
      },
      where(located, 'legalFrameworks'),
      l.evidence,
    );
  }

  for (const located of dataset.people) {
    const person = located.entry;
    addNode({ id: person.id, label: 'Person', props: entityProps(person.id, 'Person', { name: person.name, aliases: person.aliases }, {}) }, where(located, 'people'), person.evidence);
    person.roles.forEach((role, i) => {
      const location = where(located, 'people', `roles.${i}`);
      if (role.project) addRel('MANAGES', person.id, role.project, 'Project', role.evidence, location, { title: role.title, inference: role.inferred });
      if (role.organisation) addRel('WORKS_FOR', person.id, role.organisation, 'Organisation', role.evidence, location, { title: role.title, inference: role.inferred });
    });
  }

  return { plan, nodeLocations, relationships, evidence };
}
