import { z } from 'zod';
import { inspectRubyValue, rubyClassName, type RubyValue } from '../yaml/index.js';
import type { DeploymentFeatures, ManifestStemcell, ManifestVariable } from './deployment-manifest.js';
import { instanceGroupSchema } from './instance-group-schema.js';
import { anyRubyValue, rubyArray, rubyHash, rubyHashOrEmpty, rubyString } from './ruby-schema.js';
import { deploymentUpdateSchema } from './update-config-schema.js';

const releaseSchema = rubyHash({
  name: rubyString,
  version: rubyString,
  url: rubyString.optional(),
  sha1: rubyString.optional(),
});

/** `Stemcell.parse` and `ManifestValidator`'s stemcell check. */
const stemcellSchema = rubyHash({
  alias: rubyString,
  os: rubyString.optional(),
  name: rubyString.optional(),
  version: rubyString,
}).transform((s): ManifestStemcell => ({ alias: s.alias, os: s.os, name: s.name, version: s.version }));

function checkStemcell(raw: unknown, ctx: z.RefinementCtx): void {
  if (!(raw instanceof Map)) return;
  const hasName = raw.get('name') !== undefined && raw.get('name') !== null;
  const hasOs = raw.get('os') !== undefined && raw.get('os') !== null;
  if (hasName && hasOs) {
    ctx.addIssue({
      code: 'custom',
      message: `Properties 'os' and 'name' are both specified for stemcell, choose one. (${inspectRubyValue(raw as RubyValue)})`,
    });
  } else if (!hasName && !hasOs) {
    ctx.addIssue({
      code: 'custom',
      message: `Required property 'os' or 'name' was not specified in object (${inspectRubyValue(raw as RubyValue)})`,
    });
  }
}

const BOOLEAN_FEATURES = [
  'use_dns_addresses',
  'use_short_dns_addresses',
  'use_link_dns_names',
  'randomize_az_placement',
  'converge_variables',
  'use_tmpfs_config',
] as const;

/** `DeploymentFeaturesParser`, with its messages. */
const featuresSchema = anyRubyValue.optional().transform((raw, ctx): DeploymentFeatures => {
  const flags: Record<string, boolean | undefined> = {};
  if (raw === undefined || raw === null) return toFeatures(flags);
  if (!(raw instanceof Map)) {
    ctx.addIssue({
      code: 'custom',
      message: `Key 'features' expects a Hash, but received '${rubyClassName(raw)}'`,
    });
    return z.NEVER;
  }
  for (const key of BOOLEAN_FEATURES) {
    const value = raw.get(key);
    if (value === undefined) continue;
    if (typeof value === 'boolean') flags[key] = value;
    else
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `Key '${key}' in 'features' expected to be a boolean, but received '${rubyClassName(value)}'`,
      });
  }
  return toFeatures(flags);
});

function toFeatures(flags: Record<string, boolean | undefined>): DeploymentFeatures {
  return {
    use_dns_addresses: flags['use_dns_addresses'],
    use_short_dns_addresses: flags['use_short_dns_addresses'],
    use_link_dns_names: flags['use_link_dns_names'],
    randomize_az_placement: flags['randomize_az_placement'],
    converge_variables: flags['converge_variables'],
    use_tmpfs_config: flags['use_tmpfs_config'],
  };
}

/** `VariablesSpecParser#validate`, with its messages. */
const variablesSchema = anyRubyValue.optional().transform((raw, ctx): ManifestVariable[] => {
  if (raw === undefined || raw === null) return [];
  const fail = (message: string, path: Array<string | number> = []): never => {
    ctx.addIssue({ code: 'custom', message, path });
    return z.NEVER;
  };
  if (!Array.isArray(raw))
    return fail(`Key 'variables' expects an array, but received '${rubyClassName(raw)}'`);
  const out: ManifestVariable[] = [];
  for (const [i, v] of raw.entries()) {
    if (!(v instanceof Map)) return fail("All 'variables' elements should be Hashes", [i]);
    const name = v.get('name');
    const type = v.get('type');
    if (!v.has('name'))
      return fail("At least one of the variables is missing the 'name' key; 'name' must be specified", [i]);
    if (typeof name !== 'string' || name.trim() === '') {
      return fail("At least one of the variables has an empty 'name'; 'name' must not be empty or nil", [
        i,
        'name',
      ]);
    }
    if (!v.has('type')) return fail(`Type for variable '${name}' is missing; 'type' must be specified`, [i]);
    if (type === null || type === undefined)
      return fail(`Type for variable '${name}' is nil; 'type' must not be nil`, [i, 'type']);
    if (typeof type !== 'string')
      return fail(`Type for variable '${name}' must be a String, but was '${inspectRubyValue(type)}'`, [
        i,
        'type',
      ]);
    if (type.trim() === '')
      return fail(`Type for variable '${name}' is empty; 'type' must not be empty`, [i, 'type']);
    const consumes = v.get('consumes');
    if (consumes !== undefined && consumes !== null && !(consumes instanceof Map)) {
      return fail(`Consumes for variable '${name}' must be a Hash or nil`, [i, 'consumes']);
    }
    const options = v.get('options');
    if (options !== undefined && options !== null && options !== false && !(options instanceof Map)) {
      return fail(`options of variable with name '${name}' is not a Hash`, [i, 'options']);
    }
    const mode = v.get('update_mode');
    if (mode !== undefined && mode !== null && typeof mode !== 'string') {
      return fail(
        `Update mode for variable '${name}' must be a String, but was '${inspectRubyValue(mode)}'`,
        [i, 'update_mode'],
      );
    }
    if (out.some((o) => o.name === name))
      return fail(`Some of the variables have duplicate names, eg: '${name}'`, [i, 'name']);
    out.push({
      name,
      type,
      options: options instanceof Map ? options : undefined,
      update_mode: typeof mode === 'string' ? mode : undefined,
      consumes: consumes instanceof Map ? consumes : undefined,
    });
  }
  return out;
});

/**
 * A whole manifest's shapes (`DeploymentSpecParser`). Checks across parts (duplicate stemcell
 * aliases, references to releases and stemcells, `update` inheritance) follow in
 * `parse-deployment-manifest.ts`.
 */
export const manifestSchema = rubyHash({
  name: rubyString,
  stemcells: rubyArray(z.unknown().superRefine(checkStemcell).pipe(stemcellSchema)).optional(),
  properties: rubyHashOrEmpty,
  releases: rubyArray(releaseSchema),
  update: deploymentUpdateSchema,
  instance_groups: rubyArray(instanceGroupSchema).optional(),
  variables: variablesSchema,
  features: featuresSchema,
  addons: rubyArray(anyRubyValue).optional(),
  tags: rubyHashOrEmpty,
});

/** The manifest as the schema returns it, before references and `update` inheritance. */
export type ParsedManifest = z.infer<typeof manifestSchema>;
