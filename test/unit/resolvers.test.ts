import { isObjectType } from 'graphql';
import { buildResolvers } from '../../src/graphql/resolvers';
import { buildSchemaFromFiles } from '../../src/graphql/schemaDocument';

describe('resolvers', () => {
  const schema = buildSchemaFromFiles();
  const resolvers = buildResolvers() as Record<string, Record<string, unknown>>;

  it('answer every field of Query', () => {
    const fields = Object.keys(schema.getQueryType()!.getFields());
    const missing = fields.filter((field) => typeof resolvers.Query?.[field] !== 'function');
    expect(missing).toEqual([]);
  });

  it('exist only for types and fields the schema has', () => {
    for (const [typeName, fields] of Object.entries(resolvers)) {
      const type = schema.getType(typeName);
      expect(type).toBeDefined();
      if (type && isObjectType(type)) {
        for (const field of Object.keys(fields)) expect(Object.keys(type.getFields())).toContain(field);
      }
    }
  });
});
