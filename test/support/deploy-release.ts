// A BOSH release for the deploy e2e tests, written into a temporary directory. Its hooks and
// processes append one timestamped line per event to a host file named by the job property
// `events_file` (sandboxes share the host's filesystem except /var/vcap), so a test can
// read the order in which the Director drove every instance.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The release's name in `config/final.yml`. */
export const RELEASE_NAME = 'deploy-e2e';

/**
 * An event line is `<unix ns> <job> <index> <instance id> <what> <phase> [detail...]`, where
 * `what` is a hook (`pre-start`, `post-start`, `post-deploy`) with phase `begin`/`end`, or
 * `process` with phase `start` (the monit process's first action).
 */
const EVENT = (what: string, phase: string, job = 'hooked'): string =>
  `echo "$(date +%s%N) ${job} <%= spec.index %> <%= spec.id %> ${what} ${phase}" >> '<%= p("events_file") %>'`;

/** A hook that logs its begin, sleeps the property `sleep.<hook>` seconds, and logs its end. */
function hookTemplate(hook: 'pre_start' | 'post_start', label: string): string {
  return `#!/bin/bash
set -eu
${EVENT(label, 'begin')}
sleep <%= p("sleep.${hook}") %>
${EVENT(label, 'end')}
`;
}

const POST_DEPLOY = `#!/bin/bash
set -eu
${EVENT('post-deploy', 'begin')}
echo "post-deploy of generation <%= p("generation") %> on <%= name %>/<%= spec.index %>"
sleep <%= p("sleep.post_deploy") %>
<% if p("post_deploy_fails") -%>
echo "post-deploy of <%= name %>/<%= spec.index %> fails on purpose" >&2
exit 1
<% end -%>
${EVENT('post-deploy', 'end')}
`;

/** `ctl start|stop` of a process that the monit file supervises by its pidfile. */
const ctlTemplate = (job: string, command: string): string => `#!/bin/bash
# generation <%= p("generation") %>
set -eu
RUN_DIR=/var/vcap/sys/run/${job}
LOG_DIR=/var/vcap/sys/log/${job}
case "$1" in
  start)
    mkdir -p "$RUN_DIR" "$LOG_DIR"
    nohup ${command} >> "$LOG_DIR/${job}.stdout.log" 2>> "$LOG_DIR/${job}.stderr.log" &
    echo $! > "$RUN_DIR/${job}.pid"
    ;;
  stop)
    if [ -f "$RUN_DIR/${job}.pid" ]; then
      kill "$(cat "$RUN_DIR/${job}.pid")" 2> /dev/null || true
      rm -f "$RUN_DIR/${job}.pid"
    fi
    ;;
esac
`;

const monitOf = (job: string): string => `check process ${job}
  with pidfile /var/vcap/sys/run/${job}/${job}.pid
  start program "/var/vcap/jobs/${job}/bin/ctl start"
  stop program "/var/vcap/jobs/${job}/bin/ctl stop"
  group vcap
`;

const HOOKED_SPEC = `---
name: hooked
templates:
  ctl.erb: bin/ctl
  run.erb: bin/run
  pre-start.erb: bin/pre-start
  post-start.erb: bin/post-start
  post-deploy.erb: bin/post-deploy
packages: []
properties:
  events_file:
    description: Host file every hook and process appends its timestamped events to
  generation:
    description: Changed by a test to make a deploy update the instance
    default: 1
  sleep.pre_start:
    default: 0
  sleep.post_start:
    default: 0
  sleep.post_deploy:
    default: 0
  post_deploy_fails:
    description: post-deploy writes a line to stderr and exits 1
    default: false
`;

/** The monit process: logs its start, then waits to be stopped. */
const HOOKED_RUN = `#!/bin/bash
${EVENT('process', 'start')}
exec sleep infinity
`;

const COMPILED_SPEC = `---
name: compiled
templates:
  ctl.erb: bin/ctl
packages:
- hello
properties:
  events_file:
    description: Host file the process appends its start to
  generation:
    default: 1
`;

