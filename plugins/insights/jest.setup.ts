import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy* and waitFor wait up to this long for what they look for (default 1 s):
// a deadline for a loaded machine, not a timing the tests assert.
configure({ asyncUtilTimeout: 10000 });

// jsdom has no ResizeObserver; recharts' ResponsiveContainer needs one.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;

// Deprecation notices from dependencies (material-table, React Router 6) that
// this package cannot act on; everything else still reaches the console.
const DEPENDENCY_NOISE = [
  'Support for defaultProps will be removed',
  'findDOMNode is deprecated',
  'React Router Future Flag Warning',
];
for (const level of ['error', 'warn'] as const) {
  const original = console[level];
  console[level] = (...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : '';
    if (!DEPENDENCY_NOISE.some(noise => text.includes(noise))) original(...args);
  };
}
