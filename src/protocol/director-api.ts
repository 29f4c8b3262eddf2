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
