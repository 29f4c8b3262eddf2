import { open } from 'node:fs/promises';

/** The end of a file, at most `maxBytes`, and whether anything before it was left out. */
export interface OutputTail {
  text: string;
  isTruncated: boolean;
}

/** Reads the last `maxBytes` of `file` (BOSH keeps the last 10 KB of a command's output). */
export async function readOutputTail(file: string, maxBytes: number): Promise<OutputTail> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return { text: buffer.toString('utf8'), isTruncated: size > maxBytes };
  } finally {
    await handle.close();
  }
}
