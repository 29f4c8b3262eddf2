import { MemoryCpiLog } from '../cpi-log.js';
import { formatCpiErrorResponse, runCpiCommand } from '../run-cpi-command.js';
import { readLocalCpiConfig, type LocalCpiConfig } from './local-cpi-config.js';
import { LocalCpi, type LocalCpiPorts } from './local-cpi.js';

/**
 * `bosun cpi local --config FILE`: serves one CPI request (stdin's text) with a LocalCpi
 * built from the config file and returns the response JSON text for stdout. Never rejects;
 * a config that cannot be read becomes the response's error. Exit 0 either way.
 */
export async function runLocalCpiCommand(
  configFile: string,
  requestText: string,
  options: { signal?: AbortSignal; ports?: Omit<LocalCpiPorts, 'log'> } = {},
): Promise<string> {
  const log = new MemoryCpiLog();
  let config: LocalCpiConfig;
  try {
    config = await readLocalCpiConfig(configFile);
  } catch (e) {
    return formatCpiErrorResponse(e, log);
  }
  const cpi = new LocalCpi(config, { ...options.ports, log });
  return runCpiCommand(cpi, requestText, {
    log,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}
