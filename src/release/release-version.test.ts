import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/support/error-of.js';
import {
  compareReleaseVersions,
  formatReleaseVersion,
  nextDevVersion,
  parseReleaseVersion,
} from './release-version.js';

const v = parseReleaseVersion;

describe('compareReleaseVersions', () => {
  it.each<[string, string, number]>([
    ['1', '2', -1],
    ['1.10', '1.9', 1],
    ['1.0', '1', 0],
    ['1.0.1', '1', 1],
    ['0+dev.2', '0+dev.10', -1],
    ['1', '1+dev.1', -1],
    ['1-beta', '1', -1],
    ['1-beta.2', '1-beta.10', -1],
    ['1.a', '1.1', 1],
    ['2+dev.1', '10', -1],
  ])('%s vs %s is %i', (a, b, expected) => {
    expect(Math.sign(compareReleaseVersions(v(a), v(b)))).toBe(expected);
  });
});

describe('nextDevVersion', () => {
  it.each<[string | undefined, string]>([
    [undefined, '0+dev.1'],
    ['0+dev.1', '0+dev.2'],
    ['0+dev.9', '0+dev.10'],
    ['3', '3+dev.1'],
    ['1.2-rc.1+dev.4', '1.2-rc.1+dev.5'],
  ])('after %s comes %s', (last, next) => {
    expect(formatReleaseVersion(nextDevVersion(last === undefined ? undefined : v(last)))).toBe(next);
  });

  it("refuses a post-release that does not end in a number, with bosh-cli's words", () => {
    expect(errorOf(() => nextDevVersion(v('1+dev.x'))).message).toBe(
      "Expected version segment 'dev.x' to have last component 'x' to be an integer",
    );
  });
});

describe('parseReleaseVersion', () => {
  it.each(['', 'a b', '1+', '1..2', '+dev.1'])("refuses %j with bosh-cli's words", (text) => {
    expect(errorOf(() => v(text)).message).toBe(`Expected version '${text}' to match version format`);
  });
});
