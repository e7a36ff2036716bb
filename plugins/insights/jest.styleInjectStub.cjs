// Replaces @backstage/ui's CSS injection in tests (see jest.config.cjs).
module.exports = { __esModule: true, default: () => {} };
