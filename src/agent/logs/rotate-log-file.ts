import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, lchown, rename, rm, stat, truncate } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * Rotates one log file as logrotate does with `copytruncate`, `compress` and `rotate <keep>`:
 * the content is copied, gzipped, and the file truncated in place (writers holding it open
 * with O_APPEND go on writing at its start); then `x.log.<keep>.gz` is dropped, `x.log.<n>.gz`
 * become `x.log.<n+1>.gz` and the copy becomes `x.log.1.gz`, with the original's mode and
 * owner. Lines written between the end of the copy and the truncation are lost, as with
 * logrotate.
 */
export async function rotateLogFile(file: string, keep: number): Promise<void> {
  const info = await stat(file);
  const temp = `${file}.rotating.gz`;
  try {
    await pipeline(createReadStream(file), createGzip(), createWriteStream(temp, { mode: 0o600 }));
    await truncate(file, 0);
    await chmod(temp, info.mode & 0o7777);
    if (process.getuid?.() === 0) await lchown(temp, info.uid, info.gid);
  } catch (e) {
    // The copy's failure is the one to report; a leftover temporary file is only untidy.
    await rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
  await rm(`${file}.${keep}.gz`, { force: true });
  for (let n = keep - 1; n >= 1; n -= 1) {
    await rename(`${file}.${n}.gz`, `${file}.${n + 1}.gz`).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
  await rename(temp, `${file}.1.gz`);
}
