import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { z } from 'zod';
import { BosunError, describeError } from '../../base/index.js';
import {
  cloudConfigListSchema,
  cloudConfigViewSchema,
  deploymentListSchema,
  deploymentManifestViewSchema,
  directorApiErrorSchema,
  directorInfoSchema,
  formatSchemaIssues,
  instanceListSchema,
  releaseListSchema,
  stemcellListSchema,
  taskListSchema,
  taskViewSchema,
  vmListSchema,
  type CloudConfigView,
  type DeploymentManifestView,
  type DeploymentView,
  type DirectorInfo,
  type InstanceView,
  type ReleaseView,
  type StemcellView,
  type TaskOutputTypeName,
  type TaskView,
  type VirtualStemcellRequest,
  type VmView,
} from '../../protocol/index.js';
import type { DirectorEnvironment } from './director-environment.js';

/** Which tasks `GET /tasks` lists. */
export interface TaskFilter {
  deployment?: string;
  states?: readonly string[];
  limit?: number;
}

/** How `POST /deployments` is to roll the deployment out; each is left to the manifest when absent. */
export interface DeployOptions {
  isRecreate?: boolean;
  /** `*` skips every drain script; a list skips those of the named instance groups. */
  skipDrain?: '*' | readonly string[];
  canaries?: number;
  maxInFlight?: number;
  isDryRun?: boolean;
  /** The manifest file as the operator named it: the Director names it in its messages. */
  manifestFile?: string;
}

/** Which logs `GET /deployments/:name/logs` collects; every instance's, every job's when absent. */
export interface LogsFilter {
  /** `GROUP` or `GROUP/ID` (ID: UUID or index). */
  instance?: string;
  jobs?: readonly string[];
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

  /** Deploys the manifest (YAML text as written); returns the deploy's task. */
  async deploy(manifestYaml: string, options: DeployOptions = {}): Promise<TaskView> {
    const query = new URLSearchParams();
    if (options.isRecreate === true) query.set('recreate', 'true');
    if (options.skipDrain !== undefined) {
      query.set('skip_drain', options.skipDrain === '*' ? '*' : options.skipDrain.join(','));
    }
    if (options.canaries !== undefined) query.set('canaries', String(options.canaries));
    if (options.maxInFlight !== undefined) query.set('max_in_flight', String(options.maxInFlight));
    if (options.isDryRun === true) query.set('dry_run', 'true');
    if (options.manifestFile !== undefined) query.set('manifest_file', options.manifestFile);
    const body = { body: manifestYaml, headers: { 'content-type': 'text/yaml' } };
    return this.json(taskViewSchema, await this.request('POST', `/deployments${queryText(query)}`, body));
  }

  /** The manifest a deployment was last deployed with; undefined when there is no such deployment. */
  async deploymentManifest(name: string): Promise<DeploymentManifestView | undefined> {
    const response = await this.request('GET', `/deployments/${encodeURIComponent(name)}`, {
      acceptStatus: [404],
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    return this.json(deploymentManifestViewSchema, response);
  }

  /** Starts deleting a deployment; a missing one fails with the Director's `DEPLOYMENT_NOT_FOUND`. */
  async deleteDeployment(name: string, options: { isForced?: boolean } = {}): Promise<TaskView> {
    const query = options.isForced === true ? '?force=true' : '';
    return this.json(
      taskViewSchema,
      await this.request('DELETE', `/deployments/${encodeURIComponent(name)}${query}`),
    );
  }

  async instances(deployment: string): Promise<InstanceView[]> {
    return this.json(
      instanceListSchema,
      await this.request('GET', `/deployments/${encodeURIComponent(deployment)}/instances`),
    );
  }

  async vms(deployment: string): Promise<VmView[]> {
    return this.json(
      vmListSchema,
      await this.request('GET', `/deployments/${encodeURIComponent(deployment)}/vms`),
    );
  }

  /** Starts collecting logs; the task's result output names the blob holding them. */
  async fetchLogs(deployment: string, filter: LogsFilter = {}): Promise<TaskView> {
    const query = new URLSearchParams();
    if (filter.instance !== undefined) query.set('instance', filter.instance);
    if (filter.jobs !== undefined && filter.jobs.length > 0) query.set('job', filter.jobs.join(','));
    const path = `/deployments/${encodeURIComponent(deployment)}/logs${queryText(query)}`;
    return this.json(taskViewSchema, await this.request('GET', path));
  }

  /** The bytes of a blob (`GET /resources/:blobstore_id`), as they arrive. */
  async resource(blobstoreId: string): Promise<ReadableStream<Uint8Array>> {
    const response = await this.request('GET', `/resources/${encodeURIComponent(blobstoreId)}`);
    if (response.body === null) return new Blob([]).stream();
    return response.body;
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

function queryText(query: URLSearchParams): string {
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
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
