import { hash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { normaliseName } from '../domain/names';
import { projectRoot } from '../projectRoot';

/**
 * Names that must never enter the graph: victims and survivors of trafficking, and canary
 * names that prove the protection works. The file holds only the SHA-256 of each normalised
 * name (src/domain/names.ts), one a line, so the names themselves are in no repository; a text is
 * refused when any run of its words hashes to an entry.
 *
 * Why not a multi-pattern automaton (Aho-Corasick, e.g. modern-ahocorasick): an automaton is
 * built from the patterns themselves, and this list has only their hashes; keeping the names
 * in clear (or hashes of single words, which a dictionary reverses) to build one would put
 * the names of victims back into a file. What makes the check cheap instead is that texts
 * and runs of words repeat (the same excerpt backs an entity and its relationships; generated
 * and real datasets reuse their vocabulary): each distinct text, and each distinct run of
 * words, is hashed once per list, and found clean from memory after that (runs as a tree of
 * word numbers, CleanRuns). What stays is one SHA-256 per run of words never met before: a
 * text with a number in it (an acronym, an entry's rank) brings up to 21 new runs per number,
 * and that hashing is most of the check's time on a large load.
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

const SHARED = new Map<string, { stamp: string; list: DenyList }>();

function remember(set: Set<string>, value: string, max: number): void {
  if (set.size >= max) set.clear();
  set.add(value);
}

/**
 * Runs of words known to be clean, as a tree keyed by word numbers: the child of a node under
 * word w is the run extended by w, and a node exists only once its run was hashed and found
 * clean. Walking it costs a lookup of a small integer per word, where a set of runs would
 * build and hash the text of every run (six per word) before it could answer.
 */
type CleanRuns = Map<number, CleanRuns>;

export class DenyListError extends Error {
  override name = 'DenyListError';
}

/** Bounds of the memory of clean texts and runs of words: emptied when full, so it never grows past them. */
const CLEAN_TEXTS_MAX = 200_000;
const CLEAN_RUNS_MAX = 1_000_000;
/** Longer texts (descriptions) rarely repeat: they are not remembered, their runs of words are. */
const REMEMBERED_TEXT_MAX_LENGTH = 300;

export class DenyList {
  /** Texts and runs of words known to name no one on the list (the list never changes, so these stay true). */
  private readonly cleanTexts = new Set<string>();
  /** Each word met, numbered (the keys of cleanRuns); emptied with cleanRuns. */
  private readonly wordNumbers = new Map<string, number>();
  private readonly cleanRuns: CleanRuns = new Map();
  private cleanRunCount = 0;

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

  /**
   * The list in `file`, read once per process while the file is unchanged (same size and
   * modification time), so that a load in many chunks keeps one memory of clean texts.
   */
  static shared(file: string): DenyList {
    const stat = statSync(file, { throwIfNoEntry: false });
    const stamp = stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
    const cached = SHARED.get(file);
    if (cached && cached.stamp === stamp) return cached.list;
    const list = DenyList.load(file);
    SHARED.set(file, { stamp, list });
    return list;
  }

  get size(): number {
    return this.hashes.size;
  }

  /** True when some run of up to MAX_NAME_WORDS words of `text` is a name on the list. */
  names(text: string): boolean {
    if (this.hashes.size === 0 || this.cleanTexts.has(text)) return false;
    const words = normaliseName(text).split(' ').filter(Boolean);
    if (this.cleanRunCount + words.length * MAX_NAME_WORDS > CLEAN_RUNS_MAX || this.wordNumbers.size > CLEAN_RUNS_MAX) {
      this.cleanRuns.clear();
      this.wordNumbers.clear();
      this.cleanRunCount = 0;
    }
    const numbers = words.map((word) => {
      let number = this.wordNumbers.get(word);
      if (number === undefined) this.wordNumbers.set(word, (number = this.wordNumbers.size));
      return number;
    });
    for (let start = 0; start < words.length; start++) {
      let node = this.cleanRuns;
      for (let end = start + 1; end <= start + MAX_NAME_WORDS && end <= words.length; end++) {
        const word = numbers[end - 1] as number;
        let next = node.get(word);
        if (next === undefined) {
          if (this.hashes.has(sha256(words.slice(start, end).join(' ')))) return true;
          next = new Map();
          node.set(word, next);
          this.cleanRunCount += 1;
        }
        node = next;
      }
    }
    if (text.length <= REMEMBERED_TEXT_MAX_LENGTH) remember(this.cleanTexts, text, CLEAN_TEXTS_MAX);
    return false;
  }
}
