import { BosunError } from '../../base/index.js';
import type { ApplySpec } from '../../protocol/index.js';

/** BOSH's default `max_log_file_size` (reference §8). */
export const DEFAULT_MAX_LOG_FILE_SIZE = '50M';

const UNIT_BYTES: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * Parses a logrotate `size` value: bytes, or a whole number followed by `k`, `M` or `G`
 * (binary units, either case, as logrotate reads them). Throws `LOG_SIZE_INVALID`.
 */
export function parseLogSize(text: string): number {
  const match = /^(\d+)([kKmMgG]?)$/.exec(text.trim());
  const bytes = match === null ? NaN : Number(match[1]) * (UNIT_BYTES[(match[2] ?? '').toLowerCase()] ?? NaN);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new BosunError(
      'LOG_SIZE_INVALID',
      `properties.logging.max_log_file_size: invalid size '${text}' (expected bytes or a number followed by k, M or G, like 50M)`,
    );
  }
  return bytes;
}

/** The apply spec's `properties.logging.max_log_file_size`, or the 50M default when empty. */
export function maxLogFileSizeOf(spec: ApplySpec): string {
  const size = spec.properties?.logging?.max_log_file_size ?? '';
  return size === '' ? DEFAULT_MAX_LOG_FILE_SIZE : size;
}
