import type { Writable } from 'node:stream';
import { BosunError, describeError } from '../base/index.js';
import { startAgentDaemon } from './agent-daemon.js';
import { readAgentConfig } from './config.js';

const USAGE = 'Usage: bosun agent --config FILE\n';

export interface AgentMainIo {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
}

/**
 * `bosun agent --config FILE`: runs the agent in the foreground until SIGTERM or SIGINT,
 * then stops answering, cancels running tasks and leaves the supervised processes running
 * (as a restarted BOSH agent does; monit keeps them). Returns the exit code.
 */
export async function agentMain(argv: readonly string[], io: AgentMainIo): Promise<number> {
  const configIndex = argv.indexOf('--config');
  const configFile = configIndex >= 0 ? argv[configIndex + 1] : undefined;
  if (configFile === undefined || argv.length !== 2) {
    io.stderr.write(`Error: missing argument: --config FILE\n${USAGE}`);
    return 2;
  }
  try {
    const config = await readAgentConfig(configFile);
    // The local CPI names the VM in the environment (it cannot know the CID when writing the config).
    const vmName = config.vm_name ?? io.env['BOSUN_VM_CID'];
    const daemon = await startAgentDaemon(vmName === undefined ? config : { ...config, vm_name: vmName }, { env: io.env, echo: io.stdout });
    io.stdout.write(`bosun agent ${config.agent_id} listening on ${daemon.address} (base ${config.base_dir})\n`);
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    io.stdout.write(`bosun agent: ${signal}, shutting down\n`);
    await daemon.close();
    return 0;
  } catch (e) {
    io.stderr.write(`Error: ${describeError(e)}\n`);
    if (e instanceof BosunError && e.hint !== undefined) io.stderr.write(`Hint: ${e.hint}\n`);
    return e instanceof BosunError && e.code === 'AGENT_CONFIG_INVALID' ? 2 : 1;
  }
}
