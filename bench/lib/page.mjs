// The benchmark page in headless Chromium, for the small probes
// (spacing.mjs, cold-call.mjs): built package checked, plain TS compiled,
// page served and loaded; everything closed afterwards.
import { chromium } from 'playwright-core';
import { ROOT, compilePlainTs, requireBuilt } from './build.mjs';
import { startServer } from './server.mjs';

/** Runs `use(page)` on a loaded benchmark page and returns what it returns. */
export async function withBenchPage(use) {
  requireBuilt();
  compilePlainTs();
  const server = await startServer(ROOT, {});
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/bench/page/index.html`);
    await page.waitForFunction(() => window.benchReady === true);
    return await use(page);
  } finally {
    await browser.close();
    await server.close();
  }
}
