import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TaskView } from '../../protocol/index.js';

export { captureIo } from '../../../test/support/capture-io.js';

/** A request as the fake Director saw it. */
export interface SeenRequest {
  method: string;
  /** The path without the query. */
  path: string;
  /** The query, decoded; a repeated key keeps its last value. */
  query: Record<string, string>;
  authorization: string | undefined;
  contentType: string | undefined;
  range: string | undefined;
  body: Buffer;
}

/** What the fake Director answers: JSON (`json`) or bytes/text (`body`). */
export interface FakeAnswer {
  status: number;
  json?: unknown;
  body?: string | Buffer;
  contentType?: string;
}

/** Answers one request; undefined means 404 `ROUTE_NOT_FOUND`. */
export type FakeRoute = (request: SeenRequest) => FakeAnswer | undefined;

/**
 * A Director on 127.0.0.1 for the CLI's command tests: records every request and answers
 * with the test's routes, tried in order. Checks nothing itself; tests assert on `requests`.
 */
export class FakeDirector {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly requests: SeenRequest[],
  ) {}

  static async start(...routes: FakeRoute[]): Promise<FakeDirector> {
    const requests: SeenRequest[] = [];
    const server = createServer((req, res) => {
      void answer(req, res, (seen) => {
        requests.push(seen);
        for (const route of routes) {
          const found = route(seen);
          if (found !== undefined) return found;
        }
        return {
          status: 404,
          json: { code: 'ROUTE_NOT_FOUND', description: `No route ${seen.method} ${seen.path}` },
        };
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new FakeDirector(server, `http://127.0.0.1:${port}`, requests);
  }

  /** The environment variables that point the CLI here as `admin`/`secret`. */
  get env(): Record<string, string> {
    return { BOSUN_ENVIRONMENT: this.url, BOSUN_CLIENT: 'admin', BOSUN_CLIENT_SECRET: 'secret' };
  }

  /** `METHOD /path?query` of every request but task polling, in order. */
  get calls(): string[] {
    return this.requests
      .filter((r) => !r.path.startsWith('/tasks/'))
      .map((r) => {
        const query = new URLSearchParams(r.query).toString();
        return `${r.method} ${r.path}${query === '' ? '' : `?${decodeURIComponent(query)}`}`;
      });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The HTTP basic authorization of `admin`/`secret`. */
export const ADMIN_AUTHORIZATION = `Basic ${Buffer.from('admin:secret').toString('base64')}`;

/**
 * Routes that serve one finished task: `GET /tasks/:id` and its outputs with `Range:
 * bytes=N-` (206 from N, 416 when nothing is past N), as the Director does.
 */
export function finishedTask(task: TaskView, outputs: { event?: string; result?: string } = {}): FakeRoute {
  return (request) => {
    if (request.method !== 'GET') return undefined;
    if (request.path === `/tasks/${task.id}`) return { status: 200, json: task };
    if (request.path !== `/tasks/${task.id}/output`) return undefined;
    const text = Buffer.from(
      request.query['type'] === 'result' ? (outputs.result ?? '') : (outputs.event ?? ''),
    );
    const from = Number(/^bytes=(\d+)-$/.exec(request.range ?? '')?.[1] ?? '0');
    if (from >= text.length) return { status: 416, body: '' };
    return { status: from === 0 ? 200 : 206, body: text.subarray(from), contentType: 'text/plain' };
  };
}

/** A task as the Director shows it, `done` unless told otherwise. */
export function taskView(id: number, fields: Partial<TaskView> = {}): TaskView {
  return {
    id,
    state: 'done',
    description: 'task',
    timestamp: 1_700_000_001,
    started_at: 1_700_000_000,
    result: null,
    user: 'admin',
    deployment: null,
    context_id: '',
    ...fields,
  };
}

/** An event log of one step that started at 1700000000 and took a second. */
export function oneStepEventLog(stage: string, task: string): string {
  const step = { stage, tags: [], total: 1, task, index: 1, progress: 0 };
  return (
    `${JSON.stringify({ time: 1_700_000_000, ...step, state: 'started' })}\n` +
    `${JSON.stringify({ time: 1_700_000_001, ...step, state: 'finished', progress: 100 })}\n`
  );
}

async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  route: (seen: SeenRequest) => FakeAnswer,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://fake');
  const found = route({
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    authorization: req.headers.authorization,
    contentType: req.headers['content-type'],
    range: req.headers.range,
    body: Buffer.concat(chunks),
  });
  if (found.json !== undefined) {
    res.writeHead(found.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(found.json));
    return;
  }
  res.writeHead(found.status, { 'content-type': found.contentType ?? 'application/octet-stream' });
  res.end(found.body ?? '');
}
