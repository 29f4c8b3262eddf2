import type { Clock } from '../../base/index.js';
import type { ApplierPort, JobSupervisor, LogFetcherPort, LogRotationPort, PackageCompilerPort } from '../agent-ports.js';
import type { VcapPaths } from '../vcap-paths.js';

/** Everything the actions share, wired once in `agent.ts`. */
export interface AgentContext {
  readonly agentId: string;
  readonly vmName: string;
  readonly paths: VcapPaths;
  readonly clock: Clock;
  /** The agent's own environment, which hook scripts inherit (reference §4.3). */
  readonly baseEnv: NodeJS.ProcessEnv;
  readonly supervisor: JobSupervisor;
  readonly applier: ApplierPort;
  readonly logRotation: LogRotationPort;
  readonly compiler: PackageCompilerPort;
  readonly logFetcher: LogFetcherPort;
  /** The agent log. */
  log(line: string): void;
}
