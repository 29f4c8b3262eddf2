import { gzipSync } from 'node:zlib';
import { Header, Pax } from 'tar';
import type { RenderedJob } from '../../templates/index.js';
import { compareBytes } from './byte-order.js';

/** BOSH's `CREATED_FILES_PERMISSIONS`. */
const FILE_MODE = 0o644;
/** Every entry's mtime, so that the same render always gives the same bytes. */
const FIXED_MTIME = new Date(0);
const BLOCK = 512;

/**
 * The rendered templates archive of an instance (reference §2.7 step 5, BOSH
 * `RenderedTemplatesInMemoryTarGzipper`): a gzipped tar with `<job>/monit` and
 * `<job>/<destination>` for every rendered file (`.bosh/links.json` included), regular files
 * of mode 0644, no directory entries, as BOSH writes it. Unlike BOSH, entries are sorted by
 * path (bytewise), owned by uid/gid 0 with no user names, and dated 1970-01-01, and the gzip
 * header carries no time: the same render always gives the same bytes (and the same blob id).
 */
export function packRenderedTemplates(jobs: readonly RenderedJob[]): Buffer {
  const entries: Array<{ path: string; contents: Buffer }> = [];
  for (const job of jobs) {
    entries.push({ path: `${job.name}/monit`, contents: Buffer.from(job.monit, 'utf8') });
    for (const file of job.files)
      entries.push({ path: `${job.name}/${file.destination}`, contents: file.contents });
  }
  entries.sort((a, b) => compareBytes(a.path, b.path));
  const blocks: Buffer[] = [];
  for (const { path, contents } of entries) {
    const data = {
      path,
      mode: FILE_MODE,
      uid: 0,
      gid: 0,
      size: contents.length,
      mtime: FIXED_MTIME,
      type: 'File' as const,
    };
    const header = new Header(data);
    // A path too long for the ustar fields goes in a pax extended header before the entry.
    if (header.encode()) blocks.push(new Pax({ path, size: contents.length, mtime: FIXED_MTIME }).encode());
    if (header.block === undefined) throw new Error(`tar header of '${path}' was not encoded`);
    blocks.push(header.block, contents, Buffer.alloc(padding(contents.length)));
  }
  blocks.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(blocks));
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
