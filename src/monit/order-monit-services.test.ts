import { describe, expect, it } from 'vitest';
import type { MonitJobFile } from './order-monit-services.js';
import { orderMonitServices, processesInGroup, servicesInGroup } from './order-monit-services.js';
import { parseMonitFile } from './parse-monit-file.js';

/** A job whose monit file has one process per `name[:dep,dep]` spec, one stanza per line. */
function job(jobName: string, ...specs: readonly string[]): MonitJobFile {
  const text = specs
    .map((spec) => {
      const [name, deps] = spec.split(':');
      return `check process ${name} with pidfile /var/vcap/sys/run/${name}.pid${deps ? ` depends on ${deps}` : ''}`;
    })
    .join('\n');
  return { jobName, file: parseMonitFile(text, { jobName }) };
}

function order(jobs: readonly MonitJobFile[]): string[] {
  return orderMonitServices(jobs).map((ref) => `${ref.jobName}/${ref.service.name}`);
}

describe('orderMonitServices (reference §3.1, §3.2): all jobs of an instance, as monit loads them', () => {
  it.each([
    ['no jobs', [], []],
    ['jobs without services', [job('empty')], []],
    [
      "the director's dependencies on other jobs",
      [
        job('postgres', 'postgres'),
        job('nats', 'nats'),
        job('director', 'director:postgres,nats', 'worker_1:director'),
      ],
      ['postgres/postgres', 'nats/nats', 'director/director', 'director/worker_1'],
    ],
    [
      'dependents read before what they depend on',
      [job('director', 'worker_1:director', 'director:postgres'), job('postgres', 'postgres')],
      ['postgres/postgres', 'director/director', 'director/worker_1'],
    ],
    [
      'names that differ in case only (monit ignores case)',
      [job('a', 'Web'), job('b', 'nginx:web')],
      ['a/Web', 'b/nginx'],
    ],
  ])('orders %s', (_name, jobs, expected) => {
    expect(order(jobs)).toEqual(expected);
  });

  it.each([
    [
      'a dependency no job defines',
      [job('director', 'director', 'worker_1:director,redis')],
      "job 'director': invalid monit file at line 2: service 'worker_1' depends on 'redis', which no job's monit file defines",
    ],
    [
      'a service name defined by two jobs',
      [job('a', 'x', 'web'), job('b', 'WEB')],
      "job 'b': invalid monit file at line 1: service name conflict, 'WEB' is already defined in job 'a'",
    ],
    [
      'a dependency loop across jobs',
      [job('a', 'x:y'), job('b', 'y:x')],
      "job 'a': invalid monit file at line 1: found a depend loop involving the service 'x'",
    ],
  ])('rejects %s', (_name, jobs, message) => {
    expect(() => orderMonitServices(jobs)).toThrow(message);
  });
});

describe('processesInGroup / servicesInGroup (reference §3.1: the agent manages group vcap)', () => {
  const file = parseMonitFile(
    `check process web with pidfile /a group vcap
check process sidecar with pidfile /b group other
check process Metrics with pidfile /c group VCAP group metrics
check file conf with path /var/vcap/jobs/web/config/web.yml group vcap`,
    { jobName: 'web' },
  );

  it('returns the processes of a group, comparing group names without case', () => {
    expect(processesInGroup(file, 'vcap').map((p) => p.name)).toEqual(['web', 'Metrics']);
    expect(processesInGroup(file, 'none')).toEqual([]);
  });

  it('returns every service type of a group', () => {
    expect(servicesInGroup(file, 'vcap').map((s) => `${s.type} ${s.name}`)).toEqual([
      'process web',
      'process Metrics',
      'file conf',
    ]);
  });
});
