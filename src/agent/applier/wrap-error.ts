import { BosunError, describeError, isBosunError } from '../../base/index.js';

/**
 * Runs `step`, prefixing any failure the way BOSH wraps errors on the way up
 * (`Applying job 'nginx': ...`). The code of a BosunError is kept; others get `fallbackCode`.
 */
export async function withContext<T>(
  context: string,
  fallbackCode: string,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw new BosunError(isBosunError(e) ? e.code : fallbackCode, `${context}: ${describeError(e)}`, {
      cause: e,
      ...(isBosunError(e) && e.hint !== undefined ? { hint: e.hint } : {}),
    });
  }
}

/** Job and package names become path components; refuse any that could leave their directory. */
export function checkBundleName(kind: 'job' | 'package', name: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/.test(name)) {
    throw new BosunError('APPLY_SPEC_INVALID', `Invalid ${kind} name '${name}'`);
  }
}
