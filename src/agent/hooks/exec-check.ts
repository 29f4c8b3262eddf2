import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';

/** Linux reads at most this many bytes of a `#!` line (BINPRM_BUF_SIZE). */
const SHEBANG_MAX_BYTES = 256;

/**
 * Why the kernel would refuse to execute `path` directly, or undefined when it would run.
 * Node falls back to `/bin/sh` for a file without `#!` (ENOEXEC), which BOSH's agent does not:
 * such a file fails here as it does in BOSH. Messages name the script and the reason.
 */
export async function findExecProblem(path: string): Promise<string | undefined> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => e);
  if (info instanceof Error) {
    return info.code === 'ENOENT' ? `'${path}' does not exist` : `'${path}' cannot be read: ${info.message}`;
  }
  if (!info.isFile()) return `'${path}' is not a regular file`;
  if (!(await isExecutable(path))) return `'${path}' is not executable`;
  const head = await readHead(path);
  if (head === undefined) return undefined; // unreadable yet executable: let exec decide
  if (head.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return undefined;
  if (!head.subarray(0, 2).equals(Buffer.from('#!'))) {
    return `'${path}' has no '#!' line and is not a binary (exec format error)`;
  }
  const interpreter = interpreterOf(head);
  if (interpreter === '') return `'${path}' has an empty '#!' line`;
  const crlf = interpreter.endsWith('\r')
    ? ' (the #! line ends in a carriage return: CRLF line endings)'
    : '';
  const target = await stat(interpreter).catch(() => undefined);
  if (target === undefined) return `'${path}' has no interpreter '${interpreter}'${crlf}`;
  if (!target.isFile() || !(await isExecutable(interpreter))) {
    return `'${path}' has interpreter '${interpreter}' which is not executable`;
  }
  return undefined;
}

/** The interpreter named on a `#!` line: the first word after `#!`, as the kernel splits it. */
export function interpreterOf(head: Buffer): string {
  const text = head.subarray(2).toString('latin1');
  const line = text.split('\n', 1)[0] ?? '';
  return line.replace(/^[ \t]+/, '').split(/[ \t]/, 1)[0] ?? '';
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

async function readHead(path: string): Promise<Buffer | undefined> {
  const file = await open(path, 'r').catch(() => undefined);
  if (file === undefined) return undefined;
  try {
    const buffer = Buffer.alloc(SHEBANG_MAX_BYTES);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
