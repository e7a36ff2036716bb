// The packages as an app installs them: `npm pack` (the module, and the dashboard
// with the common package it needs), installed as dependencies of a
// scratch Backstage repo (tests/bundlers/app, copied to a cache outside this repository:
// root package.json with workspaces, packages/app with role "frontend"), then
// built the ways Backstage apps are built, with no bundler configuration for
// the wasm:
//   - @backstage/cli `package build` with rspack (the default),
//   - @backstage/cli `package build` with webpack 5 (LEGACY_WEBPACK_BUILD=true),
//   - Vite 7,
// each for an app on the legacy frontend system (apis.ts) and one on the new
// frontend system (features: [./alpha]); plus the new system with the CLI's
// feature discovery, and `backstage-cli package start` (the rspack dev
// server). Each is served by the real collector and loaded in headless
// Chromium; the app's events must reach the collector with the guest's
// identity hash, and the dashboard must draw (its sidebar item in the new
// system; in the legacy app, its page over a faked read API). Also: the app's
// own Jest test (`backstage-cli package test`) and the CLI's config commands
// over the installed package's config.d.ts.
//
//   bash scripts/build.sh && node --test --test-concurrency=1 tests/bundlers/
//
// The consumer's node_modules (~2,100 packages, ~1 GB) is reused while its
// manifests are unchanged (<cache>/app/.install-key); only the
// tarball is reinstalled each run.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  ROOT,
  expectedIdentity,
  settle,
  launchBrowser,
  openPage,
  startCollector,
  uniqueEvents,
  waitFor,
} from '../e2e/harness.mjs';

const TEMPLATE = path.join(ROOT, 'tests/bundlers/app');
// Outside this repository: inside it, Node's resolution from the scratch app
// walks up into this repository's node_modules (the demo backend's Backstage
// packages), and the CLI's config commands then collect backend schemas the
// consumer does not have. One cache per checkout.
const CACHE = path.join(os.tmpdir(), `backstage-insights-bundlers-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}`);
const APP = path.join(CACHE, 'app');
const APP_PKG = path.join(APP, 'packages/app');
const OUT = path.join(CACHE, 'out');
const PACKAGE = 'backstage-plugin-analytics-module-insights-wasm';
// Each package packed (from its folder here) into the scratch repo under this name:
// the module, the dashboard, and the common package the dashboard depends on.
const TARBALLS = { '.': 'insights.tgz', 'plugins/insights': 'insights-dashboard.tgz', 'plugins/insights-common': 'insights-common.tgz' };
const SALT = /^\s*salt:\s*(\S+)\s*$/m.exec(fs.readFileSync(path.join(TEMPLATE, 'app-config.yaml'), 'utf8'))[1];

const timings = [];
let browser;
let packed;

/** Runs a command, returns its output; on failure throws with the output's tail. */
function run(cmd, args, { cwd = APP, env = {}, timeout = 10 * 60_000, label = `${cmd} ${args.join(' ')}` } = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    cwd,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Date.now() - started;
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) {
    const tail = output.split('\n').filter(l => !l.includes('Unknown user config')).slice(-40).join('\n');
    throw new Error(`${label} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}) after ${ms} ms:\n${tail}`);
  }
  timings.push([label, ms]);
  return { output, ms };
}

function copyTree(from, to) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(src, dst);
    else fs.copyFileSync(src, dst);
  }
}

function filesUnder(dir) {
  return fs.readdirSync(dir, { recursive: true }).map(f => path.join(dir, String(f)));
}

/** What decides whether the cached node_modules still fits: the manifests and the tools. */
function installKey() {
  const h = createHash('sha256');
  for (const f of ['package.json', '.npmrc', 'packages/app/package.json']) h.update(fs.readFileSync(path.join(TEMPLATE, f)));
  h.update(process.version);
  h.update(run('npm', ['--version'], { cwd: ROOT, label: 'npm --version' }).output);
  return h.digest('hex');
}

