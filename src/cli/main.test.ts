import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../../test/support/capture-io.js';
import { main } from './main.js';

// The `bosun render` and `bosun template` contracts: output, exit codes, error text (§2.8, §2.11).
const ROOT = new URL('../../', import.meta.url).pathname;
const WEB = join(ROOT, 'examples/release/jobs/web');
const EXAMPLE = join(ROOT, 'examples/render');
const FIXTURES = join(ROOT, 'test/fixtures');

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, stdout, stderr } = captureIo({});
  const code = await main(argv, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

const exampleArgs = ['--properties', join(EXAMPLE, 'properties.yml'), '--instance', join(EXAMPLE, 'instance.yml'), '--links', join(EXAMPLE, 'links.yml')];

describe('bosun render', () => {
  it('prints every file under a header naming it, monit first and links.json last', async () => {
    const r = await run('render', WEB, ...exampleArgs);
    expect(r.code).toBe(0);
    const headers = r.stdout.split('\n').filter((l) => l.startsWith('==> '));
    expect(headers).toEqual([
      '==> web/monit <==',
      '==> web/bin/ctl <==',
      '==> web/bin/pre-start <==',
      '==> web/bin/post-start <==',
      '==> web/bin/post-deploy <==',
      '==> web/bin/drain <==',
      '==> web/bin/pre-stop <==',
      '==> web/bin/post-stop <==',
      '==> web/config/config.json <==',
      '==> web/config/greeting.txt <==',
      '==> web/.bosh/links.json <==',
    ]);
    expect(r.stdout).toContain('==> web/config/greeting.txt <==\nHello, operator!\nupstream 0: 10.0.1.5\nupstream 1: 10.0.1.6\nrendered for web from release release/0+dev.1\n');
  });

  it('writes DIR/<job>/... with bin/ files executable', async () => {
    const out = await mkdtemp(join(tmpdir(), 'bosun-render-'));
    const r = await run('render', WEB, ...exampleArgs, '--release', 'greeter/1.2.3', '--output', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(await readFile(join(out, 'web/config/greeting.txt'), 'utf8')).toContain('from release greeter/1.2.3\n');
    expect((await stat(join(out, 'web/bin/ctl'))).mode & 0o777).toBe(0o755);
    expect((await stat(join(out, 'web/config/config.json'))).mode & 0o777).toBe(0o644);
    expect(await readFile(join(out, 'web/.bosh/links.json'), 'utf8')).toBe('[\n  {\n    "name": "web",\n    "type": "http",\n    "group": "1"\n  }\n]\n');
    expect(await readFile(join(out, 'web/monit'), 'utf8')).toMatch(/^check process web\n/);
  });

  it("§2.8 prints BOSH's nested error for every failing template and exits 1, keeping earlier output", async () => {
    const out = await mkdtemp(join(tmpdir(), 'bosun-render-'));
    expect((await run('render', WEB, ...exampleArgs, '--output', out)).code).toBe(0);
    const props = join(out, 'bad.yml');
    await writeFile(props, 'upstreams: not-a-list\ndrain: {wait_seconds: soon}\n');
    const r = await run('render', WEB, '--properties', props, '--output', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      [
        'Error: Unable to render instance groups for deployment. Errors are:',
        "  - Unable to render jobs for instance group 'web'. Errors are:",
        "    - Unable to render templates for job 'web'. Errors are:",
        `      - Error filling in template 'drain.erb' (line 4: invalid value for Integer(): "soon")`,
        "      - Error filling in template 'config.json.erb' (line 16: undefined method 'map' for an instance of String)",
        "      - Error filling in template 'greeting.txt.erb' (line 2: undefined method 'each_with_index' for an instance of String)",
        '',
      ].join('\n'),
    );
    expect(await readFile(join(out, 'web/config/greeting.txt'), 'utf8')).toContain('Hello, operator!');
  });

  it.each([
    [['render'], 'Error: bosun render takes exactly one JOB_DIR'],
    [['render', join(ROOT, 'no/such/job')], 'no/such/job'],
    [['render', WEB, '--properties', join(ROOT, 'no-such.yml')], '--properties'],
    [['render', WEB, '--bogus'], "Unknown option '--bogus'"],
    [['render', WEB, '--release', 'nope'], "--release 'nope': expected NAME/VERSION"],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('exits 2 for bad usage or unreadable input: %j', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('T79 rejects a link the job does not consume', async () => {
    const links = join(await mkdtemp(join(tmpdir(), 'bosun-render-')), 'links.yml');
    await writeFile(links, 'mongo-db: {instances: []}\n');
    const r = await run('render', WEB, '--links', links);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Error: Link 'mongo-db' is not declared as a consumed link in this job.\n");
  });

  it("T76 takes the test harness's default instance spec as --instance, extra network fields included", async () => {
    const r = await run(
      'render',
      join(FIXTURES, 'release/jobs/web-server'),
      '--properties',
      join(FIXTURES, 'render/web-server/properties.yml'),
      '--instance',
      join(FIXTURES, 'render/web-server/instance.yml'),
      '--template',
      'config/config',
    );
    expect(r).toEqual({
      code: 0,
      stdout:
        '==> web-server/monit <==\n' +
        '\n==> web-server/config/config <==\n' +
        '{"port":8080,"cert":"----- BEGIN ... -----","address":"my.bosh.com","az":"az1","bootstrap":false,' +
        '"deployment":"my-deployment","id":"xxxxxx-xxxxxxxx-xxxxx","index":0,"ip":"192.168.0.0","name":"me",' +
        '"network_data":"bar","network_ip":"192.168.0.0","job_name":"me"}\n' +
        '\n==> web-server/.bosh/links.json <==\n[]\n',
      stderr: '',
    });
  });

  it('T80 --template names the possible destinations when none matches', async () => {
    const r = await run('render', join(FIXTURES, 'release/jobs/web-server'), '--template', 'config/nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'Error: Template for rendered path filename not found: config/nope. Possible values are: [config/config, config/config-with-nested]\n',
    );
  });
});

describe('bosun template (legacy bosh-template, §2.11)', () => {
  it('T70 renders an ERB file against a JSON context, adding a final newline like puts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bosun-template-'));
    await writeFile(join(dir, 't.erb'), 'port: <%= p("nats.port") %> on <%= spec.networks.foobar.ip %>');
    const context = JSON.stringify({ index: 0, networks: { foobar: { ip: '127.0.0.1' } }, properties: { nats: { port: 1234 } } });
    const r = await run('template', join(dir, 't.erb'), '--context', context);
    expect(r).toEqual({ code: 0, stdout: 'port: 1234 on 127.0.0.1\n', stderr: '' });
  });

  it('T68 renders the realistic nats config template against the renderer spec\'s context', async () => {
    // The context of bosh-template's renderer_spec (nats.json); the template reads
    // properties.networks.apps through the legacy `properties` struct.
    const context = {
      index: 0,
      job: { name: 'nats' },
      networks: { foobar: { ip: '127.0.0.1' } },
      properties: {
        networks: { apps: 'foobar' },
        nats: {
          port: 1234,
          prof_port: 4321,
          monitor_port: 6789,
          debug: 0,
          trace: 1,
          user: 'user',
          password: 'password',
          authorization_timeout: 0,
          machines: ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'],
        },
      },
    };
    const r = await run('template', join(FIXTURES, 'release/jobs/nats/templates/nats.conf.erb'), '--context', JSON.stringify(context));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('net: "127.0.0.1"\nport: 1234\n')).toBe(true);
    expect(r.stdout).toMatch(/\ncluster \{\n  host: "127\.0\.0\.1"\n  port: 1235\n/);
    // `-%>` lines leave no blank line: the routes follow `routes = [` directly.
    expect(/\n  routes = \[\n((?:.*\n)*?)  \]\n\}\n$/.exec(r.stdout)?.[1]).toBe(
      [2, 3, 4].map((i) => `    nats-route://user:password@127.0.0.${i}:1235\n`).join(''),
    );
    expect(r.stdout).toBe(
      [
        'net: "127.0.0.1"',
        'port: 1234',
        '',
        'debug: 0',
        'trace: 1',
        '',
        'authorization {',
        '  user: "user"',
        '  password: "password"',
        '  timeout: 0',
        '}',
        '',
        'cluster {',
        '  host: "127.0.0.1"',
        '  port: 1235',
        '',
        '  routes = [',
        '    nats-route://user:password@127.0.0.2:1235',
        '    nats-route://user:password@127.0.0.3:1235',
        '    nats-route://user:password@127.0.0.4:1235',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('T71 fails without --context', async () => {
    const r = await run('template', join(FIXTURES, 'release/jobs/nats/templates/nats.conf.erb'));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('missing argument: --context');
  });
});
