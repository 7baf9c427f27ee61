import { CypherCatalog, type SlotName, type Slots } from '../../src/db/cypher/catalog';
import { compileCountryFilter, compileLegalFrameworkFilter, compileOrganisationFilter } from '../../src/db/cypher/entityFilters';
import {
  COUNTRY_ORDER_FIELDS,
  COUNTRY_TIE_BREAKERS,
  LEGAL_FRAMEWORK_ORDER_FIELDS,
  LEGAL_FRAMEWORK_TIE_BREAKERS,
  ORGANISATION_ORDER_FIELDS,
  ORGANISATION_TIE_BREAKERS,
  PROJECT_ORDER_FIELDS,
  PROJECT_TIE_BREAKERS,
  orderClause,
} from '../../src/db/cypher/ordering';
import { compileProjectFilter } from '../../src/db/cypher/projectFilter';
import { renderFold, type FoldLevel } from '../../src/db/cypher/fold';
import { detailSlots, integerSlot, labelSlot, patternSlot, typeSlot, typesSlot } from '../../src/db/cypher/slots';
import type { GraphDetail } from '../../src/db/records';
import { STATS_ENTITY_GROUPS } from '../../src/db/repositories/listRepository';
import { ENTITY_LABELS } from '../../src/domain/entities';
import { MAX_NEIGHBOURHOOD_DEPTH, MAX_PATH_LENGTH } from '../../src/domain/limits';
import { RELATIONSHIP_TYPES, type Direction } from '../../src/domain/relationships';

/**
 * Every query of cypher/queries as the service renders it, so that a change to generated
 * Cypher shows in review as a change to the snapshot. Each query is rendered with the first
 * variant of each of its slots, and then with every other variant of one slot at a time; the
 * variants come from the same fixed lists and renderers the repositories use.
 */

const catalog = new CypherCatalog();

interface Variant {
  label: string;
  value: string;
}

const DIRECTIONS: readonly Direction[] = ['OUT', 'IN'];

/** Every combination of the four GraphDetail flags. */
const DETAILS: GraphDetail[] = [false, true].flatMap((degree) =>
  [false, true].flatMap((evidence) => [false, true].flatMap((nodeProperties) => [false, true].map((edgeProperties) => ({ degree, evidence, nodeProperties, edgeProperties })))),
);

/** The distinct values one detail slot takes over every GraphDetail, labelled by the first detail giving each. */
function detailVariants(slot: 'DEGREE' | 'NODE_PROPS' | 'EDGE_PROPS'): Variant[] {
  const seen = new Map<string, string>();
  for (const detail of [...DETAILS].reverse()) {
    const value = detailSlots(detail)[slot];
    const on = Object.entries(detail).filter(([, flag]) => flag).map(([name]) => name);
    if (!seen.has(value)) seen.set(value, on.length > 0 ? on.join('+') : 'none');
  }
  return [...seen].map(([value, label]) => ({ label, value }));
}

function range(min: number, max: number): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

const PAGE = { skip: 0, limit: 20 };

const ID_AND_NAME = ['id', 'name'] as const;
const none = (properties: FoldLevel['properties']): FoldLevel => ({ properties, needs: [] });

/** The plans of the benchmark's folded shapes, and one of every kind of need with a filter, an order and every property. */
const FOLD_PLANS: ReadonlyArray<[string, FoldLevel]> = [
  [
    'organisation profile',
    {
      properties: ['id', 'name', 'acronym', 'aliases', 'kind'],
      needs: [
        { kind: 'related', type: 'PART_OF', direction: 'OUT', edges: false, children: none(ID_AND_NAME) },
        { kind: 'related', type: 'IN_COUNTRY', direction: 'OUT', edges: false, children: none(['id', 'name', 'isoCode']) },
        { kind: 'related', type: 'PART_OF', direction: 'IN', edges: false, children: none(ID_AND_NAME) },
        { kind: 'evidence' },
      ],
    },
  ],
  [
    'three levels of nesting',
    {
      properties: ID_AND_NAME,
      needs: [
        {
          kind: 'projects', type: 'BENEFITS', direction: 'IN', filter: null, orders: null, request: PAGE, withTotal: false, edges: false,
          children: {
            properties: ID_AND_NAME,
            needs: [
              {
                kind: 'related', type: 'FUNDED_BY', direction: 'OUT', edges: false,
                children: { properties: ID_AND_NAME, needs: [{ kind: 'projects', type: 'FUNDED_BY', direction: 'IN', filter: null, orders: null, request: PAGE, withTotal: false, edges: false, children: none(ID_AND_NAME) }] },
              },
            ],
          },
        },
      ],
    },
  ],
  [
    'a filtered, ordered page with its total and its edges',
    {
      properties: null,
      needs: [
        {
          kind: 'projects', type: 'FUNDED_BY', direction: 'IN', filter: { country: 'country:TR', status: 'ONGOING' }, orders: [{ field: 'START_DATE', direction: 'DESC' }],
          request: { skip: 20, limit: 10 }, withTotal: true, edges: true, children: { properties: null, needs: [{ kind: 'evidence' }] },
        },
      ],
    },
  ],
];

