import type { AgentAction } from '../rpc/index.js';

/** `ping` → `"pong"` (reference §7.2). */
export function pingAction(): AgentAction {
  return { name: 'ping', kind: 'sync', run: () => Promise.resolve('pong') };
}
