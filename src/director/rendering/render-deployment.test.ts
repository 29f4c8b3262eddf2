import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/support/error-of.js';
import { RubyVmHost } from '../../templates/index.js';
import { DeploymentRenderError } from './deployment-render-error.js';
import { renderDeployment, type RenderedInstance } from './render-deployment.js';
import { jobFrom, lookupOf, planned, recordOf } from './rendering-test-bed.js';

let host: RubyVmHost;
beforeAll(async () => {
  host = await RubyVmHost.start();
});

const APP_MONIT = 'check process app\n  with pidfile /var/vcap/sys/run/app/app.pid\n  group vcap\n';

// Dumps the link spec the template sees (spec.links, back to plain hashes) and uses link().
const LINK_TEMPLATE = `<%
  plain = lambda do |v|
    case v
    when OpenStruct then v.to_h.to_h { |k, x| [k.to_s, plain.(x)] }
    when Array then v.map { |x| plain.(x) }
    else v
    end
  end
-%>
<%= JSON.pretty_generate(plain.(spec.links)) %>
<% db = link('database') -%>
address=<%= db.address %>
z1=<%= db.address(azs: ['z1']) %>
port=<%= db.p('port') %>
<% db.instances.each do |i| -%>
instance=<%= [i.name, i.id, i.index, i.az, i.address, i.bootstrap].join(' ') %>
<% end -%>
`;

const APP = jobFrom(
  `
name: app
templates: {link.json.erb: config/link.json, ctl.erb: bin/ctl}
consumes: [{name: database, type: database}]
properties: {greeting: {default: hello}}
`,
  APP_MONIT,
  {
    'link.json.erb': LINK_TEMPLATE,
    'ctl.erb': "echo <%= p('greeting') %> <%= spec.address %> <%= spec.persistent_disk %>\n",
  },
);
const POSTGRES = jobFrom(
  `
name: postgres
templates: {facts.erb: facts}
provides: [{name: conn, type: database, properties: [port]}]
properties: {port: {default: 5432}}
`,
  '',
  {
    'facts.erb':
      '<%= spec.persistent_disk %> <%= spec.bootstrap %> <%= spec.release.name %>/<%= spec.release.version %> ' +
      "<%= spec.job.templates.map { |t| [t.name, t.version, t.sha1, t.blobstore_id].join(',') }.join(';') %>\n",
  },
);
const LOGGER = jobFrom('{name: logger, templates: {}}', '');

const GROUPS = `instance_groups:
- name: db
  azs: [z1]
  instances: 2
  jobs: [{name: postgres, release: app, properties: {port: 6543}}]
  vm_type: default
  stemcell: default
  persistent_disk_type: large
  networks: [{name: default}]
- name: web
  azs: [z1]
  instances: 1
  jobs: [{name: logger, release: app}, {name: app, release: app}]
  vm_type: default
  stemcell: default
  networks: [{name: default}]
- name: migrate
  lifecycle: errand
  azs: [z1]
  instances: 1
  jobs: [{name: app, release: app}]
  vm_type: default
  stemcell: default
  networks: [{name: default}]
`;

const ID = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function renderShop(): RenderedInstance[] {
  return renderDeployment({ ...planned(GROUPS), jobOf: lookupOf(APP, POSTGRES, LOGGER), host });
}

function fileOf(
  instance: RenderedInstance | undefined,
  job: string,
  destination: string,
): string | undefined {
  return instance?.jobs
    .find((j) => j.name === job)
    ?.files.find((f) => f.destination === destination)
    ?.contents.toString('utf8');
}

