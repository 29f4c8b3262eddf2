import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { daemonizingStart } from './fake-processes.js';
import { ctlStanza, makeTestBed, type TestBed } from './supervisor-test-bed.js';

let bed: TestBed | undefined;
afterEach(async () => {
  await bed?.cleanUp();
  bed = undefined;
});

async function installJob(b: TestBed, job: string, files: Record<string, string>): Promise<void> {
  await mkdir(b.paths.jobDir(job), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(b.paths.jobDir(job), name), text);
}

describe('MonitFileSupervisor monit files', () => {
  it('copies the jobs’ monit files in reverse order with BOSH’s names, then loads them', async () => {
    const b = (bed = await makeTestBed({}));
    await installJob(b, 'a', { monit: ctlStanza('a') });
    await installJob(b, 'b', { monit: ctlStanza('b'), 'worker.monit': ctlStanza('b_worker', { job: 'b' }) });
    await installJob(b, 'c', { monit: '' });
    await b.supervisor.writeJobMonitFiles(['a', 'b', 'c']);
    expect((await readdir(b.paths.monitJobDir)).sort()).toEqual([
      '0000_c.monitrc',
      '0001_b.monitrc',
      '0001_b_worker.monitrc',
      '0002_a.monitrc',
    ]);
    expect(await readFile(join(b.paths.monitJobDir, '0002_a.monitrc'), 'utf8')).toBe(ctlStanza('a'));
    expect((await b.supervisor.processes()).map((p) => [p.name, p.state])).toEqual([
      ['b', 'unknown'],
      ['b_worker', 'unknown'],
      ['a', 'unknown'],
    ]);
  });

  it('names the job when its directory is missing', async () => {
    const b = (bed = await makeTestBed({}));
    await expect(b.supervisor.writeJobMonitFiles(['ghost'])).rejects.toThrow(
      /^Configuring job 'ghost': ENOENT/,
    );
  });

  it('empties monit/job on remove: nothing is supervised, processes keep running', async () => {
    const b = (bed = await makeTestBed({ '0000_web.monitrc': ctlStanza('web') }));
    b.runner.programs.set('/jobs/web/bin/ctl start web', daemonizingStart('/run/web.pid'));
    await b.supervisor.reload();
    await b.supervisor.start();
    const pid = b.world.pidfiles.get('/run/web.pid') ?? 0;
    await b.supervisor.removeJobMonitFiles();
    expect(await readdir(b.paths.monitJobDir)).toEqual([]);
    expect(await b.supervisor.processes()).toEqual([]);
    expect(await b.supervisor.jobState()).toBe('running');
    b.world.signal(pid, 'SIGKILL');
    await b.run(2_000, 100);
    expect(b.runner.commands).toHaveLength(1);
  });

  it('reports a monit file that does not parse as a problem and its job as failing', async () => {
    const b = (bed = await makeTestBed({
      '0000_web.monitrc': 'check process web\n  with pidfile /run/web.pid\n  start program\n',
      '0001_db.monitrc': ctlStanza('db'),
    }));
    b.runner.programs.set('/jobs/db/bin/ctl start db', daemonizingStart('/run/db.pid'));
    await b.supervisor.reload();
    await b.supervisor.start();
    expect(b.supervisor.problems()).toHaveLength(1);
    expect(b.supervisor.problems()[0]).toMatch(/^job 'web': invalid monit file at line \d+: /);
    expect((await b.supervisor.processes()).map((p) => [p.name, p.state])).toEqual([['db', 'running']]);
    expect(await b.supervisor.jobState()).toBe('failing');
    expect((await b.logLines())[0]).toMatch(/^error : job 'web': invalid monit file at line \d+: /);

    await b.supervisor.removeJobMonitFiles();
    expect(b.supervisor.problems()).toEqual([]);
  });

  it('keeps a service’s state across a reload that keeps it', async () => {
    const b = (bed = await makeTestBed({ '0000_web.monitrc': ctlStanza('web') }));
    b.runner.programs.set('/jobs/web/bin/ctl start web', daemonizingStart('/run/web.pid'));
    await b.supervisor.reload();
    await b.supervisor.start();
    await b.supervisor.reload();
    expect(await b.supervisor.jobState()).toBe('running');
  });
});
