import { BosunError, describeError } from '../base/index.js';
import { formatSchemaIssues } from '../protocol/index.js';
import type { Cpi } from './cpi.js';
import { CPI_ERROR_TYPES, CpiError } from './cpi-error.js';
import type { MemoryCpiLog } from './cpi-log.js';
import { CPI_METHODS } from './cpi-methods.js';
import { cpiRequestSchema, type CpiResponse, type CpiResponseError } from './cpi-wire.js';

const TOP_LEVEL = '(top level)';

/** Options of one adapted call. */
export interface RunCpiCommandOptions {
  /** The log the CPI wrote to while serving this request; its text becomes the response's `log`. */
  readonly log?: MemoryCpiLog;
  readonly signal?: AbortSignal;
}

/**
 * Serves one CPI request (the JSON text read from stdin) with `cpi` and returns the response
 * JSON text to write to stdout: this is what makes any `Cpi` an external CPI executable
 * (`bosun cpi local --config FILE`). It never rejects: every failure, including a request
 * that is not JSON or names an unknown method, becomes the response's `error`, and the
 * process should exit 0 either way (the Director ignores the exit code).
 */
export async function runCpiCommand(
  cpi: Cpi,
  requestText: string,
  options: RunCpiCommandOptions = {},
): Promise<string> {
  try {
    const result = await serve(cpi, requestText, options.signal);
    return encode({ result: result ?? null, error: null, log: options.log?.text() ?? '' });
  } catch (e) {
    return formatCpiErrorResponse(e, options.log);
  }
}

/** The response JSON text for a request that failed with `e` (also before a CPI could be built, e.g. on a bad config). */
export function formatCpiErrorResponse(e: unknown, log?: MemoryCpiLog): string {
  log?.write(`error: ${describeChain(e)}`);
  return encode({ result: null, error: toResponseError(e), log: log?.text() ?? '' });
}

function encode(response: CpiResponse): string {
  return `${JSON.stringify(response)}\n`;
}

async function serve(cpi: Cpi, requestText: string, signal: AbortSignal | undefined): Promise<unknown> {
  let json: unknown;
  try {
    json = JSON.parse(requestText) as unknown;
  } catch (e) {
    throw new CpiError(CPI_ERROR_TYPES.invalidCall, `Request is not JSON: ${describeError(e)}`);
  }
  const request = cpiRequestSchema.safeParse(json);
  if (!request.success) {
    throw new CpiError(
      CPI_ERROR_TYPES.invalidCall,
      `Invalid request: ${formatSchemaIssues(request.error).join('; ')}`,
    );
  }
  const { method, arguments: rawArgs, context } = request.data;
  const handler = Object.hasOwn(CPI_METHODS, method) ? CPI_METHODS[method] : undefined;
  if (handler === undefined)
    throw new CpiError(CPI_ERROR_TYPES.invalidCall, `Method is not known, got '${method}'`);
  const args = handler.args.safeParse(rawArgs);
  if (!args.success) {
    const issues = formatSchemaIssues(args.error).map((i) =>
      i.startsWith(TOP_LEVEL)
        ? `arguments${i.slice(TOP_LEVEL.length)}`
        : `arguments${i.startsWith('[') ? '' : '.'}${i}`,
    );
    throw new CpiError(CPI_ERROR_TYPES.invalidCall, `Invalid arguments of '${method}': ${issues.join('; ')}`);
  }
  const stemcell = (context['vm'] as { stemcell?: { api_version?: unknown } } | undefined)?.stemcell
    ?.api_version;
  return handler.invoke(cpi, args.data as never, {
    ...(signal === undefined ? {} : { signal }),
    ...(typeof stemcell === 'number' ? { stemcellApiVersion: stemcell } : {}),
  });
}

function toResponseError(e: unknown): CpiResponseError {
  const hint = e instanceof BosunError && e.hint !== undefined ? ` (${e.hint})` : '';
  if (e instanceof CpiError)
    return { type: e.cpiType, message: `${e.message}${hint}`, ok_to_retry: e.isOkToRetry };
  return { type: CPI_ERROR_TYPES.cloud, message: `${describeError(e)}${hint}`, ok_to_retry: false };
}

function describeChain(e: unknown): string {
  const parts: string[] = [];
  for (
    let cause: unknown = e;
    cause !== undefined && parts.length < 10;
    cause = cause instanceof Error ? cause.cause : undefined
  ) {
    parts.push(describeError(cause));
  }
  return parts.join(': caused by: ');
}
