import vectors from '../../../../tests/identity-vectors.json';
import { identityHash } from './identityHash';

// The same vectors `cargo test` checks the Rust core's hash against
// (src/identity.rs): the backend recomputes exactly what the browser sends.
describe('identityHash', () => {
  it('matches every shared vector', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(3);
    for (const { ref, salt, identity } of vectors) {
      expect(identityHash(ref, salt)).toBe(identity);
    }
  });
});