const BRANCH_GROUPS = RELATIONSHIP_TYPES.flatMap((type) => DIRECTIONS.map((direction) => ({ type, direction })));

/** The variants of each slot, first the one the other slots are rendered with. */
const SLOT_VARIANTS: Readonly<Record<Exclude<SlotName, 'ORDER'>, readonly Variant[]>> = {
  LABEL: ENTITY_LABELS.map((label) => ({ label, value: labelSlot(label) })),
  TYPE: RELATIONSHIP_TYPES.map((type) => ({ label: type, value: typeSlot(type) })),
  TYPES: [{ label: 'all', value: typesSlot() }, ...RELATIONSHIP_TYPES.map((type) => ({ label: type, value: typesSlot([type]) }))],
  PATTERN: BRANCH_GROUPS.map(({ type, direction }) => ({ label: `${type} ${direction}`, value: patternSlot(type, direction) })),
  DEPTH: range(1, MAX_NEIGHBOURHOOD_DEPTH).map((depth) => ({ label: String(depth), value: integerSlot('depth', depth, 1, MAX_NEIGHBOURHOOD_DEPTH) })),
  MAX_LENGTH: range(1, MAX_PATH_LENGTH).map((length) => ({ label: String(length), value: integerSlot('maxLength', length, 1, MAX_PATH_LENGTH) })),
  DEGREE: detailVariants('DEGREE'),
  NODE_PROPS: detailVariants('NODE_PROPS'),
  EDGE_PROPS: detailVariants('EDGE_PROPS'),
  // A group's number only; the first and the last a batch can have.
  GROUP: [0, BRANCH_GROUPS.length - 1].map((g) => ({ label: String(g), value: integerSlot('group', g, 0, BRANCH_GROUPS.length - 1) })),
  BRANCHES: [
    {
      label: 'two groups',
      value: catalog.unionAll(
        'relationship.relatedMany.branch',
        BRANCH_GROUPS.slice(0, 2).map(({ type, direction }, g) => ({ GROUP: String(g), PATTERN: patternSlot(type, direction) })),
      ),
    },
  ],
  FOLD: FOLD_PLANS.map(([label, plan]) => ({ label, value: renderFold(plan).fold })),
  PROPS: FOLD_PLANS.map(([label, plan]) => ({ label, value: renderFold(plan).props })),
  WHERE: [{ label: 'no filter', value: compileProjectFilter(null).where }],
  PROJECTS: [{ label: 'no filter', value: compileProjectFilter(null).projects }],
};

/** The default order (its tie-breakers) of each list, by the variable its query binds. */
function orderVariants(name: string): Variant[] {
  const maps: Record<string, [Readonly<Record<string, string>>, readonly string[]]> = {
    project: [PROJECT_ORDER_FIELDS, PROJECT_TIE_BREAKERS],
    organisation: [ORGANISATION_ORDER_FIELDS, ORGANISATION_TIE_BREAKERS],
    legalFramework: [LEGAL_FRAMEWORK_ORDER_FIELDS, LEGAL_FRAMEWORK_TIE_BREAKERS],
    country: [COUNTRY_ORDER_FIELDS, COUNTRY_TIE_BREAKERS],
  };
  const entry = maps[name.split('.')[0] ?? ''];
  if (!entry) throw new Error(`No order fields for ${name}`);
  const [fields, tieBreakers] = entry;
  return [
    { label: 'default', value: orderClause(null, fields, tieBreakers) },
    ...Object.keys(fields).map((field) => ({ label: `${field} DESC`, value: orderClause([{ field, direction: 'DESC' }], fields, tieBreakers) })),
  ];
}

