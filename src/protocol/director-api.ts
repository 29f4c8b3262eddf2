/**
 * The Director's HTTP JSON API: the one contract the CLI and the Director share. Every
 * endpoint needs basic auth; shapes follow BOSH's Director API where BOSH has one (snake_case
 * keys, a task as BOSH's task hash). Times are Unix seconds unless a name says otherwise.
 *
 * | Method | Path                      | Request body                    | Response                     |
 * |--------|---------------------------|---------------------------------|------------------------------|
 * | GET    | /info                     | -                               | 200 {@link DirectorInfo}     |
 * | POST   | /releases                 | release tarball bytes           | 202 {@link TaskView}         |
 * | GET    | /releases                 | -                               | 200 {@link ReleaseView}[]    |
 * | POST   | /stemcells                | stemcell tarball, or JSON {@link VirtualStemcellRequest} | 202 {@link TaskView} |
 * | GET    | /stemcells                | -                               | 200 {@link StemcellView}[]   |
 * | POST   | /cloud_configs            | cloud config YAML text          | 201 {@link CloudConfigView}  |
 * | GET    | /cloud_configs?latest=true| -                               | 200 {@link CloudConfigView}[]|
 * | GET    | /deployments              | -                               | 200 {@link DeploymentView}[] |
 * | POST   | /deployments?recreate&skip_drain&canaries&max_in_flight&dry_run ({@link DeployQuery}) | manifest YAML (`text/yaml`) | 202 {@link TaskView} |
 * | GET    | /deployments/:name        | -                               | 200 {@link DeploymentManifestView}, 404 |
 * | DELETE | /deployments/:name?force=true | -                           | 202 {@link TaskView}, 404 `DEPLOYMENT_NOT_FOUND` |
 * | GET    | /deployments/:name/instances | -                            | 200 {@link InstanceView}[]   |
 * | GET    | /deployments/:name/vms    | -                               | 200 {@link VmView}[]         |
 * | GET    | /deployments/:name/logs?instance=GROUP[/ID]&job=A,B ({@link LogsQuery}) | - | 202 {@link TaskView}; result {@link LogsResult} |
 * | GET    | /resources/:blobstore_id  | -                               | 200 bytes (`application/octet-stream`) |
 * | GET    | /tasks?deployment&state&limit&verbose | -                   | 200 {@link TaskView}[]       |
 * | GET    | /tasks/:id                | -                               | 200 {@link TaskView}         |
 * | GET    | /tasks/:id/output?type=event\|debug\|result | `Range: bytes=N-` | 200/206 text, 416 when nothing past N |
 * | DELETE | /tasks/:id                | -                               | 200 {@link TaskView}         |
 *
 * Failures answer 4xx/5xx with {@link DirectorApiError}.
 */
import { z } from 'zod';

/** BOSH's task states. */
export const taskStateSchema = z.enum(['queued', 'processing', 'done', 'error', 'cancelling', 'cancelled']);

/** The body of every failed request: BOSH's `{code, description}`, with Bosun's stable string code. */
export const directorApiErrorSchema = z.object({
  code: z.string(),
  description: z.string(),
  hint: z.string().optional(),
});
export type DirectorApiError = z.infer<typeof directorApiErrorSchema>;

/** `GET /info`. */
export const directorInfoSchema = z.object({
  name: z.string(),
  uuid: z.string(),
  version: z.string(),
  /** The authenticated user. */
  user: z.string(),
  /** The CPI's name: `local` or the external executable's path. */
  cpi: z.string(),
  features: z.object({ enable_post_deploy: z.boolean() }),
});
export type DirectorInfo = z.infer<typeof directorInfoSchema>;

/** A task, as BOSH's `GET /tasks/:id` answers it. */
export const taskViewSchema = z.object({
  id: z.number().int(),
  state: taskStateSchema,
  description: z.string(),
  /** When it last changed: its end, its start, or its creation. */
  timestamp: z.number(),
  started_at: z.number().nullable(),
  /** The result text, or the error message of a failed task. */
  result: z.string().nullable(),
  user: z.string(),
  deployment: z.string().nullable(),
  context_id: z.string(),
});
export type TaskView = z.infer<typeof taskViewSchema>;
export const taskListSchema = z.array(taskViewSchema);

