import { z } from 'zod';

/** The CPI API version Bosun speaks and sends as `api_version`. */
export const CPI_API_VERSION = 2;

const hash = z.record(z.string(), z.unknown());

/**
 * One CPI request as written to the executable's stdin (docs-bosh `cpi-api-rpc.md`):
 * `{"method", "arguments", "context": {"director_uuid", "request_id", ...}, "api_version"}`.
 */
export const cpiRequestSchema = z.object({
  method: z.string().min(1),
  arguments: z.array(z.unknown()),
  context: hash.default({}),
  api_version: z.number().int().optional(),
});
export type CpiRequest = z.infer<typeof cpiRequestSchema>;

/** `error` of a CPI response. */
export const cpiResponseErrorSchema = z.object({
  type: z.string(),
  message: z.string(),
  ok_to_retry: z.boolean(),
});
export type CpiResponseError = z.infer<typeof cpiResponseErrorSchema>;

/** One CPI response as read from the executable's stdout: `{"result", "error", "log"}`. */
export const cpiResponseSchema = z.object({
  result: z.unknown().optional(),
  error: cpiResponseErrorSchema.nullable().optional(),
  log: z.string().optional(),
});
export type CpiResponse = z.infer<typeof cpiResponseSchema>;

/** `context` of a request: the Director's UUID, a request id, the stemcell API version, and the CPI config's properties. */
export function buildCpiContext(
  directorUuid: string,
  requestId: string,
  properties: Readonly<Record<string, unknown>>,
  stemcellApiVersion: number | undefined,
): Record<string, unknown> {
  return {
    director_uuid: directorUuid,
    request_id: requestId,
    ...(stemcellApiVersion === undefined ? {} : { vm: { stemcell: { api_version: stemcellApiVersion } } }),
    ...properties,
  };
}

const REDACTED = '<redacted>';

function redactAllBut(keep: readonly string[], value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keep.includes(k) ? v : REDACTED]));
}

/**
 * A request as it may appear in a debug log, redacted as the BOSH Director does: the CPI
 * config's properties, cloud_properties values, and everything in `env` but `bosh.group`,
 * `bosh.groups` and `bosh.tags` (agent credentials travel there).
 */
export function redactCpiRequest(request: CpiRequest, propertyKeys: readonly string[]): CpiRequest {
  const args = [...request.arguments];
  if (request.method === 'create_vm') {
    args[2] = redactAllBut([], args[2]);
    const networks = args[3];
    if (networks !== null && typeof networks === 'object' && !Array.isArray(networks)) {
      args[3] = Object.fromEntries(
        Object.entries(networks).map(([name, net]) => {
          if (net === null || typeof net !== 'object') return [name, net];
          const n = net as Record<string, unknown>;
          return [
            name,
            'cloud_properties' in n ? { ...n, cloud_properties: redactAllBut([], n['cloud_properties']) } : n,
          ];
        }),
      );
    }
    const env = redactAllBut(['bosh'], args[5]);
    if (env !== null && typeof env === 'object' && 'bosh' in env) {
      (env as Record<string, unknown>)['bosh'] = redactAllBut(
        ['group', 'groups', 'tags'],
        (env as Record<string, unknown>)['bosh'],
      );
    }
    args[5] = env;
  } else if (request.method === 'create_disk') {
    args[1] = redactAllBut([], args[1]);
  }
  const context = Object.fromEntries(
    Object.entries(request.context).map(([k, v]) => [k, propertyKeys.includes(k) ? REDACTED : v]),
  );
  return { ...request, arguments: args.slice(0, request.arguments.length), context };
}
