import { createHash } from 'node:crypto';

/** `hex(sha256(userEntityRef + salt))`: the module's identity, recomputed from the token's user. */
export function identityHash(userEntityRef: string, salt: string): string {
  return createHash('sha256').update(userEntityRef + salt, 'utf8').digest('hex');
}
