import { describe, expect, it } from 'vitest';
import { buildDependencyKey, type KeyedPackage } from './dependency-key.js';

const pkg = (name: string, version: string, dependencies: string[] = []): KeyedPackage => ({
  name,
  version,
  dependencies,
});

// The cases of BOSH's key_generator_spec.rb ("when generating from Models::Package").
describe('buildDependencyKey', () => {
  it.each([
    { case: 'no dependencies', release: [pkg('pkg-1', '1.1')], key: '[]' },
    {
      case: 'one level of dependencies',
      release: [pkg('pkg-1', '1.1', ['pkg-3', 'pkg-2']), pkg('pkg-2', '1.4'), pkg('pkg-3', '1.7')],
      key: '[["pkg-2","1.4"],["pkg-3","1.7"]]',
    },
    {
      case: 'nested dependencies',
      release: [
        pkg('pkg-1', '1.1', ['pkg-2', 'pkg-3']),
        pkg('pkg-2', '1.4', ['pkg-4']),
        pkg('pkg-3', '1.7'),
        pkg('pkg-4', '3.7'),
      ],
      key: '[["pkg-2","1.4",[["pkg-4","3.7"]]],["pkg-3","1.7"]]',
    },
    {
      case: 'dependencies in any order',
      release: [
        pkg('parent', '1.1', ['x', 'b']),
        pkg('b', '1.7', ['z', 'd']),
        pkg('d', '1.4'),
        pkg('x', '1.7'),
        pkg('z', '1.7'),
      ],
      key: '[["b","1.7",[["d","1.4"],["z","1.7"]]],["x","1.7"]]',
    },
  ])('is $key with $case', ({ release, key }) => {
    const [root] = release;
    if (root === undefined) throw new Error('empty case');
    expect(buildDependencyKey(root, release)).toBe(key);
  });

  it('resolves dependencies in the given release version', () => {
    const root = pkg('pkg-1', '1.1', ['pkg-2']);
    expect(buildDependencyKey(root, [root, pkg('pkg-2', '1.5')])).toBe('[["pkg-2","1.5"]]');
  });

  it('fails naming the package whose dependency is missing', () => {
    const root = pkg('a', '1', ['b']);
    expect(() => buildDependencyKey(root, [root, pkg('b', '1', ['c'])])).toThrow(
      "Expected to find package 'c' since it's a dependency of package 'b'",
    );
  });
});
