import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatasetError } from '../../src/ingest/datasetErrors';
import { checkDenyList } from '../../src/ingest/checks';
import { planDataset } from '../../src/ingest/plan';
import type { Dataset } from '../../src/ingest/datasetSchema';
import { DenyList, DenyListError, MAX_NAME_WORDS, defaultDenyListPath, denyListEntry } from '../../src/security/denyList';

// Made up for this test; no real person.
const CANARY = 'Quillon Marrowby-Fenn';
const list = DenyList.fromEntries([denyListEntry(CANARY)]);

describe('the deny-list', () => {
  it('holds the SHA-256 of the normalised name, never the name', () => {
    expect(denyListEntry(CANARY)).toMatch(/^[0-9a-f]{64}$/);
    expect(denyListEntry(CANARY)).toBe(denyListEntry('quillon marrowby fenn'));
  });

  it('finds the name however it is written, wherever it stands in a text', () => {
    expect(list.names(CANARY)).toBe(true);
    expect(list.names('QUILLON  MARRÓWBY-FENN')).toBe(true);
    expect(list.names('The survivor, Quillon Marrowby Fenn, told the court…')).toBe(true);
    expect(list.names('person:quillon-marrowby-fenn')).toBe(true);
  });

  it('does not take part of the name, or the words inside other words, for the name', () => {
    expect(list.names('Quillon Marrowby')).toBe(false);
    expect(list.names('Quillonx Marrowby-Fenn')).toBe(false);
    expect(list.names('Directorate General of Migration Management')).toBe(false);
  });

  it('finds names up to MAX_NAME_WORDS words long', () => {
    const long = Array.from({ length: MAX_NAME_WORDS }, (_v, i) => `word${i}`).join(' ');
    expect(DenyList.fromEntries([denyListEntry(long)]).names(`before ${long} after`)).toBe(true);
  });

  it('answers the same for a text and a run of words it has seen before, clean or not', () => {
    const seen = DenyList.fromEntries([denyListEntry(CANARY)]);
    const clean = 'Quillon Marrowby met the Directorate';
    // Clean first, remembered: the second answer comes from memory and must not change.
    expect(seen.names(clean)).toBe(false);
    expect(seen.names(clean)).toBe(false);
    // Every run of words of the name was seen in clean texts ("quillon", "quillon marrowby",
    // "marrowby"...): the whole name is still found, and found again.
    expect(seen.names('Fenn spoke')).toBe(false);
    expect(seen.names(`A text with ${CANARY} in it`)).toBe(true);
    expect(seen.names(`A text with ${CANARY} in it`)).toBe(true);
    expect(seen.names(CANARY)).toBe(true);
    expect(seen.names(clean)).toBe(false);
  });

  it('keeps word boundaries when runs of words are remembered', () => {
    const seen = DenyList.fromEntries([denyListEntry(CANARY)]);
    expect(seen.names('QuillonMarrowby Fenn')).toBe(false);
    expect(seen.names('Quillon Marrowby Fenny')).toBe(false);
    expect(seen.names('xQuillon Marrowby Fenn')).toBe(false);
    expect(seen.names('(Quillon) Marrowby—Fenn.')).toBe(true);
    expect(seen.names('QuillonMarrowby Fenn')).toBe(false);
  });

  it('still finds a name after its memory has been emptied many times over', () => {
    const seen = DenyList.fromEntries([denyListEntry(CANARY)]);
    // More distinct texts and runs of words than the memory keeps (CLEAN_TEXTS_MAX, CLEAN_WINDOWS_MAX).
    let found = 0;
    for (let i = 0; i < 400_000; i += 1) if (seen.names(`word${i} other${i}`)) found += 1;
    expect(found).toBe(0);
    expect(seen.names(`and then ${CANARY}`)).toBe(true);
  });

  it('gives one list per file, read again when the file changes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mgg-deny-shared-'));
    const file = path.join(dir, 'list.txt');
    writeFileSync(file, `${denyListEntry(CANARY)}\n`);
    const first = DenyList.shared(file);
    expect(DenyList.shared(file)).toBe(first);
    expect(first.names(CANARY)).toBe(true);
    writeFileSync(file, `${denyListEntry('Orlen Vasquill-Tarn')}\n${denyListEntry(CANARY)}\n`);
    const changed = DenyList.shared(file);
    expect(changed).not.toBe(first);
    expect(changed.size).toBe(2);
    expect(changed.names('Orlen Vasquill Tarn')).toBe(true);
  });

  it('reads a file of hashes with comments, and refuses a line that is not a hash without repeating it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mgg-deny-'));
    const good = path.join(dir, 'good.txt');
    writeFileSync(good, `# a comment\n\n${denyListEntry(CANARY)}\n`);
    expect(DenyList.load(good).names(CANARY)).toBe(true);
    const bad = path.join(dir, 'bad.txt');
    writeFileSync(bad, `${CANARY}\n`);
    expect(() => DenyList.load(bad)).toThrow(DenyListError);
    expect(() => DenyList.load(bad)).toThrow(/line 1/);
    try {
      DenyList.load(bad);
    } catch (error) {
      expect((error as Error).message).not.toContain('Quillon');
    }
    expect(() => DenyList.load(path.join(dir, 'missing.txt'))).toThrow(/does not exist/);
  });

  it('ships with its canary, whose name data/sensitive/README.md gives', () => {
    const readme = readFileSync(path.join(path.dirname(defaultDenyListPath()), 'README.md'), 'utf8');
    const canary = /\*\*([^*]+)\*\*/.exec(readme)?.[1];
    expect(canary).toBeDefined();
    expect(DenyList.load(defaultDenyListPath()).names(`Meeting with ${canary!}.`)).toBe(true);
    expect(readFileSync(defaultDenyListPath(), 'utf8')).not.toContain(canary!);
  });
});

