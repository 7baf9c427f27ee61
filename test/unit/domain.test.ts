import { GraphQLEnumType } from 'graphql';
import { attributeProblem } from '../../src/domain/attributes';
import { DERIVED_PROPERTIES, derivedProperties } from '../../src/domain/derivedProperties';
import {
  ENTITY_ATTRIBUTES,
  ENTITY_LABELS,
  ENTITY_TYPE_OF_LABEL,
  ID_PATTERNS,
  LABEL_OF_ENTITY_TYPE,
  PROJECT_STATUSES,
  entityLabelOf,
  isProjectStatus,
} from '../../src/domain/entities';
import { rangeProblem } from '../../src/domain/limits';
import { RELATIONSHIP_RULES, RELATIONSHIP_TYPES, endpointProblem } from '../../src/domain/relationships';
import { collapseWhitespace, textProblem } from '../../src/domain/text';
import { buildSchemaFromFiles } from '../../src/graphql/schemaDocument';
import { planDataset } from '../../src/ingest/plan';
import type { Dataset } from '../../src/ingest/datasetSchema';

const schema = buildSchemaFromFiles();

function enumValues(name: string): string[] {
  const type = schema.getType(name);
  if (!(type instanceof GraphQLEnumType)) throw new Error(`${name} is not an enum of the schema`);
  return type.getValues().map((value) => value.name);
}

describe('the domain module and the schema', () => {
  it('names the same entity types as the schema, one label each way', () => {
    expect(enumValues('EntityType').sort()).toEqual(Object.values(ENTITY_TYPE_OF_LABEL).sort());
    for (const label of ENTITY_LABELS) expect(LABEL_OF_ENTITY_TYPE[ENTITY_TYPE_OF_LABEL[label]]).toBe(label);
  });

  it('names the same project statuses and relationship kinds as the schema', () => {
    expect(enumValues('ProjectStatus')).toEqual([...PROJECT_STATUSES]);
    expect(enumValues('RelationshipType')).toEqual([...RELATIONSHIP_TYPES]);
    expect(enumValues('RelationshipKind')).toEqual([...RELATIONSHIP_TYPES]);
  });
});

describe('entity rules', () => {
  it('finds the entity type among a node’s labels, whatever else it carries', () => {
    expect(entityLabelOf(['Entity', 'Donor', 'Organisation'])).toBe('Organisation');
    expect(entityLabelOf(['Entity', 'Source'])).toBeNull();
  });

  it('accepts ids of each type’s pattern and refuses others', () => {
    expect(ID_PATTERNS.Organisation.pattern.test('org:dgmm')).toBe(true);
    expect(ID_PATTERNS.Organisation.pattern.test('org:DGMM')).toBe(false);
    expect(ID_PATTERNS.Country.pattern.test('country:TR')).toBe(true);
    expect(ID_PATTERNS.Country.pattern.test('country:tr')).toBe(false);
    expect(ID_PATTERNS.Project.pattern.test('org:x')).toBe(false);
  });

  it('tells a status from any other text', () => {
    expect(isProjectStatus('ONGOING')).toBe(true);
    expect(isProjectStatus('ongoing')).toBe(false);
    expect(isProjectStatus(3)).toBe(false);
  });

  it('refuses attributes of another type, unknown kinds and years out of range, naming what was expected', () => {
    expect(attributeProblem('Person', { name: 'A', kind: 'GOVERNMENT' })).toMatch(/A Person has no kind; it has name, aliases/);
    expect(attributeProblem('Organisation', { kind: 'CLUB' })).toMatch(/must be one of GOVERNMENT/);
    expect(attributeProblem('LegalFramework', { year: 1700 })).toMatch(/from 1800 to 2100/);
    expect(attributeProblem('Organisation', { name: '  ' })).toMatch(/"name" must not be empty/);
    expect(attributeProblem('Organisation', { aliases: ['ok', ''] })).toMatch(/"aliases.1" must not be empty/);
    expect(attributeProblem('Organisation', { name: 'Directorate', kind: 'GOVERNMENT', aliases: ['DG'] })).toBeNull();
  });

  it('gives every type at least a name and aliases', () => {
    for (const label of ENTITY_LABELS) expect(ENTITY_ATTRIBUTES[label]).toEqual(expect.arrayContaining(['name', 'aliases']));
  });
});

