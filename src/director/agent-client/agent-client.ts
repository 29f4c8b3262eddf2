import { request } from 'node:http';
import { BosunError, describeError, type Clock } from '../../base/index.js';
import { AGENT_PROTOCOL_VERSION, isRunningTaskHandle, type AgentResponse } from '../../protocol/index.js';

/** Where one agent listens and how the Director proves who it is (DESIGN decision 7). */
export interface AgentEndpoint {
  /** `host:port` or a unix socket path. */
  address: string;
  user: string;
  password: string;
}

export interface AgentClientOptions {
  endpoint: AgentEndpoint;
  /** Names the instance in errors: `web/uuid (0)`. */
  instanceName: string;
  agentId: string;
  clock: Clock;
  /** How often `get_task` is polled (BOSH: 1 s, §4.7). */
  pollIntervalMs?: number;
  /** Limit for one HTTP request (BOSH's NATS RPC: 45 s). */
  requestTimeoutMs?: number;
}

/** An agent's exception, with Bosun's structured details when the agent sent them. */
export class AgentError extends BosunError {
  constructor(
    message: string,
    readonly details: unknown,
  ) {
    super('AGENT_ACTION_FAILED', message);
  }
}

/**
 * The Director's side of the agent protocol (reference §7): sync calls return the value;
 * async calls are polled with `get_task` until done, and an abort sends `cancel_task`.
 */
export class AgentClient {
  private readonly pollIntervalMs: number;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: AgentClientOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 45_000;
  }

  /** A synchronous action (`ping`, `get_state`, `start`, ...). */
  async call(method: string, args: readonly unknown[] = []): Promise<unknown> {
    const reply = await this.send(method, args);
    if ('exception' in reply) throw new AgentError(reply.exception.message, (reply.exception as { details?: unknown }).details);
    return reply.value;
  }

  /** An asynchronous action: waits for its task; aborting `signal` cancels the agent task. */
  async run(method: string, args: readonly unknown[], signal?: AbortSignal): Promise<unknown> {
    let value = await this.call(method, args);
    // Most agent tasks (hooks, apply) end in milliseconds: poll at 10 ms, doubling up to the interval.
    let waitMs = Math.min(10, this.pollIntervalMs);
    while (isRunningTaskHandle(value)) {
      const taskId = value.agent_task_id;
      try {
        await this.options.clock.sleep(waitMs, signal);
        waitMs = Math.min(waitMs * 2, this.pollIntervalMs);
      } catch (e) {
        await this.call('cancel_task', [taskId]).catch(() => undefined);
        throw e;
      }
      value = await this.call('get_task', [taskId]);
    }
    return value;
  }

  /** Polls `ping` until the agent answers or `timeoutMs` passes (a new VM's agent is starting). */
  async waitUntilReady(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const deadline = this.options.clock.nowMs() + timeoutMs;
    let lastError: unknown;
    while (this.options.clock.nowMs() < deadline) {
      try {
        if ((await this.call('ping')) === 'pong') return;
      } catch (e) {
        lastError = e;
      }
      await this.options.clock.sleep(20, signal);
    }
    throw new BosunError(
      'AGENT_UNRESPONSIVE',
      `Timed out pinging to ${this.options.agentId} after ${Math.round(timeoutMs / 1000)} seconds`,
      { cause: lastError, hint: `instance ${this.options.instanceName}: ${describeError(lastError)}` },
    );
  }

  private send(method: string, args: readonly unknown[]): Promise<AgentResponse> {
    const { endpoint } = this.options;
    const body = JSON.stringify({ protocol: AGENT_PROTOCOL_VERSION, method, arguments: args, reply_to: `director.${this.options.agentId}` });
    const colon = endpoint.address.lastIndexOf(':');
    const target = endpoint.address.startsWith('/')
      ? { socketPath: endpoint.address }
      : { host: endpoint.address.slice(0, colon), port: Number(endpoint.address.slice(colon + 1)) };
    return new Promise((resolve, reject) => {
      const req = request(
        {
          ...target,
          method: 'POST',
          path: '/agent',
          timeout: this.requestTimeoutMs,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            Authorization: `Basic ${Buffer.from(`${endpoint.user}:${endpoint.password}`).toString('base64')}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              const parsed = JSON.parse(text) as AgentResponse;
              if (res.statusCode === 200) resolve(parsed);
              else reject(this.failure(method, `HTTP ${res.statusCode ?? 0}: ${text.slice(0, 200)}`));
            } catch {
              reject(this.failure(method, `HTTP ${res.statusCode ?? 0}: ${text.slice(0, 200)}`));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(this.failure(method, `timed out after ${Math.round(this.requestTimeoutMs / 1000)} seconds`)));
      req.on('error', (e) => reject(e instanceof BosunError ? e : this.failure(method, describeError(e))));
      req.end(body);
    });
  }

  private failure(method: string, reason: string): BosunError {
    return new BosunError(
      'AGENT_UNREACHABLE',
      `Sending '${method}' to instance: '${this.options.instanceName}', agent-id: '${this.options.agentId}' failed: ${reason}`,
    );
  }
}
