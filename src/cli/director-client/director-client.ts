import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { BosunError, describeError } from '../../base/index.js';
import {
  cloudConfigListSchema,
  cloudConfigViewSchema,
  deploymentListSchema,
  directorApiErrorSchema,
  directorInfoSchema,
  formatSchemaIssues,
  releaseListSchema,
  stemcellListSchema,
  taskListSchema,
  taskViewSchema,
  type CloudConfigView,
  type DeploymentView,
  type DirectorInfo,
  type ReleaseView,
  type StemcellView,
  type TaskOutputTypeName,
  type TaskView,
  type VirtualStemcellRequest,
} from '../../protocol/index.js';
import type { DirectorEnvironment } from './director-environment.js';

/** Which tasks `GET /tasks` lists. */
export interface TaskFilter {
  deployment?: string;
  states?: readonly string[];
  limit?: number;
}

/**
 * The CLI's end of the Director API (src/protocol/director-api.ts): one method per endpoint,
 * every answer validated with the protocol's schemas. A Director error becomes a BosunError
 * with the Director's code and description; an unreachable Director is
 * `DIRECTOR_UNREACHABLE`.
 */
export class DirectorClient {
  private readonly authorization: string;

  constructor(readonly environment: DirectorEnvironment) {
    this.authorization = `Basic ${Buffer.from(`${environment.client}:${environment.clientSecret}`).toString('base64')}`;
  }

  async info(): Promise<DirectorInfo> {
    return this.json(directorInfoSchema, await this.request('GET', '/info'));
  }

  /** Streams a release tarball to the Director; returns the upload's task. */
  async uploadRelease(file: string): Promise<TaskView> {
    return this.json(
      taskViewSchema,
      await this.request('POST', '/releases', fileBody(file, 'application/x-compressed')),
    );
  }

  async releases(): Promise<ReleaseView[]> {
    return this.json(releaseListSchema, await this.request('GET', '/releases'));
  }

  async uploadStemcell(file: string): Promise<TaskView> {
    return this.json(
      taskViewSchema,
      await this.request('POST', '/stemcells', fileBody(file, 'application/x-compressed')),
    );
  }

  async uploadVirtualStemcell(stemcell: VirtualStemcellRequest): Promise<TaskView> {
    const body = { body: JSON.stringify(stemcell), headers: { 'content-type': 'application/json' } };
    return this.json(taskViewSchema, await this.request('POST', '/stemcells', body));
  }

  async stemcells(): Promise<StemcellView[]> {
    return this.json(stemcellListSchema, await this.request('GET', '/stemcells'));
  }

  async updateCloudConfig(yaml: string): Promise<CloudConfigView> {
    const body = { body: yaml, headers: { 'content-type': 'text/yaml' } };
    return this.json(cloudConfigViewSchema, await this.request('POST', '/cloud_configs', body));
  }

  /** The cloud config in effect; undefined when there is none. */
  async latestCloudConfig(): Promise<CloudConfigView | undefined> {
    return (
      await this.json(cloudConfigListSchema, await this.request('GET', '/cloud_configs?latest=true'))
    )[0];
  }

  async deployments(): Promise<DeploymentView[]> {
    return this.json(deploymentListSchema, await this.request('GET', '/deployments'));
  }

  async tasks(filter: TaskFilter = {}): Promise<TaskView[]> {
    const query = new URLSearchParams({ verbose: '1' });
    if (filter.deployment !== undefined) query.set('deployment', filter.deployment);
    if (filter.states !== undefined) query.set('state', filter.states.join(','));
    if (filter.limit !== undefined) query.set('limit', String(filter.limit));
    return this.json(taskListSchema, await this.request('GET', `/tasks?${query.toString()}`));
  }

  async task(id: number): Promise<TaskView> {
    return this.json(taskViewSchema, await this.request('GET', `/tasks/${id}`));
  }

  /** The bytes of a task's output from byte `fromOffset` on; empty when there are none yet. */
  async taskOutput(id: number, type: TaskOutputTypeName, fromOffset: number): Promise<Buffer> {
    const response = await this.request('GET', `/tasks/${id}/output?type=${type}`, {
      headers: { range: `bytes=${fromOffset}-` },
      acceptStatus: [416],
    });
    if (response.status === 416) return Buffer.alloc(0);
    return Buffer.from(await response.arrayBuffer());
  }

  async cancelTask(id: number): Promise<TaskView> {
    return this.json(taskViewSchema, await this.request('DELETE', `/tasks/${id}`));
  }

  private async request(
    method: string,
    path: string,
    init: { body?: BodyInit; headers?: Record<string, string>; acceptStatus?: number[] } = {},
  ): Promise<Response> {
    const url = `${this.environment.url}${path}`;
    let response: Response;
    try {
      const request: RequestInit & { duplex?: 'half' } = {
        method,
        headers: { authorization: this.authorization, ...init.headers },
        ...(init.body === undefined ? {} : { body: init.body, duplex: 'half' }),
      };
      response = await fetch(url, request);
    } catch (e) {
      const cause = e instanceof Error && e.cause !== undefined ? `: ${describeError(e.cause)}` : '';
      throw new BosunError(
        'DIRECTOR_UNREACHABLE',
        `Cannot reach the Director at ${this.environment.url} (${method} ${path})${cause}`,
        {
          cause: e,
          hint: "check -e / BOSUN_ENVIRONMENT and that 'bosun director' is running",
        },
      );
    }
    if (response.ok || init.acceptStatus?.includes(response.status) === true) return response;
    throw await directorError(response, this.environment);
  }

  private async json<T>(schema: z.ZodType<T>, response: Response): Promise<T> {
    const body: unknown = await response.json().catch((e: unknown) => {
      throw new BosunError(
        'DIRECTOR_RESPONSE_INVALID',
        `The Director's answer is not JSON: ${describeError(e)}`,
        { cause: e },
      );
    });
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new BosunError(
        'DIRECTOR_RESPONSE_INVALID',
        `The Director's answer is not what this CLI expects:\n  ${formatSchemaIssues(parsed.error).join('\n  ')}`,
      );
    }
    return parsed.data;
  }
}

function fileBody(file: string, contentType: string): { body: BodyInit; headers: Record<string, string> } {
  return {
    body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
    headers: { 'content-type': contentType },
  };
}

async function directorError(response: Response, environment: DirectorEnvironment): Promise<BosunError> {
  const text = await response.text().catch(() => '');
  let parsed: ReturnType<typeof directorApiErrorSchema.safeParse> | undefined;
  try {
    parsed = directorApiErrorSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success !== true) {
    return new BosunError(
      'DIRECTOR_ERROR',
      `The Director answered ${response.status} ${response.statusText}: ${text.slice(0, 500)}`,
    );
  }
  const { code, description, hint } = parsed.data;
  if (response.status === 401) {
    return new BosunError(code, description, {
      hint: `check the credentials of client '${environment.client}' (--client/--client-secret or BOSUN_CLIENT/BOSUN_CLIENT_SECRET)`,
    });
  }
  return new BosunError(code, description, hint === undefined ? {} : { hint });
}
