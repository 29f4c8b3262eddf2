import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { BosunError } from '../../base/index.js';
import { RubyVmHost } from '../../templates/index.js';
import { isRubyHash, loadYaml } from '../../yaml/index.js';
import { EXIT_FAILED, EXIT_OK, type CliIo } from '../cli-io.js';

/**
 * `bosun template TEMPLATE.erb --context JSON`: the legacy `bosh-template` renderer
 * (reference §2.11). The context is the template spec itself; its `properties` are used as
 * given, with no spec defaults. Output is written as Ruby's `puts` writes it.
 */
export async function runTemplate(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { context: { type: 'string', short: 'C' }, debug: { type: 'boolean' } },
    });
  } catch (e) {
    throw new BosunError('USAGE', (e as Error).message, { hint: 'bosun template TEMPLATE.erb --context JSON' });
  }
  const file = parsed.positionals[0];
  if (parsed.values.context === undefined) {
    throw new BosunError('USAGE', 'missing argument: --context', { hint: 'bosun template TEMPLATE.erb --context JSON' });
  }
  if (file === undefined) {
    throw new BosunError('USAGE', 'missing argument: TEMPLATE.erb', { hint: 'bosun template TEMPLATE.erb --context JSON' });
  }
  const spec = loadYaml(parsed.values.context, '--context');
  if (!isRubyHash(spec)) {
    throw new BosunError('INPUT_INVALID', '--context: expected a JSON object (the template spec)');
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new BosunError('INPUT_UNREADABLE', `${file}: cannot read template: ${(e as Error).message}`, { cause: e });
  }
  const host = await RubyVmHost.start();
  const [outcome] = host.renderTemplates({ spec, templates: [{ srcPath: file, erbFileName: file, text }] });
  if (outcome === undefined || !outcome.ok) {
    io.stderr.write(`Error: ${outcome?.message ?? 'no result'}\n`);
    if (parsed.values.debug === true && outcome !== undefined) io.stderr.write(`${outcome.backtrace}\n`);
    return EXIT_FAILED;
  }
  io.stdout.write(outcome.output);
  if (outcome.output.length === 0 || outcome.output[outcome.output.length - 1] !== 0x0a) io.stdout.write('\n');
  return EXIT_OK;
}
