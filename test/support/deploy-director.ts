// A Director with the local CPI on a bridge and subnet of its own, with the deploy e2e
// release, a stemcell and a cloud config uploaded, driven through the CLI (in this process)
// and the API. Each test file takes its own slot so that files can run in parallel.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tar from 'tar';
import { captureIo } from './capture-io.js';
import { main } from '../../src/cli/main.js';
import { readDirectorConfig, resolveDirectorConfig } from '../../src/director/director-config.js';
import { startDirectorDaemon, type DirectorDaemon } from '../../src/director/director-daemon.js';
import { removeLeftVms } from './deploy-host.js';
import { spawnDirector, type RunningDirector, type SpawnedDirector } from './deploy-spawned-director.js';
import { RELEASE_NAME, writeDeployRelease } from './deploy-release.js';

const BOSUN_BIN = join(resolve(import.meta.dirname, '..', '..'), 'bin', 'bosun.js');
const USER = { name: 'admin', password: 'deploy-e2e-secret' };
const AUTHORIZATION = `Basic ${Buffer.from(`${USER.name}:${USER.password}`).toString('base64')}`;
const STEMCELL = { os: 'ubuntu-jammy', version: '1' };

/** Per test: a few deploys of a few local VMs, with room for a loaded machine running files in parallel. */
export const DEPLOY_TEST_TIMEOUT_MS = 120_000;

export interface DeployBedOptions {
  /** Names the temporary directory. */
  readonly label: string;
  /** Takes bridge `bosune2e<slot>` and addresses 10.246.<slot>.0/24. */
  readonly slot: number;
  readonly enablePostDeploy: boolean;
  /** `external`: the Director runs `bosun cpi local --config FILE` as an external CPI. */
  readonly cpi?: 'local' | 'external';
  /** `spawned`: `node bin/bosun.js director` in a child process, which a test may kill. */
  readonly director?: 'in-process' | 'spawned';
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** One line of a task's event log (BOSH's event_log.rb format). */
export interface TaskEventLine {
  readonly time: number;
  readonly stage?: string;
  readonly task?: string;
  readonly state?: string;
  readonly type?: string;
  readonly message?: string;
  readonly data?: { readonly error?: string };
  readonly error?: { readonly code: number; readonly message: string };
}

export interface TaskView {
  readonly id: number;
  readonly state: string;
  readonly result: string | null;
  readonly deployment: string | null;
}

/** One job of an instance group, with its properties (`events_file` is filled in). */
export interface GroupSpec {
  readonly name: string;
  readonly instances: number;
  readonly azs?: readonly string[];
  readonly jobs: Readonly<Record<string, Record<string, unknown>>>;
}

export class DeployBed {
  readonly bridge: string;
  readonly subnet: string;
  readonly cpiDir: string;
  readonly configFile: string;
  private director: RunningDirector | undefined;

  private constructor(
    readonly root: string,
    readonly options: DeployBedOptions,
  ) {
    this.bridge = `bosune2e${options.slot}`;
    this.subnet = `10.246.${options.slot}`;
    this.cpiDir = join(root, 'cpi');
    this.configFile = join(root, 'director.yml');
  }

  /** Starts the Director and uploads the cloud config, a stemcell and the release. */
  static async start(options: DeployBedOptions): Promise<DeployBed> {
    const bed = new DeployBed(await mkdtemp(join(tmpdir(), `bosun-${options.label}-`)), options);
    try {
      await bed.writeConfig();
      await bed.startDirector();
      await writeDeployRelease(join(bed.root, 'release'));
      await writeFile(join(bed.root, 'cloud-config.yml'), bed.cloudConfig());
      await bed.expectOk(['update-cloud-config', join(bed.root, 'cloud-config.yml')]);
      await bed.expectOk(
        options.cpi === 'external'
          ? ['upload-stemcell', await bed.writeStemcellTarball()]
          : ['upload-stemcell', '--os', STEMCELL.os, '--version', STEMCELL.version],
      );
      await bed.expectOk(['upload-release', join(bed.root, 'release')]);
      return bed;
    } catch (e) {
      // The setup's failure is the one to report; cleaning up is best effort here.
      await bed.close().catch(() => undefined);
      throw e;
    }
  }

