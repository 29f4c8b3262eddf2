// Canaries and max_in_flight with real agents (reference bosh-semantics.md §5.2): the hooks of
// the test release append timestamped events to a host file, from which each instance's
// update (pre-start begin to post-start end) is an interval on one clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOY_TEST_TIMEOUT_MS, DeployBed } from '../support/deploy-director.js';
import { hostVms, leftoversOf } from '../support/deploy-host.js';
import { readDeployEvents, timeOf } from '../support/deploy-release.js';

// Real namespaces, mounts and interfaces: root only (as on CI).
const isRoot = process.getuid?.() === 0;

let bed: DeployBed;

/** The most intervals that are open at one instant. */
function maxOverlap(intervals: ReadonlyArray<{ begin: number; end: number }>): number {
  const edges = intervals.flatMap((i) => [
    { at: i.begin, delta: 1 },
    { at: i.end, delta: -1 },
  ]);
  // At equal times an end closes before a begin opens: touching intervals do not overlap.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let open = 0;
  let most = 0;
  for (const edge of edges) {
    open += edge.delta;
    most = Math.max(most, open);
  }
  return most;
}

describe.skipIf(!isRoot)(
  'bosun deploy canaries and max_in_flight (needs root for local VMs; skipped when not root)',
  { timeout: DEPLOY_TEST_TIMEOUT_MS },
  () => {
    beforeAll(async () => {
      bed = await DeployBed.start({ label: 'deploy-canary', slot: 62, enablePostDeploy: true });
    });

    afterAll(async () => {
      await bed?.close();
    });

    const name = 'canary';

    /**
     * Deploys 4 instances in one AZ (one batch, so canaries and max_in_flight apply to all of
     * them) whose hooks log to a file of this round, and checks the order of their updates:
     * each update is the interval from its pre-start's begin to its post-start's end.
     */
    async function deployAndCheckOrder(round: number): Promise<void> {
      const eventsFile = bed.eventsFile(`${name}-${round}`);
      const r = await bed.deploy(
        bed.manifest(
          name,
          [
            {
              name: 'canary',
              instances: 4,
              azs: ['z1'],
              jobs: { hooked: { events_file: eventsFile, sleep: { pre_start: 1, post_start: 0.2 } } },
            },
          ],
          { canaries: 1, max_in_flight: 2 },
        ),
      );
      expect(r.code).toBe(0);
      const instances = await bed.instances(name);
      expect(instances.map((i) => i.process_state)).toEqual(['running', 'running', 'running', 'running']);

      const steps = (await bed.taskEvents(r.taskId)).filter(
        (e) => e.stage === 'Updating instance canary' && e.state === 'started',
      );
      expect(steps.map((s) => s.task?.endsWith(' (canary)'))).toEqual([true, false, false, false]);
      const canaryId = /^canary\/([0-9a-f-]+) \(\d+\) \(canary\)$/.exec(steps[0]!.task!)![1]!;

      const events = await readDeployEvents(eventsFile);
      const updates = instances.map((i) => ({
        id: i.id,
        begin: timeOf(events, { instanceId: i.id, what: 'pre-start', phase: 'begin' }),
        end: timeOf(events, { instanceId: i.id, what: 'post-start', phase: 'end' }),
      }));
      const canary = updates.find((u) => u.id === canaryId)!;
      const others = updates.filter((u) => u.id !== canaryId);
      expect(others).toHaveLength(3);
      expect(canary.end).toBeLessThan(Math.min(...others.map((u) => u.begin)));
      // Never more than max_in_flight at once, and with 3 left and room for 2, two did overlap.
      expect(maxOverlap(updates)).toBe(2);
    }

    it('updates the canary alone first, then the others at most max_in_flight at a time (§5.2 Per batch)', async () => {
      await deployAndCheckOrder(1);
    });

    it('keeps that order when it updates running instances (§5.2, §4.2 steps 3-8)', async () => {
      await deployAndCheckOrder(2);
    });

    it('leaves none of the VMs behind after delete-deployment', async () => {
      const vms = hostVms(bed.cpiDir);
      expect(vms).toHaveLength(4);
      expect((await bed.bosun(['delete-deployment', '-n', '-d', name])).code).toBe(0);
      expect(leftoversOf(bed.cpiDir, vms)).toEqual([]);
    });
  },
);
