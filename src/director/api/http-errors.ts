import { BosunError, describeError } from '../../base/index.js';
import type { DirectorApiError } from '../../protocol/index.js';

/**
 * The one place where failures become HTTP responses. A BosunError's code picks the status
 * (codes not listed are the Director's own failures: 500); anything else is an internal
 * error whose message is still shown, as BOSH shows its errors' descriptions.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  UNAUTHORIZED: 401,
  ROUTE_NOT_FOUND: 404,
  TASK_NOT_FOUND: 404,
  DEPLOYMENT_NOT_FOUND: 404,
  RESOURCE_NOT_FOUND: 404,
  MANIFEST_INVALID: 400,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_INVALID: 400,
  YAML_INVALID: 400,
  CLOUD_CONFIG_INVALID: 400,
  STEMCELL_REQUEST_INVALID: 400,
  TASK_NOT_CANCELLABLE: 400,
  REQUEST_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

/** The status and `{code, description}` body for a failure. */
export function httpErrorOf(e: unknown): { status: number; body: DirectorApiError } {
  if (e instanceof BosunError) {
    const body: DirectorApiError = { code: e.code, description: e.message };
    if (e.hint !== undefined) body.hint = e.hint;
    return { status: STATUS_BY_CODE[e.code] ?? 500, body };
  }
  return {
    status: 500,
    body: { code: 'INTERNAL_ERROR', description: `Internal error: ${describeError(e)}` },
  };
}