  get url(): string {
    if (this.director === undefined) throw new Error('the Director is not running');
    return this.director.url;
  }

  /** The CLI's environment for this Director. */
  get env(): Record<string, string> {
    return { BOSUN_ENVIRONMENT: this.url, BOSUN_CLIENT: USER.name, BOSUN_CLIENT_SECRET: USER.password };
  }

  /** The host file the jobs of deployment `name` append their events to. */
  eventsFile(deployment: string): string {
    return join(this.root, `events-${deployment}.log`);
  }

  /** Starts the Director (again, after `killDirector`), on the same data. */
  async startDirector(): Promise<void> {
    if (this.options.director === 'spawned') {
      this.director = await spawnDirector(BOSUN_BIN, this.configFile, join(this.root, 'data'));
      return;
    }
    const config = await readDirectorConfig(this.configFile, join(this.root, 'data'));
    const daemon: DirectorDaemon = await startDirectorDaemon(config);
    this.director = { url: daemon.url, close: () => daemon.close() };
  }

  /** SIGKILLs a spawned Director, leaving its tasks unfinished in the store. */
  killDirector(): Promise<void> {
    const director = this.director as SpawnedDirector | undefined;
    if (director?.child === undefined) throw new Error('only a spawned Director can be killed');
    this.director = undefined;
    return director.kill('SIGKILL');
  }

  async bosun(argv: readonly string[]): Promise<CliResult> {
    const { io, stdout, stderr } = captureIo(this.env);
    const code = await main(argv, io);
    return { code, stdout: stdout(), stderr: stderr() };
  }

