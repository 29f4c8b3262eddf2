import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from '../../test/support/error-of.js';
import { readJobDir, type JobSource } from '../release/index.js';
import { isRubyHash, loadYaml, toRubyValue, type RubyHash, type RubyValue } from '../yaml/index.js';
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

// BOSH's test-release job web-server (Fixture W) rendered the way its spec
// (config.erb_spec.rb) renders it: one template by destination, against the test harness's
// default InstanceSpec (test/fixtures/render/web-server/instance.yml).
async function renderWebServer(
  destination: string,
  properties: unknown,
  options: { instance?: Record<string, unknown>; links?: RubyHash } = {},
): Promise<string> {
  const instance = await readMap(join(FIXTURES, 'render/web-server/instance.yml'));
  for (const [key, value] of Object.entries(options.instance ?? {})) instance.set(key, toRubyValue(value));
  const rendered = renderJob(host, {
    job: await readJobDir(join(FIXTURES, 'release/jobs/web-server')),
    instance: parseInstanceInput(instance, 'instance.yml', 'web-server'),
    properties: toRubyValue(properties),
    links: options.links ?? new Map<RubyValue, RubyValue>(),
    release: { name: 'test-release', version: '1' },
    onlyDestination: destination,
  });
  const file = rendered.files.find((f) => f.destination === destination);
  if (file === undefined) throw new Error(`${destination} not rendered`);
  return file.contents.toString('utf8');
}

const CERT = '----- BEGIN ... -----';
const DEFAULT_SPEC_VALUES = {
  address: 'my.bosh.com',
  az: 'az1',
  bootstrap: false,
  deployment: 'my-deployment',
  id: 'xxxxxx-xxxxxxxx-xxxxx',
  index: 0,
  ip: '192.168.0.0',
  name: 'me',
  network_data: 'bar',
  network_ip: '192.168.0.0',
  job_name: 'me',
};

describe("renderJob on BOSH's test-release job web-server (§9 T72-T78)", () => {
  it('T72 config/config-with-nested parses out a nested property and its parent hash', async () => {
    const out = await renderWebServer('config/config-with-nested', { nested: { properties: { works: { too: 'nested-works-too' } } } });
    expect(out).toBe('{"works.too":"nested-works-too","works":{"too":"nested-works-too"}}\n');
    const config = JSON.parse(out) as Record<string, unknown>;
    expect(config['works.too']).toBe('nested-works-too');
    expect(config['works']).toEqual({ too: 'nested-works-too' });
  });

  it('T73 config/config defaults port to the spec default and passes cert through', async () => {
    const config = JSON.parse(await renderWebServer('config/config', { cert: CERT })) as Record<string, unknown>;
    expect(config['port']).toBe(8080);
    expect(config['cert']).toBe(CERT);
  });

  it('T74 config/config uses the port the manifest gives', async () => {
    const config = JSON.parse(await renderWebServer('config/config', { cert: CERT, port: 42 })) as Record<string, unknown>;
    expect(config['port']).toBe(42);
  });

  it('T75 a manifest property the spec does not declare is not rendered', async () => {
    const works = { too: 'nested-works-too', 'does-not-exist': 'does-not-exist' };
    const config = JSON.parse(await renderWebServer('config/config-with-nested', { nested: { properties: { works } } })) as {
      works: Record<string, unknown>;
    };
    expect(Object.hasOwn(config.works, 'does-not-exist')).toBe(false);
    expect(config.works).toEqual({ too: 'nested-works-too' });
  });

  it("T76 config/config shows the harness's default instance spec and no db without the link", async () => {
    const out = await renderWebServer('config/config', { cert: CERT });
    expect(out).toBe(`${JSON.stringify({ port: 8080, cert: CERT, ...DEFAULT_SPEC_VALUES })}\n`);
    expect(JSON.parse(out)).not.toHaveProperty('db');
  });

  it('T77 an instance spec that overrides address and bootstrap changes only those', async () => {
    const out = await renderWebServer('config/config', { cert: CERT }, { instance: { address: 'cloudfoundry.org', bootstrap: true } });
    expect(JSON.parse(out)).toEqual({ port: 8080, cert: CERT, ...DEFAULT_SPEC_VALUES, address: 'cloudfoundry.org', bootstrap: true });
  });

  it('T78 config/config reads the consumed primary_db link', async () => {
    const links = await readMap(join(FIXTURES, 'render/web-server/links.yml'));
    const config = JSON.parse(await renderWebServer('config/config', { cert: CERT }, { links })) as { db: unknown };
    expect(config.db).toEqual({
      adapter: 'sqlite',
      username: 'root',
      password: 'asdf1234',
      port: 4321,
      host: 'my.database.com',
      database: 'webserverdb',
      address: 'primary-db.link.address.bosh',
    });
  });
});

