import { spawn } from 'node:child_process';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BosunError, describeError } from '../../base/index.js';
import type { ProgramExit, ProgramRequest, ProgramRunner, RunningProgram } from './program-runner.js';

const LOG_FILE_MODE = 0o640;
const LOG_DIR_MODE = 0o750;
/** How much of a run's stderr is read back, and how many of its last lines are kept. */
const TAIL_BYTES = 4096;
const TAIL_LINES = 10;

/** The ProgramRunner of the agent: node:child_process with `detached` (setsid), output to files. */
export class SpawnProgramRunner implements ProgramRunner {
  async spawn(request: ProgramRequest): Promise<RunningProgram> {
    const [command, ...args] = request.argv;
    if (command === undefined) throw new BosunError('PROGRAM_NOT_EXECUTABLE', 'empty program');
    const ids = await resolveIds(request.user, request.group);
    const stdout = await openLog(request.stdoutPath);
    const stderr = await openLog(request.stderrPath).catch(async (e: unknown) => {
      await stdout.handle.close();
      throw e;
    });
    try {
      const child = spawn(command, args, {
        detached: true,
        cwd: '/',
        env: { ...request.env },
        stdio: ['ignore', stdout.handle.fd, stderr.handle.fd],
        ...ids,
      });
      const exit = new Promise<ProgramExit>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      const failure = await new Promise<Error | undefined>((resolve) => {
        child.once('spawn', () => resolve(undefined));
        child.once('error', (e) => resolve(e));
      });
      if (failure !== undefined || child.pid === undefined) {
        throw new BosunError(
          'PROGRAM_NOT_EXECUTABLE',
          `'${command}' could not be executed: ${explain(failure)}`,
          {
            cause: failure,
          },
        );
      }
      // Signals go through kill(2) by pid, so no further 'error' is expected; one must not crash the agent.
      child.on('error', () => undefined);
      return {
        pid: child.pid,
        exit,
        stderrTail: () => readTail(request.stderrPath, stderr.startOffset),
      };
    } finally {
      // The child holds its own copies of the descriptors.
      await stdout.handle.close();
      await stderr.handle.close();
    }
  }
}

async function openLog(path: string): Promise<{ handle: FileHandle; startOffset: number }> {
  await mkdir(dirname(path), { recursive: true, mode: LOG_DIR_MODE });
  const handle = await open(path, 'a', LOG_FILE_MODE);
  const { size } = await handle.stat();
  return { handle, startOffset: size };
}

/** The last lines of what was appended to `path` after `offset`. */
export async function readTail(path: string, offset: number): Promise<string> {
  const bytes = await readFile(path).catch(() => Buffer.alloc(0));
  const from = Math.max(offset, bytes.length - TAIL_BYTES);
  const lines = bytes.subarray(from).toString('utf8').trimEnd().split('\n');
  return lines.slice(-TAIL_LINES).join('\n');
}

function explain(e: Error | undefined): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied (is it executable?)';
  return e === undefined ? 'no pid' : describeError(e);
}

/** Numeric ids for `as uid` / `and gid`; a user's own group when only the user is given. */
async function resolveIds(
  user: string | undefined,
  group: string | undefined,
): Promise<{ uid?: number; gid?: number }> {
  const ids: { uid?: number; gid?: number } = {};
  if (user !== undefined) {
    const entry = await lookup('/etc/passwd', user);
    ids.uid = entry.id;
    if (group === undefined && entry.groupId !== undefined) ids.gid = entry.groupId;
  }
  if (group !== undefined) ids.gid = (await lookup('/etc/group', group)).id;
  return ids;
}

async function lookup(file: string, name: string): Promise<{ id: number; groupId: number | undefined }> {
  const text = await readFile(file, 'utf8').catch(() => '');
  for (const line of text.split('\n')) {
    const [entryName, , id, groupId] = line.split(':');
    if (entryName === name || (/^\d+$/.test(name) && id === name)) {
      return {
        id: Number(id),
        groupId: groupId === undefined || file.endsWith('group') ? undefined : Number(groupId),
      };
    }
  }
  if (/^\d+$/.test(name)) return { id: Number(name), groupId: undefined };
  const what = file.endsWith('group') ? 'group' : 'user';
  throw new BosunError('PROGRAM_NOT_EXECUTABLE', `unknown ${what} '${name}' (not in ${file})`);
}
