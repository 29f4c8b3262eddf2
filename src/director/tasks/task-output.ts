import { appendFileSync, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { BosunError } from '../../base/index.js';

/** The three outputs of a task, as in BOSH: the event log, the debug log, the result. */
export const TASK_OUTPUT_TYPES = ['event', 'debug', 'result'] as const;
export type TaskOutputType = (typeof TASK_OUTPUT_TYPES)[number];

/**
 * Appends to a task's output files `<outputDir>/{event,debug,result}`. Each append is one
 * write of whole lines, in call order, so a reader never sees half an event. `onAppend` runs
 * after every append (to wake followers).
 */
export class TaskOutputWriter {
  constructor(
    private readonly outputDir: string,
    private readonly onAppend: () => void,
  ) {
    mkdirSync(outputDir, { recursive: true });
  }

  append(type: TaskOutputType, text: string): void {
    try {
      appendFileSync(join(this.outputDir, type), text);
    } catch (e) {
      throw new BosunError(
        'TASK_OUTPUT_FAILED',
        `Writing the ${type} output of the task in ${this.outputDir}`,
        { cause: e },
      );
    }
    this.onAppend();
  }

  /** Appends `line` and a newline. */
  appendLine(type: TaskOutputType, line: string): void {
    this.append(type, `${line}\n`);
  }
}

/**
 * The bytes of a task's output from byte `fromOffset` to the current end (empty when there
 * are none yet, or the file does not exist). Offsets are bytes, as HTTP ranges are.
 */
export async function readTaskOutput(
  outputDir: string,
  type: TaskOutputType,
  fromOffset = 0,
): Promise<Buffer> {
  const file = await open(join(outputDir, type), 'r').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (file === undefined) return Buffer.alloc(0);
  try {
    const { size } = await file.stat();
    if (size <= fromOffset) return Buffer.alloc(0);
    const buffer = Buffer.alloc(size - fromOffset);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, fromOffset);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
