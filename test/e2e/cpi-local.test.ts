import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCpi, parseLocalCpiConfig, type CpiNetworks } from '../../src/cpi/index.js';

// Real namespaces, mounts and interfaces: root only (as on CI). A bridge and subnet of its own
// keep this test clear of a real Director's bosun0.
const isRoot = process.getuid?.() === 0;
const BRIDGE = 'bosune2e99';
const SUBNET = '10.244.99';

let work: string;
let cpiDir: string;
let cpi: LocalCpi;
let stemcellCid: string;

/** A tiny HTTP server run as each VM's first process; it reports what it sees from inside. */
const SERVER = `
const http = require('node:http'), fs = require('node:fs'), os = require('node:os');
const read = (f) => { try { return fs.readFileSync(f, 'utf8'); } catch { return null; } };
http.createServer((req, res) => {
  if (req.url.startsWith('/fetch?')) {
    http.get(decodeURIComponent(req.url.slice(7)), (r) => { let b = ''; r.on('data', (c) => (b += c)); r.on('end', () => res.end(b)); })
      .on('error', (e) => { res.statusCode = 502; res.end(String(e)); });
    return;
  }
  res.end(JSON.stringify({
    hostname: os.hostname(), pid: process.pid, pids: fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)),
    pid1File: read('/var/vcap/pid1'), store: read('/var/vcap/store/marker'), agentConfig: read('/var/vcap/bosh/agent.json'),
    env: { cid: process.env.BOSUN_VM_CID, config: process.env.BOSUN_AGENT_CONFIG, extra: process.env.EXTRA },
  }));
}).listen(8080, '0.0.0.0');
process.on('SIGTERM', () => { fs.writeFileSync('/var/vcap/sigterm', 'got SIGTERM'); process.exit(0); });
`;

interface VmView {
  hostname: string;
  pid: number;
  pids: string[];
  pid1File: string | null;
  store: string | null;
  agentConfig: string | null;
  env: Record<string, string | undefined>;
}

