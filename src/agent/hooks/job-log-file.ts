import { chmod, mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { VcapPaths } from '../vcap-paths.js';
import { readFileTail } from './output-capture.js';

/** Mode of hook log files (reference §4.3) and of a job log directory the hooks create. */
const LOG_FILE_MODE = 0o640;
const LOG_DIR_MODE = 0o750;

/**
 * One hook log file of a job, `sys/log/<job>/<name>`, opened for appending. `startOffset` is
 * its size when opened, so the caller can read back what this run wrote.
 */
export interface JobLogFile {
  readonly path: string;
  readonly fd: number;
  readonly startOffset: number;
  /** The tail of what was appended since the file was opened. */
  readTail(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens `sys/log/<job>/<name>` with O_APPEND|O_CREAT and mode 0640, creating the job log
 * directory with mode 0750 when missing (the applier normally made it, 0770, earlier).
 */
export async function openJobLogFile(paths: VcapPaths, job: string, name: string): Promise<JobLogFile> {
  const dir = paths.jobLogDir(job);
  const created = await mkdir(dir, { recursive: true, mode: LOG_DIR_MODE });
  if (created !== undefined) await chmod(dir, LOG_DIR_MODE);
  const path = join(dir, name);
  const handle: FileHandle = await open(path, 'a', LOG_FILE_MODE);
  try {
    await handle.chmod(LOG_FILE_MODE); // mode on creation is subject to the umask
    const { size } = await handle.stat();
    return {
      path,
      fd: handle.fd,
      startOffset: size,
      readTail: () => readFileTail(path, size),
      close: () => handle.close(),
    };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** Opens a script's `<script>.stdout.log` and `<script>.stderr.log`; closes both with `close`. */
export async function openScriptLogs(
  paths: VcapPaths,
  job: string,
  scriptName: string,
): Promise<{ stdout: JobLogFile; stderr: JobLogFile; close(): Promise<void> }> {
  const stdout = await openJobLogFile(paths, job, `${scriptName}.stdout.log`);
  const stderr = await openJobLogFile(paths, job, `${scriptName}.stderr.log`).catch(async (e: unknown) => {
    await stdout.close();
    throw e;
  });
  return { stdout, stderr, close: async () => void (await Promise.all([stdout.close(), stderr.close()])) };
}
