import { BosunError } from '../base/index.js';
import { parseMonitFile, type MonitFile } from '../monit/index.js';
import type { JobSource } from '../release/index.js';
import type { RubyHash, RubyValue } from '../yaml/index.js';
import { bindProperties } from './bind-properties.js';
import { formatJobTemplateErrors } from './render-errors.js';
import type { DnsEncoderIds, RubyVmHost, TemplateSource } from './ruby-vm-host.js';
import { buildTemplateSpec, linksJsonFor, type InstanceFacts } from './template-spec.js';

/** One rendered file of a job, at its destination relative to `/var/vcap/jobs/<job>/`. */
export interface RenderedFile {
  source: string;
  destination: string;
  contents: Buffer;
}

/** A job rendered for one instance (§2.7): monit first, then templates in spec order. */
export interface RenderedJob {
  name: string;
  monit: string;
  monitFile: MonitFile;
  /** Every template, then `.bosh/links.json`. */
  files: readonly RenderedFile[];
}

/** One template that failed, for `--debug` and the Director's debug log. */
export interface TemplateFailure {
  source: string;
  message: string;
  backtrace: string;
}

export interface RenderJobInput {
  job: JobSource;
  instance: InstanceFacts;
  /** The job's property input as the manifest gives it (§2.1); it is bound here (§2.2). */
  properties: RubyValue;
  /** Link name → link spec, as the Director resolved them (only consumed links are kept). */
  links: RubyHash;
  release: { name: string; version: string };
  /** Links this job provides in its instance group, for `.bosh/links.json`. */
  linkProviders?: ReadonlyArray<{ name: string; type: string; group: string }>;
  dns?: DnsEncoderIds;
}

/**
 * Renders every template of one job for one instance, exactly as the Director does.
 * Throws BosunError 'TEMPLATE_RENDER_FAILED' whose message is the job-level block of §2.8
 * (or the un-prefixed monit error), with `failures` for diagnostics; 'INVALID_PROPERTY_TYPE'
 * when binding fails; 'MONIT_FILE_INVALID' when the rendered monit file does not parse.
 */
export function renderJob(host: RubyVmHost, input: RenderJobInput): RenderedJob {
  const { job } = input;
  const name = job.spec.name;
  const spec = buildTemplateSpec(input.instance, {
    name,
    release: input.release,
    boundProperties: bindProperties(job.spec.properties, input.properties),
    consumedLinks: job.spec.consumes,
    links: input.links,
  });
  const sources: TemplateSource[] = [
    { srcPath: 'monit', erbFileName: `${name}/monit`, text: job.monit ?? '' },
    ...job.spec.templates.map((t) => ({
      srcPath: t.source,
      erbFileName: `${name}/${t.source}`,
      text: job.templates.get(t.source) ?? '',
    })),
  ];
  const outcomes = host.renderTemplates({ spec, templates: sources, dns: input.dns, stopAfterFailureOf: [0] });
  const [monitOutcome, ...templateOutcomes] = outcomes;
  if (monitOutcome === undefined) throw new Error('renderer returned no result for monit');
  if (!monitOutcome.ok) {
    throw new TemplateRenderError(monitOutcome.message, [
      { source: 'monit', message: monitOutcome.message, backtrace: monitOutcome.backtrace },
    ]);
  }
  const failures: TemplateFailure[] = [];
  const files: RenderedFile[] = [];
  templateOutcomes.forEach((outcome, i) => {
    const template = job.spec.templates[i];
    if (template === undefined) return;
    if (outcome.ok) files.push({ ...template, contents: outcome.output });
    else failures.push({ source: template.source, message: outcome.message, backtrace: outcome.backtrace });
  });
  if (failures.length > 0) {
    throw new TemplateRenderError(
      formatJobTemplateErrors(
        name,
        failures.map((f) => f.message),
      ),
      failures,
    );
  }
  const monit = monitOutcome.output.toString('utf8');
  const monitFile = parseMonitFile(monit, { jobName: name });
  files.push({
    source: '.bosh/links.json',
    destination: '.bosh/links.json',
    contents: Buffer.from(linksJsonFor(input.linkProviders ?? []), 'utf8'),
  });
  return { name, monit, monitFile, files };
}

/** A job whose templates failed to render; `message` is BOSH's text (§2.8). */
export class TemplateRenderError extends BosunError {
  constructor(
    message: string,
    readonly failures: readonly TemplateFailure[],
  ) {
    super('TEMPLATE_RENDER_FAILED', message);
  }
}
