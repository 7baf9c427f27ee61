import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isUnionType } from 'graphql';
import { buildSchemaFromFiles } from '../../src/graphql/schemaDocument';

/** The playground's documentation panel is a researcher's manual: nothing may be undocumented. */
describe('the schema documents itself', () => {
  const schema = buildSchemaFromFiles();
  const types = Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__') && !['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name));

  it('describes every type', () => {
    expect(types.filter((type) => !type.description).map((type) => type.name)).toEqual([]);
  });

  it('describes every field, argument, input field and enum value', () => {
    const missing: string[] = [];
    for (const type of types) {
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      } else if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      } else {
        expect(isScalarType(type) || isUnionType(type)).toBe(true);
      }
    }
    expect(missing).toEqual([]);
  });
});
