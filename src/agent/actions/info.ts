import type { AgentAction } from '../rpc/index.js';

/** `info` → `{"api_version": 1}`, the current agent's API (reference §7.2). */
export function infoAction(): AgentAction {
  return { name: 'info', kind: 'sync', run: () => Promise.resolve({ api_version: 1 }) };
}
