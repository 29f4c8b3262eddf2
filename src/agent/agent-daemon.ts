import { hostname } from 'node:os';
import type { Writable } from 'node:stream';
import { describeError, loadNativeProcess, systemClock, type Clock } from '../base/index.js';
import { applyAction } from './actions/apply.js';
import { cancelTaskAction } from './actions/cancel-task.js';
import type { AgentContext } from './actions/agent-context.js';
import { compilePackageAction } from './actions/compile-package.js';
import { drainAction } from './actions/drain.js';
import { fetchLogsAction } from './actions/fetch-logs.js';
import { getStateAction } from './actions/get-state.js';
import { getTaskAction } from './actions/get-task.js';
import { infoAction } from './actions/info.js';
import { pingAction } from './actions/ping.js';
import { prepareAction } from './actions/prepare.js';
import { runErrandAction } from './actions/run-errand.js';
import { runScriptAction } from './actions/run-script.js';
import { startAction } from './actions/start.js';
import { stopAction } from './actions/stop.js';
import { createAgentLog } from './agent-log.js';
import { Applier, PackageCompiler, findVcapOwner } from './applier/index.js';
import { prepareBaseLayout } from './base-layout.js';
import { LocalBlobstore } from './blobstore/index.js';
import type { AgentConfig } from './config.js';
import { LogFetcher, LogRotator } from './logs/index.js';
import { ActionDispatcher, AgentRpcServer, AgentTasks } from './rpc/index.js';
import { MonitFileSupervisor } from './supervisor/index.js';
import { vcapPaths } from './vcap-paths.js';

/** A running agent. */
export interface AgentDaemon {
  /** Where it listens: `host:port` or a unix socket path. */
  readonly address: string;
  /** Stops answering, cancels running tasks, stops log rotation; supervised processes keep running. */
  close(): Promise<void>;
}

export interface AgentDaemonOptions {
  /** The environment hook scripts and packaging scripts inherit. */
  env: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Where log lines are echoed besides `bosh/log/current`. */
  echo?: Writable;
}

/**
 * Wires the agent by hand (STYLE: no container): paths, blobstore, applier, supervisor,
 * hooks and log rotation behind the actions of reference §7.2, served over HTTP. After a
 * restart the supervised jobs come back as monit brings them back at boot (no hooks, §3.5).
 */
export async function startAgentDaemon(config: AgentConfig, options: AgentDaemonOptions): Promise<AgentDaemon> {
  const clock = options.clock ?? systemClock;
  const paths = vcapPaths(config.base_dir);
  await prepareBaseLayout(paths);
  const log = createAgentLog(paths.agentLogDir, clock, options.echo);
  const native = loadNativeProcess();
  const owner = await findVcapOwner();
  const blobstore = new LocalBlobstore({ blobstorePath: config.blobstore.options.blobstore_path });
  const supervisor = new MonitFileSupervisor({ paths, clock, native });
  const applier = new Applier({ paths, blobstore, ...(owner === undefined ? {} : { owner }) });
  const rotator = new LogRotator({ logDir: paths.sysLogDir, onError: (e) => log(`log rotation: ${describeError(e)}`) });
  const context: AgentContext = {
    agentId: config.agent_id,
    vmName: config.vm_name ?? hostname(),
    paths,
    clock,
    baseEnv: options.env,
    supervisor,
    applier,
    logRotation: rotator,
    compiler: new PackageCompiler({ paths, blobstore, ...(owner === undefined ? {} : { owner }) }),
    logFetcher: new LogFetcher({ paths, blobstore }),
    log,
  };
  const tasks = new AgentTasks();
  const shutdown = new AbortController();
  const dispatcher = new ActionDispatcher(
    [
      pingAction(),
      infoAction(),
      getStateAction(context),
      prepareAction(context),
      applyAction(context),
      startAction(context),
      stopAction(context),
      drainAction(context),
      runScriptAction(context),
      runErrandAction(context),
      compilePackageAction(context),
      fetchLogsAction(context),
      getTaskAction(tasks),
      cancelTaskAction(tasks),
    ],
    tasks,
    log,
    shutdown.signal,
  );
  await recoverSupervision(context);
  const spec = await applier.currentSpec();
  try {
    rotator.configure(spec);
  } catch (e) {
    log(`log rotation: ${describeError(e)}`);
  }
  const rotation = rotator.start(clock, shutdown.signal).catch((e: unknown) => log(`log rotation stopped: ${describeError(e)}`));
  const server = new AgentRpcServer({ listen: config.listen, credentials: config.credentials, dispatcher });
  const address = await server.listen();
  log(`agent ${config.agent_id} listening on ${address}`);
  return {
    address,
    close: async () => {
      shutdown.abort(new Error('agent shutting down'));
      await server.close();
      await tasks.cancelAll();
      await rotation;
      await supervisor.close();
      log('agent stopped');
    },
  };
}

/**
 * After an agent restart: the supervisor's first reload re-reads the job monitrc files and
 * starts their processes again unless the stopped marker is present, as monit does at boot.
 */
async function recoverSupervision(context: AgentContext): Promise<void> {
  await context.supervisor.reload();
  for (const problem of context.supervisor.problems()) context.log(problem);
}
