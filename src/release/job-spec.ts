import { BosunError } from '../base/index.js';
import { isRubyHash, type RubyHash, type RubyValue } from '../yaml/index.js';

/** One property a job declares (reference §1.1). */
export interface PropertyDefinition {
  name: string;
  description: string | undefined;
  default: RubyValue;
  example: RubyValue;
  type: string | undefined;
}

/** A job's `spec` (release source tree) or `job.MF` (job tarball), validated (§1.1-§1.2). */
export interface JobSpec {
  name: string;
  description: string | undefined;
  /** ERB source under `templates/` → destination under `/var/vcap/jobs/<job>/`, in spec order. */
  templates: ReadonlyArray<{ source: string; destination: string }>;
  packages: readonly string[];
  properties: ReadonlyArray<PropertyDefinition>;
  consumes: ReadonlyArray<{ name: string; type: string; optional: boolean }>;
  provides: ReadonlyArray<{ name: string; type: string; properties: readonly string[] }>;
  logs: RubyHash | undefined;
}

const VALID_ID = /^[-0-9A-Za-z_+.]+$/;

/**
 * Validates a loaded spec with the Director's messages (§1.2), in BOSH's order. Throws
 * BosunError 'JOB_SPEC_INVALID' whose message starts with the file.
 */
export function parseJobSpec(value: RubyValue, file: string): JobSpec {
  const fail = (message: string, hint?: string): never => {
    throw new BosunError('JOB_SPEC_INVALID', `${file}: ${message}`, hint === undefined ? {} : { hint });
  };
  if (!isRubyHash(value)) return fail('a job spec must be a map', 'start the file with name:, templates:, properties:');
  const name = value.get('name');
  if (typeof name !== 'string' || !VALID_ID.test(name)) {
    return fail(`Invalid job name in release manifest: ${inspect(name ?? null)}`, 'name: letters, digits, - _ + . only');
  }
  const templates = readTemplates(value.get('templates'), name, fail);
  const logs = value.get('logs');
  if (logs !== undefined && logs !== null && !isRubyHash(logs)) fail(`Job '${name}' has invalid logs spec format`);
  const properties = value.get('properties');
  if (properties !== undefined && properties !== null && !isRubyHash(properties)) {
    fail(`Job '${name}' has invalid properties spec format`);
  }
  const provides = readLinks(value.get('provides'), 'provides', name, fail);
  const consumes = readLinks(value.get('consumes'), 'consumes', name, fail);
  const packages = value.get('packages');
  if (packages !== undefined && packages !== null && !Array.isArray(packages)) {
    fail(`Job 'Bosh::Director::Models::Template' has invalid package spec format`, `in job '${name}': packages must be a list of package names`);
  }
  const description = value.get('description');
  return {
    name,
    description: typeof description === 'string' ? description : undefined,
    templates,
    packages: (Array.isArray(packages) ? packages : []).map((p) => String(p as string)),
    properties: isRubyHash(properties ?? undefined) ? readProperties(properties as RubyHash) : [],
    consumes: consumes.map((l) => ({ name: l.name, type: l.type, optional: l.raw.get('optional') === true })),
    provides: provides.map((l) => ({
      name: l.name,
      type: l.type,
      properties: (Array.isArray(l.raw.get('properties')) ? (l.raw.get('properties') as RubyValue[]) : []).map((p) => String(p as string)),
    })),
    logs: isRubyHash(logs ?? undefined) ? (logs as RubyHash) : undefined,
  };
}

type Fail = (message: string, hint?: string) => never;

function readTemplates(value: RubyValue | undefined, job: string, fail: Fail): JobSpec['templates'] {
  if (value === undefined || value === null) return [];
  if (!isRubyHash(value)) return fail(`Job '${job}' has invalid templates spec format`, 'templates: maps a file under templates/ to its destination');
  const out: Array<{ source: string; destination: string }> = [];
  for (const [source, destination] of value) {
    if (typeof source !== 'string' || !isSafePath(source)) fail(`Invalid template source '${describe(source)}': must be a safe local path`);
    if (typeof destination !== 'string' || !isSafePath(destination)) {
      fail(`Invalid template destination '${describe(destination)}': must be a safe local path`);
    }
    out.push({ source: source, destination: destination });
  }
  return out;
}

function isSafePath(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !path.split('/').includes('..');
}

function readProperties(value: RubyHash): PropertyDefinition[] {
  return [...value].map(([name, def]) => {
    const d = isRubyHash(def) ? def : new Map<RubyValue, RubyValue>();
    const description = d.get('description');
    const type = d.get('type');
    return {
      name: describe(name),
      description: typeof description === 'string' ? description : undefined,
      default: d.get('default') ?? null,
      example: d.get('example') ?? null,
      type: typeof type === 'string' ? type : undefined,
    };
  });
}

function readLinks(value: RubyValue | undefined, kind: 'provides' | 'consumes', job: string, fail: Fail) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return fail(`Job '${job}' has invalid spec format: '${kind}' must be an array of hashes with name and type`);
  const Kind = kind === 'provides' ? 'Provides' : 'Consumes';
  const seen = new Set<string>();
  return value.map((item) => {
    if (!isRubyHash(item)) return fail(`${Kind} section in the release spec must be a list of hashes`);
    const name = item.get('name');
    const type = item.get('type');
    if (typeof name !== 'string' || typeof type !== 'string') {
      return fail(`Each ${kind} item in the ${kind} section of the release spec must contain 'name' and 'type'`);
    }
    if (kind === 'provides' && item.has('optional')) {
      fail(`Link '${name}' of type '${type}' is a provides link, not allowed to have 'optional' key`);
    }
    if (seen.has(name)) fail(`Job '${job}' specifies duplicate ${kind} link with name '${name}'`);
    seen.add(name);
    return { name, type, raw: item };
  });
}

/** A scalar as text, for names and messages. */
function describe(v: RubyValue): string {
  return typeof v === 'string' ? v : inspect(v);
}

/** Ruby's `inspect` of the scalars a name can be. */
function inspect(v: RubyValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return Array.isArray(v) ? 'Array' : 'Hash';
}
