import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DirectorStore } from './director-store.js';

/** What {@link provisionUsers} did. */
export interface ProvisionedUsers {
  /** Set when the generated admin was created now: where its credentials were written. */
  credentialsFile: string | undefined;
  /** Names of the users that can log in. */
  userNames: string[];
}

/** The file, in the data directory, holding the generated admin's credentials. */
export const ADMIN_CREDENTIALS_FILE = 'admin-credentials.yml';

/**
 * Sets up the Director's users at start-up. With users in the config
 * (`user_management.local.users`), they are exactly the users. Without, an `admin` user with
 * a random password is created on first start and its credentials are written, mode 0600,
 * to `<dataDir>/admin-credentials.yml`; later starts keep it. Idempotent.
 */
export function provisionUsers(
  store: DirectorStore,
  configUsers: ReadonlyArray<{ name: string; password: string }> | undefined,
  generatePassword: () => string = () => randomBytes(18).toString('base64url'),
): ProvisionedUsers {
  if (configUsers !== undefined && configUsers.length > 0) {
    store.users.replaceConfigUsers(configUsers);
    return { credentialsFile: undefined, userNames: configUsers.map((u) => u.name) };
  }
  let credentialsFile: string | undefined;
  if (store.users.find('admin') === undefined) {
    const password = generatePassword();
    credentialsFile = join(store.dataDir, ADMIN_CREDENTIALS_FILE);
    // The file first: a password that was never shown must not lock the operator out.
    writeFileSync(credentialsFile, `name: admin\npassword: ${password}\n`, { mode: 0o600 });
    store.users.create({ name: 'admin', password, source: 'generated' });
  }
  return { credentialsFile, userNames: store.users.list().map((u) => u.name) };
}