/** The web-server job with one more template, `extra.erb` → `extra`. */
async function webServerWith(text: string): Promise<JobSource> {
  const job = await readJobDir(join(FIXTURES, 'release/jobs/web-server'));
  return {
    ...job,
    spec: { ...job.spec, templates: [...job.spec.templates, { source: 'extra.erb', destination: 'extra' }] },
    templates: new Map([...job.templates, ['extra.erb', text]]),
  };
}

async function renderExtra(text: string, properties: unknown, links: RubyHash = new Map<RubyValue, RubyValue>()): Promise<RenderedJob> {
  return renderJob(host, {
    job: await webServerWith(text),
    instance: parseInstanceInput(await readMap(join(FIXTURES, 'render/web-server/instance.yml')), 'instance.yml', 'web-server'),
    properties: toRubyValue(properties),
    links,
    release: { name: 'test-release', version: '1' },
    onlyDestination: 'extra',
  });
}

const extraOf = (job: RenderedJob): string | undefined => job.files.find((f) => f.destination === 'extra')?.contents.toString('utf8');

describe('properties and links that are declared but not there (§9 A92, A96)', () => {
  it('A92 p raises UnknownProperty for a declared property with no default and no value', async () => {
    const job = await readJobDir(join(FIXTURES, 'release/jobs/web-server'));
    const error = errorOf(() =>
      renderJob(host, {
        job,
        instance: parseInstanceInput(new Map(), 'instance.yml', 'web-server'),
        properties: new Map(),
        links: new Map(),
        release: { name: 'test-release', version: '1' },
      }),
    );
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error.message).toBe(
      [
        "- Unable to render templates for job 'web-server'. Errors are:",
        `  - Error filling in template 'config.erb' (line 4: Can't find property '["cert"]')`,
        `  - Error filling in template 'config-with-nested.erb' (line 1: Can't find property '["nested.properties.works.too"]')`,
      ].join('\n'),
    );
  });

  it('A92 if_p takes the else branch for it', async () => {
    const text = `<% if_p('cert') do |cert| %>cert: <%= cert %><% end.else do %>no cert<% end %>`;
    expect(extraOf(await renderExtra(text, {}))).toBe('no cert');
    expect(extraOf(await renderExtra(text, { cert: CERT }))).toBe(`cert: ${CERT}`);
  });

  it("A96 link raises Can't find link for a link without instances, and if_link takes the else branch", async () => {
    const links = toRubyValue({ primary_db: { properties: { adapter: 'sqlite' }, address: 'primary-db.link.address.bosh' } }) as RubyHash;
    const error = await renderExtra(`<%= link('primary_db').p('adapter') %>`, { cert: CERT }, links).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect((error as TemplateRenderError).message).toBe(
      ["- Unable to render templates for job 'web-server'. Errors are:", "  - Error filling in template 'extra.erb' (line 1: Can't find link 'primary_db')"].join('\n'),
    );
    const text = `<% if_link('primary_db') do |db| %>db<% end.else do %>no db<% end %>`;
    expect(extraOf(await renderExtra(text, { cert: CERT }, links))).toBe('no db');
  });
});
