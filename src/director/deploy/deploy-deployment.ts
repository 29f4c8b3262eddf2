// A deploy, stage by stage, as the task's event log shows it:
//
//   Preparing deployment ─▶ [Preparing package compilation ─▶ Compiling packages] ─▶ planning
//     ─▶ Deleting unneeded instances ─▶ Creating missing vms ─▶ Updating instance <group> (manifest
//        order; serial groups one by one, others together) ─▶ Running post-deploy scripts
//   --dry-run stops after planning, having changed nothing.
//
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../base/index.js';
import type { RubyVmHost } from '../../templates/index.js';
import type { Blobstore } from '../blobstore/index.js';
import { compilePackages, type CompiledPackageRef } from '../compile/index.js';
import {
  compilationNetworkSettings,
  instanceName,
  planDeployment,
  type DeployOptions,
  type DeploymentPlan,
  type DesiredDeployment,
} from '../planning/index.js';
import type { DirectorStore, VmRecord } from '../store/index.js';
import type { TaskEventLog } from '../tasks/index.js';
import { actualInstanceOf, probeJobStates } from './actual-instances.js';
import { cloudPropertiesOf, instanceFactsOf, type InstancePackageRef, type InstanceSpecInput } from './instance-spec.js';
import { prepareDeployment, renderPreparedDeployment, type PreparedDeployment } from './prepare-deployment.js';
import { executeDeploymentPlan, type PlannedInstance } from './execute-plan.js';
import type { VmFactory } from './vm-factory.js';
import { fromRubyValue } from '../../yaml/index.js';

/** What a deploy needs from the Director. */
export interface DeployDependencies {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  readonly vms: VmFactory;
  readonly clock: Clock;
  readonly renderHost: () => Promise<RubyVmHost>;
  /** Where job tarballs are extracted for rendering (a cache). */
  readonly jobCacheDir: string;
  readonly directorName: string;
  /** `director.enable_post_deploy`. */
  readonly enablePostDeploy: boolean;
  /** `director.max_threads`: VM creation and post-deploy run this many at once. */
  readonly maxThreads: number;
}

/** The task a deploy runs in. */
export interface DeployTaskContext {
  readonly events: TaskEventLog;
  readonly debug: (message: string) => void;
  readonly signal: AbortSignal;
}

export interface DeployRequest {
  readonly manifestText: string;
  /** The manifest's name in messages. */
  readonly manifestFile: string;
  readonly options: DeployOptions;
  /** `--dry-run`: render and plan, change nothing. */
  readonly isDryRun: boolean;
}

