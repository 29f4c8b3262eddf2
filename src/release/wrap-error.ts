import { BosunError, describeError } from '../base/index.js';

/**
 * Wraps an error the way BOSH reads, `<context>: <cause>`, keeping a BosunError's code and
 * hint (any other error becomes `fallbackCode`).
 */
export function wrapError(e: unknown, context: string, fallbackCode = 'INPUT_UNREADABLE'): BosunError {
  const code = e instanceof BosunError ? e.code : fallbackCode;
  const hint = e instanceof BosunError ? e.hint : undefined;
  return new BosunError(
    code,
    `${context}: ${describeError(e)}`,
    hint === undefined ? { cause: e } : { cause: e, hint },
  );
}
