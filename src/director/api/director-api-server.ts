import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BosunError } from '../../base/index.js';
import type { ApiContext, ApiResponse, Route } from './api-types.js';
import { BasicAuth } from './basic-auth.js';
import { directorRoutes } from './director-routes.js';
import { httpErrorOf } from './http-errors.js';
import { Router } from './router.js';

/**
 * The Director's HTTP JSON API (see src/protocol/director-api.ts for every endpoint). Every
 * request, `/info` included, needs basic auth with a Director user; failures are answered by
 * {@link httpErrorOf}, and only there.
 */
export class DirectorApiServer {
  private readonly server: Server;
  private readonly router: Router;
  private readonly auth: BasicAuth;

  constructor(
    private readonly context: ApiContext,
    routes: readonly Route[] = directorRoutes,
  ) {
    this.router = new Router(routes);
    this.auth = new BasicAuth((name, password) => context.store.users.isValidLogin(name, password));
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  /** Starts listening; resolves with the base URL (`http://host:port`, the real port when 0 was asked). */
  async listen(port: number, host: string): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void =>
        reject(
          new BosunError(
            'DIRECTOR_LISTEN_FAILED',
            `The Director cannot listen on ${host}:${port}: ${e.message}`,
            { cause: e },
          ),
        );
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    const address = this.server.address();
    const realPort = typeof address === 'object' && address !== null ? address.port : port;
    return `http://${host.includes(':') ? `[${host}]` : host}:${realPort}`;
  }

  /** Stops accepting requests and drops open connections (followers of a task included). */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Answers one request. Never rejects: every failure becomes an error response. */
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const user = this.auth.authenticate(req.headers.authorization);
      if (user === undefined)
        throw new BosunError('UNAUTHORIZED', 'Not authorized: valid credentials are required');
      const url = new URL(req.url ?? '/', 'http://director');
      const { route, params } = this.router.match(req.method ?? 'GET', url.pathname);
      const response = await route.handle(
        { method: route.method, params, query: url.searchParams, headers: req.headers, user, body: req },
        this.context,
      );
      send(res, response);
    } catch (e) {
      const { status, body } = httpErrorOf(e);
      const headers: Record<string, string> =
        status === 401 ? { 'WWW-Authenticate': 'Basic realm="Bosun Director"' } : {};
      // Whatever the handler did not read is drained, so the client sees the answer.
      if (!req.readableEnded) req.resume();
      send(res, { status, json: body, headers });
    }
  }
}

function send(res: ServerResponse, response: ApiResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const isJson = 'json' in response;
  const body = isJson ? Buffer.from(`${JSON.stringify(response.json)}\n`) : response.raw;
  res.writeHead(response.status, {
    'Content-Type': isJson ? 'application/json' : 'text/plain; charset=utf-8',
    'Content-Length': String(body.length),
    ...response.headers,
  });
  res.end(body);
}
