// A Director whose `director.enable_post_deploy` is false deploys without running post-deploy
// and says so in the task's event log. BOSH dropped the switch (reference bosh-semantics.md
// §4.2 step 9, §4.9 item 5); Bosun keeps it, off by default, as a Director setting.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_TEST_TIMEOUT_MS, DeployBed } from '../support/deploy-director.js';
import { hostVms, leftoversOf } from '../support/deploy-host.js';
import { readDeployEvents } from '../support/deploy-release.js';

// Real namespaces, mounts and interfaces: root only (as on CI).
const isRoot = process.getuid?.() === 0;

const SKIPPED =
  "Skipping post-deploy scripts: the Director's 'director.enable_post_deploy' is false (set it to true in the Director config to run them)";

let bed: DeployBed;

describe.skipIf(!isRoot)(
  'bosun deploy with post-deploy disabled (needs root for local VMs; skipped when not root)',
  { timeout: DEPLOY_TEST_TIMEOUT_MS },
  () => {
    beforeAll(async () => {
      bed = await DeployBed.start({ label: 'deploy-post-deploy-off', slot: 63, enablePostDeploy: false });
    });

    afterAll(async () => {
      await bed?.close();
    });

    it('runs no post-deploy script and says in the event log that they were skipped and why', async () => {
      expect((await bed.expectOk(['env'])).stdout).toContain('\nFeatures  enable_post_deploy: disabled\n');
      const name = 'quiet';
      const r = await bed.deploy(bed.manifest(name, [{ name: 'quiet', instances: 2, jobs: { hooked: {} } }]));
      expect(r.code).toBe(0);
      const instances = await bed.instances(name);
      expect(instances.map((i) => i.process_state)).toEqual(['running', 'running']);

      const events = await readDeployEvents(bed.eventsFile(name));
      // The instances went through their start hooks, and post-deploy never began.
      expect(events.filter((e) => e.what === 'post-start' && e.phase === 'end')).toHaveLength(2);
      expect(events.filter((e) => e.what === 'post-deploy')).toEqual([]);
      for (const instance of instances) {
        const logDir = join(bed.cpiDir, 'vms', instance.vm_cid!, 'vcap/sys/log/hooked');
        expect(existsSync(join(logDir, 'post-start.stdout.log'))).toBe(true);
        expect(existsSync(join(logDir, 'post-deploy.stdout.log'))).toBe(false);
      }

      const taskEvents = await bed.taskEvents(r.taskId);
      expect(taskEvents.filter((e) => e.type === 'warning').map((e) => e.message)).toEqual([SKIPPED]);
      expect(taskEvents.some((e) => e.stage === 'Running post-deploy scripts')).toBe(false);
      // The warning comes after the instances were updated, where post-deploy would have run.
      const lastUpdate = taskEvents.findLastIndex((e) => e.stage === 'Updating instance quiet');
      expect(taskEvents.findIndex((e) => e.type === 'warning')).toBeGreaterThan(lastUpdate);
      expect(r.stdout).toContain(`Warning: ${SKIPPED}`);

      const vms = hostVms(bed.cpiDir);
      expect((await bed.bosun(['delete-deployment', '-n', '-d', name])).code).toBe(0);
      expect(leftoversOf(bed.cpiDir, vms)).toEqual([]);
    });
  },
);
