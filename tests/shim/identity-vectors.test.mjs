// The identity vectors in tests/identity-vectors.json are checked here against
// Node's crypto, and by `cargo test` (src/identity.rs) against the Rust core:
// both sides agree on hex(sha256(userEntityRef + salt)) through one file.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { test } from 'node:test';

const vectors = JSON.parse(fs.readFileSync(new URL('../identity-vectors.json', import.meta.url), 'utf8'));

test('every shared identity vector is sha256(userEntityRef + salt) in lowercase hex', () => {
  assert.ok(vectors.length >= 3);
  for (const { ref, salt, identity } of vectors) {
    assert.match(identity, /^[0-9a-f]{64}$/);
    assert.equal(createHash('sha256').update(ref + salt, 'utf8').digest('hex'), identity, `${ref} + ${salt}`);
  }
});
