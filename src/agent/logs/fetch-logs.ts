import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BosunError } from '../../base/index.js';
import { packDirectory } from '../applier/index.js';
import type { AgentBlobstore } from '../blobstore/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import { compileLogFilters } from './log-filter.js';

/** What {@link fetchLogs} bundles. */
export interface FetchLogsRequest {
  paths: VcapPaths;
  blobstore: AgentBlobstore;
  /** `job`: `sys/log`; `agent`: the agent's own log directory `bosh/log`. */
  logType: string;
  /** Globs relative to the log directory, or job names; none means everything. */
  filters?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * BOSH's `fetch_logs`: copies the matching regular files of the log directory (symbolic links
 * are skipped) to a scratch directory, packs it as a tgz with entries `./<job>/<file>`, stores
 * it in the blobstore and returns its id and SHA1. Copying first keeps the bundle consistent
 * while logs grow or rotate.
 */
export async function fetchLogs(request: FetchLogsRequest): Promise<{ blobstore_id: string; sha1: string }> {
  const { paths, blobstore } = request;
  const logDir = logDirOf(paths, request.logType);
  const isWanted = compileLogFilters(request.filters ?? []);
  await mkdir(paths.tmpDir, { recursive: true });
  const scratch = join(paths.tmpDir, `logs-${randomUUID()}`);
  const tgz = `${scratch}.tgz`;
  try {
    await mkdir(scratch, { mode: 0o700 });
    for (const file of await listFiles(logDir)) {
      if (!isWanted(file)) continue;
      request.signal?.throwIfAborted();
      await mkdir(dirname(join(scratch, file)), { recursive: true });
      await copyFile(join(logDir, file), join(scratch, file));
    }
    await packDirectory(scratch, tgz);
    const stored = await blobstore.put(tgz, request.signal);
    return { blobstore_id: stored.blobstoreId, sha1: stored.sha1 };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    await rm(tgz, { force: true });
  }
}

/** {@link fetchLogs} bound to one VM's paths and blobstore, for the `fetch_logs` action. */
export class LogFetcher {
  constructor(private readonly options: { paths: VcapPaths; blobstore: AgentBlobstore }) {}

  fetchLogs(
    logType: string,
    filters: readonly string[],
    signal?: AbortSignal,
  ): Promise<{ blobstore_id: string; sha1: string }> {
    return fetchLogs({ ...this.options, logType, filters, signal });
  }
}

function logDirOf(paths: VcapPaths, logType: string): string {
  if (logType === 'job') return paths.sysLogDir;
  if (logType === 'agent') return paths.agentLogDir;
  throw new BosunError('FETCH_LOGS_INVALID', 'Invalid log type', {
    hint: "The log type is 'job' or 'agent'.",
  });
}

/** Regular files under `dir`, as paths relative to it, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return [];
      throw e;
    },
  );
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}
