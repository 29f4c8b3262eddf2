import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BosunError, describeError } from '../../base/index.js';
import { formatSchemaIssues, packageRefSchema } from '../../protocol/index.js';
import type { AgentBlobstore } from '../blobstore/index.js';
import type { VcapPaths } from '../vcap-paths.js';
import { extractArchive } from './extract-archive.js';
import { ensureDir } from './file-modes.js';
import { PackageBundles, type PackageSource } from './package-bundles.js';
import { packDirectory } from './pack-directory.js';
import { runPackagingScript } from './packaging-script.js';
import type { VcapOwner } from './vcap-owner.js';
import { checkBundleName, withContext } from './wrap-error.js';
import { lstatIfExists } from './probe-path.js';

const dependenciesSchema = z.record(z.string(), packageRefSchema);

/**
 * A package to compile: its source blob, name, version and compiled dependencies by name as
 * the Director sends them (`{<dep>: {name, version, sha1, blobstore_id}}`), checked here.
 */
export interface CompilePackageRequest {
  blobstoreId: string;
  sha1: string;
  name: string;
  version: string;
  deps?: Readonly<Record<string, unknown>> | null | undefined;
}

/** What `compile_package` answers: the compiled package's blob. */
export interface CompilePackageResult {
  result: { blobstore_id: string; sha1: string };
}

/** Options of {@link PackageCompiler}. */
export interface PackageCompilerOptions {
  paths: VcapPaths;
  blobstore: AgentBlobstore;
  owner?: VcapOwner | undefined;
  /** The agent's environment, which the packaging script inherits (PATH is replaced). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Compiles packages as BOSH's agent does on a compilation VM (`concreteCompiler`, reference
 * §7.2): removes every installed package, installs and enables the dependencies under
 * `packages/<dep>`, extracts the source to `data/compile/<name>`, runs `bash -x packaging`
 * there with BOSH_COMPILE_TARGET, BOSH_INSTALL_TARGET (`packages/<name>`, a fresh directory),
 * BOSH_PACKAGE_NAME and BOSH_PACKAGE_VERSION, packs the install directory, stores it in the
 * blobstore, and removes everything it installed. The script's output is kept in
 * `sys/log/compilation/packaging.{stdout,stderr}.log`. Meant for compilation VMs: it removes
 * the packages of any job on the VM. Calls must not overlap.
 */
export class PackageCompiler {
  private readonly packages: PackageBundles;

  constructor(private readonly options: PackageCompilerOptions) {
    this.packages = new PackageBundles(options.paths, options.blobstore, options.owner);
  }

  async compilePackage(request: CompilePackageRequest, signal?: AbortSignal): Promise<CompilePackageResult> {
    return withContext(`Compiling package ${request.name}`, 'COMPILE_FAILED', async () => {
      checkBundleName('package', request.name);
      const deps = parseDependencies(request.deps);
      await withContext('Removing packages', 'COMPILE_FAILED', () => this.packages.keepOnly([]));
      const compileDir = join(this.options.paths.compileDir, request.name);
      let result: CompilePackageResult;
      try {
        result = await this.compile(request, deps, compileDir, signal);
      } catch (e) {
        await this.cleanUp(compileDir).catch((cleanupError: unknown) => {
          throw new BosunError(
            'COMPILE_FAILED',
            `${describeError(e)} (cleaning up also failed: ${describeError(cleanupError)})`,
            {
              cause: e,
            },
          );
        });
        throw e;
      }
      await this.cleanUp(compileDir);
      return result;
    });
  }

  private async compile(
    request: CompilePackageRequest,
    deps: readonly PackageSource[],
    compileDir: string,
    signal: AbortSignal | undefined,
  ): Promise<CompilePackageResult> {
    const { paths, blobstore } = this.options;
    for (const dep of deps) {
      await withContext(`Installing dependent package: '${dep.name}'`, 'COMPILE_FAILED', async () => {
        await this.packages.install(dep, signal);
        await this.packages.enable(dep);
      });
    }
    await withContext(`Fetching package ${request.name}`, 'COMPILE_FAILED', () =>
      this.fetchSource(request, compileDir, signal),
    );
    const compiled = { name: request.name, version: request.version };
    const installDir = this.packages.installDirOf(compiled);
    await rm(installDir, { recursive: true, force: true });
    await ensureDir(installDir, 0o755, this.options.owner);
    const installTarget = await this.packages.enable(compiled);
    if ((await lstatIfExists(join(compileDir, 'packaging'))) !== undefined) {
      await withContext('Running packaging script', 'PACKAGING_FAILED', () =>
        runPackagingScript({
          paths,
          request,
          compileDir,
          installTarget,
          env: this.options.env ?? {},
          signal,
        }),
      );
    }
    const tgz = join(paths.tmpDir, `compiled-${randomUUID()}.tgz`);
    try {
      await withContext('Compressing compiled package', 'COMPILE_FAILED', () =>
        packDirectory(installDir, tgz),
      );
      const stored = await withContext('Uploading compiled package', 'COMPILE_FAILED', () =>
        blobstore.put(tgz, signal),
      );
      return { result: { blobstore_id: stored.blobstoreId, sha1: stored.sha1 } };
    } finally {
      await rm(tgz, { force: true });
    }
  }

  private async fetchSource(
    request: CompilePackageRequest,
    compileDir: string,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { paths, blobstore } = this.options;
    await ensureDir(paths.tmpDir, 0o755, undefined);
    const source = join(paths.tmpDir, `source-${randomUUID()}.tgz`);
    try {
      await blobstore.fetch(request.blobstoreId, request.sha1, source, signal);
      await extractArchive(source, compileDir, {
        allowAbsoluteSymlinks: true,
        label: `package source blob '${request.blobstoreId}'`,
        signal,
      });
    } finally {
      await rm(source, { force: true });
    }
  }

  private async cleanUp(compileDir: string): Promise<void> {
    await rm(compileDir, { recursive: true, force: true });
    await this.packages.keepOnly([]);
  }
}

function parseDependencies(raw: CompilePackageRequest['deps']): PackageSource[] {
  const parsed = dependenciesSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = formatSchemaIssues(parsed.error).join('; ');
    throw new BosunError('COMPILE_ARGUMENTS_INVALID', `Invalid dependencies: ${issues}`);
  }
  const deps = Object.values(parsed.data);
  for (const dep of deps) checkBundleName('package', dep.name);
  return deps;
}
