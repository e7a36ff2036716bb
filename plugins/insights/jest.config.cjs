// Jest for the dashboard: @swc/jest (TypeScript, JSX with the automatic runtime)
// in jsdom. Backstage publishes ES modules (*.esm.js) and a few dependencies are
// ESM-only, so those node_modules files are transformed too; CommonJS ones are not.
// ES-module-only packages reached from Backstage's components (their files end in .js).
const ESM_ONLY = ['@react-hookz/web'];

const swc = syntax => [
  '@swc/jest',
  {
    jsc: {
      parser: syntax === 'typescript' ? { syntax, tsx: true } : { syntax, jsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

// Far from UTC (UTC+14), so a day computed in local time instead of UTC fails the tests.
process.env.TZ = 'Pacific/Kiritimati';

module.exports = {
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  // A test's deadline, not a measure: the shared CI machine can be slow (a
  // rendering test took over Jest's default 5 s at load 7).
  testTimeout: 60000,
  transform: {
    '\\.tsx?$': swc('typescript'),
    '\\.m?jsx?$': swc('ecmascript'),
  },
  transformIgnorePatterns: [
    `/node_modules/(?!(?:${ESM_ONLY.join('|')})/|.*(\\.esm\\.js|\\.mjs|/(?:esm|dist/browser)/.*\\.js)$)`,
  ],
  moduleNameMapper: {
    // @backstage/ui injects modern CSS (layers, nesting) that jsdom cannot parse.
    'style-inject\\.es\\.esm\\.js$': '<rootDir>/jest.styleInjectStub.cjs',
    // Sources import each other as `./x.js` (ES module style); Jest reads the .ts.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '\\.(css|svg|png|jpe?g|gif|woff2?)$': '<rootDir>/jest.fileStub.cjs',
  },
};