/** The outputs of a task: the event log the CLI renders, the debug log, the result. */
export const taskOutputTypeSchema = z.enum(['event', 'debug', 'result']);
export type TaskOutputTypeName = z.infer<typeof taskOutputTypeSchema>;

/** `GET /tasks` query: strings as they come in the URL. */
export const taskListQuerySchema = z.strictObject({
  deployment: z.string().min(1).optional(),
  /** Comma-separated states, e.g. `queued,processing`. */
  state: z
    .string()
    .transform((s) => s.split(',').filter((x) => x !== ''))
    .pipe(z.array(taskStateSchema))
    .optional(),
  limit: z.coerce.number().int().positive().max(10_000).optional(),
  /** BOSH's verbosity (1 or 2); every task is a user's here, so both list the same. */
  verbose: z.enum(['0', '1', '2']).optional(),
});
export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

/** `GET /releases`: each release with its versions, oldest first. */
export const releaseViewSchema = z.object({
  name: z.string(),
  release_versions: z.array(
    z.object({
      version: z.string(),
      commit_hash: z.string(),
      uncommitted_changes: z.boolean(),
      currently_deployed: z.boolean(),
      job_names: z.array(z.string()),
    }),
  ),
});
export type ReleaseView = z.infer<typeof releaseViewSchema>;
export const releaseListSchema = z.array(releaseViewSchema);

/**
 * `POST /stemcells` with `Content-Type: application/json`: a stemcell with no image, for the
 * local CPI, whose VMs share the host's OS (a manifest written for bosh-lite names its
 * stemcell by `os` and `version`, which is all such a stemcell needs). `name` defaults to
 * `bosh-warden-boshlite-<os>-go_agent`, as bosh-lite's stemcells are named.
 */
export const virtualStemcellRequestSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'expected a stemcell name like bosh-warden-boshlite-ubuntu-jammy-go_agent')
    .optional(),
  os: z.string().regex(/^[A-Za-z0-9._-]+$/, 'expected an operating system name like ubuntu-jammy'),
  version: z.string().regex(/^[A-Za-z0-9._+-]+$/, 'expected a version like 1.0 or 621.74'),
});
export type VirtualStemcellRequest = z.infer<typeof virtualStemcellRequestSchema>;

/** `GET /stemcells`. */
export const stemcellViewSchema = z.object({
  name: z.string(),
  operating_system: z.string(),
  version: z.string(),
  cid: z.string(),
  cpi: z.string(),
  api_version: z.number().nullable(),
  deployments: z.array(z.object({ name: z.string() })),
});
export type StemcellView = z.infer<typeof stemcellViewSchema>;
export const stemcellListSchema = z.array(stemcellViewSchema);

/** A cloud config version. */
export const cloudConfigViewSchema = z.object({
  id: z.number().int(),
  /** The YAML as uploaded. */
  content: z.string(),
  /** ISO 8601. */
  created_at: z.string(),
});
export type CloudConfigView = z.infer<typeof cloudConfigViewSchema>;
export const cloudConfigListSchema = z.array(cloudConfigViewSchema);

/** `GET /cloud_configs` query. */
export const cloudConfigListQuerySchema = z.strictObject({
  latest: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().positive().max(1000).optional(),
});

/** `GET /deployments`. */
export const deploymentViewSchema = z.object({
  name: z.string(),
  releases: z.array(z.object({ name: z.string(), version: z.string() })),
  stemcells: z.array(z.object({ name: z.string(), version: z.string() })),
  /** `latest`, `outdated` (deployed with an older cloud config) or `none`. */
  cloud_config: z.enum(['latest', 'outdated', 'none']),
  teams: z.array(z.string()),
});
export type DeploymentView = z.infer<typeof deploymentViewSchema>;
export const deploymentListSchema = z.array(deploymentViewSchema);

/** The result text of uploading a release version that is already there with the same content. */
export const RELEASE_ALREADY_UPLOADED = 'Release has already been uploaded';

/**
 * `POST /deployments` query: strings as they come in the URL; each is absent unless the
 * operator asked for it. `skip_drain` is `*` (every instance group) or a comma-separated list
 * of instance group names.
 */