describe('renderDeployment', () => {
  it('renders every instance of the non-errand groups, in manifest and index order', () => {
    expect(renderShop().map((i) => [i.group, i.index, i.id])).toEqual([
      ['db', 0, ID(0)],
      ['db', 1, ID(1)],
      ['web', 0, ID(2)],
    ]);
  });

  it('§2.3 a template sees the link resolved implicitly from another instance group', () => {
    const web = renderShop()[2];
    const linkSpec = {
      database: {
        deployment_name: 'shop',
        domain: 'bosh',
        default_network: 'default',
        instance_group: 'db',
        properties: { port: 6543 },
        use_short_dns_addresses: false,
        use_link_dns_names: false,
        instances: [
          { name: 'db', id: ID(0), index: 0, bootstrap: true, az: 'z1', address: '10.0.0.10' },
          { name: 'db', id: ID(1), index: 1, bootstrap: false, az: 'z1', address: '10.0.0.11' },
        ],
      },
    };
    expect(fileOf(web, 'app', 'config/link.json')).toBe(
      `${JSON.stringify(linkSpec, null, 2)}\n` +
        'address=q-s0.db.default.shop.bosh\n' +
        'z1=q-a1s0.db.default.shop.bosh\n' +
        'port=6543\n' +
        `instance=db ${ID(0)} 0 z1 10.0.0.10 true\n` +
        `instance=db ${ID(1)} 1 z1 10.0.0.11 false\n`,
    );
  });

  it('§2.3 numbers DNS groups and networks for short addresses; DNS addresses with use_dns_addresses', () => {
    const features = 'features: {use_short_dns_addresses: true, use_dns_addresses: true}\n';
    const [, , web] = renderDeployment({
      ...planned(GROUPS, features),
      jobOf: lookupOf(APP, POSTGRES, LOGGER),
      host,
    });
    const lines = fileOf(web, 'app', 'config/link.json')?.split('\n') ?? [];
    // Group ids: the one link provider is 1; instance groups by name: db 2, migrate 3, web 4.
    // Networks by name: default 1, other 2. AZs by name: z1 1, z2 2.
    expect(lines.filter((l) => /^(address|z1|instance)=/.test(l))).toEqual([
      'address=q-n1s0.q-g2.bosh',
      'z1=q-a1n1s0.q-g2.bosh',
      `instance=db ${ID(0)} 0 z1 ${ID(0)}.db.default.shop.bosh true`,
      `instance=db ${ID(1)} 1 z1 ${ID(1)}.db.default.shop.bosh false`,
    ]);
    expect(fileOf(web, 'app', 'bin/ctl')).toBe(`echo hello ${ID(2)}.web.default.shop.bosh 0\n`);
  });

  it('§2.5 gives templates the instance facts: address, disk, bootstrap, release, spec.job', () => {
    const [db0, db1, web] = renderShop();
    expect(fileOf(web, 'app', 'bin/ctl')).toBe('echo hello 10.0.0.12 0\n');
    const job = recordOf('postgres');
    const templates = `postgres,${job.version},${job.sha1},${job.blobstoreId}`;
    expect(fileOf(db0, 'postgres', 'facts')).toBe(`4096 true app/1.0 ${templates}\n`);
    expect(fileOf(db1, 'postgres', 'facts')).toBe(`4096 false app/1.0 ${templates}\n`);
  });

  it('§2.7 writes .bosh/links.json with the links each job provides', () => {
    const [db0, , web] = renderShop();
    expect(fileOf(db0, 'postgres', '.bosh/links.json')).toBe(
      '[\n  {\n    "name": "conn",\n    "type": "database",\n    "group": "1"\n  }\n]\n',
    );
    expect(fileOf(web, 'app', '.bosh/links.json')).toBe('[]\n');
  });

  it('§2.7 computes configuration_hash and template_hashes as BOSH does', () => {
    const web = renderShop()[2]!;
    const ctl = fileOf(web, 'app', 'bin/ctl')!;
    const link = fileOf(web, 'app', 'config/link.json')!;
    const sha1 = (...parts: string[]): string => createHash('sha1').update(parts.join('')).digest('hex');
    // Jobs by name (app before logger, unlike the manifest); files by source path:
    // .bosh/links.json, ctl.erb, link.json.erb.
    expect(web.configurationHash).toBe(
      sha1(
        ...[APP_MONIT, 'app', '[]\n', '.bosh/links.json', ctl, 'bin/ctl', link, 'config/link.json'],
        ...['', 'logger', '[]\n', '.bosh/links.json'],
      ),
    );
    expect(web.templateHashes).toEqual({ logger: sha1('', '[]\n'), app: sha1(APP_MONIT, '[]\n', ctl, link) });
    expect(web.jobs.map((j) => j.name)).toEqual(['logger', 'app']);
  });

  it('§2.7 gives the same archive bytes for the same render', () => {
    expect(renderShop()[2]!.archive.equals(renderShop()[2]!.archive)).toBe(true);
  });

  it('§2.8 aggregates template errors across jobs and groups, first failing instance per group', () => {
    const broken = jobFrom('{name: broken, templates: {a.erb: a, b.erb: b}}', '', {
      'a.erb': "<%= p('missing') %>",
      'b.erb': "<%= raise 'boom' %>",
    });
    const badMonit = jobFrom('{name: badmonit, templates: {}}', "<%= p('nope') %>");
    const groups = `instance_groups:
- {name: web, azs: [z1], instances: 2, jobs: [{name: broken, release: app}, {name: badmonit, release: app}], vm_type: default, stemcell: default, networks: [{name: default}]}
- {name: worker, azs: [z1], instances: 1, jobs: [{name: badmonit, release: app}], vm_type: default, stemcell: default, networks: [{name: default}]}
`;
    const error = errorOf(() =>
      renderDeployment({ ...planned(groups), jobOf: lookupOf(broken, badMonit), host }),
    );
    expect(error).toBeInstanceOf(DeploymentRenderError);
    expect(error).toMatchObject({ code: 'TEMPLATE_RENDER_FAILED' });
    expect(error.message).toBe(
      [
        'Unable to render instance groups for deployment. Errors are:',
        "  - Unable to render jobs for instance group 'web'. Errors are:",
        "    - Unable to render templates for job 'broken'. Errors are:",
        `      - Error filling in template 'a.erb' (line 1: Can't find property '["missing"]')`,
        "      - Error filling in template 'b.erb' (line 1: boom)",
        `    Error filling in template 'monit' (line 1: Can't find property '["nope"]')`,
        "  - Unable to render jobs for instance group 'worker'. Errors are:",
        `    Error filling in template 'monit' (line 1: Can't find property '["nope"]')`,
      ].join('\n'),
    );
    expect((error as DeploymentRenderError).failures.map((f) => f.instance)).toEqual([
      `web/${ID(0)} (0)`,
      `worker/${ID(2)} (0)`,
    ]);
  });

  it('§2.3 fails on links before rendering anything', () => {
    const groups = `instance_groups:
- {name: web, azs: [z1], instances: 1, jobs: [{name: app, release: app}], vm_type: default, stemcell: default, networks: [{name: default}]}
`;
    const error = errorOf(() => renderDeployment({ ...planned(groups), jobOf: lookupOf(APP), host }));
    expect(error).toMatchObject({ code: 'LINK_RESOLUTION_FAILED' });
  });
});
