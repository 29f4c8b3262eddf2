import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { BosunError } from '../../base/index.js';
import { readJobDir } from '../../release/index.js';
import {
  RubyVmHost,
  TemplateRenderError,
  formatDeploymentRenderErrors,
  formatInstanceGroupErrors,
  parseInstanceInput,
  renderJob,
  type RenderedJob,
} from '../../templates/index.js';
import { EXIT_FAILED, EXIT_OK, type CliIo } from '../cli-io.js';
import type { RubyValue } from '../../yaml/index.js';
import { readYamlFile, readYamlMap } from '../read-input.js';

/** `bosun render JOB_DIR ...`: renders one job for one instance, offline. */
export async function runRender(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseRenderArgs(argv);
  const jobDir = positionals[0];
  if (jobDir === undefined || positionals.length > 1) {
    throw new BosunError('USAGE', 'bosun render takes exactly one JOB_DIR', {
      hint: 'bosun render JOB_DIR [--properties FILE] [--instance FILE] [--links FILE] [--output DIR]',
    });
  }
  const job = await readJobDir(jobDir);
  const properties = values.properties === undefined ? new Map<RubyValue, RubyValue>() : await readYamlFile(values.properties, '--properties');
  const instanceInput = values.instance === undefined ? new Map<RubyValue, RubyValue>() : await readYamlFile(values.instance, '--instance');
  const instance = parseInstanceInput(instanceInput, values.instance ?? '(defaults)', job.spec.name);
  const links = values.links === undefined ? new Map<RubyValue, RubyValue>() : await readYamlMap(values.links, '--links');
  const release = parseRelease(values.release, jobDir);

  const host = await RubyVmHost.start();
  let rendered: RenderedJob;
  try {
    rendered = renderJob(host, { job, instance, properties, links, release, onlyDestination: values.template });
  } catch (e) {
    if (!(e instanceof TemplateRenderError)) throw e;
    io.stderr.write(
      `Error: ${formatDeploymentRenderErrors([formatInstanceGroupErrors(instance.instanceGroup, [e.message])])}\n`,
    );
    if (values.debug === true) {
      for (const f of e.failures) io.stderr.write(`\n${f.source}:\n${f.backtrace}\n`);
    }
    return EXIT_FAILED;
  }
  if (values.output === undefined) printRendered(rendered, io);
  else await writeRendered(rendered, values.output);
  return EXIT_OK;
}

function parseRenderArgs(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        properties: { type: 'string' },
        instance: { type: 'string' },
        links: { type: 'string' },
        release: { type: 'string' },
        output: { type: 'string', short: 'o' },
        template: { type: 'string' },
        debug: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new BosunError('USAGE', (e as Error).message, { hint: "run 'bosun help' for the options" });
  }
}

function parseRelease(value: string | undefined, jobDir: string): { name: string; version: string } {
  if (value === undefined) {
    // A job of a release source tree lives at <release>/jobs/<job>.
    const releaseDir = dirname(dirname(jobDir.replace(/\/+$/, '')));
    return { name: basename(releaseDir) || 'bosun-render', version: '0+dev.1' };
  }
  const match = /^([^/]+)\/([^/]+)$/.exec(value);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new BosunError('USAGE', `--release '${value}': expected NAME/VERSION`, { hint: 'for example --release web/1.2.3' });
  }
  return { name: match[1], version: match[2] };
}

function printRendered(job: RenderedJob, io: CliIo): void {
  const files = [{ destination: 'monit', contents: Buffer.from(job.monit, 'utf8') }, ...job.files];
  files.forEach((file, i) => {
    io.stdout.write(`${i === 0 ? '' : '\n'}==> ${job.name}/${file.destination} <==\n`);
    io.stdout.write(file.contents);
  });
}

/**
 * Writes `DIR/<job>/...` atomically: everything goes to a temporary directory beside it,
 * which then replaces any previous rendering, so a failure leaves the old output intact.
 */
async function writeRendered(job: RenderedJob, outputDir: string): Promise<void> {
  await mkdir(outputDir, { recursive: true });
  const staging = await mkdtemp(join(outputDir, `.${job.name}.tmp-`));
  try {
    await writeFile(join(staging, 'monit'), job.monit, { mode: 0o644 });
    for (const file of job.files) {
      const path = join(staging, file.destination);
      await mkdir(dirname(path), { recursive: true });
      const isExecutable = file.destination.startsWith('bin/');
      await writeFile(path, file.contents, { mode: isExecutable ? 0o755 : 0o644 });
    }
    const target = join(outputDir, job.name);
    const previous = `${staging}.old`;
    await rename(target, previous).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await rename(staging, target);
    await rm(previous, { recursive: true, force: true });
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}
