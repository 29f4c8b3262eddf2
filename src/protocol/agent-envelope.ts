import { z } from 'zod';

/** Agent protocol version the Director speaks (reference §3.5: StopAndWait needs >= 3). */
export const AGENT_PROTOCOL_VERSION = 3;

/** A Director → agent request (reference §7.1). */
export const agentRequestSchema = z.looseObject({
  protocol: z.number().int().optional(),
  method: z.string().min(1),
  arguments: z.array(z.unknown()).default([]),
  reply_to: z.string().optional(),
});
export type AgentRequest = z.infer<typeof agentRequestSchema>;

/** An agent reply: a value or an exception with a message (reference §7.1). */
export type AgentResponse = { value: unknown } | { exception: { message: string } };

/** What an asynchronous action answers at once, and `get_task` while it still runs. */
export interface AgentTaskHandle {
  agent_task_id: string;
  state: 'running';
}

/** True when a `get_task` / async reply value says the task still runs. */
export function isRunningTaskHandle(value: unknown): value is AgentTaskHandle {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)['state'] === 'running' &&
    typeof (value as Record<string, unknown>)['agent_task_id'] === 'string'
  );
}
