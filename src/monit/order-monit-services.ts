import type { MonitFile, MonitProcess, MonitService } from './model.js';
import { MonitSyntaxError } from './monit-syntax-error.js';
import { sortByDependencies } from './sort-by-dependencies.js';

/** One job's parsed `monit` file. */
export interface MonitJobFile {
  readonly jobName: string;
  readonly file: MonitFile;
}

/** A service and the job whose `monit` file declares it. */
export interface MonitServiceRef {
  readonly jobName: string;
  readonly service: MonitService;
}

/**
 * Checks the monit files of all the jobs of one instance together, as monit does when it loads
 * them into one configuration (reference §3.2), and returns every service in monit's dependency
 * order (a service after the services it depends on; otherwise in reading order).
 *
 * `jobs` must be in the order monit reads them: the agent's `/var/vcap/monit/job/*.monitrc`
 * order, that is the apply spec's jobs reversed. Throws `MonitSyntaxError` for a service name
 * defined twice (names compare case-insensitively), a `depends on` naming a service no job
 * defines, or a dependency loop. Pure.
 */
export function orderMonitServices(jobs: readonly MonitJobFile[]): readonly MonitServiceRef[] {
  const refs = jobs.flatMap((job) => job.file.services.map((service) => ({ jobName: job.jobName, service })));
  const byName = new Map<string, MonitServiceRef>();
  for (const ref of refs) {
    const first = byName.get(ref.service.name.toLowerCase());
    if (first !== undefined) {
      const where =
        first.jobName === ref.jobName ? `at line ${first.service.line}` : `in job '${first.jobName}'`;
      fail(ref, `service name conflict, '${ref.service.name}' is already defined ${where}`);
    }
    byName.set(ref.service.name.toLowerCase(), ref);
  }
  for (const ref of refs) {
    const unknown = ref.service.dependsOn.find((name) => !byName.has(name.toLowerCase()));
    if (unknown !== undefined) {
      fail(ref, `service '${ref.service.name}' depends on '${unknown}', which no job's monit file defines`);
    }
  }
  const nodes = refs.map((ref) => ({ name: ref.service.name, dependsOn: ref.service.dependsOn, ref }));
  const result = sortByDependencies(nodes);
  if ('loopAt' in result)
    fail(result.loopAt.ref, `found a depend loop involving the service '${result.loopAt.name}'`);
  return result.order.map((node) => node.ref);
}

function fail(ref: MonitServiceRef, detail: string): never {
  throw new MonitSyntaxError(ref.jobName, ref.service.line, detail);
}

/**
 * The services of `file` in monit service group `group` (monit compares group names
 * case-insensitively). The agent manages only group `vcap` (reference §3.1).
 */
export function servicesInGroup(file: MonitFile, group: string): readonly MonitService[] {
  return file.services.filter((service) => isInGroup(service, group));
}

/** The `check process` stanzas of `file` in monit service group `group`, e.g. `vcap`. */
export function processesInGroup(file: MonitFile, group: string): readonly MonitProcess[] {
  return file.processes.filter((process) => isInGroup(process, group));
}

function isInGroup(service: MonitService, group: string): boolean {
  return service.groups.some((g) => g.toLowerCase() === group.toLowerCase());
}
