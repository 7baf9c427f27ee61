import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/projectRoot';

/**
 * Records a measured figure (a latency, a throughput) in test-artifacts/security-figures.json,
 * so that a run leaves the numbers behind for its report.
 */
export function recordFigure(name: string, value: number | string): void {
  const dir = path.join(projectRoot(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'security-figures.json');
  const figures = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  figures[name] = value;
  writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
}
