import { describe, expect, it } from 'vitest';
import type {
  ActualInstance,
  DeployOptions,
  DesiredInstance,
  InstanceChange,
  InstanceFacts,
  InstanceUpdate,
} from './deployment-plan.js';
import { detectChanges, isSame, updateKindOf } from './detect-changes.js';
import { actualInstance, desiredInstance, FACTS } from './planning-test-bed.js';

const facts = (more: Partial<InstanceFacts>): InstanceFacts => ({ ...FACTS, ...more });
const network = FACTS.networks['default']!;

describe('detectChanges', () => {
  it.each<
    [
      string,
      Partial<DesiredInstance>,
      Partial<ActualInstance>,
      DeployOptions,
      InstanceChange[],
      InstanceUpdate,
    ]
  >([
    ['nothing changed', {}, {}, {}, [], 'none'],
    [
      'a new stemcell version',
      { facts: facts({ stemcell: { ...FACTS.stemcell, version: '1.2' } }) },
      {},
      {},
      ['stemcell'],
      'recreate',
    ],
    [
      'other cloud properties (vm_type)',
      { facts: facts({ cloudProperties: { ram: 1024 } }) },
      {},
      {},
      ['cloud_properties'],
      'recreate',
    ],
    ['another env', { facts: facts({ env: { bosh: { password: 'other' } } }) }, {}, {}, ['env'], 'recreate'],
    [
      'a new IP',
      { facts: facts({ networks: { default: { ...network, ip: '10.245.0.101' } } }) },
      {},
      {},
      ['network'],
      'recreate',
    ],
    ['another network', { facts: facts({ networks: { other: network } }) }, {}, {}, ['network'], 'recreate'],
    [
      'other packages',
      { facts: facts({ packages: { nginx: { version: 'p2', sha1: 'k2' } } }) },
      {},
      {},
      ['packages'],
      'full',
    ],
    [
      'another rendered configuration',
      { facts: facts({ configurationHash: 'c2' }) },
      {},
      {},
      ['configuration'],
      'full',
    ],
    [
      'another job version',
      { facts: facts({ jobs: [{ name: 'nginx', version: 'v2', sha1: 'j2' }] }) },
      {},
      {},
      ['job'],
      'full',
    ],
    [
      'a bigger persistent disk',
      { facts: facts({ persistentDisk: { sizeMb: 2048 } }) },
      { applied: facts({ persistentDisk: { sizeMb: 1024 } }) },
      {},
      ['persistent_disk'],
      'full',
    ],
    ['DNS records only', { facts: facts({ dns: ['web-0.other'] }) }, {}, {}, ['dns'], 'minimal'],
    ['tags only', { facts: facts({ tags: { team: 'db' } }) }, {}, {}, ['tags'], 'minimal'],
    ['DNS and tags', { facts: facts({ dns: [], tags: {} }) }, {}, {}, ['dns', 'tags'], 'minimal'],
    [
      'DNS and trusted certs (BOSH quirk: no restart)',
      { facts: facts({ dns: [], trustedCerts: 'new' }) },
      {},
      {},
      ['dns', 'trusted_certs'],
      'minimal',
    ],
    [
      'configuration and DNS',
      { facts: facts({ configurationHash: 'c2', dns: [] }) },
      {},
      {},
      ['configuration', 'dns'],
      'full',
    ],
    ['trusted certs only', { facts: facts({ trustedCerts: 'new' }) }, {}, {}, ['trusted_certs'], 'full'],
    ['an unfinished last update', {}, { isUpdateCompleted: false }, {}, ['dirty'], 'full'],
    [
      'an unfinished last update and DNS',
      { facts: facts({ dns: [] }) },
      { isUpdateCompleted: false },
      {},
      ['dirty', 'dns'],
      'full',
    ],
    ['--recreate', {}, {}, { recreate: true }, ['recreate'], 'recreate'],
    ['bosh restart', { state: 'restart' }, {}, {}, ['restart'], 'full'],
    ['bosh recreate', { state: 'recreate' }, {}, {}, ['recreate'], 'recreate'],
    ['an unresponsive agent', {}, { jobState: 'unresponsive' }, {}, ['recreate', 'state'], 'recreate'],
    ['processes not running', {}, { jobState: 'failing' }, {}, ['state'], 'full'],
    ['processes running', {}, { jobState: 'running' }, {}, [], 'none'],
    ['bosh stop of a running instance', { state: 'stopped' }, { jobState: 'running' }, {}, ['state'], 'full'],
    ['bosh start of a stopped instance', {}, { state: 'stopped' }, {}, ['state'], 'full'],
    ['bosh stop --hard', { state: 'detached' }, {}, {}, ['state'], 'full'],
    [
      'a stored dns_record_name',
      {},
      { applied: facts({ networks: { default: { ...network, dns_record_name: 'x' } as typeof network } }) },
      {},
      [],
      'none',
    ],
    [
      'an env never stored',
      { facts: facts({ env: { other: 1 } }) },
      { applied: facts({ env: null }) },
      {},
      [],
      'none',
    ],
    [
      'hash keys in another order',
      { facts: facts({ cloudProperties: { b: 1, a: { d: 2, c: 3 } } }) },
      { applied: facts({ cloudProperties: { a: { c: 3, d: 2 }, b: 1 } }) },
      {},
      [],
      'none',
    ],
    [
      'an instance that never got an apply',
      {},
      { applied: null },
      {},
      ['cloud_properties', 'stemcell', 'packages', 'configuration', 'job', 'dns', 'tags'],
      'recreate',
    ],
  ])('%s', (_what, desired, actual, options, changes, update) => {
    const found = detectChanges(desiredInstance('a', desired), actualInstance('a', actual), options);
    expect(found).toEqual(changes);
    expect(updateKindOf(found)).toBe(update);
  });
});

describe('isSame', () => {
  // prettier-ignore
  it.each([
    [{ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }, true],
    [[1, 2], [2, 1], false],
    [new Map([['a', 1n]]), new Map([['a', 1n]]), true],
    [new Map([['a', 1n]]), new Map([['a', 1]]), false],
    [{ a: undefined }, {}, true],
    [null, undefined, false],
  ])('%j is the same as %j: %s', (a, b, same) => {
    expect(isSame(a, b)).toBe(same);
  });
});
