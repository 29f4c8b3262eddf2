import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test/support/error-of.js';
import { sortPackagesByDependencies, type PackageNode } from './package-graph.js';

const pkgs = (spec: Record<string, string[]>): PackageNode[] =>
  Object.entries(spec).map(([name, dependencies]) => ({ name, dependencies }));

describe('sortPackagesByDependencies', () => {
  it.each<[Record<string, string[]>, string[]]>([
    [{ app: ['runtime'], runtime: [] }, ['runtime', 'app']],
    [{ a: ['b', 'c'], b: ['c'], c: [], d: [] }, ['c', 'b', 'a', 'd']],
    [{}, []],
  ])('orders %j as %j', (spec, order) => {
    expect(sortPackagesByDependencies(pkgs(spec)).map((p) => p.name)).toEqual(order);
  });

  it.each<[string, Record<string, string[]>, string]>([
    [
      'a missing dependency (bosh-cli)',
      { a: ['b'] },
      "Expected to find package 'b' since it's a dependency of package 'a'",
    ],
    ['a cycle (the Director, CycleHelper)', { a: ['b'], b: ['c'], c: ['a'] }, 'Cycle: a=>b=>c=>a'],
    ['a cycle reached through another package', { x: ['a'], a: ['b'], b: ['a'] }, 'Cycle: x=>a=>b=>a'],
    ['a package depending on itself', { a: ['a'] }, 'Cycle: a=>a'],
  ])('refuses %s', (_what, spec, message) => {
    const e = errorOf(() => sortPackagesByDependencies(pkgs(spec)));
    expect(e.message).toBe(message);
    expect((e as { code?: string }).code).toBe('RELEASE_DEPENDENCY_INVALID');
  });
});
