import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ExtractError, extractPageResolved, pageText } from '../ingest/extract/extract';
import { addScores, emptyScore, namesNotInPage, scorePage, scoreTable, targetsMet, type ExpectedPage } from '../ingest/extract/evaluate';
import { datasetResolver } from '../ingest/extract/resolution';
import { projectRoot } from '../projectRoot';

const USAGE = `Usage: npm run extract:eval [-- <folder of pages> [--known <dataset folder>] [--verbose]]

Extracts every page of the folder (default test/fixtures/pages) that has an answer file beside
it (<page>.expected.json), and prints per-field precision and recall over them, names
resolved against the known dataset (default data/seed). Exits 1 when a target is missed
(recall below 95% on any field, or any name read that the answers do not give).`;

interface Args {
  folder: string;
  known: string;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const root = projectRoot();
  const args: Args = { folder: path.join(root, 'test', 'fixtures', 'pages'), known: path.join(root, 'data', 'seed'), verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--known') args.known = argv[++i] ?? args.known;
    else if (arg === '--verbose') args.verbose = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg?.startsWith('--')) throw new Error(`Unknown option ${arg}.\n${USAGE}`);
    else if (arg) args.folder = arg;
  }
  return args;
}

async function run(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(args.folder)) throw new Error(`No such folder of pages: ${args.folder}`);
  const resolver = datasetResolver(args.known);
  const pages = readdirSync(args.folder)
    .filter((f) => /\.(txt|html?)$/i.test(f) && existsSync(path.join(args.folder, f.replace(/\.(txt|html?)$/i, '.expected.json'))))
    .sort();
  let total = emptyScore();
  const faults: string[] = [];
  for (const file of pages) {
    const text = pageText(file, readFileSync(path.join(args.folder, file), 'utf8'));
    const expected = JSON.parse(readFileSync(path.join(args.folder, file.replace(/\.(txt|html?)$/i, '.expected.json')), 'utf8')) as ExpectedPage;
    let format: string | null = null;
    let found: Awaited<ReturnType<typeof extractPageResolved>>['report'] = [];
    try {
      const extraction = await extractPageResolved(text, file.replace(/[^A-Za-z0-9._-]/g, '_'), resolver);
      format = extraction.format;
      found = extraction.report;
    } catch (error) {
      if (!(error instanceof ExtractError)) throw error;
      faults.push(`${file}: not read (${error.message.slice(0, 80)}…)`);
    }
    for (const name of namesNotInPage(text, found)) faults.push(`${file}: "${name}" is not written in the page`);
    const score = scorePage(expected, format, found);
    total = addScores(total, score);
    if (args.verbose) {
      const misses = Object.entries(score).filter(([, c]) => c.fp + c.fn > 0).map(([f, c]) => `${f} (+${c.fp} -${c.fn})`);
      console.log(`${file}: ${format ?? 'not read'}${misses.length > 0 ? `; off: ${misses.join(', ')}` : ''}`);
    }
  }
  console.log(`${pages.length} pages in ${path.relative(process.cwd(), args.folder) || '.'}\n`);
  console.log(scoreTable(total));
  const targets = targetsMet(total);
  for (const fault of faults) console.log(`  ! ${fault}`);
  if (faults.length > 0) targets.misses.push(`${faults.length} page fault(s)`);
  console.log(targets.misses.length === 0 ? '\nTargets met: recall >= 95% on every field, 100% precision on names.' : `\nTargets missed:\n  ${targets.misses.join('\n  ')}`);
  if (targets.misses.length > 0) process.exitCode = 1;
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
