import { access } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { daemonizingStart, killingStop } from './fake-processes.js';
import { ctlStanza, makeTestBed, type TestBed } from './supervisor-test-bed.js';

let bed: TestBed | undefined;
afterEach(async () => {
  await bed?.cleanUp();
  bed = undefined;
});

/** Job `web`, started; its daemon ignores `ignores`; its ctl stop kills it unless `stopDoesNothing`. */
async function startedWeb(
  options: { ignores?: NodeJS.Signals[]; stopDoesNothing?: boolean } & Parameters<typeof ctlStanza>[1] = {},
): Promise<TestBed> {
  const b = await makeTestBed({ '0000_web.monitrc': ctlStanza('web', options) });
  bed = b;
  b.runner.programs.set(
    '/jobs/web/bin/ctl start web',
    daemonizingStart('/run/web.pid', { ignores: options.ignores ?? [] }),
  );
  b.runner.programs.set(
    '/jobs/web/bin/ctl stop web',
    options.stopDoesNothing === true ? () => 0 : killingStop('/run/web.pid'),
  );
  await b.supervisor.reload();
  await b.supervisor.start();
  return b;
}

const daemonPid = (b: TestBed): number => b.world.pidfiles.get('/run/web.pid') ?? 0;

describe('MonitFileSupervisor stop', () => {
  it('runs the stop program, reaps the daemon and writes the stopped file', async () => {
    const b = await startedWeb();
    const pid = daemonPid(b);
    await b.supervisor.stop();
    expect(b.runner.commands).toEqual(['/jobs/web/bin/ctl start web', '/jobs/web/bin/ctl stop web']);
    expect(b.world.signalsSent).toEqual([`SIGTERM ${pid}`]); // the ctl script's own kill, nothing more
    expect(b.native.reaped).toEqual([pid]);
    expect(b.world.liveProcesses()).toEqual([]);
    await access(b.paths.stoppedFile);
    expect(await b.supervisor.jobState()).toBe('stopped');
    expect((await b.supervisor.processes())[0]?.state).toBe('unknown');
    expect((await b.logLines()).slice(-2)).toEqual([
      "info : 'web' stop: '/jobs/web/bin/ctl stop web'",
      "info : 'web' stop action done",
    ]);
  });

  it('sends SIGTERM after the stop timeout, then SIGKILL 10 s later, to the process and its group', async () => {
    const b = await startedWeb({ ignores: ['SIGTERM'], stopDoesNothing: true });
    const pid = daemonPid(b);
    const group = b.world.processes.get(pid)?.pgid ?? 0;
    let isDone = false;
    const stopping = b.supervisor.stop().then(() => (isDone = true));
    await b.run(29_900, 100);
    expect(b.world.signalsSent).toEqual([]);
    await b.run(200, 100);
    expect(b.world.signalsSent).toEqual([`SIGTERM -${group}`, `SIGTERM ${pid}`]);
    await b.run(9_800, 100);
    expect(isDone).toBe(false);
    await b.run(400, 100);
    await stopping;
    expect(b.world.signalsSent.slice(2)).toEqual([`SIGKILL -${group}`, `SIGKILL ${pid}`]);
    expect(b.native.reaped).toEqual([pid]);
    expect(b.world.liveProcesses()).toEqual([]);
    expect(await b.logLines()).toContain(
      `warning : 'web' still running after its stop timeout: SIGTERM to pid ${pid} and process group ${group}`,
    );
  });

  it("uses the stop program's own timeout", async () => {
    const b = await startedWeb({ stopDoesNothing: true, stopTimeoutSeconds: 5 });
    const stopping = b.supervisor.stop();
    await b.run(5_200, 100);
    await stopping;
    expect(b.world.signalsSent[0]).toMatch(/^SIGTERM -\d+$/);
  });

  it('terminates what the service left in its process group once the process is gone', async () => {
    const b = await startedWeb();
    const helper = b.world.spawn({
      ppid: b.world.ownPid,
      pgid: b.world.processes.get(daemonPid(b))?.pgid ?? 0,
    });
    const stopping = b.supervisor.stop();
    await b.run(200, 100);
    await stopping;
    expect(b.world.isAlive(helper.pid)).toBe(false);
    expect(b.native.reaped).toContain(helper.pid);
  });

  it('stops a service that was unmonitored first (drain)', async () => {
    const b = await startedWeb();
    await b.supervisor.unmonitor();
    await b.supervisor.stop();
    expect(b.runner.commands.at(-1)).toBe('/jobs/web/bin/ctl stop web');
    expect(b.world.liveProcesses()).toEqual([]);
  });

  it("gives BOSH's text when the services do not stop within 5 minutes", async () => {
    const b = await startedWeb({ ignores: ['SIGTERM', 'SIGKILL'], stopDoesNothing: true });
    const stopping = b.supervisor.stop();
    const outcome = expect(stopping).rejects.toThrow(
      "Timed out waiting for services 'web' to stop after 5 minutes",
    );
    await b.run(300_000, 1_000);
    await outcome;
    await access(b.paths.stoppedFile);
    // The next stop tries again; it does not find the service stuck half-way.
    const again = expect(b.supervisor.stop()).rejects.toThrow("Timed out waiting for services 'web' to stop");
    await b.run(300_000, 5_000);
    await again;
  });

  it("gives BOSH's text when a start program stays pending for 5 minutes", async () => {
    const b = await startedWeb({ startTimeoutSeconds: 600 });
    b.runner.programs.set('/jobs/web/bin/ctl start web', () => 'hang');
    b.world.signal(daemonPid(b), 'SIGKILL');
    await b.run(400, 100);
    const stopping = b.supervisor.stop();
    const outcome = expect(stopping).rejects.toThrow(
      "Timed out waiting for services 'web' to no longer be pending after 5 minutes",
    );
    await b.run(300_000, 1_000);
    await outcome;
    await expect(access(b.paths.stoppedFile)).rejects.toThrow();
  });

  it('ends with the reason when cancelled', async () => {
    const b = await startedWeb({ stopDoesNothing: true });
    const cancel = new AbortController();
    const stopping = b.supervisor.stop(cancel.signal);
    await b.run(1_000, 100);
    cancel.abort(new Error('task cancelled'));
    await expect(stopping).rejects.toThrow('task cancelled');
  });
});

describe('MonitFileSupervisor depends on', () => {
  it('starts dependencies first and stops them last, across jobs', async () => {
    const b = await makeTestBed({
      '0000_worker.monitrc': ctlStanza('worker', { extra: '  depends on db' }),
      '0001_db.monitrc': ctlStanza('db'),
    });
    bed = b;
    for (const name of ['worker', 'db']) {
      b.runner.programs.set(`/jobs/${name}/bin/ctl start ${name}`, daemonizingStart(`/run/${name}.pid`));
      b.runner.programs.set(`/jobs/${name}/bin/ctl stop ${name}`, killingStop(`/run/${name}.pid`));
    }
    await b.supervisor.reload();
    await b.supervisor.start();
    await b.supervisor.stop();
    expect(b.runner.commands).toEqual([
      '/jobs/db/bin/ctl start db',
      '/jobs/worker/bin/ctl start worker',
      '/jobs/worker/bin/ctl stop worker',
      '/jobs/db/bin/ctl stop db',
    ]);
    expect((await b.supervisor.processes()).map((p) => p.name)).toEqual(['db', 'worker']);
  });
});
