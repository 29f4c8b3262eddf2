import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Clock } from '../../base/index.js';
import type { Cpi } from '../../cpi/index.js';
import type { Blobstore } from '../blobstore/index.js';
import type { DeploymentOperations } from '../deploy/index.js';
import type { DirectorStore } from '../store/index.js';
import type { TaskRunner } from '../tasks/index.js';

/** Who the Director is, for `GET /info` and for tasks that need it. */
export interface DirectorIdentity {
  readonly name: string;
  readonly uuid: string;
  readonly version: string;
  /** `local`, or the external CPI's path. */
  readonly cpiName: string;
  readonly isLocalCpi: boolean;
  readonly enablePostDeploy: boolean;
}

/**
 * What every route handler may use. Built once by the daemon; handlers keep no state of
 * their own between requests.
 */
export interface ApiContext {
  readonly store: DirectorStore;
  readonly blobstore: Blobstore;
  readonly tasks: TaskRunner;
  readonly cpi: Cpi;
  readonly clock: Clock;
  readonly identity: DirectorIdentity;
  /** Deploy, delete, describe and fetch logs of deployments. */
  readonly deployments: DeploymentOperations;
  /** Where uploaded bodies are spooled and archives are extracted; created by the daemon. */
  readonly workDir: string;
  /** Where the manifests of virtual stemcells are kept (their CPI image path). */
  readonly stemcellsDir: string;
}

/** An authenticated request, as a handler sees it. */
export interface ApiRequest {
  readonly method: string;
  /** Path parameters by name (`:id` → `params.id`), URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The user the request authenticated as. */
  readonly user: string;
  /** The request body, unread. */
  readonly body: Readable;
}

/** What a handler answers: JSON, or raw bytes with headers. */
export type ApiResponse =
  | { readonly status: number; readonly json: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status: number; readonly raw: Buffer; readonly headers?: Readonly<Record<string, string>> };

/** One endpoint. Handlers throw BosunError for every expected failure (see http-errors.ts). */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments; `:name` matches one segment, e.g. `/tasks/:id/output`. */
  readonly path: string;
  readonly handle: (request: ApiRequest, context: ApiContext) => Promise<ApiResponse>;
}
