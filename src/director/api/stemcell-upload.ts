import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extract } from 'tar';
import { BosunError, describeError } from '../../base/index.js';
import { digestFile } from '../../release/index.js';
import type { EventStage, TaskContext, TaskFunction } from '../tasks/index.js';
import type { ApiContext } from './api-types.js';
import {
  formatVirtualStemcellManifest,
  readStemcellManifest,
  type StemcellManifest,
} from './stemcell-manifest.js';

/** The result of uploading a stemcell that is already there. */
export const STEMCELL_ALREADY_UPLOADED = 'Stemcell has already been uploaded';

type StemcellDeps = Pick<ApiContext, 'store' | 'cpi' | 'workDir' | 'stemcellsDir'>;

/**
 * The `update_stemcell` task for a stemcell tarball: extract it, read `stemcell.MF`, and
 * unless a stemcell of that name and version exists, give its `image` to the CPI's
 * `create_stemcell` and record the CID. BOSH's stage `Update stemcell` and steps. Removes
 * `tarballPath` when it ends.
 */
export function uploadStemcellTarballTask(deps: StemcellDeps, tarballPath: string): TaskFunction {
  return async (task) => {
    const dir = await mkdtemp(join(deps.workDir, 'stemcell-'));
    try {
      const stage = task.events.beginStage('Update stemcell', 5);
      await stage.track('Extracting stemcell archive', () =>
        extract({ file: tarballPath, cwd: dir, strict: true }).catch((e: unknown) => {
          throw new BosunError(
            'STEMCELL_INVALID',
            `Extracting stemcell archive failed: ${describeError(e)}`,
            { cause: e },
          );
        }),
      );
      const manifest = await stage.track('Verifying stemcell manifest', () => readStemcellManifest(dir));
      const sha1 = await digestFile('sha1', tarballPath);
      return await createStemcell(deps, task, stage, manifest, join(dir, 'image'), sha1);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(tarballPath, { force: true });
    }
  };
}

/**
 * The `update_stemcell` task for a virtual stemcell (local CPI only): writes its
 * `stemcell.MF` into `<stemcellsDir>/<name>-<version>/`, which is the image path the local
 * CPI records, then proceeds as for a tarball.
 */
export function uploadVirtualStemcellTask(
  deps: StemcellDeps,
  name: string,
  os: string,
  version: string,
): TaskFunction {
  return async (task) => {
    const stage = task.events.beginStage('Update stemcell', 4);
    const text = formatVirtualStemcellManifest(name, os, version);
    const dir = join(deps.stemcellsDir, `${name}-${version}`);
    const manifest = await stage.track('Verifying stemcell manifest', async () => {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'stemcell.MF'), text);
      return readStemcellManifest(dir);
    });
    return createStemcell(deps, task, stage, manifest, dir, createHash('sha1').update(text).digest('hex'));
  };
}

async function createStemcell(
  deps: StemcellDeps,
  task: TaskContext,
  stage: EventStage,
  manifest: StemcellManifest,
  imagePath: string,
  sha1: string,
): Promise<string> {
  const { name, version } = manifest;
  const exists = await stage.track('Checking if this stemcell already exists', () =>
    Promise.resolve(deps.store.stemcells.find(name, version) !== undefined),
  );
  if (exists) {
    task.debug(`Stemcell ${name}/${version} exists: nothing to do`);
    return STEMCELL_ALREADY_UPLOADED;
  }
  const cid = await stage.track(`Uploading stemcell ${name}/${version} to the cloud`, () => {
    task.signal.throwIfAborted();
    return deps.cpi.createStemcell(imagePath, manifest.cloud_properties, { signal: task.signal });
  });
  await stage.track(`Save stemcell ${name}/${version} (${cid})`, () => {
    task.signal.throwIfAborted();
    deps.store.stemcells.create({
      name,
      os: manifest.operating_system,
      version,
      cid,
      cpi: '',
      sha1,
      apiVersion: manifest.api_version ?? null,
    });
    return Promise.resolve();
  });
  return `Created stemcell '${name}/${version}'`;
}
