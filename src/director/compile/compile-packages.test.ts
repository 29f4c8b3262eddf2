import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BosunError } from '../../base/index.js';
import { parseTaskEventLines } from '../../protocol/index.js';
import {
  compilePackages,
  PACKAGE_COMPILATION_FAILED,
  type CompilePackagesOptions,
} from './compile-packages.js';
import { CompileTestBed, Deferred, FakeCompileFarm, until, type PackageSketch } from './compile-test-bed.js';

const stemcell = { os: 'ubuntu-jammy', version: '1.100' };
// a needs b and c; b needs d; `unused` is in the release but no job uses it.
const APP: readonly PackageSketch[] = [
  ['d', []],
  ['b', ['d']],
  ['c', []],
  ['a', ['b', 'c']],
  ['unused', []],
];

describe('compilePackages', () => {
  let bed: CompileTestBed;
  beforeEach(() => {
    bed = new CompileTestBed();
  });
  afterEach(() => {
    bed.close();
  });

  const optionsFor = (
    farm: FakeCompileFarm,
    releases: CompilePackagesOptions['releases'],
    overrides: Partial<CompilePackagesOptions> = {},
  ): CompilePackagesOptions => ({
    releases,
    stemcell,
    store: bed.store.packages,
    workers: 4,
    reuseWorkers: false,
    createWorker: farm.createWorker,
    deleteWorker: farm.deleteWorker,
    events: bed.events,
    ...overrides,
  });
  const appRelease = (needed: readonly string[] = ['a']): CompilePackagesOptions['releases'] => [
    { ...bed.createRelease('app', '1', APP), needed },
  ];

  it('compiles a package only after its dependencies, passing their compiled packages as deps', async () => {
    const farm = new FakeCompileFarm();
    const refs = await compilePackages(optionsFor(farm, appRelease()));

    const position = (entry: string): number => farm.log.indexOf(entry);
    for (const [name, dependencies] of APP.filter(([name]) => name !== 'unused')) {
      for (const dependency of dependencies) {
        expect(position(`done ${dependency}`)).toBeLessThan(
          position(`compile ${name} on ${workerOf(farm, name)}`),
        );
      }
    }
    expect(farm.calls.map((c) => c.name).sort()).toEqual(['a', 'b', 'c', 'd']);
    // Direct dependencies only, in the agent's `{<dep>: {name, version, sha1, blobstore_id}}`.
    expect(farm.calls.find((c) => c.name === 'a')?.args).toEqual([
      'src-a',
      'sha1-src-a',
      'a',
      'a-v',
      {
        b: { name: 'b', version: 'b-v', sha1: 'sha1-b', blobstore_id: 'compiled-b' },
        c: { name: 'c', version: 'c-v', sha1: 'sha1-c', blobstore_id: 'compiled-c' },
      },
    ]);
    expect(farm.calls.find((c) => c.name === 'd')?.args[4]).toEqual({});
    expect(Object.fromEntries(refs)).toEqual({
      'app/a': { name: 'a', version: 'a-v', sha1: 'sha1-a', blobstoreId: 'compiled-a' },
      'app/b': { name: 'b', version: 'b-v', sha1: 'sha1-b', blobstoreId: 'compiled-b' },
      'app/c': { name: 'c', version: 'c-v', sha1: 'sha1-c', blobstoreId: 'compiled-c' },
      'app/d': { name: 'd', version: 'd-v', sha1: 'sha1-d', blobstoreId: 'compiled-d' },
    });
    expect(farm.alive.size).toBe(0);
  });

  it.each([
    { workers: 2, reuseWorkers: true, created: 2 },
    { workers: 3, reuseWorkers: false, created: 6 },
  ])(
    'runs at most $workers compilations and workers at once when reuse is $reuseWorkers',
    async ({ workers, reuseWorkers, created }) => {
      const names = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
      const release = bed.createRelease(
        'many',
        '1',
        names.map((n) => [n, []] as const),
      );
      const farm = new FakeCompileFarm();
      await compilePackages(optionsFor(farm, [{ ...release, needed: names }], { workers, reuseWorkers }));
      expect(farm.calls).toHaveLength(6);
      expect(farm.maxRunning).toBe(workers);
      expect(farm.maxAlive).toBe(workers);
      expect(farm.createdCount).toBe(created);
      expect(farm.alive.size).toBe(0);
    },
  );

  it('compiles nothing and creates no worker when everything is cached', async () => {
    const release = appRelease();
    const first = await compilePackages(optionsFor(new FakeCompileFarm(), release));
    bed.lines.length = 0;
    const farm = new FakeCompileFarm();
    const second = await compilePackages(optionsFor(farm, release));
    expect(second).toEqual(first);
    expect(farm.createdCount).toBe(0);
    expect(farm.calls).toHaveLength(0);
    expect(parseTaskEventLines(bed.lines.join('\n')).map((e) => ('stage' in e ? e.stage : ''))).toEqual([
      'Preparing package compilation',
      'Preparing package compilation',
    ]);
  });

  it("records BOSH's dependency key and recompiles what was built against another dependency version", async () => {
    await compilePackages(optionsFor(new FakeCompileFarm(), appRelease()));
    expect(
      Object.fromEntries(bed.store.packages.listCompiled().map((c) => [c.packageName, c.dependencyKey])),
    ).toEqual({
      a: '[["b","b-v",[["d","d-v"]]],["c","c-v"]]',
      b: '[["d","d-v"]]',
      c: '[]',
      d: '[]',
    });
    const v2 = bed.createRelease('app', '2', [
      ['d', [], 'd-v2'],
      ['b', ['d']],
      ['c', []],
      ['a', ['b', 'c']],
    ]);
    const farm = new FakeCompileFarm();
    await compilePackages(optionsFor(farm, [{ ...v2, needed: ['a'] }]));
    expect(farm.calls.map((c) => c.name).sort()).toEqual(['a', 'b', 'd']);
    expect(bed.store.packages.listCompiled().map((c) => [c.packageName, c.dependencyKey])).toEqual(
      expect.arrayContaining([
        ['a', '[["b","b-v",[["d","d-v2"]]],["c","c-v"]]'],
        ['b', '[["d","d-v2"]]'],
      ]),
    );
  });

  it.each([
    {
      reuseWorkers: true,
      log: [
        'create w1',
        'compile x on w1',
        'done x',
        'compile y on w1',
        'done y',
        'compile z on w1',
        'done z',
        'delete w1',
      ],
    },
    {
      reuseWorkers: false,
      log: [
        'create w1',
        'compile x on w1',
        'done x',
        'delete w1',
        'create w2',
        'compile y on w2',
        'done y',
        'delete w2',
        'create w3',
        'compile z on w3',
        'done z',
        'delete w3',
      ],
    },
  ])(
    'keeps one worker for several packages only when reuse is $reuseWorkers',
    async ({ reuseWorkers, log }) => {
      const release = bed.createRelease('chain', '1', [
        ['x', []],
        ['y', ['x']],
        ['z', ['y']],
      ]);
      const farm = new FakeCompileFarm();
      await compilePackages(optionsFor(farm, [{ ...release, needed: ['z'] }], { workers: 2, reuseWorkers }));
      expect(farm.log).toEqual(log);
    },
  );

  it("writes BOSH's event log: finding, then one step per compiled package", async () => {
    const release = bed.createRelease('chain', '1', [
      ['x', []],
      ['y', ['x']],
    ]);
    await compilePackages(optionsFor(new FakeCompileFarm(), [{ ...release, needed: ['y'] }], { workers: 1 }));
    expect(bed.renderedEvents()).toBe(`Task 1

Task 1 | 10:01:02 | Preparing package compilation: Finding packages to compile (00:00:00)
Task 1 | 10:01:02 | Compiling packages: x/x-v (00:00:00)
Task 1 | 10:01:02 | Compiling packages: y/y-v (00:00:00)`);
    const totals = parseTaskEventLines(bed.lines.join('\n')).map((e) => ('total' in e ? e.total : undefined));
    expect(totals).toEqual([1, 1, 2, 2, 2, 2]);
  });

  it('stops scheduling at the first failure, lets running packages finish, deletes every worker', async () => {
    const release = bed.createRelease('four', '1', [
      ['p1', []],
      ['p2', []],
      ['p3', ['p2']],
      ['p4', []],
    ]);
    const p1 = new Deferred<unknown>();
    const p2 = new Deferred<unknown>();
    const farm = new FakeCompileFarm({ p1: () => p1.promise, p2: () => p2.promise });
    const outcome = compilePackages(
      optionsFor(farm, [{ ...release, needed: ['p1', 'p3', 'p4'] }], { workers: 2, reuseWorkers: true }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    await until(() => farm.calls.length === 2);
    const agentError =
      'Action Failed get_task: Task t-1 result: Compiling package p1: Running packaging script: Command exited with 2';
    p1.reject(new Error(agentError));
    await until(() => farm.log.includes('failed p1'));
    p2.resolve({ result: { blobstore_id: 'compiled-p2', sha1: 'sha1-p2' } });
    const error = await outcome;

    expect(error).toBeInstanceOf(BosunError);
    expect(error).toMatchObject({
      code: PACKAGE_COMPILATION_FAILED,
      message: `Compiling package 'p1/p1-v': ${agentError}`,
    });
    expect(farm.calls.map((c) => c.name)).toEqual(['p1', 'p2']);
    expect(bed.store.packages.listCompiled().map((c) => c.packageName)).toEqual(['p2']);
    expect(farm.createdCount).toBe(2);
    expect(farm.alive.size).toBe(0);
    expect(bed.renderedEvents()).toContain(`Compiling packages: p1/p1-v (00:00:00)
                   L Error: ${agentError}`);
  });

  it('cancels the agent task and deletes the worker when the signal aborts', async () => {
    const release = bed.createRelease('chain', '1', [
      ['x', []],
      ['y', ['x']],
    ]);
    const controller = new AbortController();
    const farm = new FakeCompileFarm({ x: () => new Promise(() => undefined) });
    const outcome = compilePackages(
      optionsFor(farm, [{ ...release, needed: ['y'] }], { signal: controller.signal }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    await until(() => farm.calls.length === 1);
    controller.abort(new BosunError('TASK_CANCELLED', 'Task 1 cancelled'));
    expect(await outcome).toMatchObject({ code: 'TASK_CANCELLED', message: 'Task 1 cancelled' });
    expect(farm.calls[0]?.signal).toBe(controller.signal);
    expect(farm.log).toEqual(['create w1', 'compile x on w1', 'failed x', 'delete w1']);
  });

  it('fails naming the package when a worker cannot be created', async () => {
    const release = bed.createRelease('one', '1', [['x', []]]);
    const farm = new FakeCompileFarm();
    const options = optionsFor(farm, [{ ...release, needed: ['x'] }], {
      createWorker: () => Promise.reject(new Error('CPI error: quota exceeded')),
    });
    await expect(compilePackages(options)).rejects.toThrow(
      "Compiling package 'x/x-v': CPI error: quota exceeded",
    );
  });

  it('fails with the deletion error when a worker cannot be deleted after compiling', async () => {
    const release = bed.createRelease('one', '1', [['x', []]]);
    const farm = new FakeCompileFarm();
    const options = optionsFor(farm, [{ ...release, needed: ['x'] }], {
      reuseWorkers: true,
      deleteWorker: () => Promise.reject(new Error('CPI error: vm busy')),
    });
    await expect(compilePackages(options)).rejects.toThrow(
      "Deleting compilation VM 'w1': CPI error: vm busy",
    );
    expect(bed.store.packages.listCompiled().map((c) => c.packageName)).toEqual(['x']);
  });

  it("refuses an uncached package without source in BOSH's words, and uses it when cached", async () => {
    const release = bed.createRelease(
      'bin',
      '1',
      [
        ['lib', []],
        ['tool', ['lib']],
      ],
      ['lib', 'tool'],
    );
    const farm = new FakeCompileFarm();
    await expect(compilePackages(optionsFor(farm, [{ ...release, needed: ['tool'] }]))).rejects.toThrow(
      `Can't use release 'bin/1'. It references packages without source code and are not compiled against stemcell 'ubuntu-jammy/1.100':
 - 'lib/lib-v'
 - 'tool/tool-v'`,
    );
    for (const [name, dependencyKey] of [
      ['lib', '[]'],
      ['tool', '[["lib","lib-v"]]'],
    ] as const) {
      bed.store.packages.createCompiled({
        packageFingerprint: `fp-${name}-v`,
        stemcellOs: stemcell.os,
        stemcellVersion: stemcell.version,
        dependencyKey,
        packageName: name,
        blobstoreId: `compiled-${name}`,
        sha1: `sha1-${name}`,
      });
    }
    const refs = await compilePackages(optionsFor(farm, [{ ...release, needed: ['tool'] }]));
    expect(refs.get('bin/tool')).toEqual({
      name: 'tool',
      version: 'tool-v',
      sha1: 'sha1-tool',
      blobstoreId: 'compiled-tool',
    });
    expect(farm.createdCount).toBe(0);
  });

  it('compiles a package two releases share once', async () => {
    const one = bed.createRelease('one', '1', [['shared', []]]);
    const two = bed.createRelease('two', '1', [['shared', []]]);
    const farm = new FakeCompileFarm();
    const refs = await compilePackages(
      optionsFor(farm, [
        { ...one, needed: ['shared'] },
        { ...two, needed: ['shared'] },
      ]),
    );
    expect(farm.calls).toHaveLength(1);
    expect(refs.get('two/shared')).toEqual(refs.get('one/shared'));
  });
});

function workerOf(farm: FakeCompileFarm, name: string): string {
  return farm.calls.find((c) => c.name === name)?.worker ?? 'none';
}