describe('ingestion against the deny-list', () => {
  const located = <T>(entry: T, index = 0) => ({ file: 'data/seed/people.yaml', index, entry });
  const dataset = (name: string, excerpt: string): Dataset => ({
    sources: [located({ id: 'doc.txt', title: 'A document' })],
    countries: [],
    organisations: [],
    projects: [],
    legalFrameworks: [],
    people: [
      located({ id: 'person:someone-else', name: 'Someone Else', aliases: [], evidence: [{ document: 'doc.txt', excerpt: 'Someone Else' }], roles: [] }),
      located({ id: 'person:x', name, aliases: [], evidence: [{ document: 'doc.txt', excerpt }], roles: [] }, 1),
    ],
  });

  it('refuses a dataset naming someone on the list, with file, entry and field, and never the name', () => {
    let error: unknown;
    try {
      checkDenyList(planDataset(dataset(CANARY, `Quoted: ${CANARY} was there.`)), list);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatasetError);
    const issues = (error as DatasetError).issues;
    expect(issues.map((i) => [i.file, i.entry, i.field])).toEqual([
      ['data/seed/people.yaml', 'people[1]', 'name'],
      ['data/seed/people.yaml', 'people[1]', 'evidence.0.excerpt'],
    ]);
    expect((error as Error).message).not.toMatch(/quillon/i);
  });

  it('leaves out an id that itself carries the name', () => {
    const refused = dataset(CANARY, 'fine');
    (refused.people[1]!.entry as { id: string }).id = 'person:quillon-marrowby-fenn';
    let error: unknown;
    try {
      checkDenyList(planDataset(refused), list);
    } catch (e) {
      error = e;
    }
    expect((error as DatasetError).issues.map((i) => i.field)).toEqual(['id', 'name']);
    expect((error as Error).message).not.toMatch(/quillon/i);
  });

  it('lets a dataset through that names no one on the list', () => {
    expect(() => checkDenyList(planDataset(dataset('Ayla Demir', 'Ayla Demir, project manager')), list)).not.toThrow();
  });
});
