import * as tar from 'tar';

/**
 * Writes a tar.gz of the contents of `dir` to `tgzFile`, with entries `./`, `./a`, `./a/b` as
 * `tar czf <file> -C <dir> .` makes them (BOSH `CompressFilesInDir`). Symbolic links are
 * stored as links.
 */
export async function packDirectory(dir: string, tgzFile: string): Promise<void> {
  await tar.c({ gzip: true, file: tgzFile, cwd: dir, portable: true }, ['.']);
}
