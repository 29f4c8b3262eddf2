/**
 * What the deploy benchmark deploys: the Director config and cloud config (its own bridge and
 * subnet), a copy of the example release whose hook scripts also record when they ran, and a
 * trivial release (one job, a shell loop under monit, no-op hooks, no packages).
 */
import { spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BOSUN_BIN } from './deploy-director.js';

const ROOT = new URL('..', import.meta.url).pathname;
export const EXAMPLE_MANIFEST = join(ROOT, 'examples/deployment/manifest.yml');
export const EXAMPLE_DEPLOYMENT = 'bosun-example';
export const TRIVIAL_DEPLOYMENT = 'bench-trivial';
const HOOKS = ['pre-start', 'post-start', 'post-deploy', 'drain', 'pre-stop', 'post-stop'];

/** The bench's own network: no clash with the default cloud config (10.245.0.0/20, bosun0). */
export const BENCH_NETWORK = { bridge: 'bosunbench', range: '10.247.0.0/20', prefix: '10.247.0' };

/** As examples/director.yml, with a port of its own, a known user and the bench's bridge. */
export function directorConfigYaml(password: string): string {
  return `name: bosun-bench
port: 0
bind: 127.0.0.1
director: {enable_post_deploy: true, max_threads: 4}
user_management: {local: {users: [{name: admin, password: ${password}}]}}
cpi: {type: local, local: {bridge: ${BENCH_NETWORK.bridge}}}
`;
}

/** The default local cloud config (AZs z1-z3, network and vm_type `default`) on the bench's subnet. */
export function cloudConfigYaml(): string {
  const p = BENCH_NETWORK.prefix;
  return `azs: [{name: z1}, {name: z2}, {name: z3}]
networks:
- name: default
  type: manual
  subnets:
  - range: ${BENCH_NETWORK.range}
    gateway: ${p}.1
    reserved: [${p}.2 - ${p}.9]
    static: [${p}.10 - ${p}.99]
    azs: [z1, z2, z3]
    cloud_properties: {}
vm_types: [{name: default, cloud_properties: {}}]
disk_types: [{name: default, disk_size: 1024, cloud_properties: {}}]
compilation: {workers: 2, az: z1, vm_type: default, network: default, reuse_compilation_vms: true}
`;
}

/** `bosun create-release --dir DIR --force --tarball FILE`; returns FILE. */
function createRelease(dir: string, tarball: string): string {
  const r = spawnSync(
    process.execPath,
    [BOSUN_BIN, 'create-release', '--dir', dir, '--force', '--tarball', tarball],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`create-release ${dir} failed:\n${r.stdout}${r.stderr}`);
  return tarball;
}

/** A line that makes a shell hook append `hook <job> <instance> <hook> <begin ns> <end ns>` when it exits. */
function timingLine(job: string, hook: string, timingFile: string): string {
  return (
    `__bench_t0=$(date +%s%N); trap 'echo "hook ${job} <%= spec.name %>/<%= spec.index %> ${hook} ` +
    `$__bench_t0 $(date +%s%N)" >> ${timingFile}' EXIT`
  );
}

/**
 * A copy of examples/release whose hook scripts also append their begin and end times to
 * `timingFile` (one line after the shebang; nothing else changes), as a dev release tarball.
 */
export async function exampleReleaseTarball(workDir: string, timingFile: string): Promise<string> {
  const dir = join(workDir, 'example-release');
  await cp(join(ROOT, 'examples/release'), dir, {
    recursive: true,
    filter: (src) => !/\/(dev_releases|\.dev_builds|\.final_builds)(\/|$)/.test(src),
  });
  const jobsDir = join(dir, 'jobs');
  for (const job of ['web', 'ticker']) {
    const spec = parse(await readFile(join(jobsDir, job, 'spec'), 'utf8')) as {
      templates: Record<string, string>;
    };
    for (const [src, dest] of Object.entries(spec.templates)) {
      const hook = /^bin\/(.+)$/.exec(dest)?.[1];
      if (hook === undefined || !HOOKS.includes(hook)) continue;
      const file = join(jobsDir, job, 'templates', src);
      const [shebang, ...rest] = (await readFile(file, 'utf8')).split('\n');
      await writeFile(file, [shebang, timingLine(job, hook, timingFile), ...rest].join('\n'));
    }
  }
  return createRelease(dir, join(workDir, 'example-release.tgz'));
}

