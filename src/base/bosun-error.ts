/**
 * The one error class of Bosun. Every expected failure has a stable `code`, the message a
 * person reads (BOSH's words where BOSH has a message for the same failure), an optional
 * hint saying what to do, and the cause chain.
 */
export class BosunError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BosunError';
    this.code = code;
    this.hint = options.hint;
  }
}

/** True when `e` is a BosunError with the given code (or any code when omitted). */
export function isBosunError(e: unknown, code?: string): e is BosunError {
  return e instanceof BosunError && (code === undefined || e.code === code);
}

/** The message of any thrown value, for wrapping and reporting. */
export function describeError(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
