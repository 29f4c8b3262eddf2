import { BosunError } from '../../base/index.js';

/** Where the Director is and who the CLI is to it. */
export interface DirectorEnvironment {
  /** Base URL, e.g. `http://127.0.0.1:25555` (no trailing slash). */
  readonly url: string;
  readonly client: string;
  readonly clientSecret: string;
}

/** The flags a command was given for the environment; each may be missing. */
export interface EnvironmentFlags {
  environment?: string | undefined;
  client?: string | undefined;
  'client-secret'?: string | undefined;
}

/**
 * The environment from `-e URL --client NAME --client-secret SECRET`, else from
 * `BOSUN_ENVIRONMENT`, `BOSUN_CLIENT` and `BOSUN_CLIENT_SECRET`; flags win, one by one. A
 * bare `host[:port]` means `http://host:port` (25555 when no port is given), as bosh-cli
 * fills in its default port. Fails with `DIRECTOR_ENVIRONMENT_MISSING` naming both ways.
 */
export function resolveDirectorEnvironment(
  flags: EnvironmentFlags,
  env: Readonly<Record<string, string | undefined>>,
): DirectorEnvironment {
  const pick = (flag: string | undefined, variable: string): string | undefined =>
    flag !== undefined && flag !== '' ? flag : env[variable] !== '' ? env[variable] : undefined;
  const url = pick(flags.environment, 'BOSUN_ENVIRONMENT');
  const client = pick(flags.client, 'BOSUN_CLIENT');
  const clientSecret = pick(flags['client-secret'], 'BOSUN_CLIENT_SECRET');
  const missing = [
    url === undefined ? ['-e URL', 'BOSUN_ENVIRONMENT'] : undefined,
    client === undefined ? ['--client NAME', 'BOSUN_CLIENT'] : undefined,
    clientSecret === undefined ? ['--client-secret SECRET', 'BOSUN_CLIENT_SECRET'] : undefined,
  ].filter((m) => m !== undefined);
  if (url === undefined || client === undefined || clientSecret === undefined) {
    throw new BosunError(
      'DIRECTOR_ENVIRONMENT_MISSING',
      `Expected a Director to talk to: missing ${missing.map(([flag, variable]) => `${flag} (or ${variable})`).join(', ')}`,
      {
        hint: "pass -e URL --client NAME --client-secret SECRET, or export BOSUN_ENVIRONMENT, BOSUN_CLIENT and BOSUN_CLIENT_SECRET ('bosun director' prints them)",
      },
    );
  }
  return { url: normalizeUrl(url), client, clientSecret };
}

function normalizeUrl(text: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new BosunError('DIRECTOR_ENVIRONMENT_MISSING', `Invalid Director URL '${text}'`, {
      hint: 'give it as http://HOST:PORT',
    });
  }
  if (url.port === '' && !/^[a-z]+:\/\/[^/]*:\d+/i.test(withScheme)) url.port = '25555';
  return url.toString().replace(/\/+$/, '');
}
