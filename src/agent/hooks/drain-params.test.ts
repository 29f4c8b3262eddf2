import { describe, expect, it } from 'vitest';
import type { ApplySpec } from '../../protocol/index.js';
import { errorOf } from '../../../test/support/error-of.js';
import type { DrainParams } from './drain-params.js';
import { computeDrainParams } from './drain-params.js';

const pkg = (name: string, sha1: string) => ({ name, version: '1', sha1, blobstore_id: `blob-${name}` });
const job = (name: string) => ({ name, version: '1', sha1: 'j', blobstore_id: `blob-${name}` });

const current: ApplySpec = {
  job: { name: 'web', templates: [job('nginx'), job('app')] },
  packages: { nginx: pkg('nginx', 'n1'), ruby: pkg('ruby', 'r1'), zlib: pkg('zlib', 'z1') },
  configuration_hash: 'hash-1',
  persistent_disk: 1024,
};

type Row = {
  name: string;
  type: string;
  current: ApplySpec;
  next: ApplySpec | undefined;
  params: DrainParams;
};

const rows: Row[] = [
  {
    name: 'update with the same hash and packages',
    type: 'update',
    current,
    next: { ...current },
    params: {
      jobChange: 'job_changed',
      hashChange: 'hash_unchanged',
      updatedPackages: [],
      jobState: '{"persistent_disk":1024}',
      jobNextState: '{"persistent_disk":1024}',
    },
  },
  {
    name: 'update with a new hash, changed and added packages, a bigger disk',
    type: 'update',
    current,
    next: {
      ...current,
      configuration_hash: 'hash-2',
      packages: {
        zlib: pkg('zlib', 'z2'),
        nginx: pkg('nginx', 'n1'),
        Ares: pkg('Ares', 'a1'),
        bash: pkg('bash', 'b1'),
      },
      persistent_disk: 2048,
    },
    params: {
      jobChange: 'job_changed',
      hashChange: 'hash_changed',
      updatedPackages: ['Ares', 'bash', 'zlib'],
      jobState: '{"persistent_disk":1024}',
      jobNextState: '{"persistent_disk":2048}',
    },
  },
  {
    name: 'update when the current spec has no jobs, no hash, no packages, no disk',
    type: 'update',
    current: {},
    next: { ...current },
    params: {
      jobChange: 'job_new',
      hashChange: 'hash_new',
      updatedPackages: ['nginx', 'ruby', 'zlib'],
      jobState: '{"persistent_disk":0}',
      jobNextState: '{"persistent_disk":1024}',
    },
  },
  {
    name: 'update when the current spec has an empty job list and a null hash',
    type: 'update',
    current: { job: { name: 'web', templates: [] }, configuration_hash: null, persistent_disk: null },
    next: { configuration_hash: 'h', persistent_disk: 0 },
    params: {
      jobChange: 'job_new',
      hashChange: 'hash_new',
      updatedPackages: [],
      jobState: '{"persistent_disk":0}',
      jobNextState: '{"persistent_disk":0}',
    },
  },
  {
    name: 'shutdown with a next spec',
    type: 'shutdown',
    current,
    next: { ...current, configuration_hash: 'other', packages: {}, persistent_disk: 4096 },
    params: {
      jobChange: 'job_shutdown',
      hashChange: 'hash_unchanged',
      updatedPackages: [],
      jobState: '{"persistent_disk":1024}',
      jobNextState: '{"persistent_disk":4096}',
    },
  },
  {
    name: 'shutdown of an obsolete instance (empty next spec: disk deleted)',
    type: 'shutdown',
    current,
    next: {},
    params: {
      jobChange: 'job_shutdown',
      hashChange: 'hash_unchanged',
      updatedPackages: [],
      jobState: '{"persistent_disk":1024}',
      jobNextState: '{"persistent_disk":0}',
    },
  },
  {
    name: 'shutdown without a next spec',
    type: 'shutdown',
    current,
    next: undefined,
    params: {
      jobChange: 'job_shutdown',
      hashChange: 'hash_unchanged',
      updatedPackages: [],
      jobState: '{"persistent_disk":1024}',
      jobNextState: undefined,
    },
  },
];

describe('computeDrainParams', () => {
  it.each(rows)('computes the parameters of $name', ({ type, current: from, next, params }) => {
    expect(computeDrainParams(type, from, next)).toEqual(params);
  });

  it.each([
    {
      type: 'update',
      next: undefined,
      code: 'DRAIN_NEW_SPEC_REQUIRED',
      message: 'Drain update requires new spec',
    },
    {
      type: 'status',
      next: current,
      code: 'DRAIN_TYPE_UNEXPECTED',
      message: "Unexpected call with drain type 'status'",
    },
    { type: 'restart', next: current, code: 'DRAIN_TYPE_UNKNOWN', message: "Unknown drain type 'restart'" },
  ])('rejects drain type $type when the next spec is $next', ({ type, next, code, message }) => {
    const error = errorOf(() => computeDrainParams(type, current, next));
    expect(error).toMatchObject({ code, message });
  });
});

describe('§9 A99 (agent drain params)', () => {
  const old: ApplySpec = {
    job: { name: 'web', templates: [job('web')] },
    packages: { foo: pkg('foo', 'sha1:foosha1'), bar: pkg('bar', 'sha1:barsha1') },
    configuration_hash: 'same',
    persistent_disk: 42,
  };

  it('A99: both package sha1s changed, same config hash → job_changed hash_unchanged bar foo, disk 42 → 42', () => {
    const next: ApplySpec = { ...old, packages: { foo: pkg('foo', 'sha1:newfoo'), bar: pkg('bar', 'sha1:newbar') } };
    expect(computeDrainParams('update', old, next)).toEqual({
      jobChange: 'job_changed',
      hashChange: 'hash_unchanged',
      updatedPackages: ['bar', 'foo'],
      jobState: '{"persistent_disk":42}',
      jobNextState: '{"persistent_disk":42}',
    });
  });

  it('A99: shutdown with no next spec → job_shutdown hash_unchanged and no BOSH_JOB_NEXT_STATE', () => {
    expect(computeDrainParams('shutdown', old, undefined)).toEqual({
      jobChange: 'job_shutdown',
      hashChange: 'hash_unchanged',
      updatedPackages: [],
      jobState: '{"persistent_disk":42}',
      jobNextState: undefined,
    });
  });
});
