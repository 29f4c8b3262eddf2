import { createHash } from 'node:crypto';

/** How many successful logins are remembered; more are simply checked again. */
const REMEMBERED_LOGINS = 64;

/**
 * Checks `Authorization: Basic` credentials against the Director's users. A password check
 * costs tens of milliseconds (scrypt), and a following CLI asks many times a second, so
 * logins that succeeded are remembered by a hash of name and password for the life of the
 * server (users change only when the Director restarts with a new config).
 */
export class BasicAuth {
  private readonly remembered = new Map<string, string>();

  constructor(private readonly isValidLogin: (name: string, password: string) => boolean) {}

  /** The user name, or undefined when the header is missing, malformed or wrong. */
  authenticate(header: string | undefined): string | undefined {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
    if (match === null) return undefined;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return undefined;
    const name = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const key = createHash('sha256').update(`${name}\0${password}`).digest('hex');
    if (this.remembered.get(key) === name) return name;
    if (!this.isValidLogin(name, password)) return undefined;
    if (this.remembered.size >= REMEMBERED_LOGINS) this.remembered.clear();
    this.remembered.set(key, name);
    return name;
  }
}
