import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../base/index.js';
import { ExternalCpi, LocalCpi, nodeCommandRunner, type Cpi } from '../cpi/index.js';
import { DEFAULT_LOCAL_CLOUD_CONFIG_YAML } from '../manifest/index.js';
import { DirectorApiServer, type ApiContext } from './api/index.js';
import { LocalFileBlobstore } from './blobstore/index.js';
import { DeploymentOperations, VmFactory } from './deploy/index.js';
import { RubyVmHost } from '../templates/index.js';
import type { DirectorConfig } from './director-config.js';
import { ADMIN_CREDENTIALS_FILE, DirectorStore, provisionUsers } from './store/index.js';
import { recoverInterruptedTasks, TaskRunner } from './tasks/index.js';

/** A running Director. */
export interface DirectorDaemon {
  /** Its base URL, e.g. `http://127.0.0.1:25555`. */
  readonly url: string;
  readonly uuid: string;
  /** The generated admin's credentials file, when the config declares no users. */
  readonly credentialsFile: string | undefined;
  /** Ids of tasks a previous Director left unfinished and this one ended at start. */
  readonly interruptedTaskIds: readonly number[];
  /** Stops answering, cancels running tasks and waits for them, closes the database. */
  close(): Promise<void>;
}

/** What the daemon takes from its surroundings besides the config; the real ones by default. */
export interface DirectorDaemonPorts {
  readonly clock?: Clock;
  /** Replaces the CPI the config describes (tests). */
  readonly cpi?: Cpi;
  /** The Director's version, as `GET /info` reports it. */
  readonly version?: string;
  /** The first process of every VM: the agent. Default: this Node.js running `bin/bosun.js agent`. */
  readonly agentCommand?: readonly string[];
  /** Start the template renderer's Ruby VM at once rather than at the first deploy (`bosun director`). */
  readonly isRenderHostStartedEarly?: boolean;
  /** How often agent tasks are polled (ms); default 100. */
  readonly agentPollIntervalMs?: number;
}

/** `bin/bosun.js` of this installation, beside `dist/` (or `src/` when run from sources). */
const BOSUN_BIN = fileURLToPath(new URL('../../bin/bosun.js', import.meta.url));

/** The agent command local VMs run: the paths are the host's, which the sandboxes share. */
export function defaultAgentCommand(): string[] {
  return [process.execPath, BOSUN_BIN, 'agent', '--config', '/var/vcap/bosh/agent.json'];
}

/**
 * Starts a Director (wired by hand): opens or creates the store and blobstore, provisions
 * users, ends tasks a previous process left unfinished, gives a fresh Director the default
 * cloud config for the local CPI, then serves the API. Nothing is left open when it fails.
 */
export async function startDirectorDaemon(
  config: DirectorConfig,
  ports: DirectorDaemonPorts = {},
): Promise<DirectorDaemon> {
  const clock = ports.clock ?? systemClock;
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const uuid = await readOrCreateUuid(join(config.dataDir, 'director-uuid'));
  const store = DirectorStore.open({ dataDir: config.databaseDir, clock });
  let runner: TaskRunner | undefined;
  try {
    const users = provisionUsers(store, config.users.length > 0 ? config.users : undefined);
    const credentialsFile =
      config.users.length > 0
        ? undefined
        : (users.credentialsFile ?? join(store.dataDir, ADMIN_CREDENTIALS_FILE));
    const interrupted = recoverInterruptedTasks(store, clock);
    if (store.cloudConfigs.latest() === undefined) store.cloudConfigs.create(DEFAULT_LOCAL_CLOUD_CONFIG_YAML);
    await mkdir(config.blobstoreDir, { recursive: true, mode: 0o700 });
    const workDir = join(config.dataDir, 'tmp');
    // Spooled uploads of a previous process are of no use to anyone now.
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true, mode: 0o700 });
    runner = new TaskRunner(store, clock);
    const blobstore = new LocalFileBlobstore({ dir: config.blobstoreDir });
    const cpi = ports.cpi ?? createCpi(config, uuid, clock);
    let renderHost: Promise<RubyVmHost> | undefined;
    const vms = new VmFactory({
      cpi,
      store,
      clock,
      agentCommand: ports.agentCommand ?? defaultAgentCommand(),
      agentBlobstore: blobstore.agentSettings(),
      ...(ports.agentPollIntervalMs === undefined ? {} : { agentPollIntervalMs: ports.agentPollIntervalMs }),
    });
    const deployments = new DeploymentOperations({
      store,
      blobstore,
      vms,
      clock,
      // One Ruby VM for every render of this Director, started by the first deploy.
      renderHost: () => (renderHost ??= RubyVmHost.start()),
      jobCacheDir: join(config.dataDir, 'jobs'),
      directorName: config.name,
      enablePostDeploy: config.enablePostDeploy,
      maxThreads: config.maxThreads,
      workDir,
    });
    if (ports.isRenderHostStartedEarly === true) {
      // Start the Ruby VM now, while nobody waits: the first deploy would otherwise wait ~1 s for it.
      renderHost = RubyVmHost.start();
      renderHost.catch(() => (renderHost = undefined));
    }
    const context: ApiContext = {
      store,
      blobstore,
      tasks: runner,
      deployments,
      cpi,
      clock,
      identity: {
        name: config.name,
        uuid,
        version: ports.version ?? '0.0.0',
        cpiName: config.cpi.type === 'local' ? 'local' : config.cpi.path,
        isLocalCpi: config.cpi.type === 'local',
        enablePostDeploy: config.enablePostDeploy,
      },
      workDir,
      stemcellsDir: join(config.dataDir, 'stemcells'),
    };
    const server = new DirectorApiServer(context);
    const url = await server.listen(config.port, config.bind);
    const tasks = runner;
    return {
      url,
      uuid,
      credentialsFile,
      interruptedTaskIds: interrupted.map((t) => t.id),
      close: async () => {
        await server.close();
        await tasks.stop();
        store.close();
      },
    };
  } catch (e) {
    await runner?.stop();
    store.close();
    throw e;
  }
}

function createCpi(config: DirectorConfig, directorUuid: string, clock: Clock): Cpi {
  const cpi = config.cpi;
  if (cpi.type === 'local') return new LocalCpi(cpi.local, { clock });
  return new ExternalCpi({
    path: cpi.path,
    directorUuid,
    properties: cpi.properties,
    runner: nodeCommandRunner,
    ...(cpi.env === undefined ? {} : { env: cpi.env }),
    ...(cpi.timeoutMs === undefined ? {} : { timeoutMs: cpi.timeoutMs }),
  });
}

/** The Director's UUID: made on first start, the same ever after. */
async function readOrCreateUuid(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const uuid = randomUUID();
  await writeFile(file, `${uuid}\n`, { mode: 0o600 });
  return uuid;
}
