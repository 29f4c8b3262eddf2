import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../../base/index.js';
import {
  MonitSyntaxError,
  orderMonitServices,
  parseMonitFile,
  type MonitJobFile,
  type MonitProcess,
  type MonitServiceRef,
} from '../../monit/index.js';
import { jobsOfMonitrcFiles } from './monitrc-files.js';
import type { ServiceDefinition } from './service-watcher.js';

/** What `monit/job/*.monitrc` declares. */
export interface LoadedMonitConfig {
  /** The `check process` stanzas of group vcap, in `depends on` order. */
  readonly services: readonly ServiceDefinition[];
  /** One message per file (or job) that did not load; its job is then failing. */
  readonly problems: readonly string[];
}

/**
 * Reads and parses every `*.monitrc` in `monitJobDir` in monit's order, then checks them
 * together (service names, `depends on`) as monit does when it loads them. Unlike monit, a bad
 * file does not stop the others: it is reported (`job 'web': invalid monit file at line 3: ...`)
 * and left out, and a job whose services conflict across files is left out whole.
 * Only services in group vcap are returned; others are invisible, as in BOSH (§3.1).
 */
export async function loadMonitConfig(monitJobDir: string): Promise<LoadedMonitConfig> {
  const names = await readdir(monitJobDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  const problems: string[] = [];
  let files: MonitJobFile[] = [];
  for (const { fileName, jobName } of jobsOfMonitrcFiles(names)) {
    const path = join(monitJobDir, fileName);
    try {
      files.push({ jobName, file: parseMonitFile(await readFile(path, 'utf8'), { jobName }) });
    } catch (e) {
      problems.push(
        e instanceof MonitSyntaxError
          ? e.message
          : `job '${jobName}': cannot read monit file '${path}': ${describeError(e)}`,
      );
    }
  }
  let ordered: readonly MonitServiceRef[] = [];
  for (;;) {
    try {
      ordered = orderMonitServices(files);
      break;
    } catch (e) {
      if (!(e instanceof MonitSyntaxError)) throw e;
      problems.push(e.message);
      const remaining = files.filter((f) => f.jobName !== e.jobName);
      if (remaining.length === files.length) break;
      files = remaining;
    }
  }
  const services = ordered
    .filter((ref): ref is MonitServiceRef & { service: MonitProcess } => ref.service.type === 'process')
    .filter((ref) => ref.service.groups.some((g) => g.toLowerCase() === 'vcap'))
    .map((ref) => ({ name: ref.service.name, jobName: ref.jobName, process: ref.service }));
  return { services, problems };
}