export const deployQuerySchema = z.strictObject({
  recreate: z.literal('true').optional(),
  skip_drain: z
    .string()
    .min(1)
    .transform((s): '*' | string[] => (s === '*' ? '*' : s.split(',').filter((x) => x !== '')))
    .optional(),
  canaries: z.coerce.number().int().nonnegative().optional(),
  max_in_flight: z.coerce.number().int().positive().optional(),
  dry_run: z.literal('true').optional(),
  /** The manifest's file name as the operator gave it, for messages (`manifest.yml:12: ...`). */
  manifest_file: z.string().min(1).max(4096).optional(),
});
export type DeployQuery = z.infer<typeof deployQuerySchema>;

/** `GET /deployments/:name`: the manifest the deployment was last deployed with, as uploaded. */
export const deploymentManifestViewSchema = z.object({
  name: z.string(),
  manifest: z.string(),
});
export type DeploymentManifestView = z.infer<typeof deploymentManifestViewSchema>;

/** `DELETE /deployments/:name` query. */
export const deleteDeploymentQuerySchema = z.strictObject({
  force: z.literal('true').optional(),
});
export type DeleteDeploymentQuery = z.infer<typeof deleteDeploymentQuerySchema>;

/** The Director's error code for a deployment that does not exist (404). */
export const DEPLOYMENT_NOT_FOUND = 'DEPLOYMENT_NOT_FOUND';

/** BOSH's instance states: what the operator asked for. */
export const instanceStateSchema = z.enum(['started', 'stopped', 'detached']);

/** A monit process of an instance, as its agent's `get_state` (full) reports it. */
export const instanceProcessViewSchema = z.object({
  name: z.string(),
  /** monit's word: `running`, `failing`, `starting`, `stopped`, ... */
  state: z.string(),
  uptime_seconds: z.number().nullable(),
  cpu_percent: z.number().nullable(),
  mem_kb: z.number().nullable(),
});
export type InstanceProcessView = z.infer<typeof instanceProcessViewSchema>;

/** `GET /deployments/:name/instances`: every instance, with or without a VM. */
export const instanceViewSchema = z.object({
  instance_group: z.string(),
  /** The instance's UUID. */
  id: z.string(),
  index: z.number().int(),
  az: z.string().nullable(),
  ips: z.array(z.string()),
  bootstrap: z.boolean(),
  state: instanceStateSchema,
  /**
   * The agent's `job_state` (`running`, `starting`, `failing`, `stopped`),
   * `unresponsive agent`, or `''` when the instance has no VM.
   */
  process_state: z.string(),
  vm_cid: z.string().nullable(),
  agent_id: z.string().nullable(),
  update_completed: z.boolean(),
  processes: z.array(instanceProcessViewSchema),
});
export type InstanceView = z.infer<typeof instanceViewSchema>;
export const instanceListSchema = z.array(instanceViewSchema);

/** `GET /deployments/:name/vms`: every VM of the deployment. */
export const vmViewSchema = z.object({
  instance_group: z.string(),
  id: z.string(),
  index: z.number().int(),
  az: z.string().nullable(),
  ips: z.array(z.string()),
  process_state: z.string(),
  vm_cid: z.string(),
  agent_id: z.string(),
  vm_type: z.string().nullable(),
  active: z.boolean(),
  /** Unix seconds. */
  created_at: z.number(),
});
export type VmView = z.infer<typeof vmViewSchema>;
export const vmListSchema = z.array(vmViewSchema);

/**
 * `GET /deployments/:name/logs` query. `instance` is `GROUP` or `GROUP/ID` (ID: UUID or
 * index); absent means every instance. `job` is a comma-separated list of job names.
 */
export const logsQuerySchema = z.strictObject({
  instance: z
    .string()
    .regex(/^[^/]+(\/[^/]+)?$/, 'expected GROUP or GROUP/ID')
    .optional(),
  job: z
    .string()
    .transform((s) => s.split(',').filter((x) => x !== ''))
    .optional(),
});
export type LogsQuery = z.infer<typeof logsQuerySchema>;

/**
 * The result output of a logs task: the blob (`GET /resources/:blobstore_id`) holding a
 * tar.gz of /var/vcap/sys/log of the chosen instances, one directory
 * `<group>.<index>.<uuid>/` per instance.
 */
export const logsResultSchema = z.object({
  blobstore_id: z.string(),
  sha1: z.string(),
});
export type LogsResult = z.infer<typeof logsResultSchema>;
