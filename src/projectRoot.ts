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
