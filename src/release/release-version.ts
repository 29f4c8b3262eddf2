/**
 * Release versions as BOSH orders them (go-semi-semantic, used by bosh-cli and the Director):
 * `<release>[-<pre-release>][+<post-release>]`, each segment `.`-separated components that are
 * integers or `[0-9A-Za-z_-]` words. Dev releases are post-releases: `0+dev.1`, `1.2+dev.3`.
 */
import { BosunError } from '../base/index.js';

/** A parsed version; each segment is its components (integers as bigint). */
export interface ReleaseVersion {
  release: ReadonlyArray<bigint | string>;
  preRelease: ReadonlyArray<bigint | string>;
  postRelease: ReadonlyArray<bigint | string>;
}

const VERSION = /^([0-9A-Za-z_.]+)(?:-([0-9A-Za-z_.-]+))?(?:\+([0-9A-Za-z_.-]+))?$/;

/** Parses a version; throws INPUT_INVALID with bosh-cli's words when it is not one. */
export function parseReleaseVersion(text: string): ReleaseVersion {
  const match = VERSION.exec(text);
  const release = match?.[1] === undefined ? undefined : parseSegment(match[1]);
  const preRelease = match?.[2] === undefined ? [] : parseSegment(match[2]);
  const postRelease = match?.[3] === undefined ? [] : parseSegment(match[3]);
  if (release === undefined || preRelease === undefined || postRelease === undefined) {
    throw new BosunError('INPUT_INVALID', `Expected version '${text}' to match version format`, {
      hint: 'A release version looks like 1, 1.2.3, 1.0-beta.2 or 0+dev.4.',
    });
  }
  return { release, preRelease, postRelease };
}

/** The text form: the inverse of {@link parseReleaseVersion}. */
export function formatReleaseVersion(version: ReleaseVersion): string {
  let text = version.release.join('.');
  if (version.preRelease.length > 0) text += `-${version.preRelease.join('.')}`;
  if (version.postRelease.length > 0) text += `+${version.postRelease.join('.')}`;
  return text;
}

/** Negative, zero or positive as `a` sorts before, with or after `b`. */
export function compareReleaseVersions(a: ReleaseVersion, b: ReleaseVersion): number {
  const release = compareSegments(a.release, b.release);
  if (release !== 0) return release;
  if (a.preRelease.length > 0 || b.preRelease.length > 0) {
    if (a.preRelease.length === 0) return 1;
    if (b.preRelease.length === 0) return -1;
    const pre = compareSegments(a.preRelease, b.preRelease);
    if (pre !== 0) return pre;
  }
  if (a.postRelease.length > 0 || b.postRelease.length > 0) {
    if (a.postRelease.length === 0) return -1;
    if (b.postRelease.length === 0) return 1;
    return compareSegments(a.postRelease, b.postRelease);
  }
  return 0;
}

/**
 * The dev version after `last` (bosh-cli `NextDevVersion`): `0+dev.1` when there is none,
 * `<last>+dev.1` after a final version, else the post-release's last number plus one.
 */
export function nextDevVersion(last: ReleaseVersion | undefined): ReleaseVersion {
  const base = last ?? parseReleaseVersion('0+dev.0');
  if (base.postRelease.length === 0) return { ...base, postRelease: ['dev', 1n] };
  const lastComponent = base.postRelease[base.postRelease.length - 1];
  if (typeof lastComponent !== 'bigint') {
    throw new BosunError(
      'INPUT_INVALID',
      `Expected version segment '${base.postRelease.join('.')}' to have last component '${lastComponent}' to be an integer`,
      { hint: 'Pass --version to choose the version of this dev release.' },
    );
  }
  return { ...base, postRelease: [...base.postRelease.slice(0, -1), lastComponent + 1n] };
}

function parseSegment(text: string): Array<bigint | string> | undefined {
  const components: Array<bigint | string> = [];
  for (const piece of text.split('.')) {
    if (/^[0-9]+$/.test(piece)) components.push(BigInt(piece));
    else if (/^[0-9A-Za-z_-]+$/.test(piece)) components.push(piece);
    else return undefined;
  }
  return components;
}

function compareSegments(a: ReadonlyArray<bigint | string>, b: ReadonlyArray<bigint | string>): number {
  const shared = Math.min(a.length, b.length);
  for (let i = 0; i < shared; i++) {
    const x = a[i] as bigint | string;
    const y = b[i] as bigint | string;
    if (typeof x !== typeof y) return typeof x === 'string' ? 1 : -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  // Extra components count only when they are not all zeros: 1.0 == 1.
  const rest = a.length > b.length ? a.slice(shared) : b.slice(shared);
  if (rest.every((c) => c === 0n)) return 0;
  return a.length > b.length ? 1 : -1;
}
