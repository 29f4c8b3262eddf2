import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BosunError } from '../../../base/index.js';
import { taskOutputTypeSchema } from '../../../protocol/index.js';
import { readTaskOutput } from '../../tasks/index.js';
import type { Route } from '../api-types.js';
import { findTask } from './find-task.js';

/**
 * `GET /tasks/:id/output?type=event|debug|result` (BOSH's default: debug). With
 * `Range: bytes=N-`, only the bytes from N on: 206 with `Content-Range`, or 416 when there
 * is nothing past N yet, which is how a follower polls a running task.
 */
export const taskOutputRoute: Route = {
  method: 'GET',
  path: '/tasks/:id/output',
  handle: async (request, context) => {
    const task = findTask(context, request.params['id']);
    const type = taskOutputTypeSchema.safeParse(request.query.get('type') ?? 'debug');
    if (!type.success) {
      throw new BosunError(
        'REQUEST_INVALID',
        `Unknown task output type '${request.query.get('type')}'; use event, debug or result`,
      );
    }
    const from = parseRangeStart(request.headers.range);
    // The files of task-output.ts: `<outputDir>/<type>`.
    const size = (await stat(join(task.outputDir, type.data)).catch(() => undefined))?.size ?? 0;
    if (from === undefined) {
      return { status: 200, raw: await readTaskOutput(task.outputDir, type.data, 0) };
    }
    if (from >= size)
      return { status: 416, raw: Buffer.alloc(0), headers: { 'Content-Range': `bytes */${size}` } };
    const bytes = await readTaskOutput(task.outputDir, type.data, from);
    const total = from + bytes.length;
    return {
      status: 206,
      raw: bytes,
      headers: { 'Content-Range': `bytes ${from}-${total - 1}/${Math.max(size, total)}` },
    };
  },
};

/** The N of `bytes=N-`; undefined without a Range header. Other range forms are refused. */
function parseRangeStart(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d{1,15})-$/.exec(header.trim());
  if (match === null) {
    throw new BosunError('REQUEST_INVALID', `Unsupported Range '${header}'; use bytes=N-`);
  }
  return Number(match[1]);
}
