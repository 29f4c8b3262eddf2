/**
 * Render throughput and cold-start time. Prints figures; asserts nothing (machines are noisy).
 *
 *   npm run bench:render
 *
 * 1. Renders per second in one process: every template (monit included) of a set of
 *    realistic jobs (the example `web` job, a nats job like cf's, a proxy with links, YAML,
 *    JSON, IPAddr and if_p chains), rendered for one instance, repeated. One "render" is one
 *    template file; jobs per second are printed too. Median of 5 rounds of ~2 s each.
 * 2. Wall time of a cold `bosun render` process (node start, Ruby VM start, render, write),
 *    median of 7 runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJobDir } from '../src/release/index.js';
import { RubyVmHost, parseInstanceInput, renderJob, type RenderJobInput } from '../src/templates/index.js';
import { isRubyHash, loadYaml, type RubyHash, type RubyValue } from '../src/yaml/index.js';

const root = new URL('..', import.meta.url).pathname;

function readMap(path: string): RubyHash {
  let text = '{}';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    // a fixture without this file uses an empty map
  }
  const v = loadYaml(text, path);
  return isRubyHash(v) ? v : new Map<RubyValue, RubyValue>();
}

async function loadCase(jobDir: string, inputDir: string, name: string): Promise<RenderJobInput> {
  const job = await readJobDir(join(root, jobDir));
  return {
    job,
    instance: parseInstanceInput(readMap(join(root, inputDir, 'instance.yml')), 'instance.yml', name),
    properties: readMap(join(root, inputDir, 'properties.yml')),
    links: readMap(join(root, inputDir, 'links.yml')),
    release: { name: 'bench', version: '1' },
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const cases = [
  await loadCase('examples/release/jobs/web', 'examples/render', 'web'),
  await loadCase('test/fixtures/release/jobs/nats', 'test/fixtures/render/nats', 'nats'),
  await loadCase('test/fixtures/release/jobs/proxy', 'test/fixtures/render/proxy', 'proxy'),
];
const templatesPerRound = cases.reduce((n, c) => n + c.job.spec.templates.length + 1, 0);

const host = await RubyVmHost.start();
for (let i = 0; i < 50; i++) for (const c of cases) renderJob(host, c); // warm-up: compile, load libraries

const templateRates: number[] = [];
const jobRates: number[] = [];
for (let round = 0; round < 5; round++) {
  let rounds = 0;
  const start = performance.now();
  while (performance.now() - start < 2000) {
    for (const c of cases) renderJob(host, c);
    rounds++;
  }
  const seconds = (performance.now() - start) / 1000;
  templateRates.push((rounds * templatesPerRound) / seconds);
  jobRates.push((rounds * cases.length) / seconds);
}
console.log(`jobs: ${cases.map((c) => `${c.job.spec.name} (${c.job.spec.templates.length + 1} files)`).join(', ')}`);
console.log(`renders/s (one template file each), median of 5: ${median(templateRates).toFixed(0)}  [${templateRates.map((r) => r.toFixed(0)).join(', ')}]`);
console.log(`jobs/s (every file of a job), median of 5:       ${median(jobRates).toFixed(0)}`);

const out = mkdtempSync(join(tmpdir(), 'bosun-bench-'));
const coldMs: number[] = [];
for (let i = 0; i < 7; i++) {
  const start = performance.now();
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin/bosun.js'), 'render', join(root, 'examples/release/jobs/web'),
      '--properties', join(root, 'examples/render/properties.yml'),
      '--instance', join(root, 'examples/render/instance.yml'),
      '--links', join(root, 'examples/render/links.yml'),
      '--output', out],
    { encoding: 'utf8' },
  );
  coldMs.push(performance.now() - start);
  if (r.status !== 0) throw new Error(`bosun render failed: ${r.stderr}`);
}
rmSync(out, { recursive: true, force: true });
console.log(`cold bosun render (examples/release/jobs/web), median of 7: ${median(coldMs).toFixed(0)} ms  [${coldMs.map((m) => m.toFixed(0)).join(', ')}]`);
