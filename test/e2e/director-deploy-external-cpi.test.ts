// The Director deploying through an external CPI executable (a script that execs
// `bosun cpi local --config FILE`): one process per CPI call, as with BOSH's CPIs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_TEST_TIMEOUT_MS, DeployBed } from '../support/deploy-director.js';
import { hostVms, leftoversOf, vmCidsOnHost } from '../support/deploy-host.js';
import { readDeployEvents } from '../support/deploy-release.js';

// Real namespaces, mounts and interfaces: root only (as on CI).
const isRoot = process.getuid?.() === 0;

let bed: DeployBed;

describe.skipIf(!isRoot)(
  'bosun deploy through an external CPI (needs root for local VMs; skipped when not root)',
  { timeout: DEPLOY_TEST_TIMEOUT_MS },
  () => {
    beforeAll(async () => {
      bed = await DeployBed.start({
        label: 'deploy-external-cpi',
        slot: 64,
        enablePostDeploy: true,
        cpi: 'external',
      });
    });

    afterAll(async () => {
      await bed?.close();
    });

    it('deploys running instances with `bosun cpi local` as the CPI, then deletes them all', async () => {
      expect((await bed.expectOk(['env'])).stdout).toContain(`\nCPI       ${bed.root}/local-cpi.sh\n`);
      const name = 'external';
      const r = await bed.deploy(
        bed.manifest(name, [{ name: 'external', instances: 2, jobs: { hooked: {} } }]),
      );
      expect(r.code).toBe(0);
      const instances = await bed.instances(name);
      expect(instances.map((i) => [i.process_state, i.processes])).toEqual([
        ['running', [expect.objectContaining({ name: 'hooked', state: 'running' })]],
        ['running', [expect.objectContaining({ name: 'hooked', state: 'running' })]],
      ]);
      // The VMs are the external CPI's, in the CPI directory of its config file.
      expect(vmCidsOnHost(bed.cpiDir)).toEqual(instances.map((i) => i.vm_cid).sort());
      const events = await readDeployEvents(bed.eventsFile(name));
      expect(events.filter((e) => e.what === 'post-deploy' && e.phase === 'end')).toHaveLength(2);

      const vms = hostVms(bed.cpiDir);
      expect((await bed.bosun(['delete-deployment', '-n', '-d', name])).code).toBe(0);
      expect(leftoversOf(bed.cpiDir, vms)).toEqual([]);
      expect(vmCidsOnHost(bed.cpiDir)).toEqual([]);
    });
  },
);
