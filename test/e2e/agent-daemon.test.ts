// The whole agent over its RPC channel, as the Director drives it (reference §4.2, §7):
// apply → pre-start → start → running → crash and restart → drain → stop → post-stop,
// with real processes and scripts in a temporary /var/vcap.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgentDaemon, type AgentDaemon } from '../../src/agent/agent-daemon.js';
import { LocalBlobstore, type StoredBlob } from '../../src/agent/blobstore/index.js';
import { callAgent, callAgentTask, postEnvelope, type AgentEndpoint } from '../support/agent-rpc.js';

const credentials = { user: 'director', password: 'agent-secret' };

interface StateValue {
  job_state: string;
  processes: { name: string; state: string }[];
  problems?: string[];
  deployment?: string;
  agent_id: string;
}

function jobFiles(base: string, job: string, monit: string): Record<string, [string, number]> {
  const run = `${base}/sys/run/${job}`;
  const log = `${base}/sys/log/${job}`;
  return {
    [`${job}/monit`]: [monit, 0o644],
    [`${job}/bin/ctl`]: [
      `#!/bin/sh
case "$1" in
  start)
    mkdir -p ${run}
    # a daemon: the ctl script exits, its child keeps running and is watched by pidfile
    sh -c 'echo $$ > ${run}/${job}.pid; exec sleep 1000' >/dev/null 2>&1 &
    echo "started" ;;
  stop)
    kill $(cat ${run}/${job}.pid) ;;
esac
`,
      0o755,
    ],
    [`${job}/bin/pre-start`]: [`#!/bin/sh\necho "pre-start of ${job} args=[$*]"\n`, 0o755],
    [`${job}/bin/post-stop`]: [`#!/bin/sh\necho "post-stop of ${job}"\n`, 0o755],
    [`${job}/bin/drain`]: [`#!/bin/sh\necho "$@" >> ${log}/drain-args\necho 0\n`, 0o755],
  };
}

function monitFor(base: string, job: string): string {
  return `check process ${job}
  with pidfile ${base}/sys/run/${job}/${job}.pid
  start program "/bin/sh ${base}/jobs/${job}/bin/ctl start"
  stop program "/bin/sh ${base}/jobs/${job}/bin/ctl stop"
  group vcap
`;
}