/** Runs a deploy; resolves with the task's result text (`/deployments/<name>`). */
export async function deployDeployment(
  deps: DeployDependencies,
  request: DeployRequest,
  task: DeployTaskContext,
): Promise<string> {
  const { store } = deps;
  const { events } = task;
  const preparing = events.beginStage('Preparing deployment', 2);
  const prepareDeps = {
    store,
    blobstore: deps.blobstore,
    jobCacheDir: deps.jobCacheDir,
    renderHost: deps.renderHost,
    signal: task.signal,
  };
  let prepared = await preparing.track('Preparing deployment', () =>
    prepareDeployment(prepareDeps, request.manifestText, request.manifestFile),
  );
  prepared = await preparing.track('Rendering templates', () => renderPreparedDeployment(prepareDeps, prepared));
  for (const warning of prepared.manifest.warnings) events.deprecation(warning);
  const name = prepared.manifest.name;

  let packages: ReadonlyMap<string, CompiledPackageRef>;
  if (request.isDryRun) {
    packages = plannedPackagesOf(prepared);
  } else {
    const deployment = store.deployments.save({
      name,
      manifest: request.manifestText,
      cloudConfigId: prepared.cloudConfigId,
      releaseVersionIds: [...prepared.artifacts.releases.values()].map((r) => r.id),
      stemcellIds: [...prepared.artifacts.stemcells.values()].map((s) => s.id),
    });
    await deleteLeftoverVms(deps, name, task);
    packages = await compileAll(deps, prepared, deployment.id, task);
  }

  const specs = instanceSpecsOf(prepared, packages);
  const desired: DesiredDeployment = {
    name,
    instanceGroups: prepared.manifest.instance_groups.map((group) => ({
      name: group.name,
      lifecycle: group.lifecycle,
      update: group.update,
      instances: (prepared.placements.find((p) => p.group === group.name)?.instances ?? []).map((placed) => {
        const spec = specs.get(placed.id)!;
        const state = group.instance_states[String(placed.index)] ?? group.instance_states[placed.id] ?? group.state;
        return {
          id: placed.id,
          group: group.name,
          index: placed.index,
          az: placed.az,
          isBootstrap: placed.isBootstrap,
          facts: instanceFactsOf(spec),
          ...(state === undefined ? {} : { state }),
        };
      }),
    })),
    options: request.options,
  };
  const records = store.instances.listByDeployment(name);
  const jobStates = await probeJobStates(
    records.filter((r) => r.isUpdateCompleted),
    deps.vms,
  );
  const actual = records.map((r) => {
    const stemcell = r.vm?.stemcellId == null ? undefined : store.stemcells.findById(r.vm.stemcellId);
    return actualInstanceOf(
      r,
      store.disks.listByInstance(r.id).length > 0,
      jobStates.get(r.uuid),
      stemcell === undefined ? undefined : { name: stemcell.name, version: stemcell.version },
    );
  });
  const plan = planDeployment(desired, actual);
  if (request.isDryRun) {
    reportDryRun(plan, task);
    return `/deployments/${name}`;
  }
  const deploymentId = store.deployments.find(name)!.id;
  const planned = new Map<string, PlannedInstance>();
  for (const group of desired.instanceGroups) {
    const manifestGroup = prepared.manifest.instance_groups.find((g) => g.name === group.name)!;
    for (const instance of group.instances) {
      const spec = specs.get(instance.id)!;
      const rendered = prepared.rendered.get(instance.id);
      const display = instanceName(instance);
      planned.set(instance.id, {
        name: display,
        spec,
        facts: instance.facts,
        archive: rendered?.archive ?? Buffer.alloc(0),
        groupUpdate: manifestGroup.update,
        vmRequest: {
          deploymentId,
          instanceId: null,
          name: display,
          hostname: instance.id,
          groups: [deps.directorName, name, group.name, `${deps.directorName}-${name}-${group.name}`],
          stemcell: spec.stemcell,
          networks: spec.placement.networks,
          cloudProperties: instance.facts.cloudProperties as Record<string, unknown>,
          env: instance.facts.env as Record<string, unknown>,
        },
      });
    }
  }
  await executeDeploymentPlan(deps, plan, planned, task);
  return `/deployments/${name}`;
}

/** Every desired instance's spec input, by instance id. */
function instanceSpecsOf(
  prepared: PreparedDeployment,
  packages: ReadonlyMap<string, CompiledPackageRef>,
): Map<string, InstanceSpecInput> {
  const specs = new Map<string, InstanceSpecInput>();
  for (const group of prepared.manifest.instance_groups) {
    const jobs = group.jobs.map((j) => {
      const loaded = prepared.jobs.get(`${j.release}/${j.name}`)!;
      return { name: j.name, ...loaded.record };
    });
    const groupPackages = new Map<string, InstancePackageRef>();
    for (const j of group.jobs) {
      const loaded = prepared.jobs.get(`${j.release}/${j.name}`)!;
      for (const pkg of loaded.source.spec.packages) {
        const ref = packages.get(`${j.release}/${pkg}`);
        if (ref !== undefined) groupPackages.set(pkg, ref);
      }
    }
    const placement = prepared.placements.find((p) => p.group === group.name);
    for (const placed of placement?.instances ?? []) {
      const rendered = prepared.rendered.get(placed.id);
      specs.set(placed.id, {
        deployment: prepared.manifest.name,
        group,
        placement: placed,
        cloudConfig: prepared.cloudConfig,
        stemcell: prepared.artifacts.stemcells.get(group.stemcell)!,
        jobs,
        packages: groupPackages,
        configurationHash: rendered?.configurationHash ?? '',
        templateHashes: rendered?.templateHashes ?? {},
      });
    }
  }
  return specs;
}

/**
 * For `--dry-run`, which compiles nothing: a package keeps the compiled sha1 an instance
 * already runs for the same version, so only real package changes show in the plan.
 */
function plannedPackagesOf(prepared: PreparedDeployment): Map<string, CompiledPackageRef> {
  const applied = new Map<string, { version: string; sha1: string }>();
  for (const record of prepared.records) {
    const facts = record.appliedFacts as { packages?: Record<string, { version: string; sha1: string }> } | null;
    for (const [pkg, ref] of Object.entries(facts?.packages ?? {})) applied.set(`${pkg}@${ref.version}`, ref);
  }
  const refs = new Map<string, CompiledPackageRef>();
  for (const release of prepared.artifacts.releases.values()) {
    for (const pkg of release.packages) {
      const known = applied.get(`${pkg.name}@${pkg.version}`);
      refs.set(`${release.releaseName}/${pkg.name}`, {
        name: pkg.name,
        version: pkg.version,
        sha1: known?.sha1 ?? '(not compiled yet)',
        blobstoreId: '',
      });
    }
  }
  return refs;
}

