import { BosunError } from '../../base/index.js';
import type { AgentAction } from '../rpc/index.js';
import type { AgentContext } from './agent-context.js';

/** `fetch_logs [log_type, filters]` (async) → `{blobstore_id, sha1}` of a tgz of `sys/log` (§7.2). */
export function fetchLogsAction(context: AgentContext): AgentAction {
  return {
    name: 'fetch_logs',
    kind: 'async',
    run: (args) => {
      const logType = typeof args[0] === 'string' ? args[0] : 'job';
      const filters = args[1] ?? [];
      if (!Array.isArray(filters) || filters.some((f) => typeof f !== 'string')) {
        throw new BosunError('AGENT_ARGUMENTS_INVALID', 'fetch_logs: argument 2 (filters) must be a list of strings');
      }
      return context.logFetcher.fetchLogs(logType, filters as string[]);
    },
  };
}
