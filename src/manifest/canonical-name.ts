/**
 * BOSH's `Canonicalizer.canonicalize`: lower case, `_` as `-`, other characters dropped. Two
 * instance groups or networks whose names have the same canonical form clash (their DNS
 * names would be the same).
 */
export function canonicalName(name: string): string {
  return name
    .toLowerCase()
    .replace(/_/g, '-')
    .replace(/[^a-z0-9-]/g, '');
}
