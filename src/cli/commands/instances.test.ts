import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceView } from '../../protocol/index.js';
import { ADMIN_AUTHORIZATION, captureIo, FakeDirector } from '../director-client/fake-director.js';
import { main } from '../main.js';

const process = (name: string, state: string): InstanceView['processes'][number] => ({
  name,
  state,
  uptime_seconds: 60,
  cpu_percent: 0.5,
  mem_kb: 1024,
});

// Out of order on purpose: the table sorts them.
const INSTANCES: InstanceView[] = [
  {
    instance_group: 'web',
    id: 'f00d',
    index: 1,
    az: 'z1',
    ips: ['10.0.0.11'],
    bootstrap: false,
    state: 'started',
    process_state: 'running',
    vm_cid: 'vm-2',
    agent_id: 'agent-2',
    update_completed: true,
    processes: [process('nginx', 'running'), process('exporter', 'running')],
  },
  {
    instance_group: 'web',
    id: '1eaf',
    index: 0,
    az: 'z2',
    ips: ['10.0.0.10', '192.168.0.10'],
    bootstrap: true,
    state: 'started',
    process_state: 'failing',
    vm_cid: 'vm-1',
    agent_id: 'agent-1',
    update_completed: true,
    processes: [process('nginx', 'failing'), process('exporter', 'running')],
  },
  {
    instance_group: 'db',
    id: 'cafe',
    index: 0,
    az: null,
    ips: [],
    bootstrap: true,
    state: 'detached',
    process_state: '',
    vm_cid: null,
    agent_id: null,
    update_completed: false,
    processes: [],
  },
];

let director: FakeDirector;

afterEach(async () => {
  await director?.close();
});

async function instances(...argv: string[]) {
  director = await FakeDirector.start((r) => {
    if (r.method === 'GET' && r.path === '/deployments/web/instances')
      return { status: 200, json: INSTANCES };
    if (r.path === '/deployments/nope/instances') {
      return {
        status: 404,
        json: { code: 'DEPLOYMENT_NOT_FOUND', description: "Deployment 'nope' doesn't exist" },
      };
    }
    if (r.method === 'GET' && r.path === '/deployments') {
      return {
        status: 200,
        json: [{ name: 'web', releases: [], stemcells: [], cloud_config: 'none', teams: [] }],
      };
    }
    return undefined;
  });
  const run = captureIo(director.env);
  const code = await main(['instances', ...argv], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

const using = (): string => `Using environment '${director.url}' as client 'admin'\n\n`;

describe('bosun instances', () => {
  it("lists a deployment's instances sorted by name, as bosh instances does", async () => {
    const r = await instances('-d', 'web');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      using() +
        "Deployment 'web'\n\n" +
        'Instance  Process State  AZ  IPs\n' +
        'db/cafe   -              -   -\n' +
        'web/1eaf  failing        z2  10.0.0.10\n' +
        '                             192.168.0.10\n' +
        'web/f00d  running        z1  10.0.0.11\n' +
        '\n3 instances\n\nSucceeded\n',
    );
    expect(r.code).toBe(0);
    expect(director.requests[0]).toMatchObject({
      method: 'GET',
      path: '/deployments/web/instances',
      authorization: ADMIN_AUTHORIZATION,
    });
  });

  it('puts a row per process under its instance with --ps, the instance shown as ~', async () => {
    const r = await instances('-d', 'web', '--ps');
    expect(r.stdout).toBe(
      using() +
        "Deployment 'web'\n\n" +
        'Instance  Process   Process State  AZ  IPs\n' +
        'db/cafe   -         -              -   -\n' +
        'web/1eaf  -         failing        z2  10.0.0.10\n' +
        '                                       192.168.0.10\n' +
        '~         exporter  running        -   -\n' +
        '~         nginx     failing        -   -\n' +
        'web/f00d  -         running        z1  10.0.0.11\n' +
        '~         exporter  running        -   -\n' +
        '~         nginx     running        -   -\n' +
        '\n3 instances\n\nSucceeded\n',
    );
  });

  it('adds the state, VM CID, agent ID, index and bootstrap flag with --details', async () => {
    const r = await instances('-d', 'web', '--details');
    expect(r.stdout).toBe(
      using() +
        "Deployment 'web'\n\n" +
        'Instance  Process State  AZ  IPs           State     VM CID  Agent ID  Index  Bootstrap\n' +
        'db/cafe   -              -   -             detached  -       -         0      true\n' +
        'web/1eaf  failing        z2  10.0.0.10     started   vm-1    agent-1   0      true\n' +
        '                             192.168.0.10\n' +
        'web/f00d  running        z1  10.0.0.11     started   vm-2    agent-2   1      false\n' +
        '\n3 instances\n\nSucceeded\n',
    );
  });

  it("writes bosh-cli's JSON table with the instance on every process row", async () => {
    const r = await instances('-d', 'web', '--ps', '--json');
    const doc = JSON.parse(r.stdout) as {
      Tables: Array<{ Content: string; Rows: unknown[] }>;
      Lines: string[];
    };
    expect(doc.Tables).toHaveLength(1);
    expect(doc.Tables[0]!.Content).toBe('instances');
    expect(doc.Tables[0]!.Rows.slice(0, 3)).toEqual([
      { instance: 'db/cafe', process: '', process_state: '', az: '', ips: '' },
      {
        instance: 'web/1eaf',
        process: '',
        process_state: 'failing',
        az: 'z2',
        ips: '10.0.0.10\n192.168.0.10',
      },
      { instance: 'web/1eaf', process: 'exporter', process_state: 'running', az: '', ips: '' },
    ]);
    expect(doc.Lines).toEqual([`Using environment '${director.url}' as client 'admin'`, 'Succeeded']);
  });

  it('lists every deployment without -d', async () => {
    const r = await instances();
    expect(r.code).toBe(0);
    expect(director.calls).toEqual(['GET /deployments', 'GET /deployments/web/instances']);
    expect(r.stdout).toContain("Deployment 'web'\n\nInstance  Process State  AZ  IPs\n");
  });

  it("reports the Director's error for a deployment that does not exist", async () => {
    const r = await instances('-d', 'nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("Error: Deployment 'nope' doesn't exist\n");
  });
});
