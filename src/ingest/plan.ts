import { createHash } from 'node:crypto';
import type { GraphPlan, PlannedNode, PlannedRelationship, PropertyValue } from '../db/graphPlan';
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
}

export interface LocatedRelationship extends PlannedRelationship {
  location: PlanLocation;
  /** The label the target must have. */
  targetLabel: EntityLabel;
}

/** The plan plus what the checks need to point at the dataset. */
export interface DatasetPlan {
  plan: GraphPlan;
  nodeLocations: Map<string, PlanLocation[]>;
  relationships: LocatedRelationship[];
  evidence: LocatedEvidence[];
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 24);
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
    ...derivedProperties(label, attributes),
    ...extra,
  });
  props.contentHash = contentHash(props);
  return props;
}

function relationshipProps(evidence: Evidence[], extra: Record<string, PropertyValue | undefined> = {}): Record<string, PropertyValue> {
  const props = compact({
    ...extra,
    evidenceDocuments: evidence.map((e) => e.document),
    evidenceExcerpts: evidence.map((e) => e.excerpt),
  });
  props.contentHash = contentHash(props);
  return props;
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
    const node: PlannedNode = { ...partial, origin: { file: location.origin, entry: location.entry }, evidence: nodeEvidence.map((e) => ({ document: e.document, excerpt: e.excerpt })) };
    plan.nodes.push(node);
    nodeLocations.set(node.id, [...(nodeLocations.get(node.id) ?? []), location]);
    nodeEvidence.forEach((e, position) => {
      plan.evidence.push({ entityId: node.id, document: e.document, excerpt: e.excerpt, position });
      evidence.push({ ...e, location: { ...location, field: `evidence.${position}` } });
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
    plan.relationships.push(rel);
    relationships.push({ ...rel, location, targetLabel });
    relEvidence.forEach((e, i) => evidence.push({ ...e, location: { ...location, field: `${location.field}.evidence.${i}` } }));
  };

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
    addNode({ id: o.id, label: 'Organisation', props: entityProps(o.id, 'Organisation', { name: o.name, acronym: o.acronym, aliases: o.aliases }, { kind: o.kind }) }, where(located, 'organisations'), o.evidence);
    if (o.country) addRel('IN_COUNTRY', o.id, o.country, 'Country', o.evidence, where(located, 'organisations', 'country'));
    o.partOf.forEach((p, i) => addRel('PART_OF', o.id, p.id, 'Organisation', p.evidence, where(located, 'organisations', `partOf.${i}`)));
    o.succeededBy.forEach((s, i) => {
      const date = s.date ? parsePartialDate(s.date) : null;
      addRel('SUCCEEDED_BY', o.id, s.id, 'Organisation', s.evidence, where(located, 'organisations', `succeededBy.${i}`), { date: date?.first, datePrecision: date?.precision });
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
    const props = entityProps(p.id, 'Project', { name: p.name, acronym: p.acronym, aliases: p.aliases, description: p.description, projectType: p.projectType ?? null }, {
      description: p.description,
      status: p.status,
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
    p.fundedBy.forEach((l, i) => addRel('FUNDED_BY', p.id, l.id, 'Organisation', l.evidence, where(located, 'projects', `fundedBy.${i}`)));
    p.implementedBy.forEach((l, i) => addRel('IMPLEMENTED_BY', p.id, l.id, 'Organisation', l.evidence, where(located, 'projects', `implementedBy.${i}`), { role: l.role }));
    p.beneficiaries.forEach((l, i) => addRel('BENEFITS', p.id, l.id, 'Organisation', l.evidence, where(located, 'projects', `beneficiaries.${i}`), { role: l.role }));
    p.partners.forEach((l, i) => addRel('PARTNERED_WITH', p.id, l.id, 'Organisation', l.evidence, where(located, 'projects', `partners.${i}`), { role: l.role }));
    p.countries.forEach((l, i) => addRel('IN_COUNTRY', p.id, l.id, 'Country', l.evidence, where(located, 'projects', `countries.${i}`)));
    p.alignedWith.forEach((l, i) => addRel('ALIGNED_WITH', p.id, l.id, 'LegalFramework', l.evidence, where(located, 'projects', `alignedWith.${i}`)));
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
      if (role.project) addRel('MANAGES', person.id, role.project, 'Project', role.evidence, location, { title: role.title });
      if (role.organisation) addRel('WORKS_FOR', person.id, role.organisation, 'Organisation', role.evidence, location, { title: role.title });
    });
  }

  return { plan, nodeLocations, relationships, evidence };
}
