import type { ManifestProblem } from './manifest-problems.js';
import { validateDeploymentManifest } from './parse-deployment-manifest.js';

/** Helpers for manifest tests: a small valid manifest whose lines are known. */
export const FILE = 'manifest.yml';

export const TOP = [
  'name: app',
  'releases: [{name: app, version: latest}]',
  'stemcells: [{alias: default, os: ubuntu-jammy, version: latest}]',
  'update: {canaries: 1, max_in_flight: 2, canary_watch_time: 1000-30000, update_watch_time: 5000}',
];

/** The keys of the test instance group, one per line; line numbers follow from this order. */
export const GROUP: ReadonlyArray<[string, string]> = [
  ['name', 'web'],
  ['azs', '[z1]'],
  ['instances', '2'],
  ['jobs', '[{name: nginx, release: app}]'],
  ['vm_type', 'default'],
  ['stemcell', 'default'],
  ['networks', '[{name: default}]'],
];
export const GROUP_LINE = TOP.length + 2;

/** The manifest with the group's keys replaced (null removes a key; new keys come last). */
export function manifest(changes: Record<string, string | null> = {}, top: readonly string[] = TOP): string {
  const keys = [
    ...GROUP.map(([k]) => k),
    ...Object.keys(changes).filter((k) => !GROUP.some(([g]) => g === k)),
  ];
  const lines = keys
    .map((k) => [k, k in changes ? changes[k] : GROUP.find(([g]) => g === k)?.[1]] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== null && entry[1] !== undefined)
    .map(([k, v], i) => `${i === 0 ? '-' : ' '} ${k}: ${v}`);
  return [...top, 'instance_groups:', ...lines].join('\n');
}

/** The line of a group key, for the unchanged keys before it. */
export function lineOf(key: string): number {
  return GROUP_LINE + GROUP.findIndex(([k]) => k === key);
}

/** Every problem of a manifest text. */
export function problemsOf(text: string): readonly ManifestProblem[] {
  return validateDeploymentManifest(text, FILE).problems;
}
