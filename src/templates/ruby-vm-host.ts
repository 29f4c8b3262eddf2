import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { WASI } from 'node:wasi';
import { RubyVM, type RbValue } from '@ruby/wasm-wasi';
import { BosunError } from '../base/index.js';
import { RubySymbol, type RubyValue } from '../yaml/index.js';
import { marshalEvaluationContext } from './context-marshal.js';
import { readAnswer, type TemplateOutcome } from './render-answer.js';
import { marshalRubyValue } from './ruby-marshal.js';

/** One template to render: its key in the spec (`monit` for the monit file) and its ERB text. */
export interface TemplateSource {
  /** The path as BOSH names it in errors: the `templates` key, or `monit`. */
  srcPath: string;
  /** ERB file name for backtraces, `<job>/<srcPath>` as the Director sets it. */
  erbFileName: string;
  text: string;
}

/** The numeric ids the Director's DNS encoder uses for `link(...).address` (§2.3). */
export interface DnsEncoderIds {
  azs: ReadonlyMap<string, number>;
  networks: ReadonlyMap<string, number>;
  /** `<group_type>/<group_name>/<deployment>` → id, for short DNS addresses. */
  groups: ReadonlyMap<string, number>;
}

export type { TemplateOutcome };

/**
 * The embedded Ruby (WebAssembly) that renders templates. Start one per process and reuse it:
 * starting costs a few hundred milliseconds, a render well under one. Each template is
 * compiled once per distinct source and rendered against a fresh copy of the context.
 * Calls are synchronous; the VM is single-threaded.
 */
export class RubyVmHost {
  /** ERB file name → source → the number the Ruby side knows the template by. */
  private readonly templateIds = new Map<string, Map<string, number>>();
  private templateCount = 0;
  /** What the next `render_job` call reads through `connect` (see `start`). */
  private input = '';

  private constructor(
    private readonly vm: RubyVM,
    private readonly host: RbValue,
  ) {}

  /** Loads the Ruby VM and Bosun's evaluation context. */
  static async start(): Promise<RubyVmHost> {
    const wasmPath = createRequire(import.meta.url).resolve('@ruby/3.4-wasm-wasi/dist/ruby+stdlib.wasm');
    const [binary, contextRb, hostRb] = await Promise.all([
      readFile(wasmPath),
      readFile(new URL('./ruby/bosun_context.rb', import.meta.url), 'utf8'),
      readFile(new URL('./ruby/bosun_host.rb', import.meta.url), 'utf8'),
    ]);
    const module = await WebAssembly.compile(binary);
    // Ruby's own stdout goes to our stderr: a template's `puts` must not corrupt rendered output.
    const wasi = new WASI({ version: 'preview1', returnOnExit: true, stdout: 2, stderr: 2 });
    const { vm } = await RubyVM.instantiateModule({
      module,
      wasip1: wasi,
      args: ['ruby.wasm', '-EUTF-8', '--disable-gems', '-e_=0'],
    });
    // Bundled gems that the Director has on its load path (base64 left the default gems in 3.4).
    vm.eval(`$LOAD_PATH.unshift(*Dir.glob('/usr/local/lib/ruby/gems/3.4.0/gems/base64-*/lib'))`);
    const evalFile = vm.eval(`proc { |src, name| TOPLEVEL_BINDING.eval(src.to_s, name.to_s, 1); nil }`);
    evalFile.call('call', vm.wrap(contextRb), vm.wrap('bosun_context.rb'));
    evalFile.call('call', vm.wrap(hostRb), vm.wrap('bosun_host.rb'));
    const host = new RubyVmHost(vm, vm.eval('Bosun::Host'));
    // vm.wrap evaluates Ruby code on every call; a function that Ruby calls to fetch its
    // input costs one crossing and no parsing.
    host.host.call('connect', vm.wrap(() => host.takeInput()));
    return host;
  }

  /**
   * Renders templates in order, each against a fresh context built from `spec` (the template
   * spec of §2.5). With `stopAfterFailureOf`, rendering stops when that template fails (the
   * Director does not go on after a failing monit file).
   */
  renderTemplates(request: {
    spec: RubyValue;
    templates: readonly TemplateSource[];
    dns?: DnsEncoderIds | undefined;
    stopAfterFailureOf?: readonly number[];
  }): TemplateOutcome[] {
    const newTemplates: RubyValue[] = [];
    const templates: RubyValue[] = request.templates.map((t) => [t.srcPath, BigInt(this.templateId(t, newTemplates))]);
    const image = marshalEvaluationContext(request.spec);
    const payload = new Map<RubyValue, RubyValue>([
      ['templates', templates],
      ['new_templates', newTemplates],
      ...(image === undefined
        ? [['spec', request.spec] as const]
        : [
            ['spec_keys', image.specKeys.map((k) => new RubySymbol(k))] as const,
            ['property_keys', image.propertyKeys.map((k) => new RubySymbol(k))] as const,
          ]),
      ['dns', request.dns === undefined ? null : dnsIdsToRuby(request.dns)],
      ['stop_at_first', (request.stopAfterFailureOf ?? []).map(BigInt)],
    ]);
    this.input = `${marshalRubyValue(payload).toString('base64')} ${image?.bytes.toString('base64') ?? ''}`;
    let answer: RbValue;
    try {
      answer = this.host.call('render_job');
    } catch (e) {
      // The VM may not have kept the new templates: send them again next time.
      for (const [, fileName, text] of newTemplates as Array<[bigint, string, string]>) {
        this.templateIds.get(fileName)?.delete(text);
      }
      throw e;
    }
    return readAnswer(answer.toString());
  }

  /**
   * The number of template `t`. A template new to the VM gets the next number and is added
   * to `newTemplates`, which the same call sends.
   */
  private templateId(t: TemplateSource, newTemplates: RubyValue[]): number {
    const bySource = this.templateIds.get(t.erbFileName) ?? new Map<string, number>();
    this.templateIds.set(t.erbFileName, bySource);
    let id = bySource.get(t.text);
    if (id === undefined) {
      id = ++this.templateCount;
      bySource.set(t.text, id);
      newTemplates.push([BigInt(id), t.erbFileName, t.text]);
    }
    return id;
  }

  private takeInput(): string {
    const input = this.input;
    this.input = '';
    return input;
  }

  /** Evaluates Ruby code and returns `to_s` of the result. For tests and diagnostics. */
  evalRuby(code: string): string {
    try {
      return this.vm.eval(code).toString();
    } catch (e) {
      throw new BosunError('RUBY_EVAL_FAILED', e instanceof Error ? e.message : String(e), { cause: e });
    }
  }
}

function dnsIdsToRuby(ids: DnsEncoderIds): RubyValue {
  const toHash = (m: ReadonlyMap<string, number>): RubyValue =>
    new Map<RubyValue, RubyValue>([...m].map(([k, v]) => [k, BigInt(v)]));
  return new Map<RubyValue, RubyValue>([
    ['azs', toHash(ids.azs)],
    ['networks', toHash(ids.networks)],
    ['groups', toHash(ids.groups)],
  ]);
}
