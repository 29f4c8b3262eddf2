/**
 * Deploy wall times on local VMs. Prints figures; asserts nothing (machines are noisy). Needs
 * root (the local CPI makes VMs with Linux namespaces) and a build (`npm run build`).
 *
 *   npm run bench:deploy        (npx tsx bench/deploy.ts [--runs N] [--sizes 1,10,30] [--keep])
 *
 * Each round starts `bosun director` processes of their own (temp data dir, port 0, bridge
 * `bosunbench`, 10.247.0.0/20 via an uploaded cloud config, max_threads 4, post-deploy on),
 * uploads the releases and a virtual stemcell before any timing, then times:
 * 1. a fresh deploy of the example (examples/deployment/manifest.yml, a copy of
 *    examples/release whose hooks also record their times): (a) the first deploy of a new
 *    Director, the embedded Ruby's start inside; (b) on a Director that rendered before (a
 *    --dry-run deploy first), still compiling the package; (c) after delete-deployment on the
 *    Director of (a): Ruby started, package compiled;
 * 2. a no-change redeploy of it, through the API and through `bosun deploy -n`;
 * 3. N instances of a trivial job (a shell loop under monit, no-op hooks, no packages) in one
 *    AZ, canaries 1, max_in_flight 10, watch time 100-5000 ms, a fresh deploy for each N
 *    (delete-deployment between, not timed).
 * A figure is the wall time from `POST /deployments` until this process sees the task end
 * (it reads the task's files every 10 ms). Breakdowns: the task's stages as their event lines
 * appear, each instance's steps from the debug log, and the hooks' own begin/end times (host
 * clock). At the end every deployment is deleted, the Directors stopped, leftover VMs
 * deleted, the bridge and temp files removed, also after a failure or Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BenchDirector, BOSUN_BIN } from './deploy-director.js';
import {
  BENCH_NETWORK,
  EXAMPLE_DEPLOYMENT,
  EXAMPLE_MANIFEST,
  TRIVIAL_DEPLOYMENT,
  cloudConfigYaml,
  directorConfigYaml,
  exampleReleaseTarball,
  trivialManifest,
  trivialReleaseTarball,
} from './deploy-fixtures.js';
import { analyzeRun, printResults, type DeployRun, type Results } from './deploy-report.js';
import { nowMs } from './deploy-timeline.js';

interface Bench {
  readonly work: string;
  readonly timingFile: string;
  readonly password: string;
  readonly configFile: string;
  readonly tarballs: { readonly example: string; readonly trivial: string };
  readonly exampleManifest: string;
  readonly signal: AbortSignal;
  readonly directors: Set<BenchDirector>;
}

const progress = (line: string): boolean => process.stderr.write(`${line}\n`);
const s2 = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Starts a Director in its own data dir with the releases and stemcell uploaded, runs `fn`, cleans up. */
async function withDirector(
  bench: Bench,
  name: string,
  fn: (d: BenchDirector) => Promise<void>,
): Promise<void> {
  const dataDir = join(bench.work, name);
  const director = await BenchDirector.start(dataDir, bench.configFile, BENCH_NETWORK.bridge, bench.password);
  bench.directors.add(director);
  try {
    await director.client.updateCloudConfig(cloudConfigYaml());
    for (const tarball of [bench.tarballs.example, bench.tarballs.trivial]) {
      await director.finish(
        await director.client.uploadRelease(tarball),
        `upload-release ${tarball}`,
        bench.signal,
      );
    }
    const stemcell = await director.client.uploadVirtualStemcell({ os: 'ubuntu-jammy', version: '1' });
    await director.finish(stemcell, 'upload-stemcell', bench.signal);
    await fn(director);
  } finally {
    bench.directors.delete(director);
    for (const problem of await director.close()) progress(`  cleanup of ${name}: ${problem}`);
  }
}

