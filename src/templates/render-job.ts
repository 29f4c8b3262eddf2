import { BosunError } from '../base/index.js';
import { parseMonitFile, type MonitFile } from '../monit/index.js';
import type { JobSource } from '../release/index.js';
import { fromRubyValue, isRubyHash, type RubyHash, type RubyValue } from '../yaml/index.js';
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
  /** Render only the template with this destination (and monit), like BOSH's test harness. */
  onlyDestination?: string | undefined;
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
  for (const linkName of input.links.keys()) {
    if (!job.spec.consumes.some((c) => c.name === linkName)) {
      throw new BosunError('LINK_NOT_CONSUMED', `Link '${typeof linkName === 'string' ? linkName : JSON.stringify(fromRubyValue(linkName))}' is not declared as a consumed link in this job.`, {
        hint: `job '${name}' consumes: ${job.spec.consumes.map((c) => c.name).join(', ') || 'no links'}`,
      });
    }
  }
  const templates = selectTemplates(job, input.onlyDestination);
  const spec = buildTemplateSpec(input.instance, {
    name,
    release: input.release,
    boundProperties: bindProperties(job.spec.properties, input.properties),
    consumedLinks: job.spec.consumes,
    links: input.links,
  });
  const sources: TemplateSource[] = [
    { srcPath: 'monit', erbFileName: `${name}/monit`, text: job.monit ?? '' },
    ...templates.map((t) => ({
      srcPath: t.source,
      erbFileName: `${name}/${t.source}`,
      text: job.templates.get(t.source) ?? '',
    })),
  ];
  const dns = input.dns ?? offlineDnsEncoderIds(input.instance, input.links);
  const outcomes = host.renderTemplates({ spec, templates: sources, dns, stopAfterFailureOf: [0] });
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
    const template = templates[i];
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
    contents: Buffer.from(linksJsonFor(input.linkProviders ?? offlineLinkProviders(job)), 'utf8'),
  });
  return { name, monit, monitFile, files };
}

function selectTemplates(job: JobSource, onlyDestination: string | undefined): JobSource['spec']['templates'] {
  if (onlyDestination === undefined) return job.spec.templates;
  const chosen = job.spec.templates.filter((t) => t.destination === onlyDestination);
  if (chosen.length === 0) {
    const possible = job.spec.templates.map((t) => t.destination).join(', ');
    throw new BosunError(
      'TEMPLATE_NOT_FOUND',
      `Template for rendered path filename not found: ${onlyDestination}. Possible values are: [${possible}]`,
    );
  }
  return chosen;
}

/**
 * Without a Director there is no database of DNS ids: number the AZs that the instance and
 * its links name in sorted order, and the instance's networks in their order, from 1.
 */
function offlineDnsEncoderIds(instance: InstanceFacts, links: RubyHash): DnsEncoderIds {
  const azs = new Set<string>(instance.az === null ? [] : [instance.az]);
  for (const link of links.values()) {
    const instances = isRubyHash(link) ? link.get('instances') : undefined;
    if (!Array.isArray(instances)) continue;
    for (const i of instances) {
      const az = isRubyHash(i) ? i.get('az') : undefined;
      if (typeof az === 'string') azs.add(az);
    }
  }
  return {
    azs: new Map([...azs].sort().map((az, i) => [az, i + 1])),
    networks: new Map(instance.networks.map((n, i) => [n.name, i + 1])),
    groups: new Map(),
  };
}

/** Without a Director, every link the job provides gets a group id by its order in the spec. */
function offlineLinkProviders(job: JobSource): Array<{ name: string; type: string; group: string }> {
  return job.spec.provides.map((p, i) => ({ name: p.name, type: p.type, group: String(i + 1) }));
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
