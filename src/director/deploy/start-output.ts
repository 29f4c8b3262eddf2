import { Parser } from 'tar';
import type { Blobstore } from '../blobstore/index.js';
import type { InstanceAgent } from './instance-agent.js';

/** The last lines of a file the supervisor wrote while starting a process. */
export interface StartOutput {
  /** Relative to `/var/vcap/sys/log`, e.g. `<job>/<process>.monit.stderr.log`. */
  readonly file: string;
  readonly tail: string;
}

const TAIL_LINES = 10;

/**
 * What the start programs of the processes that are not running wrote (the supervisor keeps
 * it in `/var/vcap/sys/log/<job>/<process>.monit.{stderr,stdout}.log`), fetched from the agent
 * with `fetch_logs`, so a deploy that fails with AgentJobNotRunning says why without ssh.
 * Best effort: any failure gives no output.
 */
export async function fetchStartOutput(
  agent: InstanceAgent,
  blobstore: Blobstore,
  processes: readonly string[],
  signal?: AbortSignal,
): Promise<StartOutput[]> {
  if (processes.length === 0) return [];
  const filters = processes.map((p) => `**/${p}*.log`);
  try {
    const result = (await agent.run('fetch_logs', ['job', filters], signal)) as { blobstore_id?: unknown };
    if (typeof result.blobstore_id !== 'string') return [];
    const id = result.blobstore_id;
    try {
      const files = await readTarFiles(await blobstore.open(id));
      return files
        .map(({ path, text }) => ({ file: path.replace(/^\.\//, ''), tail: lastLines(text, TAIL_LINES) }))
        .filter((o) => o.tail !== '')
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    } finally {
      await blobstore.delete(id);
    }
  } catch {
    return [];
  }
}

function readTarFiles(stream: NodeJS.ReadableStream): Promise<Array<{ path: string; text: string }>> {
  return new Promise((resolve, reject) => {
    const files: Array<{ path: string; text: string }> = [];
    const parser = new Parser({
      onReadEntry: (entry) => {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          if (entry.type === 'File') files.push({ path: entry.path, text: Buffer.concat(chunks).toString('utf8') });
        });
      },
    });
    parser.on('end', () => resolve(files));
    parser.on('error', reject);
    stream.on('error', reject);
    stream.pipe(parser);
  });
}

function lastLines(text: string, count: number): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
