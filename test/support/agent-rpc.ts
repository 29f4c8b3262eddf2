import { request } from 'node:http';

export interface AgentEndpoint {
  /** `host:port` or a unix socket path. */
  address: string;
  user: string;
  password: string;
}

export interface RawReply {
  status: number;
  body: unknown;
}

/** Posts one envelope to an agent, as the Director does, and returns the HTTP status and JSON body. */
export function postEnvelope(endpoint: AgentEndpoint, envelope: unknown, auth: string | null = `${endpoint.user}:${endpoint.password}`): Promise<RawReply> {
  const body = JSON.stringify(envelope);
  const target = endpoint.address.startsWith('/')
    ? { socketPath: endpoint.address }
    : { host: endpoint.address.slice(0, endpoint.address.lastIndexOf(':')), port: Number(endpoint.address.slice(endpoint.address.lastIndexOf(':') + 1)) };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ...target,
        method: 'POST',
        path: '/agent',
        headers: {
          'Content-Type': 'application/json',
          ...(auth === null ? {} : { Authorization: `Basic ${Buffer.from(auth).toString('base64')}` }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : (JSON.parse(text) as unknown) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Calls a method and returns the reply body (`{value}` or `{exception}`). */
export async function callAgent(endpoint: AgentEndpoint, method: string, args: unknown[] = []): Promise<unknown> {
  const reply = await postEnvelope(endpoint, { protocol: 3, method, arguments: args, reply_to: 'test' });
  if (reply.status !== 200) throw new Error(`agent answered HTTP ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Calls an async method and polls get_task until it ends; returns the final reply body. */
export async function callAgentTask(endpoint: AgentEndpoint, method: string, args: unknown[] = [], pollMs = 20): Promise<unknown> {
  const first = (await callAgent(endpoint, method, args)) as { value?: { agent_task_id?: string; state?: string } };
  const id = first.value?.agent_task_id;
  if (id === undefined) return first;
  for (;;) {
    const reply = (await callAgent(endpoint, 'get_task', [id])) as { value?: { state?: string; agent_task_id?: string } };
    if (!(reply.value?.state === 'running' && reply.value.agent_task_id === id)) return reply;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