const TRIVIAL_HOOK = (hook: string): string => `#!/bin/sh
# A no-op hook: it only records when it ran.
begin=$(date +%s%N)
echo "hook sleeper <%= spec.name %>/<%= spec.index %> ${hook} $begin $(date +%s%N)" >> <%= p('timing_file') %>
`;

/** Job `sleeper` of release `bench-trivial`: a shell loop under monit, no-op hooks, no packages. */
export async function trivialReleaseTarball(workDir: string): Promise<string> {
  const dir = join(workDir, 'trivial-release');
  const job = join(dir, 'jobs/sleeper');
  await mkdir(join(job, 'templates'), { recursive: true });
  await mkdir(join(dir, 'config'), { recursive: true });
  await writeFile(join(dir, 'config/final.yml'), `---\nname: ${TRIVIAL_DEPLOYMENT}\n`);
  const hooks = ['pre-start', 'post-start', 'post-deploy'];
  await writeFile(
    join(job, 'spec'),
    `---
name: sleeper
templates:
  ctl.erb: bin/ctl
${hooks.map((h) => `  ${h}.erb: bin/${h}\n`).join('')}packages: []
properties:
  timing_file:
    description: Host file the hooks append their begin and end times to
`,
  );
  await writeFile(
    join(job, 'monit'),
    `check process sleeper
  with pidfile /var/vcap/sys/run/sleeper/sleeper.pid
  start program "/var/vcap/jobs/sleeper/bin/ctl start"
  stop program "/var/vcap/jobs/sleeper/bin/ctl stop"
  group vcap
`,
  );
  await writeFile(
    join(job, 'templates/ctl.erb'),
    `#!/bin/sh
PIDFILE=/var/vcap/sys/run/sleeper/sleeper.pid
case "$1" in
  start)
    mkdir -p /var/vcap/sys/run/sleeper
    /bin/sh -c 'while :; do sleep 1; done' > /dev/null 2>&1 &
    echo $! > "$PIDFILE" ;;
  stop) kill "$(cat "$PIDFILE")" ;;
esac
`,
  );
  for (const hook of hooks) await writeFile(join(job, `templates/${hook}.erb`), TRIVIAL_HOOK(hook));
  await chmod(join(job, 'templates/ctl.erb'), 0o755);
  return createRelease(dir, join(workDir, 'trivial-release.tgz'));
}

/** Watch times of the trivial deployment: the first `get_state` 100 ms after `start`. */
export const TRIVIAL_WATCH_TIME = '100-5000';

/**
 * N instances of `sleeper`, `canaries: 1`, `max_in_flight: 10`, all in z1: the Director
 * updates AZ by AZ (as BOSH does), so over three AZs at most a third would be in flight.
 */
export function trivialManifest(instances: number, timingFile: string): string {
  return `name: ${TRIVIAL_DEPLOYMENT}
releases: [{name: ${TRIVIAL_DEPLOYMENT}, version: latest}]
stemcells: [{alias: default, os: ubuntu-jammy, version: latest}]
update:
  canaries: 1
  max_in_flight: 10
  canary_watch_time: ${TRIVIAL_WATCH_TIME}
  update_watch_time: ${TRIVIAL_WATCH_TIME}
instance_groups:
- name: sleeper
  instances: ${instances}
  azs: [z1]
  vm_type: default
  stemcell: default
  networks: [{name: default}]
  jobs:
  - name: sleeper
    release: ${TRIVIAL_DEPLOYMENT}
    properties: {timing_file: ${timingFile}}
`;
}
