import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestApi } from '../support/testApi';

it('probe', async () => {
  const api = await startTestApi();
  const context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'probe-')), {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (m) => log.push(`console ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => log.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => log.push(`response ${r.status()} ${r.url()}`));
  await page.goto(`${api.baseUrl}/graphql`);
  await page.locator('.graphiql-execute-button').waitFor({ state: 'visible', timeout: 20000 });
  await new Promise((r) => setTimeout(r, 3000));
  require('node:fs').writeFileSync('/tmp/probe/log.txt', log.join('\n'));
  await context.close();
  await api.close();
}, 120000);
