import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { describe, expect, it } from 'vitest';
import { parseMonitFile } from '../../monit/index.js';
import type { RenderedJob } from '../../templates/index.js';
import { packRenderedTemplates } from './rendered-archive.js';

function job(name: string, monit: string, files: Record<string, string>): RenderedJob {
  return {
    name,
    monit,
    monitFile: parseMonitFile(monit, { jobName: name }),
    files: Object.entries(files).map(([destination, contents]) => ({
      source: `${destination}.erb`,
      destination,
      contents: Buffer.from(contents),
    })),
  };
}

interface Entry {
  path: string;
  type: string;
  mode: number | undefined;
  mtime: number | undefined;
  uid: number | undefined;
  contents: string;
}

/** Reads a tar.gz back with the `tar` package, in archive order. */
async function entriesOf(archive: Buffer): Promise<Entry[]> {
  const entries: Entry[] = [];
  const parser = new Parser({ strict: true });
  parser.on('entry', (entry: ReadEntry) => {
    const chunks: Buffer[] = [];
    entry.on('data', (c: Buffer) => chunks.push(c));
    entry.on('end', () =>
      entries.push({
        path: entry.path,
        type: entry.type,
        mode: entry.mode,
        mtime: entry.mtime?.getTime(),
        uid: entry.uid,
        contents: Buffer.concat(chunks).toString(),
      }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(archive);
  });
  return entries;
}

// Longer than ustar's name and prefix fields hold: needs a pax header.
const LONG = `${'deep/'.repeat(60)}file.conf`;
const JOBS = [
  job('web', 'check process web\n  with pidfile /p\n', {
    'bin/ctl': '#!/bin/bash\n',
    '.bosh/links.json': '[]\n',
  }),
  job('cron', '', { [LONG]: 'x'.repeat(513), '.bosh/links.json': '[]\n' }),
];

describe('packRenderedTemplates', () => {
  it('§2.7 writes <job>/monit and <job>/<dest> as 0644 files, sorted, dated 1970', async () => {
    const entries = await entriesOf(packRenderedTemplates(JOBS));
    expect(entries).toEqual([
      { path: 'cron/.bosh/links.json', type: 'File', mode: 0o644, mtime: 0, uid: 0, contents: '[]\n' },
      { path: `cron/${LONG}`, type: 'File', mode: 0o644, mtime: 0, uid: 0, contents: 'x'.repeat(513) },
      { path: 'cron/monit', type: 'File', mode: 0o644, mtime: 0, uid: 0, contents: '' },
      { path: 'web/.bosh/links.json', type: 'File', mode: 0o644, mtime: 0, uid: 0, contents: '[]\n' },
      { path: 'web/bin/ctl', type: 'File', mode: 0o644, mtime: 0, uid: 0, contents: '#!/bin/bash\n' },
      {
        path: 'web/monit',
        type: 'File',
        mode: 0o644,
        mtime: 0,
        uid: 0,
        contents: 'check process web\n  with pidfile /p\n',
      },
    ]);
  });

  it('gives the same bytes for the same jobs in any order, with no time in the gzip header', () => {
    const archive = packRenderedTemplates(JOBS);
    expect(archive.equals(packRenderedTemplates([...JOBS].reverse()))).toBe(true);
    expect(archive.readUInt32LE(4)).toBe(0); // gzip MTIME
    // Whole 512-byte blocks, ending with two zero blocks.
    const tar = gunzipSync(archive);
    expect(tar.length % 512).toBe(0);
    expect(tar.subarray(-1024).every((b) => b === 0)).toBe(true);
  });
});
