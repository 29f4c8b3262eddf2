import { createHash } from 'node:crypto';
import type { RenderedJob } from '../../templates/index.js';
import { compareBytes } from './byte-order.js';

/**
 * An instance's `configuration_hash` (reference §2.7 step 4, BOSH `RenderedJobInstance`): the
 * SHA-1 hex, over the jobs sorted by name, of each job's monit text, its name, then for each
 * rendered file sorted by source path (`.bosh/links.json` included) its contents and its
 * destination. Names and paths sort bytewise, as Ruby's `<=>` does.
 */
export function configurationHashOf(jobs: readonly RenderedJob[]): string {
  const digest = createHash('sha1');
  for (const job of [...jobs].sort((a, b) => compareBytes(a.name, b.name))) {
    digest.update(job.monit, 'utf8');
    digest.update(job.name, 'utf8');
    for (const file of filesBySource(job)) {
      digest.update(file.contents);
      digest.update(file.destination, 'utf8');
    }
  }
  return digest.digest('hex');
}

/**
 * `template_hashes` (§2.7 step 4, BOSH `RenderedJobTemplate#template_hash`): per job, the
 * SHA-1 hex of its monit text then its files' contents, files sorted by source path.
 */
export function templateHashesOf(jobs: readonly RenderedJob[]): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const job of jobs) {
    const digest = createHash('sha1');
    digest.update(job.monit, 'utf8');
    for (const file of filesBySource(job)) digest.update(file.contents);
    hashes[job.name] = digest.digest('hex');
  }
  return hashes;
}

function filesBySource(job: RenderedJob): RenderedJob['files'] {
  return [...job.files].sort((a, b) => compareBytes(a.source, b.source));
}
