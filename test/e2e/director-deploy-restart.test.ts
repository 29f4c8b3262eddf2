// A Director process killed in the middle of a deploy (SIGKILL while an instance's pre-start
// runs), then started again on the same data: the deploy's task ends as `error`, and the next
// deploy converges without leaving a VM the Director does not know.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_TEST_TIMEOUT_MS, DeployBed, type TaskView } from '../support/deploy-director.js';
import { hostVms, leftoversOf, vmCidsOnHost } from '../support/deploy-host.js';
import { readDeployEvents } from '../support/deploy-release.js';

// Real namespaces, mounts and interfaces: root only (as on CI).
const isRoot = process.getuid?.() === 0;

let bed: DeployBed;

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!isRoot)(
  'bosun deploy after a Director restart (needs root for local VMs; skipped when not root)',
  { timeout: DEPLOY_TEST_TIMEOUT_MS },
  () => {
    beforeAll(async () => {
      bed = await DeployBed.start({
        label: 'deploy-restart',
        slot: 65,
        enablePostDeploy: true,
        director: 'spawned',
      });
    });

    afterAll(async () => {
      await bed?.close();
    });

    it('ends the interrupted deploy as error and converges on the next deploy', async () => {
      const name = 'restart';
      const manifest = (preStartSeconds: number): string =>
        bed.manifest(name, [
          { name: 'slow', instances: 2, jobs: { hooked: { sleep: { pre_start: preStartSeconds } } } },
        ]);
      const submitted = (await bed.api('/deployments', {
        method: 'POST',
        body: manifest(30),
        headers: { 'Content-Type': 'text/yaml' },
      })) as TaskView;
      await waitFor('a pre-start to begin', async () =>
        (await readDeployEvents(bed.eventsFile(name))).some(
          (e) => e.what === 'pre-start' && e.phase === 'begin',
        ),
      );
      const updating = (await bed.taskEvents(submitted.id)).filter(
        (e) => e.stage === 'Updating instance slow',
      );
      expect(updating.map((e) => e.state)).toEqual(['started']);
      expect((await bed.task(submitted.id)).state).toBe('processing');

      await bed.killDirector();
      await bed.startDirector();

      const interrupted = await bed.task(submitted.id);
      expect(interrupted).toMatchObject({
        state: 'error',
        result: 'Director restarted while the task was running',
      });
      expect((await bed.taskEvents(submitted.id)).at(-1)?.error?.message).toBe(
        'Director restarted while the task was running',
      );
      expect(await bed.api(`/tasks?state=queued,processing`)).toEqual([]);

      const r = await bed.deploy(manifest(0));
      expect(r.code).toBe(0);
      const instances = await bed.instances(name);
      expect(instances.map((i) => [i.process_state, i.update_completed])).toEqual([
        ['running', true],
        ['running', true],
      ]);
      const listed = await bed.expectOk(['vms', '-d', name, '--json']);
      const rows = (JSON.parse(listed.stdout) as { Tables: Array<{ Rows: Array<Record<string, string>> }> })
        .Tables[0]!.Rows;
      const known = rows.map((row) => row['vm_cid']).sort();
      expect(known).toHaveLength(2);
      // Every VM on the host is one the Director lists: none was orphaned by the kill.
      expect(vmCidsOnHost(bed.cpiDir)).toEqual(known);

      const vms = hostVms(bed.cpiDir);
      expect((await bed.bosun(['delete-deployment', '-n', '-d', name])).code).toBe(0);
      expect(leftoversOf(bed.cpiDir, vms)).toEqual([]);
    });
  },
);
