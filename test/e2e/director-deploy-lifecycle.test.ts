// `bosun deploy` end to end: a real Director, the local CPI and real agents in local VMs.
// The hooks of the test release append timestamped events to a host file, so these tests
// assert the order BOSH drives every instance in (reference bosh-semantics.md §4.2, §4.3).
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_TEST_TIMEOUT_MS, DeployBed } from '../support/deploy-director.js';
import { executablesOfVm, hostVms, leftoversOf, vmCidsOnHost } from '../support/deploy-host.js';
import { readDeployEvents, timeOf, type DeployEvent } from '../support/deploy-release.js';

// Real namespaces, mounts and interfaces: root only (as on CI).
const isRoot = process.getuid?.() === 0;

let bed: DeployBed;

/** The events of one hook of every instance, by instance id. */
function spans(events: readonly DeployEvent[], what: string): Map<string, { begin: number; end: number }> {
  const byId = new Map<string, { begin: number; end: number }>();
  for (const e of events.filter((x) => x.what === what && x.phase === 'begin')) {
    byId.set(e.instanceId, {
      begin: e.atUs,
      end: timeOf(events, { instanceId: e.instanceId, what, phase: 'end' }),
    });
  }
  return byId;
}

describe.skipIf(!isRoot)(
  'bosun deploy lifecycle (needs root for local VMs; skipped when not root)',
  { timeout: DEPLOY_TEST_TIMEOUT_MS },
  () => {
    beforeAll(async () => {
      bed = await DeployBed.start({ label: 'deploy-lifecycle', slot: 61, enablePostDeploy: true });
    });

    afterAll(async () => {
      await bed?.close();
    });

    describe('a deployment of two instances, deployed twice', () => {
      const name = 'lifecycle';
      const manifest = (generation: number): string =>
        bed.manifest(name, [
          {
            name: 'hooked',
            instances: 2,
            azs: ['z1', 'z2'],
            jobs: { hooked: { generation, sleep: { post_start: 0.2, post_deploy: 1 } } },
          },
        ]);
      let first: DeployEvent[];

      it('runs pre-start, then starts the process, then post-start on every instance (§4.2 step 8)', async () => {
        const r = await bed.deploy(manifest(1));
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        first = await readDeployEvents(bed.eventsFile(name));
        const instances = await bed.instances(name);
        expect(instances.map((i) => [i.instance_group, i.index, i.process_state]).sort()).toEqual([
          ['hooked', 0, 'running'],
          ['hooked', 1, 'running'],
        ]);
        for (const { id } of instances) {
          const preStartEnd = timeOf(first, { instanceId: id, what: 'pre-start', phase: 'end' });
          const processStart = timeOf(first, { instanceId: id, what: 'process', phase: 'start' });
          const postStartBegin = timeOf(first, { instanceId: id, what: 'post-start', phase: 'begin' });
          expect(timeOf(first, { instanceId: id, what: 'pre-start', phase: 'begin' })).toBeLessThan(
            preStartEnd,
          );
          expect(preStartEnd).toBeLessThan(processStart);
          expect(processStart).toBeLessThan(postStartBegin);
        }
      });

      it('begins post-deploy only after every instance finished post-start (§4.2 step 9)', () => {
        const postStarts = [...spans(first, 'post-start').values()];
        const postDeploys = [...spans(first, 'post-deploy').values()];
        expect(postStarts).toHaveLength(2);
        expect(postDeploys).toHaveLength(2);
        expect(Math.min(...postDeploys.map((s) => s.begin))).toBeGreaterThan(
          Math.max(...postStarts.map((s) => s.end)),
        );
      });

      it('runs the post-deploy scripts of different instances at the same time (§4.2 step 9, max_threads)', () => {
        const postDeploys = [...spans(first, 'post-deploy').values()];
        // Each sleeps 1 s: they overlap when the last one began before the first one ended.
        expect(Math.max(...postDeploys.map((s) => s.begin))).toBeLessThan(
          Math.min(...postDeploys.map((s) => s.end)),
        );
      });

      it('appends post-deploy output across deploys to post-deploy.stdout.log in the VM (§4.3 Logs)', async () => {
        const before = await bed.instances(name);
        const r = await bed.deploy(manifest(2));
        expect(r.code).toBe(0);
        const after = await bed.instances(name);
        expect(after.map((i) => [i.id, i.vm_cid, i.process_state])).toEqual(
          before.map((i) => [i.id, i.vm_cid, 'running']),
        );
        // The same file as the VM has it, and as `bosun logs` downloads it.
        const downloads = join(bed.root, 'logs');
        await mkdir(downloads);
        expect((await bed.bosun(['logs', '-d', name, '--dir', downloads])).code).toBe(0);
        const [tarball] = await readdir(downloads);
        expect(tarball).toMatch(new RegExp(`^${name}-\\d{8}-\\d{6}(-\\d+)?\\.tgz$`));
        await tar.x({ file: join(downloads, tarball!), cwd: downloads });
        for (const instance of after) {
          const expected =
            `post-deploy of generation 1 on hooked/${instance.index}\n` +
            `post-deploy of generation 2 on hooked/${instance.index}\n`;
          const inVm = join(
            bed.cpiDir,
            'vms',
            instance.vm_cid!,
            'vcap/sys/log/hooked/post-deploy.stdout.log',
          );
          expect(await readFile(inVm, 'utf8')).toBe(expected);
          const downloaded = join(
            downloads,
            `hooked.${instance.index}.${instance.id}/hooked/post-deploy.stdout.log`,
          );
          expect(await readFile(downloaded, 'utf8')).toBe(expected);
        }
      });
    });

    it("fails the deploy when a post-deploy script fails, with BOSH's text, the instance and the stderr tail (§4.3 Result)", async () => {
      const name = 'failing';
      const r = await bed.deploy(
        bed.manifest(name, [
          { name: 'failing', instances: 1, jobs: { hooked: { post_deploy_fails: true } } },
        ]),
      );
      expect(r.code).toBe(1);
      const task = await bed.task(r.taskId);
      expect(task.state).toBe('error');
      const [instance] = await bed.instances(name);
      const message = task.result ?? '';
      expect(message).toMatch(
        /^Action Failed get_task: Task [0-9a-f-]+ result: 1 of 1 post-deploy scripts failed\. Failed Jobs: hooked\.\n/,
      );
      expect(message.slice(message.indexOf('\n') + 1)).toBe(
        [
          `  Instance: failing/${instance!.id} (0)`,
          '  Step: executing post-deploy',
          "  Job 'hooked': exit code 1",
          '    stderr (last lines):',
          '      post-deploy of failing/0 fails on purpose',
        ].join('\n'),
      );
      const events = await bed.taskEvents(r.taskId);
      expect(events.at(-1)?.error?.message).toBe(message);
      // The step fails with the agent's error; the task's error adds the instance and the tail.
      expect(
        events.find((e) => e.stage === 'Running post-deploy scripts' && e.state === 'failed')?.data?.error,
      ).toBe(message.slice(0, message.indexOf('\n')));
      expect(r.stdout).toContain(`Task ${r.taskId} error`);
      // The instance itself was updated: only post-deploy failed.
      expect(instance).toMatchObject({ process_state: 'running', update_completed: true });
    });

    describe('a job whose process is a package compiled from source', () => {
      const name = 'compiled';
      const manifest = (generation: number): string =>
        bed.manifest(name, [{ name: 'compiled', instances: 1, jobs: { compiled: { generation } } }]);

      it('compiles the package on a compilation VM and runs its binary from /var/vcap/packages', async () => {
        const r = await bed.deploy(manifest(1));
        expect(r.code).toBe(0);
        const events = await bed.taskEvents(r.taskId);
        const compiled = events.filter((e) => e.stage === 'Compiling packages' && e.state === 'finished');
        expect(compiled.map((e) => e.task?.replace(/\/[0-9a-f]{40}$/, '/FP'))).toEqual(['hello/FP']);
        const [instance] = await bed.instances(name);
        expect(instance).toMatchObject({
          process_state: 'running',
          processes: [{ name: 'compiled', state: 'running' }],
        });
        const started = (await readDeployEvents(bed.eventsFile(name))).filter((e) => e.what === 'process');
        // The line the binary writes: the packaging script's -DHELLO_VERSION made it in.
        expect(started.map((e) => [e.job, e.index, e.instanceId, e.detail])).toEqual([
          ['compiled', 0, instance!.id, expect.stringMatching(/^hello-42 built-by-cc-\d+$/)],
        ]);
        expect(executablesOfVm(bed.cpiDir, instance!.vm_cid!)).toContainEqual(
          expect.stringMatching(/\/var\/vcap\/data\/packages\/hello\/[0-9a-f]+\/bin\/hello$/),
        );
      });

      it('compiles nothing when it deploys again', async () => {
        const r = await bed.deploy(manifest(2));
        expect(r.code).toBe(0);
        const stages = new Set((await bed.taskEvents(r.taskId)).map((e) => e.stage));
        expect(stages.has('Updating instance compiled')).toBe(true);
        expect(stages.has('Compiling packages')).toBe(false);
        const started = (await readDeployEvents(bed.eventsFile(name))).filter((e) => e.what === 'process');
        expect(started).toHaveLength(2);
      });
    });

    // A recycled address must be reachable at once: the local CPI flushes the host's neighbour
    // entry and the VM announces its MAC (arp_notify), else the old VM's MAC is kept for ~45 s.
    it('reaches a new VM at once when it reuses the address of a VM just deleted', async () => {
      const name = 'reuse';
      const manifest = (instances: number): string =>
        bed.manifest(name, [{ name: 'reuse', instances, jobs: { hooked: {} } }]);
      expect((await bed.deploy(manifest(2))).code).toBe(0);
      const freed = (await bed.instances(name)).find((i) => i.index === 1)!.ips[0];
      expect((await bed.deploy(manifest(1))).code).toBe(0);
      const again = await bed.deploy(manifest(2));
      expect(again.code).toBe(0);
      expect((await bed.instances(name)).find((i) => i.index === 1)!.ips).toEqual([freed]);
      const creating = (await bed.taskEvents(again.taskId)).filter((e) => e.stage === 'Creating missing vms');
      const [started, finished] = [creating[0]!, creating.at(-1)!];
      expect(finished.state).toBe('finished');
      expect(finished.time - started.time).toBeLessThanOrEqual(5);
      expect((await bed.bosun(['delete-deployment', '-n', '-d', name])).code).toBe(0);
    });

    it('leaves nothing behind after delete-deployment (§4.2 Delete)', async () => {
      const name = 'doomed';
      const r = await bed.deploy(
        bed.manifest(name, [{ name: 'doomed', instances: 2, jobs: { hooked: {}, compiled: {} } }]),
      );
      expect(r.code).toBe(0);
      const deployments = ((await bed.api('/deployments')) as Array<{ name: string }>).map((d) => d.name);
      expect(deployments).toContain(name);
      const vms = hostVms(bed.cpiDir);
      const ofDoomed = (await bed.instances(name)).map((i) => i.vm_cid);
      expect(vms.map((vm) => vm.cid)).toEqual(expect.arrayContaining(ofDoomed));
      for (const deployment of deployments) {
        const deleted = await bed.bosun(['delete-deployment', '-n', '-d', deployment]);
        expect(deleted.code).toBe(0);
      }
      expect(leftoversOf(bed.cpiDir, vms)).toEqual([]);
      expect(vmCidsOnHost(bed.cpiDir)).toEqual([]);
      expect(await bed.api('/deployments')).toEqual([]);
      const instances = await bed.bosun(['instances', '-d', name]);
      expect(instances.code).toBe(1);
      expect(instances.stderr).toContain(`Deployment '${name}' doesn't exist`);
      const listed = await bed.bosun(['vms', '--json']);
      expect(listed.code).toBe(0);
      expect((JSON.parse(listed.stdout) as { Tables: unknown[] }).Tables).toEqual([]);
    });
  },
);
