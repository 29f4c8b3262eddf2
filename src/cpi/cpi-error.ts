import { BosunError } from '../base/index.js';

/** BOSH's CPI error classes (`Bosh::Clouds::*`), the `type` of a CPI error response. */
export const CPI_ERROR_TYPES = {
  cloud: 'Bosh::Clouds::CloudError',
  cpi: 'Bosh::Clouds::CpiError',
  notSupported: 'Bosh::Clouds::NotSupported',
  notImplemented: 'Bosh::Clouds::NotImplemented',
  vmNotFound: 'Bosh::Clouds::VMNotFound',
  networkNotFound: 'Bosh::Clouds::NetworkNotFound',
  noDiskSpace: 'Bosh::Clouds::NoDiskSpace',
  diskNotAttached: 'Bosh::Clouds::DiskNotAttached',
  diskNotFound: 'Bosh::Clouds::DiskNotFound',
  vmCreationFailed: 'Bosh::Clouds::VMCreationFailed',
  /** What BOSH's CPI libraries answer for a malformed request or an unknown method. */
  invalidCall: 'InvalidCall',
} as const;

/** The error types the BOSH Director knows (`ExternalCpi::KNOWN_RPC_ERRORS`). */
export const KNOWN_CPI_ERROR_TYPES: ReadonlySet<string> = new Set(
  Object.values(CPI_ERROR_TYPES).filter((t) => t !== CPI_ERROR_TYPES.invalidCall),
);

/**
 * A failed CPI call, code `CPI_ERROR`. `cpiType` is BOSH's error class name and
 * `isOkToRetry` says whether calling again with the same arguments may succeed. Local CPI
 * failures use the same class, so a caller handles both CPIs alike.
 */
export class CpiError extends BosunError {
  readonly cpiType: string;
  readonly isOkToRetry: boolean;

  constructor(
    cpiType: string,
    message: string,
    options: { cause?: unknown; hint?: string; isOkToRetry?: boolean } = {},
  ) {
    super('CPI_ERROR', message, options);
    this.name = 'CpiError';
    this.cpiType = cpiType;
    this.isOkToRetry = options.isOkToRetry ?? false;
  }
}

/** True when `e` is a CpiError of the given BOSH type (or any type when omitted). */
export function isCpiError(e: unknown, cpiType?: string): e is CpiError {
  return e instanceof CpiError && (cpiType === undefined || e.cpiType === cpiType);
}
