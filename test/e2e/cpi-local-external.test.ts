import { execFileSync } from 'node:child_process';
import {
  chmodSync,
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
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExternalCpi, nodeCommandRunner, type CpiCallRecord } from '../../src/cpi/index.js';

// The local CPI as an external CPI executable: every call is a new process (npx tsx running
// runLocalCpiCommand), as `bosun cpi local --config FILE` will be. Root only.
const isRoot = process.getuid?.() === 0;
const BRIDGE = 'bosune2e98';
const SUBNET = '10.244.98';
const repo = resolve(import.meta.dirname, '..', '..');

let work: string;
let cpiDir: string;
let cpi: ExternalCpi;
const records: CpiCallRecord[] = [];

function httpGet(url: string): Promise<string> {
  return new Promise((done, fail) => {
    const req = get(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => done(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', fail);
  });
}

async function waitForHttp(url: string): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await httpGet(url);
    } catch (e) {
      if (attempt > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(!isRoot)(
  'bosun cpi local through ExternalCpi (needs root for namespaces; skipped when not root)',
  () => {
    beforeAll(() => {
      work = mkdtempSync(join(tmpdir(), 'bosun-cpi-external-'));
      cpiDir = join(work, 'cpi');
      writeFileSync(join(work, 'cpi.yml'), `cpi_dir: ${cpiDir}\nbridge: ${BRIDGE}\nstop_grace_ms: 500\n`);
      writeFileSync(
        join(work, 'local-cpi.mts'),
        [
          `import { runLocalCpiCommand } from ${JSON.stringify(join(repo, 'src/cpi/index.ts'))};`,
          'const chunks: Buffer[] = [];',
          'for await (const chunk of process.stdin) chunks.push(chunk as Buffer);',
          "process.stdout.write(await runLocalCpiCommand(process.argv[2] ?? '', Buffer.concat(chunks).toString('utf8')));",
          '',
        ].join('\n'),
      );
      const executable = join(work, 'bin-cpi');
      const tsx = join(repo, 'node_modules/tsx/dist/cli.mjs');
      writeFileSync(
        executable,
        `#!/bin/sh\nexec ${process.execPath} ${tsx} ${join(work, 'local-cpi.mts')} ${join(work, 'cpi.yml')}\n`,
      );
      chmodSync(executable, 0o755);
      mkdirSync(join(work, 'stemcell'));
      writeFileSync(
        join(work, 'stemcell', 'stemcell.MF'),
        'name: bosh-warden-boshlite-ubuntu-jammy-go_agent\nversion: "1.1"\noperating_system: ubuntu-jammy\n',
      );
      writeFileSync(
        join(work, 'server.js'),
        "require('node:http').createServer((q, s) => s.end(require('node:os').hostname())).listen(8080);\n",
      );
      cpi = new ExternalCpi({
        path: executable,
        directorUuid: 'e2e',
        runner: nodeCommandRunner,
        timeoutMs: 60_000,
        debugLog: { record: (r) => records.push(r) },
      });
    });

    afterAll(() => {
      for (const cid of existsSync(join(cpiDir, 'vms')) ? readdirSync(join(cpiDir, 'vms')) : []) {
        try {
          const vm = JSON.parse(readFileSync(join(cpiDir, 'vms', cid, 'vm.json'), 'utf8')) as {
            sandbox?: { launcher_pid: number };
          };
          if (vm.sandbox !== undefined) process.kill(vm.sandbox.launcher_pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
        try {
          execFileSync('ip', ['netns', 'delete', `bosun-${cid}`], { stdio: 'ignore' });
        } catch {
          // Deleted with its VM.
        }
      }
      try {
        execFileSync('ip', ['link', 'delete', 'dev', BRIDGE], { stdio: 'ignore' });
      } catch {
        // Never created.
      }
      rmSync(work, { recursive: true, force: true });
    });

    it('creates a VM that outlives the CPI process, and deletes it from another process', async () => {
      const stemcellCid = await cpi.createStemcell(join(work, 'stemcell'), {});
      const vm = await cpi.createVm({
        agentId: 'agent-x',
        stemcellCid,
        cloudProperties: {},
        networks: {
          default: { type: 'manual', ip: `${SUBNET}.30`, netmask: '255.255.255.0', gateway: `${SUBNET}.1` },
        },
        diskCids: [],
        env: {
          bosun: {
            agent_command: [process.execPath, join(work, 'server.js')],
            agent_config: { credentials: { password: 'secret' } },
          },
        },
      });
      expect(vm.vmCid).toMatch(/^vm-[0-9a-f]{12}$/);
      expect(await waitForHttp(`http://${SUBNET}.30:8080/`)).toBe('agent-x');
      expect(await cpi.hasVm(vm.vmCid)).toBe(true);
      const created = records.find((r) => r.method === 'create_vm');
      expect(created?.log).toContain(`starting sandbox of VM ${vm.vmCid}`);
      expect(created?.redactedRequest).not.toContain('secret');

      await cpi.deleteVm(vm.vmCid);
      expect(await cpi.hasVm(vm.vmCid)).toBe(false);
      expect(existsSync(join(cpiDir, 'vms', vm.vmCid))).toBe(false);
      expect(execFileSync('ip', ['netns', 'list']).toString()).not.toContain(vm.vmCid);
      await expect(httpGet(`http://${SUBNET}.30:8080/`)).rejects.toThrow();
    });

    it('answers errors in the protocol', async () => {
      await expect(cpi.rebootVm('vm-000000000000')).rejects.toMatchObject({
        code: 'CPI_ERROR',
        cpiType: 'Bosh::Clouds::VMNotFound',
        message: expect.stringMatching(
          /^CPI error 'Bosh::Clouds::VMNotFound' with message 'VM 'vm-000000000000' not found' in 'reboot_vm' CPI method/,
        ) as unknown,
      });
    });
  },
);