function httpGet(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${res.statusCode}: ${body}`)),
      );
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Fetches a VM's view, waiting up to 10 s for its server to listen. */
async function viewOf(ip: string): Promise<VmView> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return JSON.parse(await httpGet(`http://${ip}:8080/`)) as VmView;
    } catch (e) {
      if (attempt > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function manualNetwork(ip: string): CpiNetworks {
  return {
    default: {
      type: 'manual',
      ip,
      netmask: '255.255.255.0',
      gateway: `${SUBNET}.1`,
      default: ['dns', 'gateway'],
    },
  };
}

function vmEnv(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    bosh: { group: 'e2e' },
    bosun: {
      agent_command: [
        '/bin/sh',
        '-c',
        `echo $$ > /var/vcap/pid1; exec ${process.execPath} ${join(work, 'server.js')}`,
      ],
      ...extra,
    },
  };
}

function vmRecord(cid: string): {
  netns: string;
  interfaces: { host_interface: string }[];
  sandbox: { launcher_pid: number; init_pid: number; init_start_ticks: number };
} {
  return JSON.parse(readFileSync(join(cpiDir, 'vms', cid, 'vm.json'), 'utf8')) as ReturnType<typeof vmRecord>;
}

/** Host pids of processes started in VM `cid` (all inherit BOSUN_VM_CID from its first process). */
function pidsOfVm(cid: string): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        return readFileSync(`/proc/${n}/environ`, 'utf8').split('\0').includes(`BOSUN_VM_CID=${cid}`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** True while `pid` runs as the process that started at `startTicks`. */
function isAlive(pid: number, startTicks: number): boolean {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return fields[0] !== 'Z' && Number(fields[19]) === startTicks;
  } catch {
    return false;
  }
}

function ignoreFailure(fn: () => unknown): void {
  try {
    fn();
  } catch {
    // Cleanup of what may not exist.
  }
}

function linkExists(name: string): boolean {
  try {
    execFileSync('ip', ['link', 'show', 'dev', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Asserts that nothing of a deleted VM is left. */
function expectNothingLeft(cid: string, record: ReturnType<typeof vmRecord>, ip: string): void {
  expect(pidsOfVm(cid)).toEqual([]);
  expect(isAlive(record.sandbox.init_pid, record.sandbox.init_start_ticks)).toBe(false);
  expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(cid);
  expect(execFileSync('ip', ['netns', 'list']).toString()).not.toContain(record.netns);
  for (const vif of record.interfaces) expect(linkExists(vif.host_interface)).toBe(false);
  expect(existsSync(join(cpiDir, 'vms', cid))).toBe(false);
  expect(existsSync(join(cpiDir, 'ips', ip))).toBe(false);
}

describe.skipIf(!isRoot)('LocalCpi sandboxes (needs root for namespaces; skipped when not root)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'bosun-cpi-local-'));
    cpiDir = join(work, 'cpi');
    writeFileSync(join(work, 'server.js'), SERVER);
    mkdirSync(join(work, 'stemcell'));
    writeFileSync(
      join(work, 'stemcell', 'stemcell.MF'),
      'name: bosh-warden-boshlite-ubuntu-jammy-go_agent\nversion: "1.1"\noperating_system: ubuntu-jammy\n',
    );
    cpi = new LocalCpi(parseLocalCpiConfig({ cpi_dir: cpiDir, bridge: BRIDGE, stop_grace_ms: 5000 }, 'e2e'));
    stemcellCid = await cpi.createStemcell(join(work, 'stemcell'), {});
  });

  afterAll(async () => {
    const left = existsSync(join(cpiDir, 'vms')) ? readdirSync(join(cpiDir, 'vms')) : [];
    for (const cid of left) await cpi.deleteVm(cid).catch(() => undefined);
    for (const cid of left)
      ignoreFailure(() => execFileSync('ip', ['netns', 'delete', `bosun-${cid}`], { stdio: 'ignore' }));
    ignoreFailure(() => execFileSync('ip', ['link', 'delete', 'dev', BRIDGE], { stdio: 'ignore' }));
    rmSync(work, { recursive: true, force: true });
  });

  it('runs each VM in its own PID, mount, UTS and network namespaces, reachable from the host and from each other', async () => {
    const [a, b] = await Promise.all([
      cpi.createVm({
        agentId: 'agent-a',
        stemcellCid,
        cloudProperties: {},
        networks: manualNetwork(`${SUBNET}.10`),
        diskCids: [],
        env: vmEnv({
          hostname: 'vm-a-host',
          agent_config: { listen: '0.0.0.0:6868' },
          agent_env: { EXTRA: 'x' },
        }),
      }),
      cpi.createVm({
        agentId: 'agent-b',
        stemcellCid,
        cloudProperties: {},
        networks: manualNetwork(`${SUBNET}.11`),
        diskCids: [],
        env: vmEnv(),
      }),
    ]);
    expect(a.networks['default']).toMatchObject({
      ip: `${SUBNET}.10`,
      netmask: '255.255.255.0',
      gateway: `${SUBNET}.1`,
    });
    const viewA = await viewOf(`${SUBNET}.10`);
    const viewB = await viewOf(`${SUBNET}.11`);

    expect([viewA.hostname, viewB.hostname]).toEqual(['vm-a-host', 'agent-b']);
    expect([viewA.pid, viewA.pids, viewA.pid1File]).toEqual([1, ['1'], '1\n']);
    expect(readFileSync(join(cpiDir, 'vms', a.vmCid, 'vcap', 'pid1'), 'utf8')).toBe('1\n');
    expect(existsSync('/var/vcap/pid1')).toBe(false);
    expect(JSON.parse(viewA.agentConfig ?? '')).toEqual({ listen: '0.0.0.0:6868' });
    expect(viewA.env).toEqual({ cid: a.vmCid, config: '/var/vcap/bosh/agent.json', extra: 'x' });
    expect(
      JSON.parse(
        await httpGet(`http://${SUBNET}.10:8080/fetch?${encodeURIComponent(`http://${SUBNET}.11:8080/`)}`),
      ),
    ).toMatchObject({ hostname: 'agent-b' });
    expect(await cpi.hasVm(a.vmCid)).toBe(true);

    const disk = await cpi.createDisk(100, {}, a.vmCid);
    writeFileSync(join(cpiDir, 'disks', disk, 'marker'), 'disk data');
    expect(await cpi.attachDisk(a.vmCid, disk)).toEqual({ path: '/var/vcap/store' });
    expect((await viewOf(`${SUBNET}.10`)).store).toBe('disk data');
    expect(await cpi.getDisks(a.vmCid)).toEqual([disk]);
    const settings = JSON.parse(
      readFileSync(join(cpiDir, 'vms', a.vmCid, 'vcap', 'bosh', 'settings.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(settings).toMatchObject({
      agent_id: 'agent-a',
      vm: { name: a.vmCid },
      disks: { persistent: { [disk]: { path: '/var/vcap/store' } } },
    });
    await cpi.detachDisk(a.vmCid, disk);
    expect((await viewOf(`${SUBNET}.10`)).store).toBeNull();
    await cpi.attachDisk(a.vmCid, disk);

    const before = vmRecord(a.vmCid);
    await cpi.rebootVm(a.vmCid);
    const after = vmRecord(a.vmCid);
    expect(isAlive(before.sandbox.init_pid, before.sandbox.init_start_ticks)).toBe(false);
    expect(isAlive(after.sandbox.init_pid, after.sandbox.init_start_ticks)).toBe(true);
    expect(pidsOfVm(a.vmCid)).toEqual(
      [after.sandbox.launcher_pid, after.sandbox.init_pid].sort((x, y) => x - y),
    );
    expect(readFileSync(join(cpiDir, 'vms', a.vmCid, 'vcap', 'sigterm'), 'utf8')).toBe('got SIGTERM');
    const rebooted = await viewOf(`${SUBNET}.10`);
    expect([rebooted.hostname, rebooted.pid, rebooted.store]).toEqual(['vm-a-host', 1, 'disk data']);

    await cpi.setVmMetadata(a.vmCid, { deployment: 'e2e', name: 'web/0' });
    expect(JSON.parse(readFileSync(join(cpiDir, 'vms', a.vmCid, 'vm.json'), 'utf8'))).toMatchObject({
      metadata: { deployment: 'e2e', name: 'web/0' },
    });

    for (const [vm, ip] of [
      [a.vmCid, `${SUBNET}.10`],
      [b.vmCid, `${SUBNET}.11`],
    ] as const) {
      const record = vmRecord(vm);
      await cpi.deleteVm(vm);
      expectNothingLeft(vm, record, ip);
      expect(await cpi.hasVm(vm)).toBe(false);
    }
    expect(JSON.parse(readFileSync(join(cpiDir, 'disks', `${disk}.json`), 'utf8'))).toMatchObject({
      vm_cid: null,
    });
    expect(readFileSync(join(cpiDir, 'disks', disk, 'marker'), 'utf8')).toBe('disk data');
    await cpi.deleteDisk(disk);
    expect(existsSync(join(cpiDir, 'disks', disk))).toBe(false);
  });

  it('refuses an IP in use, and leaves nothing behind when the command cannot start', async () => {
    const first = await cpi.createVm({
      agentId: 'c',
      stemcellCid,
      cloudProperties: {},
      networks: manualNetwork(`${SUBNET}.20`),
      diskCids: [],
      env: vmEnv(),
    });
    const dupe = cpi.createVm({
      agentId: 'd',
      stemcellCid,
      cloudProperties: {},
      networks: manualNetwork(`${SUBNET}.20`),
      diskCids: [],
      env: vmEnv(),
    });
    await expect(dupe).rejects.toThrow(
      `Creating VM for agent 'd' failed: IP ${SUBNET}.20 is already in use by VM '${first.vmCid}'`,
    );
    const broken = cpi.createVm({
      agentId: 'e',
      stemcellCid,
      cloudProperties: {},
      networks: manualNetwork(`${SUBNET}.21`),
      diskCids: [],
      env: { bosun: { agent_command: ['/nonexistent/agent'] } },
    });
    await expect(broken).rejects.toThrow(
      /^Creating VM for agent 'e' failed: The sandbox command '\/nonexistent\/agent' exited right after it started \(exit code 127\); console \(.*console\.log\):\n[^]*\/nonexistent\/agent: not found$/,
    );
    await cpi.deleteVm(first.vmCid);
    expect(readdirSync(join(cpiDir, 'vms'))).toEqual([]);
    expect(readdirSync(join(cpiDir, 'ips'))).toEqual([]);
    expect(execFileSync('ip', ['netns', 'list']).toString()).not.toMatch(/bosun-vm-/);
  });
});