async function timedDeploy(bench: Bench, director: BenchDirector, manifest: string): Promise<DeployRun> {
  await writeFile(bench.timingFile, '');
  const timed = await director.deploy(manifest, {}, bench.signal);
  return analyzeRun(timed, await readFile(bench.timingFile, 'utf8'));
}

/** `bosun deploy -n -d bosun-example MANIFEST` as a user runs it; its wall time. */
async function cliDeployMs(bench: Bench, director: BenchDirector): Promise<number> {
  const env = {
    ...process.env,
    BOSUN_ENVIRONMENT: director.client.environment.url,
    BOSUN_CLIENT: 'admin',
    BOSUN_CLIENT_SECRET: bench.password,
  };
  const start = nowMs();
  const args = [BOSUN_BIN, 'deploy', '-n', '-d', EXAMPLE_DEPLOYMENT, EXAMPLE_MANIFEST];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bosun deploy exited with ${code}:\n${out}`);
  return nowMs() - start;
}

/** delete-deployment, not timed as a figure; its time goes to the progress line. */
async function deleteDeployment(bench: Bench, d: BenchDirector, name: string): Promise<string> {
  const start = nowMs();
  await d.deleteDeployment(name, bench.signal);
  return `(delete-deployment ${s2(nowMs() - start)})`;
}

async function runRound(bench: Bench, r: number, sizes: readonly number[], results: Results): Promise<void> {
  const example = bench.exampleManifest;
  const say = (line: string): boolean => progress(`[round ${r}] ${line}`);
  await withDirector(bench, `r${r}-x`, async (d) => {
    const cold = await timedDeploy(bench, d, example);
    results.cold.push(cold);
    say(`example, first deploy of a new Director: ${s2(cold.timed.wallMs)}`);
    for (let i = 0; i < 3; i++) results.redeploy.push(await timedDeploy(bench, d, example));
    results.cliRedeployMs.push(await cliDeployMs(bench, d));
    const redeploys = results.redeploy.slice(-3).map((run) => s2(run.timed.wallMs));
    say(`no-change redeploys: ${redeploys.join(', ')}; through the CLI ${s2(results.cliRedeployMs.at(-1)!)}`);
    let deleted = await deleteDeployment(bench, d, EXAMPLE_DEPLOYMENT);
    const compiled = await timedDeploy(bench, d, example);
    results.compiled.push(compiled);
    say(`example again after delete-deployment: ${s2(compiled.timed.wallMs)} ${deleted}`);
    deleted = await deleteDeployment(bench, d, EXAMPLE_DEPLOYMENT);
    say(`example deleted ${deleted}`);
  });
  await withDirector(bench, `r${r}-y`, async (d) => {
    await d.finish(await d.client.deploy(example, { isDryRun: true }), 'deploy --dry-run', bench.signal);
    const warm = await timedDeploy(bench, d, example);
    results.warm.push(warm);
    say(`example on a Director that rendered before: ${s2(warm.timed.wallMs)}`);
    let deleted = await deleteDeployment(bench, d, EXAMPLE_DEPLOYMENT);
    for (const n of sizes) {
      const run = await timedDeploy(bench, d, trivialManifest(n, bench.timingFile));
      results.trivial.get(n)!.push(run);
      say(`trivial job, ${n} instance(s): ${s2(run.timed.wallMs)} ${deleted}`);
      deleted = await deleteDeployment(bench, d, TRIVIAL_DEPLOYMENT);
    }
    say(`trivial deployment deleted ${deleted}`);
  });
}

async function removeBridge(): Promise<void> {
  if (!existsSync(`/sys/class/net/${BENCH_NETWORK.bridge}`)) return;
  const child = spawn('ip', ['link', 'delete', BENCH_NETWORK.bridge], { stdio: 'inherit' });
  await new Promise((resolve) => child.once('exit', resolve));
}

function printMachine(rounds: number): void {
  const cpu = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const memoryGb = (totalmem() / 2 ** 30).toFixed(1);
  console.log(
    `machine: ${cpu.length} cores (${cpu[0]?.model ?? '?'}), ${memoryGb} GB, Linux ${release()}, Node ${process.version}`,
  );
  console.log(`load average at start (1, 5, 15 min): ${load}`);
  console.log(
    `${rounds} round(s); each starts its own Directors (bosun director processes, bridge ${BENCH_NETWORK.bridge}, ${BENCH_NETWORK.range})`,
  );
}

/** `--runs N --sizes 1,10,30 --keep`, checked; undefined (after saying why) when invalid. */
function parseOptions(): { rounds: number; sizes: number[]; isKept: boolean } | undefined {
  const usage = 'Usage: npx tsx bench/deploy.ts [--runs N] [--sizes 1,10,30] [--keep]';
  try {
    const { values } = parseArgs({
      options: {
        runs: { type: 'string', default: '3' },
        sizes: { type: 'string', default: '1,10,30' },
        keep: { type: 'boolean', default: false },
      },
    });
    const rounds = Number(values.runs);
    const sizes = values.sizes.split(',').map(Number);
    const isCount = (n: number): boolean => Number.isInteger(n) && n >= 1;
    if (isCount(rounds) && sizes.every(isCount)) return { rounds, sizes, isKept: values.keep };
    console.error(`--runs and --sizes take positive integers\n${usage}`);
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n${usage}`);
  }
  process.exitCode = 2;
  return undefined;
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log(
      'bench/deploy.ts deploys to local VMs, which the local CPI makes with Linux namespaces: it needs root.',
    );
    console.log('Run it as root, e.g. sudo env PATH="$PATH" npx tsx bench/deploy.ts. Nothing was measured.');
    return;
  }
  if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
    console.log('Bosun is not built (dist/ is missing): run npm run build first. Nothing was measured.');
    process.exitCode = 1;
    return;
  }
  const options = parseOptions();
  if (options === undefined) return;
  const { rounds, sizes } = options;
  printMachine(rounds);

  const controller = new AbortController();
  const interrupt = (signal: NodeJS.Signals): void => controller.abort(new Error(`interrupted by ${signal}`));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const work = await mkdtemp(join(tmpdir(), 'bosun-bench-deploy-'));
  const directors = new Set<BenchDirector>();
  try {
    const timingFile = join(work, 'hook-times.log');
    const password = randomBytes(12).toString('hex');
    const configFile = join(work, 'director.yml');
    await writeFile(configFile, directorConfigYaml(password));
    await mkdir(join(work, 'releases'));
    const bench: Bench = {
      work,
      timingFile,
      password,
      configFile,
      tarballs: {
        example: await exampleReleaseTarball(join(work, 'releases'), timingFile),
        trivial: await trivialReleaseTarball(join(work, 'releases')),
      },
      exampleManifest: await readFile(EXAMPLE_MANIFEST, 'utf8'),
      signal: controller.signal,
      directors,
    };
    const results: Results = {
      cold: [],
      warm: [],
      compiled: [],
      redeploy: [],
      cliRedeployMs: [],
      trivial: new Map(sizes.map((n) => [n, []])),
    };
    for (let r = 1; r <= rounds; r++) await runRound(bench, r, sizes, results);
    printResults(results, sizes);
  } catch (e) {
    process.exitCode = 1;
    const why = controller.signal.aborted
      ? String(controller.signal.reason)
      : e instanceof Error
        ? (e.stack ?? e.message)
        : String(e);
    console.error(`\nbench/deploy.ts failed: ${why}`);
  } finally {
    for (const director of directors) {
      for (const problem of await director.close()) progress(`cleanup: ${problem}`);
    }
    await removeBridge();
    if (options.isKept) progress(`kept ${work} (Director data dirs and logs; the VMs are deleted)`);
    else await rm(work, { recursive: true, force: true });
  }
}

await main();
