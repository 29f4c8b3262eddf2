import { open } from 'node:fs/promises';

/** How much of a failed script's output a {@link HookJobFailure} carries. */
export const TAIL_MAX_BYTES = 4096;
export const TAIL_MAX_LINES = 20;

/**
 * Keeps the last `limitBytes` bytes of a stream of chunks, dropping older bytes once the
 * limit is passed, so a chatty script cannot exhaust the agent's memory.
 */
export class CappedCapture {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly limitBytes: number) {}

  append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size > this.limitBytes * 2) this.compact();
  }

  /** Bytes dropped from the front because of the limit. */
  get droppedBytes(): number {
    this.compact();
    return this.dropped;
  }

  /** The kept bytes as UTF-8, starting at a character boundary. */
  text(): string {
    this.compact();
    const buffer = this.chunks[0] ?? Buffer.alloc(0);
    return decodeFromBoundary(buffer, this.dropped > 0);
  }

  private compact(): void {
    let all = Buffer.concat(this.chunks);
    if (all.length > this.limitBytes) {
      this.dropped += all.length - this.limitBytes;
      all = all.subarray(all.length - this.limitBytes);
    }
    this.chunks = [all];
    this.size = all.length;
  }
}

/** The last lines of `text`: at most {@link TAIL_MAX_LINES} lines and {@link TAIL_MAX_BYTES} bytes. */
export function tailOf(text: string): string {
  let bytes = Buffer.from(text, 'utf8');
  const cut = bytes.length > TAIL_MAX_BYTES;
  if (cut) bytes = bytes.subarray(bytes.length - TAIL_MAX_BYTES);
  const tail = decodeFromBoundary(bytes, cut);
  const body = tail.endsWith('\n') ? tail.slice(0, -1) : tail;
  const lines = body.split('\n');
  if (lines.length <= TAIL_MAX_LINES) return tail;
  return lines.slice(-TAIL_MAX_LINES).join('\n') + (tail.endsWith('\n') ? '\n' : '');
}

/** The tail ({@link tailOf}) of what was appended to the file at `path` from byte `fromOffset` on. */
export async function readFileTail(path: string, fromOffset: number): Promise<string> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const start = Math.max(fromOffset, size - TAIL_MAX_BYTES);
    if (size <= start) return '';
    const buffer = Buffer.alloc(size - start);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, start);
    return tailOf(decodeFromBoundary(buffer.subarray(0, bytesRead), start > fromOffset));
  } finally {
    await file.close();
  }
}

/** Decodes UTF-8, skipping continuation bytes at the start when the buffer was cut mid-character. */
function decodeFromBoundary(buffer: Buffer, wasCut: boolean): string {
  let start = 0;
  if (wasCut) {
    while (start < buffer.length && start < 4 && ((buffer[start] ?? 0) & 0xc0) === 0x80) start += 1;
  }
  return buffer.subarray(start).toString('utf8');
}