/** Compiles every package the deployment's jobs use, per stemcell, on compilation VMs. */
async function compileAll(
  deps: DeployDependencies,
  prepared: PreparedDeployment,
  deploymentId: number,
  task: DeployTaskContext,
): Promise<Map<string, CompiledPackageRef>> {
  const compiled = new Map<string, CompiledPackageRef>();
  const { cloudConfig } = prepared;
  const compilation = cloudConfig.compilation;
  const takenIps = new Set(prepared.takenIps);
  const byStemcell = new Map<string, Map<string, Set<string>>>();
  for (const group of prepared.manifest.instance_groups) {
    const needed = byStemcell.get(group.stemcell) ?? new Map<string, Set<string>>();
    byStemcell.set(group.stemcell, needed);
    for (const job of group.jobs) {
      const names = needed.get(job.release) ?? new Set<string>();
      needed.set(job.release, names);
      for (const pkg of prepared.jobs.get(`${job.release}/${job.name}`)!.source.spec.packages) names.add(pkg);
    }
  }
  const workerVms = new Map<string, VmRecord>();
  for (const [alias, needed] of byStemcell) {
    const stemcell = prepared.artifacts.stemcells.get(alias)!;
    const releases = [...needed].map(([releaseName, names]) => {
      const release = prepared.artifacts.releases.get(releaseName)!;
      return { name: release.releaseName, version: release.version, packages: release.packages, needed: [...names] };
    });
    const result = await compilePackages({
      releases,
      stemcell: { os: stemcell.os, version: stemcell.version },
      store: deps.store.packages,
      workers: compilation.workers,
      reuseWorkers: compilation.reuse_compilation_vms,
      createWorker: async (signal) => {
        const id = randomUUID();
        const vm = await deps.vms.createVm({
          deploymentId,
          instanceId: null,
          name: `compilation-${id}`,
          hostname: `compilation-${id}`,
          groups: [deps.directorName, prepared.manifest.name, `compilation-${id}`],
          stemcell,
          networks: compilationNetworkSettings(cloudConfig, takenIps, id),
          cloudProperties: compilationCloudProperties(prepared),
          env: fromRubyValue(compilation.env) as Record<string, unknown>,
          signal,
        });
        workerVms.set(`compilation-${id}`, vm.record);
        return { name: `compilation-${id}`, agent: vm.agent };
      },
      deleteWorker: async (worker) => {
        const vm = workerVms.get(worker.name);
        workerVms.delete(worker.name);
        if (vm !== undefined) await deps.vms.deleteVm(vm);
      },
      events: task.events,
      signal: task.signal,
      debug: task.debug,
    });
    for (const [key, ref] of result) compiled.set(key, ref);
  }
  return compiled;
}

function compilationCloudProperties(prepared: PreparedDeployment): Record<string, unknown> {
  const compilation = prepared.cloudConfig.compilation;
  if (compilation.vm_type !== undefined) {
    return cloudPropertiesOf(compilation, compilation.az ?? null, prepared.cloudConfig);
  }
  return fromRubyValue(compilation.cloud_properties) as Record<string, unknown>;
}

/** VMs a killed Director left behind: compilation VMs and replacements never made active. */
async function deleteLeftoverVms(deps: DeployDependencies, deployment: string, task: DeployTaskContext): Promise<void> {
  const leftovers = deps.store.vms.listByDeployment(deployment).filter((vm) => vm.instanceId === null || !vm.isActive);
  if (leftovers.length === 0) return;
  const stage = task.events.beginStage('Deleting leftover VMs', leftovers.length);
  for (const vm of leftovers) {
    await stage.track(vm.cid, () => deps.vms.deleteVm(vm, task.signal));
  }
}

/** The plan in the event log, one step per instance that would change. */
function reportDryRun(plan: DeploymentPlan, task: DeployTaskContext): void {
  const lines: string[] = [];
  for (const p of plan.removedInstances) lines.push(`${instanceName(p)}: delete`);
  for (const group of plan.instanceGroups) {
    for (const p of group.deletes.instances) lines.push(`${instanceName(p)}: delete`);
    for (const p of group.instances) {
      if (p.update === 'none') continue;
      lines.push(`${instanceName(p)}: ${p.update}${p.changes.length > 0 ? ` (${p.changes.join(', ')})` : ''}`);
    }
  }
  const stage = task.events.beginStage('Dry run: planned changes (nothing was changed)', Math.max(lines.length, 1));
  if (lines.length === 0) lines.push('no changes');
  for (const line of lines) stage.start(line).finish();
}
