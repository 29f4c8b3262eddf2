import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

const COST = 16384;
const KEY_BYTES = 32;

/**
 * Hashes a password for the users table: `scrypt$<N>$<salt base64>$<key base64>`. Costs a
 * few tens of milliseconds by design; callers that check every request should remember
 * successful checks rather than hash again.
 */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, KEY_BYTES, { N: COST });
  return `scrypt$${COST}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `password` is the one `hash` was made from. Unknown formats never match. */
export function isPasswordMatch(password: string, hash: string): boolean {
  const [scheme, cost, saltText, keyText] = hash.split('$');
  if (scheme !== 'scrypt' || cost === undefined || saltText === undefined || keyText === undefined)
    return false;
  const n = Number(cost);
  if (!Number.isInteger(n) || n < 2) return false;
  const expected = Buffer.from(keyText, 'base64');
  const actual = scryptSync(password, Buffer.from(saltText, 'base64'), expected.length, { N: n });
  return timingSafeEqual(actual, expected);
}
