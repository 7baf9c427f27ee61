import { parse, validate } from 'graphql';
import { EXAMPLE_QUERIES } from '../../src/http/exampleQueries';
import { buildSchemaFromFiles } from '../../src/graphql/schemaDocument';

describe('the playground\'s example queries', () => {
  const schema = buildSchemaFromFiles();

  it.each(EXAMPLE_QUERIES.map((example) => [example.title, example.query]))('"%s" is valid against the schema', (_title, query) => {
    expect(validate(schema, parse(query))).toEqual([]);
  });

  it('cover the questions researchers ask first', () => {
    const titles = EXAMPLE_QUERIES.map((example) => example.title.toLowerCase());
    for (const question of ['benefiting', 'who funds what', 'over time', 'legal frameworks']) {
      expect(titles.some((title) => title.includes(question))).toBe(true);
    }
  });
});
