import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BosunError } from '../base/index.js';
import { readJobDir, type ReadJobDirOptions } from './read-job-dir.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-job-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes a job directory under the temp root; a `null` content makes a directory. */
async function makeJob(name: string, files: Record<string, string | null>): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    if (text === null) {
      await mkdir(full, { recursive: true });
    } else {
      await mkdir(dirname(full), { recursive: true });
      await writeFile(full, text);
    }
  }
  return dir;
}

async function errorOf(dir: string, options?: ReadJobDirOptions): Promise<BosunError> {
  const e: unknown = await readJobDir(dir, options).then(
    () => new Error('expected readJobDir to fail'),
    (err: unknown) => err,
  );
  if (!(e instanceof BosunError)) throw e;
  return e;
}

const WEB_SPEC = 'name: web\ntemplates:\n  ctl.erb: bin/ctl\n  config.erb: config/web.conf\n';

describe('readJobDir', () => {
  it('reads a release source tree job: spec, monit, *.monit, templates in spec order, schema (§1.1, §1.3)', async () => {
    const dir = await makeJob('web', {
      spec: WEB_SPEC,
      monit: 'check process web\n',
      'b.monit': 'B',
      'a.monit': 'A',
      'templates/config.erb': 'port=<%= p("port") %> é\n',
      'templates/ctl.erb': '#!/bin/bash\n',
      'properties_schema.json': '{}',
    });
    const job = await readJobDir(dir);
    expect(job.dir).toBe(dir);
    expect(job.kind).toBe('source');
    expect(job.specFile).toBe(join(dir, 'spec'));
    expect(job.spec.name).toBe('web');
    expect(job.monit).toBe('check process web\n');
    expect(job.monitFiles).toEqual([
      { name: 'a.monit', text: 'A' },
      { name: 'b.monit', text: 'B' },
    ]);
    expect([...job.templates]).toEqual([
      ['ctl.erb', '#!/bin/bash\n'],
      ['config.erb', 'port=<%= p("port") %> é\n'],
    ]);
    expect(job.propertiesSchema).toBe('{}');
  });

  it('reads an extracted tarball (job.MF) whatever its directory is called, with only *.monit files', async () => {
    const dir = await makeJob('tmp-extract', { 'job.MF': 'name: web\n', 'web.monit': 'W' });
    const job = await readJobDir(dir);
    expect(job.kind).toBe('tarball');
    expect(job.specFile).toBe(join(dir, 'job.MF'));
    expect(job.monit).toBeUndefined();
    expect(job.propertiesSchema).toBeUndefined();
  });

  it('rejects a source directory named unlike the job, with the CLI message (§1.3)', async () => {
    const dir = await makeJob('web', { spec: 'name: api\n', monit: '' });
    const e = await errorOf(dir);
    expect(e.code).toBe('JOB_SPEC_INVALID');
    expect(e.message).toBe("Job directory 'web' does not match job name 'api' in spec");
  });

  it('checks a tarball against the release manifest name (§1.2 check 4)', async () => {
    const dir = await makeJob('x', { 'job.MF': 'name: api\n', monit: '' });
    const e = await errorOf(dir, { expectedName: 'web' });
    expect(e.message).toBe(
      `${join(dir, 'job.MF')}: Inconsistent name for job 'web'(exptected: 'web', got: 'api')`,
    );
  });

  it.each<[string, Record<string, string | null>, string]>([
    [
      '§1.2 check 5: a missing template, before the monit check',
      { spec: WEB_SPEC, 'templates/ctl.erb': '' },
      "Missing template file 'config.erb' for job 'web'",
    ],
    [
      '§1.2 check 5: a template that is a directory',
      { spec: WEB_SPEC, monit: '', 'templates/ctl.erb': '', 'templates/config.erb': null },
      "Missing template file 'config.erb' for job 'web'",
    ],
    [
      '§1.2 check 6: no monit and no *.monit, before the logs check',
      { spec: 'name: web\nlogs: [x]\n' },
      "Job 'web' is missing monit file",
    ],
  ])('rejects a job with %s', async (_rule, files, message) => {
    const dir = await makeJob('web', files);
    const e = await errorOf(dir);
    expect(e.code).toBe('JOB_SPEC_INVALID');
    expect(e.message).toBe(`${dir}: ${message}`);
    expect(e.hint).toContain(dir);
  });

  it('runs the spec checks after the files are found (§1.2 check 7)', async () => {
    const dir = await makeJob('web', { spec: 'name: web\nlogs: [x]\n', monit: '' });
    expect((await errorOf(dir)).message).toBe(`${join(dir, 'spec')}: Job 'web' has invalid logs spec format`);
  });

  it('checks template paths before reading any file (create-env)', async () => {
    const dir = await makeJob('web', { spec: 'name: web\ntemplates: {../../../etc/passwd: x}\n', monit: '' });
    expect((await errorOf(dir)).message).toBe(
      `${join(dir, 'spec')}: Invalid template source '../../../etc/passwd': must be a safe local path`,
    );
  });

  it.each<[string, Record<string, string | null> | undefined, string]>([
    [
      'a directory with no spec',
      {},
      "no job spec: neither 'spec' (release source tree) nor 'job.MF' (extracted job tarball)",
    ],
    ['a missing directory', undefined, 'no job spec: no such directory'],
  ])('says what to do for %s (INPUT_UNREADABLE)', async (_case, files, message) => {
    const dir = files === undefined ? join(root, 'nope') : await makeJob('web', files);
    const e = await errorOf(dir);
    expect(e.code).toBe('INPUT_UNREADABLE');
    expect(e.message).toBe(`${dir}: ${message}`);
    expect(e.hint).toContain('jobs/<name>');
  });

  it('names the spec it cannot read (INPUT_UNREADABLE)', async () => {
    const dir = await makeJob('web', { spec: null });
    const e = await errorOf(dir);
    expect(e.code).toBe('INPUT_UNREADABLE');
    expect(e.message).toMatch(new RegExp(`^Reading job spec '${join(dir, 'spec')}': EISDIR`));
  });

  it('reports YAML errors in the spec with file and line', async () => {
    const dir = await makeJob('web', { spec: 'name: web\ntemplates: [\n', monit: '' });
    const e = await errorOf(dir);
    expect(e.code).toBe('YAML_INVALID');
    expect(e.message).toMatch(new RegExp(`^${join(dir, 'spec')}:3:1: `));
  });
});
