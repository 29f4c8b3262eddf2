import { afterEach, describe, expect, it } from 'vitest';
import { daemonizingStart, killingStop } from './fake-processes.js';
import { ctlStanza, makeTestBed, type TestBed } from './supervisor-test-bed.js';

let bed: TestBed | undefined;
afterEach(async () => {
  await bed?.cleanUp();
  bed = undefined;
});

async function webJob(stanza = ctlStanza('web')): Promise<TestBed> {
  const b = (bed = await makeTestBed({ '0000_web.monitrc': stanza }));
  b.runner.programs.set('/jobs/web/bin/ctl start web', daemonizingStart('/run/web.pid'));
  b.runner.programs.set('/jobs/web/bin/ctl stop web', killingStop('/run/web.pid'));
  await b.supervisor.reload();
  return b;
}

const pidOf = (b: TestBed): number => b.world.pidfiles.get('/run/web.pid') ?? 0;

describe('ServiceWatcher', () => {
  it('follows the pidfile to a new pid without restarting', async () => {
    const b = await webJob();
    await b.supervisor.start();
    const other = b.world.spawn({ ppid: 1 });
    b.world.signal(pidOf(b), 'SIGTERM');
    b.world.pidfiles.set('/run/web.pid', other.pid);
    await b.run(400);
    expect(b.runner.commands.length).toBe(1);
    expect(await b.supervisor.jobState()).toBe('running');
  });

  it("reaps zombies left in the service's process group within 5 s while it runs", async () => {
    const b = await webJob();
    await b.supervisor.start();
    const group = b.world.processes.get(pidOf(b))?.pgid ?? 0;
    const helper = b.world.spawn({ ppid: b.world.ownPid, pgid: group });
    const stranger = b.world.spawn({ ppid: b.world.ownPid, pgid: 7777 });
    b.world.end(helper.pid, { code: 0, signal: null });
    b.world.end(stranger.pid, { code: 0, signal: null });
    await b.run(5_200, 100);
    expect(b.native.reaped).toEqual([helper.pid]); // a zombie of another group is not ours to reap
    expect(b.world.processes.get(stranger.pid)?.state).toBe('Z');
  });

  it('watches a process found by `matching` instead of a pidfile', async () => {
    const b = await webJob(
      'check process web\n  matching "web-daemon --port \\d+"\n  start program "/jobs/web/bin/ctl start web"\n  group vcap\n',
    );
    b.runner.programs.set('/jobs/web/bin/ctl start web', (run) => {
      run.world.spawn({ ppid: run.pid, pgid: run.pid, commandLine: 'web-daemon --port 8080' });
      return 0;
    });
    await b.supervisor.start();
    expect(await b.supervisor.jobState()).toBe('running');
    const daemon = b.world.liveProcesses().find((p) => p.commandLine.startsWith('web-daemon'));
    b.world.signal(daemon?.pid ?? 0, 'SIGKILL');
    await b.run(200);
    expect(b.runner.commands.length).toBe(2);
    expect(await b.supervisor.jobState()).toBe('running');
  });

  it('finds a process that outlived an interrupted stop again on the next start', async () => {
    const b = await webJob();
    await b.supervisor.start();
    b.runner.programs.set('/jobs/web/bin/ctl stop web', () => 0);
    const cancel = new AbortController();
    const stopping = b.supervisor.stop(cancel.signal);
    await b.run(500, 100);
    cancel.abort(new Error('cancelled'));
    await expect(stopping).rejects.toThrow('cancelled');
    expect((await b.supervisor.processes())[0]?.state).toBe('unknown');
    await b.supervisor.start();
    expect(b.runner.commands.filter((c) => c.includes('start'))).toHaveLength(1);
    expect(await b.supervisor.jobState()).toBe('running');
  });
});
