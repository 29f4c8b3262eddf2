import { afterEach, describe, expect, it } from 'vitest';
import type { VmView } from '../../protocol/index.js';
import { ADMIN_AUTHORIZATION, captureIo, FakeDirector } from '../director-client/fake-director.js';
import { main } from '../main.js';

const VMS: VmView[] = [
  {
    instance_group: 'web',
    id: 'f00d',
    index: 1,
    az: 'z1',
    ips: ['10.0.0.11'],
    process_state: 'running',
    vm_cid: 'vm-2',
    agent_id: 'agent-2',
    vm_type: 'small',
    active: true,
    created_at: 1_700_000_000,
  },
  {
    instance_group: 'db',
    id: 'cafe',
    index: 0,
    az: null,
    ips: ['10.0.0.20', '10.0.1.20'],
    process_state: 'unresponsive agent',
    vm_cid: 'vm-1',
    agent_id: 'agent-1',
    vm_type: null,
    active: false,
    created_at: 1_700_000_000,
  },
];

let director: FakeDirector;

afterEach(async () => {
  await director?.close();
});

async function vms(...argv: string[]) {
  director = await FakeDirector.start((r) =>
    r.method === 'GET' && r.path === '/deployments/web/vms' ? { status: 200, json: VMS } : undefined,
  );
  const run = captureIo(director.env);
  const code = await main(['vms', ...argv], run.io);
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

describe('bosun vms', () => {
  it("lists a deployment's VMs sorted by instance, as bosh vms does", async () => {
    const r = await vms('-d', 'web');
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout:
        `Using environment '${director.url}' as client 'admin'\n\n` +
        "Deployment 'web'\n\n" +
        'Instance  Process State       AZ  IPs        VM CID  VM Type  Active\n' +
        'db/cafe   unresponsive agent  -   10.0.0.20  vm-1    -        false\n' +
        '                                  10.0.1.20\n' +
        'web/f00d  running             z1  10.0.0.11  vm-2    small    true\n' +
        '\n2 vms\n\nSucceeded\n',
    });
    expect(director.requests).toMatchObject([
      { method: 'GET', path: '/deployments/web/vms', authorization: ADMIN_AUTHORIZATION },
    ]);
  });

  it("writes bosh-cli's JSON table", async () => {
    const doc = JSON.parse((await vms('-d', 'web', '--json')).stdout) as {
      Tables: Array<{ Rows: unknown[] }>;
    };
    expect(doc.Tables[0]!.Rows[1]).toEqual({
      instance: 'web/f00d',
      process_state: 'running',
      az: 'z1',
      ips: '10.0.0.11',
      vm_cid: 'vm-2',
      vm_type: 'small',
      active: 'true',
    });
  });
});