describe('relationship rules', () => {
  it('says which entity types a kind joins when the endpoints do not fit', () => {
    expect(endpointProblem('FUNDED_BY', { id: 'project:a', label: 'Project' }, { id: 'org:b', label: 'Organisation' })).toBeNull();
    expect(endpointProblem('FUNDED_BY', { id: 'org:b', label: 'Organisation' }, { id: 'project:a', label: 'Project' })).toMatch(
      /FUNDED_BY joins a Project to a Organisation; "org:b" is a Organisation/,
    );
    expect(endpointProblem('IN_COUNTRY', { id: 'org:b', label: 'Organisation' }, { id: 'country:TR', label: 'Country' })).toBeNull();
  });

  it('gives roles only to kinds that carry one, and titles only to people', () => {
    expect(RELATIONSHIP_RULES.IMPLEMENTED_BY.role).toEqual(['LEAD', 'PARTNER']);
    expect(RELATIONSHIP_RULES.FUNDED_BY.role).toBe('none');
    expect(RELATIONSHIP_RULES.MANAGES.title).toBe('required');
    expect(RELATIONSHIP_RULES.SUCCEEDED_BY.date).toBe(true);
  });
});

describe('text and range checks', () => {
  it('says what is wrong with a text, or nothing', () => {
    expect(textProblem('name', '')).toBe('"name" must not be empty.');
    expect(textProblem('name', 'x'.repeat(501))).toBe('"name" may be at most 500 characters; got 501.');
    expect(textProblem('name', undefined)).toBeNull();
    expect(collapseWhitespace(' a \u00a0\n b\u200b c ')).toBe('a b c');
  });

  it('says the bounds and what arrived for an integer out of range', () => {
    expect(rangeProblem('first', 101, 0, 100)).toBe('"first" must be between 0 and 100; got 101.');
    expect(rangeProblem('first', 1.5, 0, 100)).toMatch(/got 1.5/);
    expect(rangeProblem('first', 100, 0, 100)).toBeNull();
  });
});

describe('derived properties', () => {
  it('finds a country by its ISO code and a framework by its jurisdiction key', () => {
    expect(derivedProperties('Country', { name: 'Türkiye', aliases: ['Turkey'], isoCode: 'TR' }).nameKeys).toEqual(['turkiye', 'turkey', 'tr']);
    expect(derivedProperties('LegalFramework', { name: 'Law 6458', jurisdiction: 'Türkiye' }).jurisdictionKey).toBe('turkiye');
    expect(derivedProperties('Organisation', { name: 'A', isoCode: 'TR' }).nameKeys).toEqual(['a']);
  });

  it('are derived for a loaded entity exactly as for a curated one', () => {
    const dataset: Dataset = {
      sources: [],
      countries: [],
      legalFrameworks: [],
      people: [],
      projects: [],
      organisations: [
        {
          file: 'test.yaml',
          index: 0,
          entry: { id: 'org:dgmm', name: 'Directorate General of Migration Management', acronym: 'DGMM', aliases: ['Göç İdaresi'], evidence: [{ document: 'd', excerpt: 'e' }], partOf: [], succeededBy: [] },
        },
      ],
    };
    const [node] = planDataset(dataset).plan.nodes;
    const derived = derivedProperties('Organisation', { name: 'Directorate General of Migration Management', acronym: 'DGMM', aliases: ['Göç İdaresi'] });
    for (const [key, value] of Object.entries(derived)) expect(node?.props[key]).toEqual(value);
    for (const key of Object.keys(derived)) expect(DERIVED_PROPERTIES.has(key)).toBe(true);
  });
});
