import { hash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { normaliseName } from '../domain/names';
import { projectRoot } from '../projectRoot';

/**
 * Names that must never enter the graph: victims and survivors of trafficking, and canary
 * names that prove the protection works. The file holds only the SHA-256 of each normalised
 * name (src/domain/names.ts), one a line, so the names themselves are in no repository; a text is
 * refused when any run of its words hashes to an entry.
 */

/** The longest name, in words, that is looked for; longer runs of words are never hashed. */
export const MAX_NAME_WORDS = 6;

const ENTRY = /^[0-9a-f]{64}$/;

export function defaultDenyListPath(root: string = projectRoot()): string {
  return path.join(root, 'data', 'sensitive', 'deny-list.txt');
}

/** The deny-list a process uses: DENY_LIST_PATH (relative to `cwd`) when set, else the shipped one. */
export function configuredDenyListPath(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  return env.DENY_LIST_PATH ? path.resolve(cwd, env.DENY_LIST_PATH) : defaultDenyListPath();
}

/** The line to add to the deny-list for `name`: the SHA-256 of its normalised form. */
export function denyListEntry(name: string): string {
  const key = normaliseName(name);
  if (!key) throw new Error('A deny-list name must contain letters or digits.');
  return sha256(key);
}

function sha256(text: string): string {
  return hash('sha256', text, 'hex');
}

export class DenyListError extends Error {
  override name = 'DenyListError';
}

export class DenyList {
  private constructor(private readonly hashes: ReadonlySet<string>) {}

  static empty(): DenyList {
    return new DenyList(new Set());
  }

  static fromEntries(entries: Iterable<string>): DenyList {
    return new DenyList(new Set(entries));
  }

  /** Reads a deny-list file: one SHA-256 a line; blank lines and `#` comments are ignored. */
  static load(file: string): DenyList {
    if (!existsSync(file)) throw new DenyListError(`The deny-list ${file} does not exist (DENY_LIST_PATH).`);
    const hashes = new Set<string>();
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((raw, index) => {
        const line = raw.trim();
        if (line === '' || line.startsWith('#')) return;
        // The line is not echoed: it might be a name pasted in by mistake.
        if (!ENTRY.test(line)) throw new DenyListError(`${file} line ${index + 1}: expected the SHA-256 of a normalised name (64 lower-case hex digits).`);
        hashes.add(line);
      });
    return new DenyList(hashes);
  }

  get size(): number {
    return this.hashes.size;
  }

  /** True when some run of up to MAX_NAME_WORDS words of `text` is a name on the list. */
  names(text: string): boolean {
    if (this.hashes.size === 0) return false;
    const words = normaliseName(text).split(' ').filter(Boolean);
    for (let start = 0; start < words.length; start++) {
      let window = '';
      for (let length = 1; length <= MAX_NAME_WORDS && start + length <= words.length; length++) {
        window = length === 1 ? (words[start] as string) : `${window} ${words[start + length - 1]}`;
        if (this.hashes.has(sha256(window))) return true;
      }
    }
    return false;
  }
}