before(async () => {
  for (const f of ['dist/index.js', 'dist/alpha.js', 'pkg/insights.js', 'pkg/insights_bg.wasm', 'plugins/insights/dist/alpha.js', 'plugins/insights-common/dist/index.js']) {
    assert.ok(fs.existsSync(path.join(ROOT, f)), `${f} is missing: run \`bash scripts/build.sh\` first`);
  }
  fs.mkdirSync(CACHE, { recursive: true });

  // The scratch repo: the template's files over the cached install;
  // packages/app depends on "file:../../insights.tgz" and the other tarballs.
  // Each tarball is exactly what `npm publish` would upload.
  copyTree(TEMPLATE, APP);
  for (const [dir, name] of Object.entries(TARBALLS)) {
    const { output } = run('npm', ['pack', '--json', '--pack-destination', CACHE], { cwd: path.join(ROOT, dir), label: `npm pack (${dir})` });
    const manifest = JSON.parse(output.slice(output.indexOf('['), output.lastIndexOf(']') + 1))[0];
    fs.copyFileSync(path.join(CACHE, manifest.filename), path.join(APP, name));
    if (dir === '.') packed = manifest;
  }
  const key = installKey();
  const keyFile = path.join(APP, '.install-key');
  const cached =
    fs.existsSync(path.join(APP, 'node_modules/.bin/backstage-cli')) &&
    fs.existsSync(keyFile) &&
    fs.readFileSync(keyFile, 'utf8') === key;
  if (cached) {
    // Same manifests: only the tarball changed. Naming it makes npm reinstall it
    // (a plain `npm install` keeps the old contents of an unchanged file: spec).
    run('npm', ['install', '--no-audit', '--no-fund', '-w', 'app', ...Object.values(TARBALLS).map(t => `./${t}`)], { label: 'npm install (tarballs only)' });
  } else {
    fs.rmSync(keyFile, { force: true });
    run('npm', ['install', '--no-audit', '--no-fund'], { timeout: 30 * 60_000, label: 'npm install (full: manifests changed or no cache)' });
    fs.writeFileSync(keyFile, key);
  }
  // The installed copies are this build, not cached older ones.
  const installed = [
    [PACKAGE, '', ['dist/alpha.js', 'dist/BackstageInsightsApi.js', 'pkg/insights_bg.wasm']],
    ['backstage-plugin-insights-wasm', 'plugins/insights', ['dist/alpha.js', 'dist/components/DownloadableTable.js']],
    ['backstage-plugin-insights-wasm-common', 'plugins/insights-common', ['dist/index.js']],
  ];
  for (const [name, dir, files] of installed) {
    for (const f of files) {
      assert.ok(
        fs.readFileSync(path.join(APP, 'node_modules', name, f)).equals(fs.readFileSync(path.join(ROOT, dir, f))),
        `node_modules/${name}/${f} differs from ${path.join(dir, f)}`,
      );
    }
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  const lines = timings.map(([label, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${label}`);
  console.log(`bundler test timings:\n${lines.join('\n')}`);
});

test('the tarball holds the shim, both entry points, the wasm and the config schema, nothing else', () => {
  const files = packed.files.map(f => f.path).sort();
  for (const f of ['package.json', 'README.md', 'config.d.ts', 'dist/index.js', 'dist/index.d.ts', 'dist/alpha.js', 'dist/alpha.d.ts', 'dist/module.js', 'pkg/insights.js', 'pkg/insights_bg.wasm']) {
    assert.ok(files.includes(f), `${f} is not in the tarball`);
  }
  // pkg/snippets/: the glue's modules (shim/glue/*.js, copied there by wasm-bindgen), imported by the glue.
  for (const m of ['read', 'transport', 'console']) {
    assert.ok(files.some(f => new RegExp(`^pkg/snippets/[\\w.-]+/shim/glue/${m}\\.js$`).test(f)), `the glue imports pkg/snippets/*/shim/glue/${m}.js`);
  }
  const stray = files.filter(f => !/^(package\.json|README\.md|LICENSE|config\.d\.ts|dist\/[\w.]+|pkg\/[\w.]+|pkg\/snippets\/[\w.-]+\/shim\/glue\/[\w.]+\.js)$/.test(f));
  assert.deepEqual(stray, []);
  const wasm = packed.files.find(f => f.path === 'pkg/insights_bg.wasm');
  console.log(
    `npm pack: ${packed.filename}: ${(packed.size / 1024).toFixed(1)} KB packed, ` +
      `${(packed.unpackedSize / 1024).toFixed(1)} KB unpacked, ${packed.entryCount} files (wasm ${(wasm.size / 1024).toFixed(1)} KB)`,
  );
  // What an app pays on install: under 100 KB packed, no dependencies of its own.
  assert.ok(packed.size < 100 * 1024, `tarball is ${packed.size} bytes`);
  const manifest = JSON.parse(fs.readFileSync(path.join(APP, 'node_modules', PACKAGE, 'package.json'), 'utf8'));
  assert.equal(manifest.dependencies, undefined);
  assert.deepEqual(Object.keys(manifest.peerDependenciesMeta ?? {}).sort(), ['@backstage/frontend-plugin-api', '@backstage/plugin-app-react']);
});

test('backstage-cli: the keys reach the frontend config; config:check --strict reports bad values by key', () => {
  const cli = path.join(APP, 'node_modules/.bin/backstage-cli');
  const printed = run(cli, ['config:print', '--package', 'app', '--frontend', '--config', 'app-config.yaml'], {
    label: 'backstage-cli config:print --frontend',
  }).output;
  assert.match(printed, /backstageInsights:\n\s+salt: consumer-salt/);
  assert.match(printed, /flushIntervalMs: 500/);

  const bad = path.join(APP, 'bad-config.yaml');
  fs.writeFileSync(bad, 'backstageInsights:\n  debug: "yes"\n');
  const check = (...files) =>
    spawnSync(cli, ['config:check', '--package', 'app', '--strict', ...files.flatMap(f => ['--config', f])], {
      cwd: APP,
      encoding: 'utf8',
    });
  const wrongType = check('app-config.yaml', bad);
  assert.notEqual(wrongType.status, 0);
  assert.match(wrongType.stderr + wrongType.stdout, /must be boolean .*at \/backstageInsights\/debug/);
  const noSalt = check(bad);
  assert.notEqual(noSalt.status, 0);
  assert.match(noSalt.stderr + noSalt.stdout, /required property 'salt'/);
  // Without --strict (and in `package build` / `package start`) the CLI ignores
  // schema errors: the core's own run-time check is what catches them there.
  const lax = spawnSync(cli, ['config:check', '--package', 'app', '--config', 'app-config.yaml', '--config', bad], { cwd: APP, encoding: 'utf8' });
  assert.equal(lax.status, 0);
  assert.ok(check('app-config.yaml').status === 0, 'the good config passes --strict');
});

test("backstage-cli package test: the app's own Jest test renders the app with the module", () => {
  const { output } = run(path.join(APP, 'node_modules/.bin/backstage-cli'), ['package', 'test', '--watchAll=false'], {
    cwd: APP_PKG,
    env: { CI: 'true' },
    label: 'backstage-cli package test (jest, jsdom)',
  });
  assert.match(output, /Tests:\s+2 passed, 2 total/);
});

const VARIANTS = [
  { bundler: 'rspack', system: 'nfs' },
  // The module found by the CLI's feature discovery, not imported by the app.
  { bundler: 'rspack', system: 'nfs-discovery', config: ['app-config.yaml', 'app-config.discovery.yaml'] },
  { bundler: 'rspack', system: 'legacy' },
  { bundler: 'webpack', system: 'nfs' },
  { bundler: 'webpack', system: 'legacy' },
  { bundler: 'vite', system: 'nfs' },
  { bundler: 'vite', system: 'legacy' },
];

function writeEntry(system) {
  fs.writeFileSync(
    path.join(APP_PKG, 'src/index.tsx'),
    `import { createRoot } from 'react-dom/client';\nimport { Root } from './${system}';\n\ncreateRoot(document.getElementById('root')!).render(Root);\n`,
  );
}

function build({ bundler, system, config = [] }) {
  const name = `${bundler}-${system}`;
  writeEntry(system);
  let outDir;
  if (bundler === 'vite') {
    run(path.join(APP, 'node_modules/.bin/vite'), ['build'], { cwd: APP_PKG, label: `vite build (${system})` });
    outDir = path.join(APP_PKG, 'dist-vite');
  } else {
    const env = bundler === 'webpack' ? { LEGACY_WEBPACK_BUILD: 'true' } : { LEGACY_WEBPACK_BUILD: '' };
    const configArgs = config.flatMap(f => ['--config', path.join('../..', f)]);
    run(path.join(APP, 'node_modules/.bin/backstage-cli'), ['package', 'build', ...configArgs], {
      cwd: APP_PKG,
      env,
      label: `backstage-cli package build, ${bundler} (${system})`,
    });
    outDir = path.join(APP_PKG, 'dist');
  }
  const target = path.join(OUT, name);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  fs.renameSync(outDir, target);
  return target;
}

/**
 * Serve-time config, the way @backstage/plugin-app-backend injects it: a
 * `backstage.io/config` script, read after the build-time config, so the
 * collector's origin becomes app.baseUrl and backend.baseUrl.
 */
function injectRuntimeConfig(dir, url) {
  const file = path.join(dir, 'index.html');
  const html = fs.readFileSync(file, 'utf8');
  const data = [{ context: 'runtime', data: { app: { baseUrl: url }, backend: { baseUrl: url } } }];
  const tag = `<script type="backstage.io/config">${JSON.stringify(data)}</script>`;
  assert.ok(html.includes('</head>'));
  fs.writeFileSync(file, html.replace('</head>', `${tag}</head>`));
}

for (const variant of VARIANTS) {
  const { bundler, system } = variant;
  const what = { nfs: 'new-frontend-system app', 'nfs-discovery': 'new-frontend-system app with feature discovery', legacy: 'legacy app' }[system];
  test(`${bundler} builds the ${what} with no wasm configuration; its events reach the collector`, async () => {
    const dir = build(variant);
    const wasm = filesUnder(dir).filter(f => f.endsWith('.wasm'));
    assert.equal(wasm.length, 1, `expected the core's .wasm as one emitted asset, found ${wasm.length}`);

    const collector = await startCollector({ staticDir: dir, appConfig: null });
    try {
      injectRuntimeConfig(dir, collector.url);
      const started = Date.now();
      const { events, consoleErrors } = await clickThrough(collector, collector.url + '/', 20_000);
      timings.push([`browser: ${bundler}-${system} load, click, events at the collector`, Date.now() - started]);

      for (const e of events) assert.equal(e.identity, expectedIdentity(SALT, 'user:default/guest'));
      const click = events.find(e => e.action === 'click');
      assert.equal(click.subject, 'Next page');
      assert.deepEqual(click.attributes, { to: '/next' });
      if (system.startsWith('nfs')) {
        assert.deepEqual(click.context, { pluginId: 'consumer', extensionId: 'page:consumer' });
        const next = events.find(e => e.action === 'navigate' && e.subject === '/next');
        assert.deepEqual(next.context, { pluginId: 'consumer', extensionId: 'page:consumer/next' });
      } else {
        assert.deepEqual(Object.keys(click.context).sort(), ['extension', 'pluginId', 'routeRef']);
      }
      assert.deepEqual(consoleErrors, []);
      if (system === 'legacy') await openDashboard(collector.url + '/insights');
      // The server sends the emitted wasm as wasm (what streaming instantiation needs).
      const res = await fetch(collector.url + '/' + path.relative(dir, wasm[0]).split(path.sep).join('/'));
      assert.equal(res.headers.get('content-type'), 'application/wasm');
    } finally {
      await collector.stop();
    }
  });
}

/** A TCP port nobody listens on right now. */
async function freePort() {
  const server = net.createServer();
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * Loads the consumer app at `appUrl`, follows its link, and returns the events
 * that reached `collector` (a navigate to /next and the click) and the
 * console errors. No page error is allowed.
 */
async function clickThrough(collector, appUrl, timeout) {
  const tab = await openPage(browser);
  try {
    await tab.page.goto(appUrl);
    await tab.page.getByText('Consumer home').waitFor({ timeout });
    await tab.page.getByText('Next page').click();
    await tab.page.getByText('Consumer next').waitFor();
    const events = await collector.waitForEvents(
      evs => evs.some(e => e.action === 'click') && evs.some(e => e.action === 'navigate' && e.subject === '/next'),
      { timeout: 20_000 },
    );
    assert.deepEqual(tab.pageErrors, []);
    const consoleErrors = (await tab.consoleText()).filter(l => l.startsWith('[error]'));
    return { events: uniqueEvents(events), consoleErrors };
  } finally {
    await tab.close();
  }
}

/**
 * Opens the dashboard's page in the legacy app, whose read API answers with
 * data in every table, and waits until it has drawn a table with its
 * download button. No page error, no console error (React's, for one).
 */
async function openDashboard(url) {
  const tab = await openPage(browser);
  try {
    await tab.page.goto(url);
    await tab.page
      .getByRole('region', { name: 'Adoption by team' })
      .waitFor({ timeout: 20_000 })
      .catch(e => assert.fail(`${e.message}\npage errors: ${tab.pageErrors.join('\n') || 'none'}`));
    await tab.page.getByText('group:default/platform').waitFor();
    assert.ok((await tab.page.locator('svg > title', { hasText: 'Download CSV' }).count()) > 0, 'the tables draw their download icons');
    assert.deepEqual(tab.pageErrors, []);
    assert.deepEqual((await tab.consoleText()).filter(l => l.startsWith('[error]')), []);
  } finally {
    await tab.close();
  }
}

// `backstage-cli package start` is what developers run all day: the rspack dev
// server (development mode, in-memory bundle), again with no wasm configuration.
// (With LEGACY_WEBPACK_BUILD=true the 0.36.8 dev server does not start at all,
// for reasons unrelated to this package: React Refresh plugin options.)
test('backstage-cli package start (rspack dev server): events from the new-frontend-system app reach the collector', async () => {
  writeEntry('nfs');
  const collector = await startCollector({ staticDir: null, appConfig: null });
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const override = path.join(APP, 'dev-override.yaml');
  fs.writeFileSync(override, `app:\n  baseUrl: ${appUrl}\nbackend:\n  baseUrl: ${collector.url}\n`);
  const started = Date.now();
  const child = spawn(
    path.join(APP, 'node_modules/.bin/backstage-cli'),
    ['package', 'start', '--config', '../../app-config.yaml', '--config', '../../dev-override.yaml'],
    { cwd: APP_PKG, detached: true, env: { ...process.env, BROWSER: 'none', LEGACY_WEBPACK_BUILD: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', d => (output += d));
  child.stderr.on('data', d => (output += d));
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`package start exited with ${child.exitCode}:\n${output.slice(-3000)}`);
        return fetch(appUrl).then(r => r.ok, () => false);
      },
      { timeout: 120_000, interval: 500, message: 'the dev server' },
    );
    // Development mode: React's own warnings (findDOMNode in Material-UI) are
    // console errors there, so only this module's would count.
    const { events, consoleErrors } = await clickThrough(collector, appUrl + '/', 120_000);
    assert.deepEqual(consoleErrors.filter(l => l.includes('backstage-insights')), []);
    timings.push(['backstage-cli package start (rspack): up, load, click, events', Date.now() - started]);
    for (const e of events) assert.equal(e.identity, expectedIdentity(SALT, 'user:default/guest'));
    const click = events.find(e => e.action === 'click');
    assert.deepEqual(click.context, { pluginId: 'consumer', extensionId: 'page:consumer' });
  } finally {
    // The dev server and its workers: its own process group, started above.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await settle(500);
    await collector.stop();
    fs.rmSync(override, { force: true });
  }
});
