import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository's root folder, found by walking up to package.json. Compiled code runs from
 * dist/src/... and tests from src/..., so a fixed relative path would be wrong in one of them.
 */
export function projectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'cypher'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No project root (package.json beside cypher/) above ${start}`);
    dir = parent;
  }
}

/**
 * The folder holding the text of every source document the datasets cite. It lives here,
 * beside the root it is found from, because ingestion, curation (security) and main.ts all
 * read it and none of them may import another for it.
 */
export function defaultDocumentsDir(root: string = projectRoot()): string {
  return path.join(root, 'data', 'documents');
}
