import { BosunError } from '../../base/index.js';

/** The string argument at `index`, or a clear error naming the action and position. */
export function stringArg(action: string, args: readonly unknown[], index: number, what: string): string {
  const value = args[index];
  if (typeof value !== 'string') {
    throw new BosunError('AGENT_ARGUMENTS_INVALID', `${action}: argument ${index + 1} (${what}) must be a string, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

/** The object argument at `index` (absent → `{}` when optional). */
export function objectArg(action: string, args: readonly unknown[], index: number, what: string, optional = false): Record<string, unknown> {
  const value = args[index];
  if (value === undefined && optional) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BosunError('AGENT_ARGUMENTS_INVALID', `${action}: argument ${index + 1} (${what}) must be an object, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value as Record<string, unknown>;
}