  /** Runs a CLI command that must succeed; its failure says what it printed. */
  async expectOk(argv: readonly string[]): Promise<CliResult> {
    const r = await this.bosun(argv);
    if (r.code !== 0) {
      throw new Error(`bosun ${argv.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
    }
    return r;
  }

  /** `bosun deploy -n` of a manifest; the id of the task it followed. */
  async deploy(manifest: string): Promise<CliResult & { taskId: number }> {
    const name = (JSON.parse(manifest) as { name: string }).name;
    const file = join(this.root, `${name}.yml`);
    await writeFile(file, manifest);
    const r = await this.bosun(['deploy', '-n', '-d', name, file]);
    return { ...r, taskId: taskIdOf(r.stdout) };
  }

  /** A manifest for this Director's release, stemcell and cloud config (JSON is YAML). */
  manifest(name: string, groups: readonly GroupSpec[], update: Record<string, unknown> = {}): string {
    const eventsFile = this.eventsFile(name);
    return JSON.stringify({
      name,
      releases: [{ name: RELEASE_NAME, version: 'latest' }],
      stemcells: [{ alias: 'default', os: STEMCELL.os, version: 'latest' }],
      update: {
        canaries: 1,
        max_in_flight: 2,
        canary_watch_time: '100-20000',
        update_watch_time: '100-20000',
        ...update,
      },
      instance_groups: groups.map((g) => ({
        name: g.name,
        instances: g.instances,
        azs: g.azs ?? ['z1'],
        vm_type: 'default',
        stemcell: 'default',
        networks: [{ name: 'default' }],
        jobs: Object.entries(g.jobs).map(([job, properties]) => ({
          name: job,
          release: RELEASE_NAME,
          properties: { events_file: eventsFile, ...properties },
        })),
      })),
    });
  }

  /** A request to the Director's API as the admin; the body as JSON. */
  async api(path: string, init: RequestInit = {}): Promise<unknown> {
    const text = await this.fetchText(path, init);
    return text === '' ? undefined : (JSON.parse(text) as unknown);
  }

  task(id: number): Promise<TaskView> {
    return this.api(`/tasks/${id}`) as Promise<TaskView>;
  }

  /** The task's event log, line by line. */
  async taskEvents(id: number): Promise<TaskEventLine[]> {
    const text = await this.fetchText(`/tasks/${id}/output?type=event`);
    return text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as TaskEventLine);
  }

  /** The instances the Director knows, with their agents' states. */
  instances(deployment: string): Promise<InstanceView[]> {
    return this.api(`/deployments/${deployment}/instances`) as Promise<InstanceView[]>;
  }

  /** Deletes every deployment, stops the Director, removes every VM left and the temporary directory. */
  async close(): Promise<void> {
    const failures: unknown[] = [];
    const attempt = async (fn: () => Promise<unknown>): Promise<void> => {
      try {
        await fn();
      } catch (e) {
        failures.push(e);
      }
    };
    if (this.director !== undefined) {
      await attempt(async () => {
        const deployments = (await this.api('/deployments')) as Array<{ name: string }>;
        for (const d of deployments) await this.bosun(['delete-deployment', '-n', '-d', d.name, '--force']);
      });
      await attempt(() => this.director!.close());
      this.director = undefined;
    }
    await attempt(() => removeLeftVms(this.cpiDir, this.bridge));
    await attempt(() => rm(this.root, { recursive: true, force: true }));
    if (failures.length > 0) throw new AggregateError(failures, `cleaning up ${this.root} failed`);
  }

  private async fetchText(path: string, init: RequestInit = {}): Promise<string> {
    const response = await fetch(`${this.url}${path}`, {
      ...init,
      headers: { Authorization: AUTHORIZATION, ...(init.headers as Record<string, string> | undefined) },
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${response.status}: ${text}`);
    return text;
  }

  private async writeConfig(): Promise<void> {
    const local = { cpi_dir: this.cpiDir, bridge: this.bridge, stop_grace_ms: 3000 };
    let cpi: Record<string, unknown> = { type: 'local', local };
    if (this.options.cpi === 'external') {
      const cpiConfig = join(this.root, 'cpi.yml');
      const executable = join(this.root, 'local-cpi.sh');
      await writeFile(cpiConfig, JSON.stringify(local));
      await writeFile(
        executable,
        `#!/bin/sh\nexec ${process.execPath} ${BOSUN_BIN} cpi local --config ${cpiConfig}\n`,
      );
      await chmod(executable, 0o755);
      cpi = { type: 'external', path: executable };
    }
    const config = {
      name: `deploy-e2e-${this.options.slot}`,
      port: 0,
      bind: '127.0.0.1',
      director: { enable_post_deploy: this.options.enablePostDeploy, max_threads: 4 },
      user_management: { local: { users: [USER] } },
      cpi,
    };
    // Checked here so that a bad config fails the setup with its message.
    resolveDirectorConfig(config, join(this.root, 'data'), this.configFile);
    await writeFile(this.configFile, JSON.stringify(config, null, 2));
  }

  /** One manual network 10.246.<slot>.0/24 for instances and compilation VMs. */
  private cloudConfig(): string {
    const s = this.subnet;
    return `azs: [{name: z1}, {name: z2}]
networks:
- name: default
  type: manual
  subnets:
  - range: ${s}.0/24
    gateway: ${s}.1
    reserved: [${s}.2 - ${s}.9]
    azs: [z1, z2]
    cloud_properties: {}
vm_types: [{name: default, cloud_properties: {}}]
compilation: {workers: 1, az: z1, vm_type: default, network: default, reuse_compilation_vms: true}
`;
  }

  /** A stemcell tarball (stemcell.MF and an empty image) for an external CPI. */
  private async writeStemcellTarball(): Promise<string> {
    const dir = join(this.root, 'stemcell');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'stemcell.MF'),
      `name: bosh-warden-boshlite-${STEMCELL.os}-go_agent\nversion: "${STEMCELL.version}"\noperating_system: ${STEMCELL.os}\ncloud_properties: {}\n`,
    );
    await writeFile(join(dir, 'image'), '');
    const file = join(this.root, 'stemcell.tgz');
    await tar.create({ gzip: true, file, cwd: dir }, ['stemcell.MF', 'image']);
    return file;
  }
}

export interface InstanceView {
  readonly instance_group: string;
  readonly id: string;
  readonly index: number;
  readonly az: string | null;
  readonly ips: readonly string[];
  readonly process_state: string;
  readonly vm_cid: string | null;
  readonly update_completed: boolean;
  readonly processes: ReadonlyArray<{ readonly name: string; readonly state: string }>;
}

/** The task a CLI command followed (`Task <id>` on a line of its own). */
export function taskIdOf(stdout: string): number {
  const id = /^Task (\d+)$/m.exec(stdout)?.[1];
  if (id === undefined) throw new Error(`no task in:\n${stdout}`);
  return Number(id);
}
