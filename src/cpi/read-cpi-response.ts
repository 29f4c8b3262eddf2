import { describeError } from '../base/index.js';
import { formatSchemaIssues } from '../protocol/index.js';
import type { CommandResult } from './command-runner.js';
import { CPI_ERROR_TYPES, CpiError, KNOWN_CPI_ERROR_TYPES } from './cpi-error.js';
import { cpiResponseSchema, type CpiResponse } from './cpi-wire.js';

/**
 * Reads an external CPI's stdout as the BOSH Director does, ignoring the exit code: the
 * response, or a CpiError in BOSH's words (`Invalid CPI response - ParserError - ...`,
 * `CPI error '<type>' with message '<message>' in '<method>' CPI method (CPI request ID:
 * '<id>')`). Returns the parsed response when it is valid, so the caller can log it.
 */
export function readCpiResponse(
  method: string,
  requestId: string,
  output: CommandResult,
): { response: CpiResponse | null; failure: CpiError | null } {
  const where = `in '${method}' CPI method (CPI request ID: '${requestId}')`;
  let json: unknown;
  try {
    json = JSON.parse(output.stdout) as unknown;
  } catch (e) {
    return {
      response: null,
      failure: invalid(`ParserError - ${describeError(e).replace(/\s+/g, ' ')}`, where, output),
    };
  }
  const parsed = cpiResponseSchema.safeParse(json);
  if (!parsed.success) {
    const issues = formatSchemaIssues(parsed.error).join('; ');
    return { response: null, failure: invalid(`SchemaValidationError: ${issues}`, where, output) };
  }
  const error = parsed.data.error;
  if (error === null || error === undefined) return { response: parsed.data, failure: null };
  const text = `CPI error '${error.type}' with message '${error.message}' ${where}`;
  // BOSH's compatibility rule for CPIs that answer an unknown method with their own error.
  const isNotImplemented =
    (error.type === CPI_ERROR_TYPES.invalidCall && error.message.startsWith('Method is not known, got')) ||
    (error.type === CPI_ERROR_TYPES.cloud && error.message.startsWith('Invalid Method:'));
  if (isNotImplemented)
    return { response: parsed.data, failure: new CpiError(CPI_ERROR_TYPES.notImplemented, text) };
  const options = { isOkToRetry: error.ok_to_retry };
  const failure = KNOWN_CPI_ERROR_TYPES.has(error.type)
    ? new CpiError(error.type, text, options)
    : new CpiError(
        error.type,
        `Unknown CPI error '${error.type}' with message '${error.message}' ${where}`,
        options,
      );
  return { response: parsed.data, failure };
}

function invalid(problem: string, where: string, output: CommandResult): CpiError {
  const exit =
    output.exitSignal === null ? `exit code ${String(output.exitCode)}` : `signal ${output.exitSignal}`;
  const stderrTail = output.stderr.trim().split('\n').slice(-5).join('\n');
  const stderr = stderrTail === '' ? '' : `; stderr:\n${stderrTail}`;
  return new CpiError(CPI_ERROR_TYPES.cpi, `Invalid CPI response - ${problem} ${where}; ${exit}${stderr}`);
}
