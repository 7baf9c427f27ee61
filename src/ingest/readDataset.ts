import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { SECTIONS, type Dataset, type SectionName } from './datasetSchema';
import { DatasetError, type DatasetIssue } from './datasetErrors';

/** The YAML files of a dataset: the file itself, or every *.yaml/*.yml below a folder. */
export function datasetFiles(target: string): string[] {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (!stat) throw new DatasetError([{ file: target, entry: '', field: '', message: 'no such file or folder' }]);
  if (stat.isFile()) return [target];
  const files: string[] = [];
  for (const name of readdirSync(target).sort()) {
    const full = path.join(target, name);
    if (statSync(full).isDirectory()) files.push(...datasetFiles(full));
    else if (/\.ya?ml$/.test(name)) files.push(full);
  }
  return files;
}

function idOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/** The folder a dataset's origin names are taken from: the one above the dataset folder (or above a single file's folder). */
function originBase(target: string): string {
  const stat = statSync(target, { throwIfNoEntry: false });
  return path.dirname(stat?.isFile() ? path.dirname(path.resolve(target)) : path.resolve(target));
}

/** A file's name as an origin of claims ("seed/projects.yaml"), with forward slashes on every system. */
export function originName(target: string, file: string): string {
  return path.relative(originBase(target), path.resolve(file)).split(path.sep).join('/');
}

/**
 * Bumped when the way a file becomes claims changes, so that start-up reloads files whose
 * content is the same but whose claims the code now makes differently (claims-2: evidence
 * carries its location, links their inference, projects their status's as-of date).
 */
export const PLAN_VERSION = 'claims-2';

export interface DatasetFileDigest {
  /** The origin name ("seed/projects.yaml"). */
  origin: string;
  /** The path shown to people. */
  display: string;
  /** SHA-256 of the plan version and the file's bytes. */
  hash: string;
}

/** The content hash of every file of a dataset, for start-up to skip the files that have not changed. */
export function datasetFileDigests(target: string): DatasetFileDigest[] {
  return datasetFiles(target).map((file) => ({
    origin: originName(target, file),
    display: path.relative(process.cwd(), file) || file,
    hash: createHash('sha256').update(PLAN_VERSION).update('\0').update(readFileSync(file)).digest('hex'),
  }));
}

/**
 * Reads one YAML file of sections (each a list of entries) and validates every entry with its
 * section's schema, handing each valid one to `accept`. Every problem (YAML, the top level, an
 * unknown section, an entry) is added to `issues`, named by file, entry and field, so that one
 * run shows a curator everything to fix. The dataset and the curation overlay read alike.
 */
export function readSections<S extends string>(
  file: string,
  display: string,
  sections: Readonly<Record<S, z.ZodTypeAny>>,
  issues: DatasetIssue[],
  accept: (section: S, index: number, entry: unknown) => void,
): void {
  const names = Object.keys(sections) as S[];
  const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) issues.push({ file: display, entry: `line ${error.linePos?.[0]?.line ?? '?'}`, field: '', message: `YAML: ${error.message.split('\n')[0]}` });
    return;
  }
  const content: unknown = doc.toJS();
  if (content === null || content === undefined) return;
  if (typeof content !== 'object' || Array.isArray(content)) {
    issues.push({ file: display, entry: '(top level)', field: '', message: `expected sections (${names.join(', ')}), found ${Array.isArray(content) ? 'a list' : typeof content}` });
    return;
  }
  for (const [section, entries] of Object.entries(content as Record<string, unknown>)) {
    if (!(names as string[]).includes(section)) {
      issues.push({ file: display, entry: section, field: '', message: `unknown section "${section}"; expected one of ${names.join(', ')}` });
      continue;
    }
    if (!Array.isArray(entries)) {
      issues.push({ file: display, entry: section, field: '', message: 'expected a list of entries' });
      continue;
    }
    const name = section as S;
    entries.forEach((raw: unknown, index) => {
      const parsed = sections[name].safeParse(raw);
      if (parsed.success) return accept(name, index, parsed.data);
      const id = idOf(raw);
      for (const problem of parsed.error.issues) {
        issues.push({ file: display, entry: `${name}[${index}]`, ...(id === undefined ? {} : { id }), field: problem.path.join('.'), message: problem.message });
      }
    });
  }
}

/**
 * Reads and validates the dataset's files. Every problem in every file is collected before
 * failing, so one run shows a curator everything to fix.
 */
export function readDataset(target: string): Dataset {
  const dataset: Dataset = { sources: [], countries: [], organisations: [], projects: [], legalFrameworks: [], people: [] };
  const issues: DatasetIssue[] = [];
  for (const file of datasetFiles(target)) {
    const display = path.relative(process.cwd(), file) || file;
    const origin = originName(target, file);
    readSections<SectionName>(file, display, SECTIONS, issues, (name, index, entry) => {
      (dataset[name] as Array<{ file: string; index: number; entry: unknown; origin: string }>).push({ file: display, index, entry, origin });
    });
  }
  if (issues.length > 0) throw new DatasetError(issues);
  return dataset;
}