describe('bosun agent over RPC (real processes)', () => {
  let dir: string;
  let base: string;
  let blobstore: LocalBlobstore;
  let daemon: AgentDaemon;
  let endpoint: AgentEndpoint;

  async function storeArchive(files: Record<string, [string, number]>): Promise<StoredBlob> {
    const staging = await mkdtemp(join(dir, 'staging-'));
    for (const [path, [content, mode]] of Object.entries(files)) {
      await mkdir(join(staging, path, '..'), { recursive: true });
      await writeFile(join(staging, path), content);
      await chmod(join(staging, path), mode);
    }
    await tar.c({ gzip: true, file: `${staging}.tgz`, cwd: staging }, ['.']);
    return blobstore.put(`${staging}.tgz`);
  }

  function applySpec(archive: StoredBlob, jobs: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      deployment: 'shop',
      name: 'web-ig',
      index: 0,
      id: '6a1d2c3e-0000-4000-8000-000000000001',
      az: 'z1',
      job: { name: 'web-ig', templates: jobs.map((name) => ({ name, version: `${name}-v1`, sha1: `${name}-sha`, blobstore_id: 'unused' })) },
      packages: {},
      networks: { default: { ip: '10.0.0.10' } },
      configuration_hash: archive.sha1,
      persistent_disk: 0,
      rendered_templates_archive: { blobstore_id: archive.blobstoreId, sha1: archive.sha1 },
      ...extra,
    };
  }

  async function state(): Promise<StateValue> {
    const reply = (await callAgent(endpoint, 'get_state')) as { value: StateValue };
    return reply.value;
  }

  async function waitForState(wanted: string, timeoutMs = 10_000): Promise<StateValue> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await state();
      if (current.job_state === wanted || Date.now() > deadline) return current;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const pidOf = async (job: string): Promise<number> => Number((await readFile(`${base}/sys/run/${job}/${job}.pid`, 'utf8')).trim());
  const isAlive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bosun-agent-'));
    base = join(dir, 'vcap');
    await mkdir(join(dir, 'blobs'));
    blobstore = new LocalBlobstore({ blobstorePath: join(dir, 'blobs') });
    daemon = await startAgentDaemon(
      {
        agent_id: 'agent-1',
        listen: '127.0.0.1:0',
        credentials,
        base_dir: base,
        blobstore: { provider: 'local', options: { blobstore_path: join(dir, 'blobs') } },
        vm_name: 'vm-1',
      },
      { env: { HOME: '/root', SECRET_OF_DIRECTOR: 'x' } },
    );
    endpoint = { address: daemon.address, ...credentials };
  });

  afterAll(async () => {
    await callAgentTask(endpoint, 'stop').catch(() => undefined);
    await daemon.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a request without credentials with 401 (issue 3 §1)', async () => {
    const reply = await postEnvelope(endpoint, { protocol: 3, method: 'stop', arguments: [], reply_to: 'x' }, null);
    expect(reply.status).toBe(401);
  });

  it('names the field of a malformed apply spec and changes nothing', async () => {
    const reply = (await callAgentTask(endpoint, 'apply', [{ configuration_hash: 'x', job: { templates: [{ name: 7 }] } }])) as {
      exception: { message: string };
    };
    expect(reply.exception.message).toMatch(/^Action Failed get_task: Task [0-9a-f-]+ result: .*job\.templates\[0\]\.name: /);
    expect((await state()).deployment).toBeUndefined();
  });

  it('runs a deploy: apply, pre-start, start, running, crash restart, drain, stop, post-stop (§4.2)', async () => {
    const archive = await storeArchive({ ...jobFiles(base, 'web', monitFor(base, 'web')), ...jobFiles(base, 'worker', monitFor(base, 'worker')) });
    const spec = applySpec(archive, ['web', 'worker']);
    expect(await callAgentTask(endpoint, 'apply', [spec])).toEqual({ value: 'applied' });
    expect(JSON.parse(await readFile(`${base}/bosh/spec.json`, 'utf8'))).toMatchObject({ deployment: 'shop' });
    expect((await state()).processes).toEqual([]);

    expect(await callAgentTask(endpoint, 'run_script', ['pre-start', {}])).toEqual({ value: {} });
    expect(await readFile(`${base}/sys/log/web/pre-start.stdout.log`, 'utf8')).toBe('pre-start of web args=[]\n');

    expect(await callAgent(endpoint, 'start')).toEqual({ value: 'started' });
    const running = await waitForState('running');
    expect(running.job_state).toBe('running');
    // monitrc files are written in reverse job order (0000_worker, 0001_web, §3.2)
    expect(running.processes.map((p) => [p.name, p.state])).toEqual([
      ['worker', 'running'],
      ['web', 'running'],
    ]);
    expect(running).toMatchObject({ agent_id: 'agent-1', vm: { name: 'vm-1' }, deployment: 'shop' });
    // written right after start, with the state at that moment (§2.10)
    expect(JSON.parse(await readFile(`${base}/instance/health.json`, 'utf8'))).toEqual({ state: expect.stringMatching(/^(starting|running)$/) as unknown });

    const firstPid = await pidOf('web');
    process.kill(firstPid, 'SIGKILL');
    let restartedPid = firstPid;
    for (let i = 0; i < 50 && (restartedPid === firstPid || !isAlive(restartedPid)); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      restartedPid = await pidOf('web').catch(() => firstPid);
    }
    expect(restartedPid).not.toBe(firstPid);
    expect(isAlive(restartedPid)).toBe(true);
    expect((await waitForState('running')).job_state).toBe('running');

    const next = applySpec(archive, ['web', 'worker'], { configuration_hash: 'next-hash' });
    expect(await callAgentTask(endpoint, 'drain', ['update', next])).toEqual({ value: 0 });
    expect(await readFile(`${base}/sys/log/web/drain-args`, 'utf8')).toBe('job_changed hash_changed\n');
    // drain unmonitors: a process that dies now is not restarted
    const workerPid = await pidOf('worker');
    process.kill(workerPid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await pidOf('worker')).toBe(workerPid);

    expect(await callAgentTask(endpoint, 'stop')).toEqual({ value: 'stopped' });
    expect((await state()).job_state).toBe('stopped');
    expect(isAlive(restartedPid)).toBe(false);
    expect(JSON.parse(await readFile(`${base}/instance/health.json`, 'utf8'))).toEqual({ state: 'stopped' });

    expect(await callAgentTask(endpoint, 'run_script', ['post-stop', {}])).toEqual({ value: {} });
    expect(await readFile(`${base}/sys/log/worker/post-stop.stdout.log`, 'utf8')).toBe('post-stop of worker\n');
  });

  it('reports a job whose monit file does not parse as failing, and keeps answering (issue 3 §7)', async () => {
    const archive = await storeArchive({
      ...jobFiles(base, 'web', monitFor(base, 'web')),
      ...jobFiles(base, 'broken', 'check process broken\n  with pidfile\n'),
    });
    expect(await callAgentTask(endpoint, 'apply', [applySpec(archive, ['web', 'broken'], { configuration_hash: 'v2' })])).toEqual({ value: 'applied' });
    await callAgent(endpoint, 'start');
    const current = await waitForState('failing', 3000);
    expect(current.job_state).toBe('failing');
    expect(current.problems).toEqual([expect.stringMatching(/^job '?broken'?: invalid monit file at line 2: /) as unknown]);
    expect(await callAgent(endpoint, 'ping')).toEqual({ value: 'pong' });
    expect(await callAgentTask(endpoint, 'stop')).toEqual({ value: 'stopped' });
  });

  it('says which hook failed and why (§4.3)', async () => {
    const archive = await storeArchive({
      ...jobFiles(base, 'web', monitFor(base, 'web')),
      'bad/monit': ['', 0o644],
      'bad/bin/post-start': ['#!/bin/sh\necho "cannot reach db" >&2\nexit 3\n', 0o755],
    });
    await callAgentTask(endpoint, 'apply', [applySpec(archive, ['web', 'bad'], { configuration_hash: 'v3' })]);
    const reply = (await callAgentTask(endpoint, 'run_script', ['post-start', {}])) as {
      exception: { message: string; details: { failures: { job: string; exitCode: number; stderrTail: string }[] } };
    };
    expect(reply.exception.message).toMatch(/^Action Failed get_task: Task [0-9a-f-]+ result: 1 of 1 post-start scripts failed\. Failed Jobs: bad\.$/);
    expect(reply.exception.details.failures).toEqual([expect.objectContaining({ job: 'bad', exitCode: 3, stderrTail: 'cannot reach db\n' })]);
  });
});