/** Built from source by the packaging script; the monit process of job `compiled`. */
const HELLO_C = `#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 4) return 2;
  FILE *events = fopen(argv[1], "a");
  if (events == NULL) return 1;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  fprintf(events, "%lld%09ld compiled %s %s process start hello-" HELLO_VERSION " built-by-cc-%d\\n",
          (long long)now.tv_sec, now.tv_nsec, argv[2], argv[3], __GNUC__);
  fclose(events);
  for (;;) pause();
}
`;

const HELLO_SPEC = `---
name: hello
dependencies: []
files:
- hello/*.c
`;

const HELLO_PACKAGING = `set -e
mkdir -p "\${BOSH_INSTALL_TARGET}/bin"
cc -O2 -Wall -DHELLO_VERSION='"42"' -o "\${BOSH_INSTALL_TARGET}/bin/hello" hello/hello.c
`;

/**
 * Writes the release source tree into `dir`: job `hooked` (every start hook and post-deploy,
 * with sleeps and a failing post-deploy chosen by properties; no packages) and job
 * `compiled`, whose process is the binary of package `hello`, compiled from C by its
 * packaging script.
 */
export async function writeDeployRelease(dir: string): Promise<void> {
  const files: Record<string, string> = {
    'config/final.yml': `---\nname: ${RELEASE_NAME}\n`,
    'jobs/hooked/spec': HOOKED_SPEC,
    'jobs/hooked/monit': monitOf('hooked'),
    'jobs/hooked/templates/ctl.erb': ctlTemplate('hooked', '/var/vcap/jobs/hooked/bin/run'),
    'jobs/hooked/templates/run.erb': HOOKED_RUN,
    'jobs/hooked/templates/pre-start.erb': hookTemplate('pre_start', 'pre-start'),
    'jobs/hooked/templates/post-start.erb': hookTemplate('post_start', 'post-start'),
    'jobs/hooked/templates/post-deploy.erb': POST_DEPLOY,
    'jobs/compiled/spec': COMPILED_SPEC,
    'jobs/compiled/monit': monitOf('compiled'),
    'jobs/compiled/templates/ctl.erb': ctlTemplate(
      'compiled',
      `/var/vcap/packages/hello/bin/hello '<%= p("events_file") %>' <%= spec.index %> <%= spec.id %>`,
    ),
    'packages/hello/spec': HELLO_SPEC,
    'packages/hello/packaging': HELLO_PACKAGING,
    'src/hello/hello.c': HELLO_C,
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
}

/** One line of the events file. */
export interface DeployEvent {
  /** Microseconds since the epoch (`date +%s%N` / 1000). */
  readonly atUs: number;
  readonly job: string;
  readonly index: number;
  readonly instanceId: string;
  /** `pre-start`, `post-start`, `post-deploy` or `process`. */
  readonly what: string;
  /** `begin`/`end` for hooks, `start` for a process. */
  readonly phase: string;
  readonly detail: string;
}

/** Reads the events file; a missing file has no events. */
export async function readDeployEvents(file: string): Promise<DeployEvent[]> {
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  });
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [ns, job, index, instanceId, what, phase, ...detail] = line.split(' ');
      if (ns === undefined || !/^\d{19}$/.test(ns) || phase === undefined) {
        throw new Error(`unexpected event line in ${file}: ${line}`);
      }
      return {
        atUs: Number(BigInt(ns) / 1000n),
        job: job!,
        index: Number(index),
        instanceId: instanceId!,
        what: what!,
        phase,
        detail: detail.join(' '),
      };
    });
}

/** The time of the only event matching; throws when there is not exactly one. */
export function timeOf(events: readonly DeployEvent[], match: Partial<DeployEvent>): number {
  const found = events.filter((e) =>
    Object.entries(match).every(([k, v]) => e[k as keyof DeployEvent] === v),
  );
  if (found.length !== 1) {
    throw new Error(`expected one event ${JSON.stringify(match)}, found ${found.length}`);
  }
  return found[0]!.atUs;
}
