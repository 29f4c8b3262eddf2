import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { rm } from 'node:fs/promises';
import { BosunError } from '../../base/index.js';
import { agentRequestSchema, formatSchemaIssues, type AgentResponse } from '../../protocol/index.js';
import type { ActionDispatcher } from './action-dispatcher.js';

/** Largest request body accepted (an `upload_blob` payload is base64 in the envelope). */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RpcServerOptions {
  /** `host:port` (port 0 picks a free one) or an absolute unix socket path. */
  listen: string;
  credentials: { user: string; password: string };
  dispatcher: ActionDispatcher;
}

/**
 * The agent's end of the Director ↔ agent channel (DESIGN decision 7): BOSH's envelope as
 * JSON over HTTP `POST /agent` with basic auth, as the Go agent's HTTPS mbus. A request
 * without valid credentials gets 401 and reaches no action.
 */
export class AgentRpcServer {
  private readonly server: Server;
  private readonly expected: Buffer;

  constructor(private readonly options: RpcServerOptions) {
    this.expected = Buffer.from(`${options.credentials.user}:${options.credentials.password}`);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => reply(res, 500, { exception: { message: String(e) } }));
    });
  }

  /** Starts listening; resolves with the address (`host:port` with the real port, or the socket path). */
  async listen(): Promise<string> {
    const { listen } = this.options;
    if (listen.startsWith('/')) {
      await rm(listen, { force: true });
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen(listen, resolve);
      });
      return listen;
    }
    const colon = listen.lastIndexOf(':');
    const host = listen.slice(0, colon);
    const port = Number(listen.slice(colon + 1));
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', (e) =>
        reject(new BosunError('AGENT_LISTEN_FAILED', `The agent cannot listen on ${listen}: ${e.message}`, { cause: e })),
      );
      this.server.listen(port, host, resolve);
    });
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? `${host}:${address.port}` : listen;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.isAuthorized(req.headers.authorization)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="bosun-agent"');
      reply(res, 401, { exception: { message: 'Unauthorized' } });
      req.resume();
      return;
    }
    if (req.method !== 'POST' || (req.url !== '/agent' && req.url !== '/')) {
      reply(res, 404, { exception: { message: `Not found: ${req.method ?? ''} ${req.url ?? ''}; POST /agent` } });
      req.resume();
      return;
    }
    const body = await readBody(req);
    if (body === undefined) {
      reply(res, 413, { exception: { message: `Request body larger than ${MAX_BODY_BYTES} bytes` } });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      reply(res, 400, { exception: { message: 'Request body is not JSON' } });
      return;
    }
    const parsed = agentRequestSchema.safeParse(json);
    if (!parsed.success) {
      reply(res, 400, { exception: { message: `Invalid agent request: ${formatSchemaIssues(parsed.error).join('; ')}` } });
      return;
    }
    reply(res, 200, await this.options.dispatcher.dispatch(parsed.data));
  }

  private isAuthorized(header: string | undefined): boolean {
    if (header?.startsWith('Basic ') !== true) return false;
    const given = Buffer.from(header.slice(6).trim(), 'base64');
    return given.length === this.expected.length && timingSafeEqual(given, this.expected);
  }
}

function reply(res: ServerResponse, status: number, body: AgentResponse): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