/** Queries whose slots the code fills from a narrower table than the slot's whole list. */
const FIXED_COMBINATIONS: Readonly<Record<string, ReadonlyArray<{ label: string; slots: Partial<Record<SlotName, string>> }>>> = {
  'project.stats.entity': Object.entries(STATS_ENTITY_GROUPS).map(([group, { type, label }]) => ({ label: group, slots: { TYPE: typeSlot(type), LABEL: labelSlot(label) } })),
};

function variantsOf(name: string, slot: SlotName): readonly Variant[] {
  return slot === 'ORDER' ? orderVariants(name) : SLOT_VARIANTS[slot];
}

/** [key, rendered text] for every query and every variant of its slots. */
function renderings(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const name of catalog.names()) {
    const slots = [...catalog.slotsOf(name)].sort();
    const base: Partial<Record<SlotName, string>> = {};
    for (const slot of slots) base[slot] = variantsOf(name, slot)[0]?.value;
    const fixed = FIXED_COMBINATIONS[name];
    if (fixed) {
      for (const { label, slots: combination } of fixed) out.push([`${name} [${label}]`, catalog.get(name, { ...base, ...combination })]);
    } else {
      out.push([slots.length > 0 ? `${name} [first variants]` : name, catalog.get(name, base)]);
    }
    for (const slot of slots) {
      if (fixed && Object.keys(fixed[0]?.slots ?? {}).includes(slot)) continue;
      for (const variant of variantsOf(name, slot).slice(1)) out.push([`${name} [${slot}=${variant.label}]`, catalog.get(name, { ...base, [slot]: variant.value } as Slots)]);
    }
  }
  return out;
}

const RENDERED = renderings();

describe('the Cypher catalog', () => {
  it('renders every query file, each with every slot filled', () => {
    const rendered = new Set(RENDERED.map(([key]) => key.split(' ')[0]));
    expect([...rendered].sort()).toEqual(catalog.names().sort());
    for (const [key, text] of RENDERED) expect({ key, unfilled: /\{\{/.test(text) }).toEqual({ key, unfilled: false });
  });

  it('refuses a slot a query does not have, and a query rendered without one it needs', () => {
    expect(() => catalog.get('entity.byIds', { LABEL: 'Project' })).toThrow(/has no slot LABEL/);
    expect(() => catalog.get('ingest.nodes')).toThrow(/needs slot LABEL/);
  });

  it.each(RENDERED)('renders %s as in the snapshot', (_key, text) => {
    expect(text).toMatchSnapshot();
  });
});

describe('the filter compilers', () => {
  const cases: Array<[string, () => unknown]> = [
    ['a project filter naming a beneficiary (the anchor and the WHERE)', () => compileProjectFilter({ benefits: 'DGMM' })],
    ['a nested project filter', () => compileProjectFilter({ country: 'Türkiye', or: [{ fundedBy: 'SEM', includeUnits: true }, { not: { status: 'COMPLETED' } }], activeOn: '2018-06-01', text: 'border management' })],
    ['an organisation filter, donors only', () => compileOrganisationFilter({ name: 'DGMM', partOf: 'Ministry of Interior', or: [{ kind: 'agency' }, { isDonor: false }] }, true)],
    ['a legal framework filter', () => compileLegalFrameworkFilter({ jurisdiction: 'Turkey', not: { kind: 'law' } })],
    ['a country filter', () => compileCountryFilter({ name: 'TR', hasProjects: true })],
    ['an or of funders, one list of names', () => compileProjectFilter({ or: [{ fundedBy: 'SEM' }, { fundedBy: 'EU' }, { fundedBy: 'UK', includeUnits: true }, { fundedBy: 'DE', includeUnits: true }, { country: 'TR' }] })],
    ['an or of organisation names, one list of names', () => compileOrganisationFilter({ or: [{ name: 'DGMM' }, { name: 'IOM' }, { kind: 'agency' }] })],
    ['an or of legal framework names, one list of names', () => compileLegalFrameworkFilter({ or: [{ name: 'LFIP' }, { name: 'Palermo Protocol' }] })],
  ];
  it.each(cases)('compiles %s as in the snapshot', (_name, compile) => {
    expect(compile()).toMatchSnapshot();
  });

  it('renders projects(filter: {benefits: "DGMM"}) whole, as the service sends it', () => {
    const compiled = compileProjectFilter({ benefits: 'DGMM' });
    expect(catalog.get('project.page', { PROJECTS: compiled.projects, WHERE: compiled.where, ORDER: orderClause(null, PROJECT_ORDER_FIELDS, PROJECT_TIE_BREAKERS) })).toMatchSnapshot();
  });
});
