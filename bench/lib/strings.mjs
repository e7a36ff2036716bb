// Seeded test strings shared by the Node differential check (bench/scrub-diff.mjs)
// and the in-browser correctness check (bench/page/bench.js). Browser-safe ESM.

/** mulberry32: a small seeded PRNG returning [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, list) => list[Math.floor(r() * list.length)];
const chars = (r, alphabet, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
};
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

/** Luhn-valid digits of length n (the last digit fixes the checksum). */
export function luhnNumber(r, n, prefix = '4') {
  let d = prefix;
  while (d.length < n - 1) d += String(Math.floor(r() * 10));
  for (let c = 0; c < 10; c++) {
    const full = d + c;
    let sum = 0;
    for (let i = 0; i < full.length; i++) {
      let x = Number(full[full.length - 1 - i]);
      if (i % 2 === 1) { x *= 2; if (x > 9) x -= 9; }
      sum += x;
    }
    if (sum % 10 === 0) return full;
  }
  return d + '0';
}

/** Hand-picked edge cases of every rule. */
export function trickyStrings() {
  const r = rng(7);
  const long = 'word '.repeat(300);
  return [
    '', 'a', 'Why?', 'issue #42', 'see /catalog?x=1', '/a?b#c', '?q=1', 'x?y=1', 'x?y', 'a://b?c', 'https://h/p?q=1#f x',
    '/catalog/default/component/api-gateway?filters%5Bkind%5D=component&q=jane.doe%40example.com#section',
    '/catalog/default/user/jane.doe', '/catalog/default/user/jane.doe/', '/CATALOG/Default/User/Jane', '/catalog//user/x',
    '/catalog/default/user/<user>', 'catalog/default/user/x', '/x/catalog/ns/user/bob?tab=1', 'user:default/jane.doe',
    'user:jane', 'USER:ns/x.y_z-w', 'superuser:x', 'user:', 'user:/x', 'owner user:default/a and user:b',
    'jane@example.com', 'a.b+c@sub.example.co', '.x@y.com', "'q'@x.io", '@x.com', 'x@y', 'x@y.c', 'x@y.c0m', 'x@-y.com.',
    'x%40y.com', 'mail%40', 'a@b@c.com', 'jane.doe%40example.com&x=1', '%%40x.com',
    'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig', 'eyJhbGciOiJub25lIn0.eyJzIjoxfQ.', 'eyJshort.eyJ.x', 'xeyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.s',
    'ghp_' + chars(r, ALNUM, 36), 'ghp_' + chars(r, ALNUM, 19), 'xghp_' + chars(r, ALNUM, 36), 'github_pat_' + chars(r, ALNUM + '_', 60),
    'glpat-' + chars(r, ALNUM + '-_', 20), 'xoxb-123-456-' + chars(r, ALNUM, 10), 'AKIA' + chars(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16),
    'AKIA' + 'A'.repeat(17), 'ASIA' + 'B'.repeat(16) + 'x', 'npm_' + chars(r, ALNUM, 36), 'sk_live_' + chars(r, ALNUM, 24), 'AIza' + chars(r, ALNUM + '-_', 35),
    'Bearer abcdefgh', 'bearer   abc.def-ghi', 'BEARER x', 'Authorization: Bearer ' + chars(r, ALNUM, 40), 'Bearerabcdefghij',
    '4111 1111 1111 1111', '4111-1111-1111-1111', '4111111111111111', '4111111111111112', '41111111111111111111111', '1234 5678',
    luhnNumber(r, 13), luhnNumber(r, 19), 'x' + luhnNumber(r, 16), luhnNumber(r, 16) + 'x', '4111  1111 1111 1111', 'call 555-0100-1234-5678-9',
    HEX.repeat(2), 'a'.repeat(40), chars(r, HEX, 40), chars(r, ALNUM, 40), chars(r, ALNUM, 31), chars(r, ALNUM, 40) + '==',
    '123e4567-e89b-12d3-a456-426614174000', 'my-very-long-kebab-case-component-name-here', chars(r, HEX, 32) + '-' + chars(r, HEX, 8),
    'a_' + chars(r, ALNUM, 40), 'xAb1Cd2' + '-'.repeat(3) + chars(r, ALNUM, 30),
    'Jane.Doe looked', 'janedoe', 'é'.repeat(600), 'ü'.repeat(2000) + ' x', '日本'.repeat(800), '😀'.repeat(300),
    long, long + 'ghp_' + chars(r, ALNUM, 36), 'x'.repeat(5000), ('y'.repeat(10) + ' ').repeat(500), 'a\u2003'.repeat(2100),
    '/catalog/' + 'é'.repeat(31) + '/user/jane', '/catalog/' + 'é'.repeat(32) + '/user/jane', '/catalog/' + 'n'.repeat(63) + '/user/jane',
    '/catalog/' + 'n'.repeat(64) + '/user/jane', 'a'.repeat(70) + '@example.com', 'é' + 'a'.repeat(63) + '@example.com', 'a@'.repeat(200) + 'x.com',
    'user '.repeat(300) + '/catalog/x/user/y',
    'tab\tnew\nline "quote" back\\slash \u0001 \u007f \u2028', 'lone \ud800 surrogate', 'x'.repeat(1023) + 'é',
  ];
}

/**
 * Inputs over the 64 KiB scan cap (the cut and the fail-closed rule). The
 * last one has a multi-byte space (U+3000) before its final word.
 */
export function hugeStrings() {
  return [
    'word '.repeat(14_000),
    ('y'.repeat(10) + ' ').repeat(7_000) + 'ghp_' + 'A1b2'.repeat(10),
    'é'.repeat(40_000),
    'ghp_' + 'a'.repeat(70_000),
    'see ' + 'ghp_' + 'A1'.repeat(35_000),
    'jane.doe@example.com '.repeat(3_500),
    'x\u3000' + 'a'.repeat(70_000),
  ];
}

const PIECES = [
  '/', '?', '#', '&', '=', ' ', ' ', '\t', '://', '@', '%40', '.', '-', '_', '+', ':', "'", '%', '~', '=', '==',
  'user', 'USER', 'user:', '/catalog/', 'default', '/user/', 'catalog', 'jane', '.doe', 'bob', 'example.com', '.io', 'com',
  'eyJ', 'eyJhbGciOiJIUzI1NiJ9', 'ghp_', 'gho_', 'github_pat_', 'glpat-', 'xoxb-', 'xapp-', 'AKIA', 'ASIA', 'npm_', 'sk_live_', 'rk_live_', 'AIza',
  'Bearer ', 'bearer', 'tab=', 'q=', 'kind=', 'é', '日', '😀', '\u00a0', '\u2003',
];

/** Random strings made of rule fragments, digits and random alphanumeric runs. */
export function randomStrings(count, seed) {
  const r = rng(seed);
  const out = [];
  for (let n = 0; n < count; n++) {
    let s = '';
    const parts = 1 + Math.floor(r() * 14);
    for (let k = 0; k < parts; k++) {
      const x = r();
      if (x < 0.5) s += pick(r, PIECES);
      else if (x < 0.62) s += chars(r, '0123456789', 1 + Math.floor(r() * 20));
      else if (x < 0.7) s += luhnNumber(r, 13 + Math.floor(r() * 7));
      else if (x < 0.8) s += chars(r, HEX, 1 + Math.floor(r() * 45));
      else if (x < 0.92) s += chars(r, ALNUM, 1 + Math.floor(r() * 45));
      else s += chars(r, ALNUM + '-_+', 1 + Math.floor(r() * 45));
    }
    out.push(s);
  }
  return out;
}
