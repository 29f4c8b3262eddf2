import { access } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { daemonizingStart, killingStop } from './fake-processes.js';
import { ctlStanza, makeTestBed, type TestBed } from './supervisor-test-bed.js';

let bed: TestBed | undefined;
afterEach(async () => {
  await bed?.cleanUp();
  bed = undefined;
});

/** One job `web` with one process `web`, its ctl scripted to daemonise and to stop it. */
async function webJob(extra = ''): Promise<TestBed> {
  bed = await makeTestBed({ '0000_web.monitrc': ctlStanza('web', { extra }) });
  bed.runner.programs.set('/jobs/web/bin/ctl start web', daemonizingStart('/run/web.pid'));
  bed.runner.programs.set('/jobs/web/bin/ctl stop web', killingStop('/run/web.pid'));
  await bed.supervisor.reload();
  return bed;
}

const pidOf = (b: TestBed): number | undefined => b.world.pidfiles.get('/run/web.pid');

describe('MonitFileSupervisor start and restart', () => {
  it('runs the start program and reports running when the pidfile process lives', async () => {
    const b = await webJob();
    expect(await b.supervisor.jobState()).toBe('stopped');
    await b.supervisor.start();
    expect(b.native.isSubreaper).toBe(true);
    expect(b.runner.commands).toEqual(['/jobs/web/bin/ctl start web']);
    expect(await b.supervisor.jobState()).toBe('running');
    const [web] = await b.supervisor.processes();
    expect(web).toEqual({
      name: 'web',
      state: 'running',
      uptime: { secs: 0 },
      mem: { kb: 1000, percent: 0.1 },
      cpu: { total: 0 },
    });
    expect(await b.logLines()).toEqual([
      "info : monit files reloaded: 1 vcap service(s) 'web'",
      "info : 'web' start: '/jobs/web/bin/ctl start web'",
      "info : 'web' process is running with pid 2002",
    ]);
  });

  it('adopts a process that already runs per its pidfile instead of starting it twice', async () => {
    const b = await webJob();
    const running = b.world.spawn({ ppid: 1 });
    b.world.pidfiles.set('/run/web.pid', running.pid);
    await b.supervisor.start();
    expect(b.runner.commands).toEqual([]);
    expect(await b.supervisor.jobState()).toBe('running');
  });

  it('reports uptime and the CPU time of the process tree', async () => {
    const b = await webJob();
    await b.supervisor.start();
    const daemon = b.world.processes.get(pidOf(b) ?? 0);
    if (daemon === undefined) throw new Error('no daemon');
    daemon.cpuSeconds = 1.5;
    b.world.spawn({ ppid: daemon.pid }).cpuSeconds = 0.25;
    await b.run(90_000, 10_000);
    const [web] = await b.supervisor.processes();
    expect(web?.uptime.secs).toBe(90);
    expect(web?.cpu.total).toBe(1.75);
    expect(web?.mem.kb).toBe(2000);
  });

  it('notices a death within a poll, reaps the zombie and restarts at once, then with backoff', async () => {
    const b = await webJob();
    await b.supervisor.start();
    const first = pidOf(b) ?? 0;
    b.world.signal(first, 'SIGKILL');
    await b.run(200);
    expect(b.native.reaped).toEqual([first]);
    const second = pidOf(b) ?? 0;
    expect(second).not.toBe(first);
    expect(b.world.isAlive(second)).toBe(true);
    expect(await b.supervisor.jobState()).toBe('running');

    b.world.signal(second, 'SIGKILL');
    await b.run(200);
    expect(await b.supervisor.jobState()).toBe('failing');
    expect(pidOf(b)).toBe(second);
    await b.run(1000);
    expect(b.world.isAlive(pidOf(b) ?? 0)).toBe(true);
    expect(await b.supervisor.jobState()).toBe('running');
    const lines = await b.logLines();
    expect(lines).toContain(`error : 'web' process is not running (pid ${first} killed by signal SIGKILL)`);
    expect(lines).toContain("info : 'web' trying to restart (restart 1 of 5)");
    expect(lines).toContain("info : 'web' trying to restart (restart 2 of 5 after 1 s)");
  });

  it('stops restarting after 5 restarts within 60 s and reports failing until the next start', async () => {
    const b = await webJob();
    await b.supervisor.start();
    for (let i = 0; i < 6; i += 1) {
      b.world.signal(pidOf(b) ?? 0, 'SIGKILL');
      await b.run(10_000, 100);
    }
    expect(b.runner.commands.length).toBe(6);
    expect(await b.supervisor.jobState()).toBe('failing');
    expect((await b.supervisor.processes())[0]?.state).toBe('failing');
    await b.run(120_000, 10_000);
    expect(b.runner.commands.length).toBe(6);
    expect(await b.logLines()).toContain(
      "error : 'web' restarted 5 times within 60 seconds: crash loop, not restarting it again until the next start",
    );

    await b.supervisor.start();
    expect(b.runner.commands.length).toBe(7);
    expect(await b.supervisor.jobState()).toBe('running');
  });

  it("uses the job's own restart limit", async () => {
    const b = await webJob('  if 2 restarts within 3 cycles then timeout');
    await b.supervisor.start();
    for (let i = 0; i < 3; i += 1) {
      b.world.signal(pidOf(b) ?? 0, 'SIGKILL');
      await b.run(5_000, 100);
    }
    expect(b.runner.commands.length).toBe(3);
    expect(await b.supervisor.jobState()).toBe('failing');
  });

  it('reports a failing start program with its stderr and retries it with backoff', async () => {
    const b = await webJob();
    b.runner.programs.set('/jobs/web/bin/ctl start web', (run) => {
      run.writeStderr('ctl: config missing\nctl: giving up\n');
      return 1;
    });
    await b.supervisor.start();
    expect(await b.supervisor.jobState()).toBe('starting');
    await b.run(1000);
    expect(await b.supervisor.jobState()).toBe('failing');
    expect(await b.logLines()).toContain(
      "error : 'web' failed to start (the start program exited with status 1; no process per pidfile '/run/web.pid'); " +
        'stderr: ctl: config missing | ctl: giving up',
    );
    expect(b.runner.commands.length).toBe(2); // the first restart is immediate
  });

  it('kills a start program that outlives its timeout when no process appeared', async () => {
    const b = await webJob();
    bed = b;
    b.runner.programs.set('/jobs/web/bin/ctl start web', () => 'hang');
    const starting = b.supervisor.start();
    await b.run(30_000, 1000);
    await starting;
    expect(b.world.signalsSent).toContain('SIGKILL -2001');
    expect(await b.logLines()).toContain(
      "error : 'web' failed to start (the start program was still running after 30 seconds and was killed; no process per pidfile '/run/web.pid')",
    );
  });

  it('rejects with BOSH\'s "Starting service" when the start program cannot be executed', async () => {
    const b = await webJob();
    b.runner.unexecutable.add('/jobs/web/bin/ctl start web');
    await expect(b.supervisor.start()).rejects.toThrow(
      "Starting service web: '/jobs/web/bin/ctl' could not be executed: no such file",
    );
    expect(await b.supervisor.jobState()).toBe('stopped');
  });

  it('stops restarting after unmonitor and reports the process unknown', async () => {
    const b = await webJob();
    await b.supervisor.start();
    await b.supervisor.unmonitor();
    expect((await b.supervisor.processes())[0]?.state).toBe('unknown');
    expect(await b.supervisor.jobState()).toBe('failing');
    b.world.signal(pidOf(b) ?? 0, 'SIGKILL');
    await b.run(5_000, 100);
    expect(b.runner.commands.length).toBe(1);
  });

  it('starts services on the first reload when the stopped file is absent (agent restart)', async () => {
    bed = await makeTestBed({ '0000_web.monitrc': ctlStanza('web') }, { isStopped: false });
    bed.runner.programs.set('/jobs/web/bin/ctl start web', daemonizingStart('/run/web.pid'));
    await bed.supervisor.reload();
    expect(bed.runner.commands).toEqual(['/jobs/web/bin/ctl start web']);
    await bed.supervisor.reload();
    expect(bed.runner.commands.length).toBe(1);
    expect(await bed.supervisor.jobState()).toBe('running');
  });

  it('removes the stopped file on start and leaves processes running on close', async () => {
    const b = await webJob();
    await b.supervisor.start();
    await expect(access(b.paths.stoppedFile)).rejects.toThrow();
    await b.supervisor.close();
    expect(b.world.isAlive(pidOf(b) ?? 0)).toBe(true);
    expect(b.world.signalsSent).toEqual([]);
    await expect(b.supervisor.start()).rejects.toThrow('The job supervisor is closed');
    await b.supervisor.close(); // again: no error
  });
});
