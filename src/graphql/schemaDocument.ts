import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Kind, buildASTSchema, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { projectRoot } from '../projectRoot';

/** The SDL files of schema/, in name order: the API's single source of truth. */
export function loadTypeDefs(directory: string = path.join(projectRoot(), 'schema')): DocumentNode[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => parse(readFileSync(path.join(directory, file), 'utf8')));
}

/** The schema without resolvers, for checks such as the contract test. */
export function buildSchemaFromFiles(directory?: string): GraphQLSchema {
  const definitions = loadTypeDefs(directory).flatMap((doc) => doc.definitions);
  return buildASTSchema({ kind: Kind.DOCUMENT, definitions });
}
