#!/usr/bin/env node
// API reports: the public surface of every package, as Backstage keeps it
// (`report.api.md`, and `report-<entry>.api.md` for each further entry point
// such as `./alpha`), written by API Extractor from the declarations tsc emits.
//
//   npm run api-reports          regenerate the reports (commit them with the change)
//   node scripts/api-reports.mjs --ci
//                                fail when a report differs from the code (the test run)
//
// Not `backstage-repo-tools api-reports`: it takes the entry points from
// `exports` values that name `src/*.ts` files (what `backstage-cli package
// prepack` rewrites) and declarations from a root `tsconfig.json` emitting to
// `dist-types/<package dir>/src`; here `exports` name the built `dist/*.js`
// with `types` beside them, the module's sources are in `shim/`, and each
// package has its own tsconfig. The extraction underneath is the same.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ci = process.argv.includes('--ci');

// Each package: its folder, the tsconfig that builds it and the folder that
// tsconfig writes to (declarations are emitted beside it, in `dist-types`,
// so relative imports such as the shim's `../pkg/insights.js` still resolve).
const PACKAGES = [
  { dir: '.', tsconfig: 'shim/tsconfig.json' },
  { dir: 'plugins/insights-common', tsconfig: 'plugins/insights-common/tsconfig.json' },
  { dir: 'plugins/insights-backend', tsconfig: 'plugins/insights-backend/tsconfig.json' },
  { dir: 'plugins/insights', tsconfig: 'plugins/insights/tsconfig.json' },
];

/** `[{ name: 'index' | 'alpha' | …, types: 'dist/….d.ts' }]` from package.json. */
function entryPoints(pkg) {
  if (!pkg.exports) return [{ name: 'index', types: pkg.types }];
  return Object.entries(pkg.exports).flatMap(([mount, target]) => {
    if (typeof target !== 'object' || !target.types) return [];
    const name = mount === '.' ? 'index' : mount.replace(/^\.\//, '');
    return [{ name, types: target.types.replace(/^\.\//, '') }];
  });
}

const changed = [];
let failed = false;
for (const { dir, tsconfig } of PACKAGES) {
  const packageFolder = path.join(ROOT, dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(packageFolder, 'package.json'), 'utf8'));
  const distTypes = path.join(packageFolder, 'dist-types');
  fs.rmSync(distTypes, { recursive: true, force: true });
  // Declarations only, from the sources as they are now (not a stale dist/).
  try {
    execFileSync(
      path.join(ROOT, 'node_modules/.bin/tsc'),
      ['-p', path.join(ROOT, tsconfig), '--declaration', '--emitDeclarationOnly', '--outDir', distTypes, '--incremental', 'false'],
      { stdio: 'inherit' },
    );
  } catch {
    // tsc printed the type errors.
    console.error(`${tsconfig}: type errors (above); no API report for ${pkg.name}`);
    failed = true;
    continue;
  }
  for (const entry of entryPoints(pkg)) {
    const reportFileName = entry.name === 'index' ? 'report' : `report-${entry.name}`;
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: packageFolder,
        mainEntryPointFilePath: path.join(distTypes, entry.types.replace(/^dist\//, '')),
        bundledPackages: [],
        compiler: {
          overrideTsconfig: {
            compilerOptions: { skipLibCheck: true, strict: true, lib: ['ES2022', 'DOM', 'DOM.Iterable'], jsx: 'react-jsx', esModuleInterop: true, moduleResolution: 'bundler', module: 'ES2022', types: [] },
            include: [distTypes],
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: `${reportFileName}.api.md`,
          reportFolder: packageFolder,
          reportTempFolder: path.join(ROOT, 'node_modules/.cache/api-extractor', pkg.name),
        },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // Compiler messages name absolute paths: never in a report.
          compilerMessageReporting: { default: { logLevel: 'none' } },
          extractorMessageReporting: {
            default: { logLevel: 'warning', addToApiReportFile: true },
            // No package here marks its exports @public/@alpha yet: `./alpha` is the release tag.
            'ae-missing-release-tag': { logLevel: 'none' },
            // Shown as `(undocumented)` beside each member; the list of them would only repeat it.
            'ae-undocumented': { logLevel: 'none' },
          },
          tsdocMessageReporting: { default: { logLevel: 'warning', addToApiReportFile: true } },
        },
        newlineKind: 'lf',
      },
      configObjectFullPath: undefined,
      packageJsonFullPath: path.join(packageFolder, 'package.json'),
    });
    const result = Extractor.invoke(config, { localBuild: !ci, showVerboseMessages: false });
    const report = path.relative(ROOT, path.join(packageFolder, `${reportFileName}.api.md`));
    if (ci && result.apiReportChanged) {
      // What changed, as a reviewer would see it.
      const fresh = path.join(config.reportTempFolder, `${reportFileName}.api.md`);
      try {
        execFileSync('diff', ['-u', report, fresh], { cwd: ROOT, stdio: 'inherit' });
      } catch {
        // diff exits 1 when the files differ: that is the point.
      }
    }
    if (!result.succeeded && !result.apiReportChanged) {
      failed = true;
      console.error(`${report}: API Extractor failed (${result.errorCount} errors)`);
    } else if (result.apiReportChanged) {
      changed.push(report);
    }
  }
  fs.rmSync(distTypes, { recursive: true, force: true });
}

if (failed) process.exit(1);
if (ci && changed.length) {
  console.error(
    `The public API changed and these reports are out of date:\n  ${changed.join('\n  ')}\n` +
      'Run `npm run api-reports` and commit the reports with the change (see the diff above).',
  );
  process.exit(1);
}
console.log(changed.length ? `Updated: ${changed.join(', ')}` : 'API reports are up to date.');
