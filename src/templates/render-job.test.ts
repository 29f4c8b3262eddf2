import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from '../../test/support/error-of.js';
import { readJobDir } from '../release/index.js';
import { isRubyHash, loadYaml, type RubyHash } from '../yaml/index.js';
import { parseInstanceInput } from './instance-input.js';
import { renderJob, TemplateRenderError, type RenderedJob } from './render-job.js';
import { RubyVmHost } from './ruby-vm-host.js';

// Realistic jobs modelled on real releases (nats from cf's nats-release, a proxy with links,
// if_p chains, to_yaml, to_json, IPAddr and OpenSSL), rendered to bytes checked by hand
// into test/fixtures/render/<job>/expected (reference §2.6-§2.8).
const FIXTURES = new URL('../../test/fixtures/', import.meta.url).pathname;
let host: RubyVmHost;
beforeAll(async () => {
  host = await RubyVmHost.start();
});

async function readMap(path: string): Promise<RubyHash> {
  const text = await readFile(path, 'utf8').catch(() => '{}');
  const value = loadYaml(text, path);
  return isRubyHash(value) ? value : new Map();
}

async function renderFixture(jobName: string, properties?: RubyHash): Promise<RenderedJob> {
  const dir = join(FIXTURES, 'render', jobName);
  const job = await readJobDir(join(FIXTURES, 'release/jobs', jobName));
  return renderJob(host, {
    job,
    instance: parseInstanceInput(await readMap(join(dir, 'instance.yml')), 'instance.yml', jobName),
    properties: properties ?? (await readMap(join(dir, 'properties.yml'))),
    links: await readMap(join(dir, 'links.yml')),
    release: { name: 'fixtures', version: '1.0' },
  });
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('renderJob on realistic jobs', () => {
  it.each(['nats', 'proxy'])('renders %s to the expected bytes', async (jobName) => {
    const rendered = await renderFixture(jobName);
    const expectedDir = join(FIXTURES, 'render', jobName, 'expected');
    const actual = new Map<string, string>([['monit', rendered.monit]]);
    for (const f of rendered.files)
      if (f.destination !== '.bosh/links.json') actual.set(f.destination, f.contents.toString('utf8'));
    expect([...actual.keys()].sort()).toEqual(await listFiles(expectedDir));
    for (const [dest, contents] of actual) {
      expect(contents, dest).toBe(await readFile(join(expectedDir, dest), 'utf8'));
    }
  });

  it('§2.7 writes .bosh/links.json last, with the links the job provides', async () => {
    const nats = await renderFixture('nats');
    expect(nats.files.at(-1)?.destination).toBe('.bosh/links.json');
    expect(nats.files.at(-1)?.contents.toString()).toBe(
      '[\n  {\n    "name": "nats",\n    "type": "nats",\n    "group": "1"\n  }\n]\n',
    );
    const proxy = await renderFixture('proxy');
    expect(proxy.files.at(-1)?.contents.toString()).toBe('[]\n');
  });

  it('§3.1 parses the rendered monit file', async () => {
    const proxy = await renderFixture('proxy');
    expect(proxy.monitFile.processes.map((p) => p.name)).toEqual(['proxy', 'healthcheck']);
  });

  it('§2.8 collects every failing template of a job, in spec order', async () => {
    const error = await renderFixture('nats', new Map()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).message).toBe(
      [
        "- Unable to render templates for job 'nats'. Errors are:",
        "  - Error filling in template 'nats.conf.erb' (line 1: undefined method 'ip' for nil)",
      ].join('\n'),
    );
  });

  it('A95 a monit failure is reported alone and un-prefixed', async () => {
    const job = await readJobDir(join(FIXTURES, 'release/jobs/nats'));
    const broken = { ...job, monit: 'check process x\n<%= p("nope") %>\n' };
    const error = errorOf(() =>
      renderJob(host, {
        job: broken,
        instance: parseInstanceInput(new Map(), 'x', 'nats'),
        properties: new Map(),
        links: new Map(),
        release: { name: 'r', version: '1' },
      }),
    );
    expect((error as TemplateRenderError).message).toBe(
      `Error filling in template 'monit' (line 2: Can't find property '["nope"]')`,
    );
  });
});
