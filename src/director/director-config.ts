import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { BosunError, describeError } from '../base/index.js';
import { parseLocalCpiConfig, type LocalCpiConfig } from '../cpi/index.js';
import { formatSchemaIssues } from '../protocol/index.js';
import { fromRubyValue, loadYaml } from '../yaml/index.js';

const absolutePath = z.string().regex(/^\//, 'must be an absolute path');

/**
 * `bosun director --config FILE` (YAML or JSON). Every key is optional:
 *
 * ```yaml
 * name: bosun                     # shown by `bosun env`
 * port: 25555
 * bind: 127.0.0.1
 * director: {enable_post_deploy: false, max_threads: 4}
 * user_management: {local: {users: [{name: admin, password: secret}]}}
 * cpi: {type: local, local: {bridge: bosun0}}   # or {type: external, path: /abs/cpi, properties: {...}}
 * blobstore: {path: /abs/blobs}  # default DATA_DIR/blobs
 * database: {path: /abs/db}      # the directory of director.db and task output; default DATA_DIR
 * ```
 */
export const directorConfigFileSchema = z.strictObject({
  name: z.string().min(1).default('bosun'),
  port: z.number().int().min(0).max(65535).default(25555),
  bind: z.string().min(1).default('127.0.0.1'),
  director: z
    .strictObject({
      enable_post_deploy: z.boolean().default(false),
      max_threads: z.number().int().positive().default(4),
    })
    .prefault({}),
  user_management: z
    .strictObject({
      provider: z.literal('local').default('local'),
      local: z
        .strictObject({
          users: z
            .array(z.strictObject({ name: z.string().min(1), password: z.string().min(1) }))
            .default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  cpi: z
    .discriminatedUnion('type', [
      /** `local` holds the local CPI's settings (src/cpi local-cpi-config.ts); `cpi_dir` defaults to DATA_DIR/cpi. */
      z.strictObject({ type: z.literal('local'), local: z.record(z.string(), z.unknown()).default({}) }),
      z.strictObject({
        type: z.literal('external'),
        path: absolutePath,
        properties: z.record(z.string(), z.unknown()).default({}),
        env: z.record(z.string(), z.string()).optional(),
        timeout_ms: z.number().int().positive().optional(),
      }),
    ])
    .prefault({ type: 'local' }),
  blobstore: z.strictObject({ path: absolutePath }).optional(),
  database: z.strictObject({ path: absolutePath }).optional(),
});

/** How the Director reaches its CPI. */
export type DirectorCpiConfig =
  | { readonly type: 'local'; readonly local: LocalCpiConfig }
  | {
      readonly type: 'external';
      readonly path: string;
      readonly properties: Readonly<Record<string, unknown>>;
      readonly env: Readonly<Record<string, string>> | undefined;
      readonly timeoutMs: number | undefined;
    };

/** The Director's settings, read once by `bosun director` and passed down read-only. */
export interface DirectorConfig {
  readonly dataDir: string;
  readonly name: string;
  readonly port: number;
  readonly bind: string;
  readonly enablePostDeploy: boolean;
  readonly maxThreads: number;
  /** The users from the config; empty means a generated `admin`. */
  readonly users: ReadonlyArray<{ readonly name: string; readonly password: string }>;
  readonly cpi: DirectorCpiConfig;
  readonly blobstoreDir: string;
  /** Holds `director.db`, task output and the generated admin's credentials. */
  readonly databaseDir: string;
}

/** Validates a parsed config (`source` names it in messages) and fills in defaults under `dataDir`. */
export function resolveDirectorConfig(raw: unknown, dataDirArg: string, source: string): DirectorConfig {
  const dataDir = resolve(dataDirArg);
  const parsed = directorConfigFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new BosunError(
      'DIRECTOR_CONFIG_INVALID',
      `Director config ${source} is invalid:\n  ${formatSchemaIssues(parsed.error).join('\n  ')}`,
    );
  }
  const file = parsed.data;
  const cpi: DirectorCpiConfig =
    file.cpi.type === 'local'
      ? {
          type: 'local',
          local: parseLocalCpiConfig(
            { cpi_dir: join(dataDir, 'cpi'), ...file.cpi.local },
            `${source} (cpi.local)`,
          ),
        }
      : {
          type: 'external',
          path: file.cpi.path,
          properties: file.cpi.properties,
          env: file.cpi.env,
          timeoutMs: file.cpi.timeout_ms,
        };
  return {
    dataDir,
    name: file.name,
    port: file.port,
    bind: file.bind,
    enablePostDeploy: file.director.enable_post_deploy,
    maxThreads: file.director.max_threads,
    users: file.user_management.local.users,
    cpi,
    blobstoreDir: file.blobstore?.path ?? join(dataDir, 'blobs'),
    databaseDir: file.database?.path ?? dataDir,
  };
}

/** Reads the config file (none: every default) for a Director in `dataDir`. */
export async function readDirectorConfig(file: string | undefined, dataDir: string): Promise<DirectorConfig> {
  if (file === undefined) return resolveDirectorConfig({}, dataDir, '(defaults)');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new BosunError(
      'DIRECTOR_CONFIG_UNREADABLE',
      `Cannot read Director config ${file}: ${describeError(e)}`,
      {
        cause: e,
      },
    );
  }
  let raw: unknown;
  try {
    raw = fromRubyValue(loadYaml(text, file));
  } catch (e) {
    throw new BosunError(
      'DIRECTOR_CONFIG_INVALID',
      `Director config ${file} is not valid YAML or JSON: ${describeError(e)}`,
      {
        cause: e,
      },
    );
  }
  return resolveDirectorConfig(raw, dataDir, file);
}
