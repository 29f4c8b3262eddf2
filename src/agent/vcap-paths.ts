import { join } from 'node:path';

/**
 * Where things live on a VM (reference §2.10, §3.2, §8), under a base directory that is
 * `/var/vcap` on a real VM and a temporary directory in tests.
 */
export interface VcapPaths {
  readonly base: string;
  /** `<base>/jobs`: one symlink per enabled job. */
  readonly jobsDir: string;
  /** `<base>/data/jobs`: installed job versions, `<job>/<hash>`. */
  readonly dataJobsDir: string;
  /** `<base>/packages`: one symlink per enabled package. */
  readonly packagesDir: string;
  /** `<base>/data/packages`: installed package versions, `<pkg>/<hash>`. */
  readonly dataPackagesDir: string;
  /** `<base>/data`. */
  readonly dataDir: string;
  /** `<base>/data/sys`; `<base>/sys` is a symlink to it. */
  readonly dataSysDir: string;
  /** `<base>/sys`. */
  readonly sysDir: string;
  /** `<base>/sys/log`. */
  readonly sysLogDir: string;
  /** `<base>/sys/run`. */
  readonly sysRunDir: string;
  /** `<base>/store`: the persistent disk's mount point. */
  readonly storeDir: string;
  /** `<base>/monit`. */
  readonly monitDir: string;
  /** `<base>/monit/job`: the job monitrc files written on start. */
  readonly monitJobDir: string;
  /** `<base>/monit/stopped`: present while the jobs are stopped by the agent. */
  readonly stoppedFile: string;
  /** `<base>/monit/monit.log`: the supervisor's log. */
  readonly monitLog: string;
  /** `<base>/instance`: id, az, name, deployment and health.json. */
  readonly instanceDir: string;
  /** `<base>/bosh`. */
  readonly boshDir: string;
  /** `<base>/bosh/spec.json`: the persisted apply spec. */
  readonly specFile: string;
  /** `<base>/bosh/log`: the agent's own log directory. */
  readonly agentLogDir: string;
  /** `<base>/data/tmp`: scratch space (downloads, compilation). */
  readonly tmpDir: string;
  /** `<base>/data/compile`: package compilation directories. */
  readonly compileDir: string;
  jobDir(job: string): string;
  jobLogDir(job: string): string;
  jobRunDir(job: string): string;
  jobDataDir(job: string): string;
}

export function vcapPaths(base: string): VcapPaths {
  const dataDir = join(base, 'data');
  const sysDir = join(base, 'sys');
  const monitDir = join(base, 'monit');
  const boshDir = join(base, 'bosh');
  return {
    base,
    jobsDir: join(base, 'jobs'),
    dataJobsDir: join(dataDir, 'jobs'),
    packagesDir: join(base, 'packages'),
    dataPackagesDir: join(dataDir, 'packages'),
    dataDir,
    dataSysDir: join(dataDir, 'sys'),
    sysDir,
    sysLogDir: join(sysDir, 'log'),
    sysRunDir: join(sysDir, 'run'),
    storeDir: join(base, 'store'),
    monitDir,
    monitJobDir: join(monitDir, 'job'),
    stoppedFile: join(monitDir, 'stopped'),
    monitLog: join(monitDir, 'monit.log'),
    instanceDir: join(base, 'instance'),
    boshDir,
    specFile: join(boshDir, 'spec.json'),
    agentLogDir: join(boshDir, 'log'),
    tmpDir: join(dataDir, 'tmp'),
    compileDir: join(dataDir, 'compile'),
    jobDir: (job) => join(base, 'jobs', job),
    jobLogDir: (job) => join(sysDir, 'log', job),
    jobRunDir: (job) => join(sysDir, 'run', job),
    jobDataDir: (job) => join(dataDir, job),
  };
}
