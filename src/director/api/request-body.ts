import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import { BosunError, describeError } from '../../base/index.js';
import { formatSchemaIssues } from '../../protocol/index.js';

/**
 * Streams a request body into a new file in `dir` and returns its path; the caller owns the
 * file. A body cut short leaves no file behind.
 */
export async function spoolBodyToFile(body: Readable, dir: string, prefix: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${prefix}-${randomUUID()}.tgz`);
  try {
    await pipeline(body, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
  } catch (e) {
    await rm(path, { force: true });
    throw new BosunError('UPLOAD_FAILED', `Receiving the upload failed: ${describeError(e)}`, { cause: e });
  }
  return path;
}

/**
 * Hands a spooled file to the task that `submit` starts (the task removes it when it ends);
 * removes it here when no task could be started.
 */
export async function submitOwningFile<T>(file: string, submit: () => T): Promise<T> {
  try {
    return submit();
  } catch (e) {
    await rm(file, { force: true });
    throw e;
  }
}

/** Reads a whole body as UTF-8 text; `REQUEST_TOO_LARGE` past `maxBytes`. */
export async function readBodyText(body: Readable, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) {
      body.resume();
      throw new BosunError('REQUEST_TOO_LARGE', `Request body larger than ${maxBytes} bytes`);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a JSON body and validates it; problems are named by their path. */
export async function readJsonBody<T>(body: Readable, schema: z.ZodType<T>, maxBytes: number): Promise<T> {
  const text = await readBodyText(body, maxBytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new BosunError('REQUEST_INVALID', `Request body is not JSON: ${describeError(e)}`, { cause: e });
  }
  return parseWith(schema, raw, 'Request body');
}

/** Validates a query string; unknown parameters are refused by strict schemas. */
export function parseQuery<T>(schema: z.ZodType<T>, query: URLSearchParams): T {
  return parseWith(schema, Object.fromEntries(query), 'Query');
}

function parseWith<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new BosunError(
      'REQUEST_INVALID',
      `${what} is invalid:\n  ${formatSchemaIssues(parsed.error).join('\n  ')}`,
    );
  }
  return parsed.data;
}
