import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CpiError } from '../cpi-error.js';
import { FakeCommandRunner } from '../fake-command-runner.js';
import { parseLocalCpiConfig } from './local-cpi-config.js';
import { LocalCpi } from './local-cpi.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'bosun-local-cpi-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function localCpi(uid = 1000, runner = new FakeCommandRunner()): LocalCpi {
  return new LocalCpi(parseLocalCpiConfig({ cpi_dir: join(root, 'cpi') }, 'test'), { uid, runner });
}

async function failureOf(p: Promise<unknown>): Promise<CpiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CpiError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

const MANIFEST =
  'name: bosh-warden-boshlite-ubuntu-jammy-go_agent\nversion: 1.5\noperating_system: ubuntu-jammy\napi_version: 3\n';

function stemcellRecord(cid: string): unknown {
  return JSON.parse(readFileSync(join(root, 'cpi', 'stemcells', `${cid}.json`), 'utf8'));
}

describe('LocalCpi stemcells', () => {
  it.each([
    ['a stemcell directory', () => join(root, 'sc')],
    ['an extracted image with stemcell.MF beside it', () => join(root, 'sc', 'image')],
    ['a stemcell tarball', () => join(root, 'stemcell.tgz')],
  ])('records name, OS and version of %s', async (_what, imagePath) => {
    mkdirSync(join(root, 'sc'));
    writeFileSync(join(root, 'sc', 'stemcell.MF'), MANIFEST);
    writeFileSync(join(root, 'sc', 'image'), 'not an image');
    await tar.c({ file: join(root, 'stemcell.tgz'), gzip: true, cwd: join(root, 'sc') }, [
      'stemcell.MF',
      'image',
    ]);
    const cpi = localCpi();
    const cid = await cpi.createStemcell(imagePath(), { infrastructure: 'warden' });
    expect(cid).toMatch(/^sc-[0-9a-f]{12}$/);
    expect(stemcellRecord(cid)).toMatchObject({
      cid,
      name: 'bosh-warden-boshlite-ubuntu-jammy-go_agent',
      operating_system: 'ubuntu-jammy',
      version: '1.5',
      api_version: 3,
      image_path: imagePath(),
      cloud_properties: { infrastructure: 'warden' },
    });
    await cpi.deleteStemcell(cid);
    await cpi.deleteStemcell(cid);
    expect(existsSync(join(root, 'cpi', 'stemcells', `${cid}.json`))).toBe(false);
  });

  it('falls back to cloud_properties without a manifest, and refuses a missing image', async () => {
    writeFileSync(join(root, 'image'), '');
    const cpi = localCpi();
    const cid = await cpi.createStemcell(join(root, 'image'), { name: 'custom', version: '7' });
    expect(stemcellRecord(cid)).toMatchObject({ name: 'custom', version: '7', operating_system: null });
    expect((await failureOf(cpi.createStemcell(join(root, 'nope'), {}))).message).toBe(
      `Stemcell image '${join(root, 'nope')}' does not exist`,
    );
  });
});

describe('LocalCpi disks', () => {
  it('creates a directory per disk and keeps size and metadata in its record', async () => {
    const cpi = localCpi();
    const cid = await cpi.createDisk(1024, { type: 'fast' }, null);
    expect(existsSync(join(root, 'cpi', 'disks', cid))).toBe(true);
    expect(await cpi.hasDisk(cid)).toBe(true);
    await cpi.setDiskMetadata(cid, { deployment: 'd' });
    await cpi.resizeDisk(cid, 2048);
    expect(await cpi.updateDisk(cid, 4096, { type: 'slow' })).toBeNull();
    expect(JSON.parse(readFileSync(join(root, 'cpi', 'disks', `${cid}.json`), 'utf8'))).toMatchObject({
      size_mb: 4096,
      cloud_properties: { type: 'slow' },
      metadata: { deployment: 'd' },
      vm_cid: null,
    });
    expect((await failureOf(cpi.resizeDisk(cid, 10))).message).toBe(
      `Disk '${cid}' cannot shrink from 4096 MiB to 10 MiB`,
    );
    await cpi.deleteDisk(cid);
    await cpi.deleteDisk(cid);
    expect(await cpi.hasDisk(cid)).toBe(false);
    expect(existsSync(join(root, 'cpi', 'disks', cid))).toBe(false);
  });

  it.each([['resizeDisk'], ['setDiskMetadata']] as const)(
    'answers DiskNotFound from %s for an unknown disk',
    async (method) => {
      const cpi = localCpi();
      const e = await failureOf(
        method === 'resizeDisk' ? cpi.resizeDisk('disk-x', 1) : cpi.setDiskMetadata('disk-x', {}),
      );
      expect([e.cpiType, e.message]).toEqual(['Bosh::Clouds::DiskNotFound', "Disk 'disk-x' not found"]);
    },
  );

  it('does not take snapshots', async () => {
    expect((await failureOf(localCpi().snapshotDisk('disk-1', {}))).cpiType).toBe(
      'Bosh::Clouds::NotImplemented',
    );
  });
});

describe('LocalCpi VMs', () => {
  it('knows no VM that it did not create, and deleting one is a no-op', async () => {
    const cpi = localCpi();
    expect(await cpi.hasVm('vm-000000000000')).toBe(false);
    expect(await cpi.hasVm('../../etc')).toBe(false);
    await cpi.deleteVm('vm-000000000000');
    for (const call of [cpi.rebootVm('vm-x'), cpi.getDisks('vm-x'), cpi.setVmMetadata('vm-x', {})]) {
      const e = await failureOf(call);
      expect([e.cpiType, e.message]).toEqual(['Bosh::Clouds::VMNotFound', "VM 'vm-x' not found"]);
    }
  });

  it('fails create_vm at once, saying root is needed, when not root', async () => {
    const runner = new FakeCommandRunner();
    const e = await failureOf(
      localCpi(1000, runner).createVm({
        agentId: 'a',
        stemcellCid: 'sc-1',
        cloudProperties: {},
        networks: {},
        diskCids: [],
        env: {},
      }),
    );
    expect(e.message).toMatch(/^The local CPI cannot create VMs: it needs root/);
    expect(runner.requests).toHaveLength(0);
    expect(existsSync(join(root, 'cpi', 'vms'))).toBe(false);
  });

  it('refuses an environment without env.bosun.agent_command, and an unknown stemcell', async () => {
    const cpi = localCpi(0);
    const request = { agentId: 'a', stemcellCid: 'sc-1', cloudProperties: {}, networks: {}, diskCids: [] };
    expect((await failureOf(cpi.createVm({ ...request, env: { bosh: {} } }))).message).toBe(
      'The local CPI cannot create a VM from this environment: env.bosun: Invalid input: expected object, received undefined',
    );
    expect(
      (await failureOf(cpi.createVm({ ...request, env: { bosun: { agent_command: ['true'] } } }))).message,
    ).toBe("Stemcell 'sc-1' not found");
    expect(existsSync(join(root, 'cpi', 'vms'))).toBe(false);
  });

  it('answers info with API version 2', async () => {
    expect(await localCpi().info()).toEqual({
      api_version: 2,
      stemcell_formats: ['warden-tar', 'general-tar'],
    });
  });
});
