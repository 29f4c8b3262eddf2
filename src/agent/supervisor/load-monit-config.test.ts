import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMonitConfig } from './load-monit-config.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function load(files: Record<string, string>): Promise<Awaited<ReturnType<typeof loadMonitConfig>>> {
  dir = await mkdtemp(join(tmpdir(), 'bosun-monit-config-'));
  await mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return loadMonitConfig(dir);
}

const stanza = (name: string, extra = ''): string =>
  `check process ${name}\n  with pidfile /run/${name}.pid\n  start program "/bin/${name}"\n  group vcap\n${extra}\n`;

describe('loadMonitConfig', () => {
  it('returns nothing for a missing directory', async () => {
    expect(await loadMonitConfig('/nonexistent/monit/job')).toEqual({ services: [], problems: [] });
  });

  it('keeps only check process stanzas of group vcap, with their jobs', async () => {
    const { services, problems } = await load({
      '0000_web.monitrc': `${stanza('web')}check process helper\n  with pidfile /run/h.pid\n  group other\n`,
      '0001_db.monitrc': `${stanza('db')}check file conf with path /etc/x\n  group vcap\n`,
    });
    expect(problems).toEqual([]);
    expect(services.map((s) => [s.jobName, s.name])).toEqual([
      ['web', 'web'],
      ['db', 'db'],
    ]);
  });

  it('reports a file that does not parse with the monit error text and loads the others', async () => {
    const { services, problems } = await load({
      '0000_web.monitrc': 'check process web\n  with pidfile\n',
      '0001_db.monitrc': stanza('db'),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^job 'web': invalid monit file at line 2: /);
    expect(services.map((s) => s.name)).toEqual(['db']);
  });

  it("names the job of an extra file whose job name has '_'", async () => {
    const { problems } = await load({
      '0000_my_job.monitrc': stanza('a'),
      '0000_my_job_extra.monitrc': 'bogus',
    });
    expect(problems[0]).toMatch(/^job 'my_job': invalid monit file at line 1: /);
  });

  it('leaves out a job whose depends on names no service, and reports it', async () => {
    const { services, problems } = await load({
      '0000_worker.monitrc': stanza('worker', '  depends on nowhere'),
      '0001_db.monitrc': stanza('db'),
    });
    expect(problems).toEqual([
      "job 'worker': invalid monit file at line 1: service 'worker' depends on 'nowhere', which no job's monit file defines",
    ]);
    expect(services.map((s) => s.name)).toEqual(['db']);
  });

  it('orders services so that dependencies come first, across jobs', async () => {
    const { services } = await load({
      '0000_worker.monitrc': stanza('worker', '  depends on db'),
      '0001_db.monitrc': stanza('db'),
    });
    expect(services.map((s) => s.name)).toEqual(['db', 'worker']);
  });
});
