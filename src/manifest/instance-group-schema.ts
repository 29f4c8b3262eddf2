import { z } from 'zod';
import { describeError } from '../base/index.js';
import type { RubyValue } from '../yaml/index.js';
import { checkInstanceGroup } from './instance-group-checks.js';
import { expandIpRanges, formatIpv4, parseIpRanges } from './ip-range.js';
import {
  anyRubyHash,
  anyRubyValue,
  rubyArray,
  rubyHash,
  rubyHashOrEmpty,
  rubyInteger,
  rubyString,
  TYPE_MARK,
} from './ruby-schema.js';
import { partialUpdateSchema } from './update-config-schema.js';

const jobSchema = rubyHash({
  name: rubyString,
  release: rubyString,
  properties: anyRubyHash.optional(),
  consumes: anyRubyHash.optional(),
  provides: anyRubyHash.optional(),
  custom_provider_definitions: rubyArray(anyRubyValue).optional(),
});

/** `static_ips`: a range string or a list of them (`IpUtil#each_ip`), expanded. */
const staticIps = z
  .union([z.string(), z.array(z.string({ error: `${TYPE_MARK}String` }))], { error: `${TYPE_MARK}Array` })
  .nullable()
  .optional()
  .transform((value, ctx): string[] | undefined => {
    if (value === null || value === undefined) return undefined;
    try {
      return expandIpRanges(parseIpRanges(value)).map(formatIpv4);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: describeError(e) });
      return z.NEVER;
    }
  });

const networkSchema = rubyHash({
  name: rubyString,
  default: rubyArray(rubyString).optional(),
  static_ips: staticIps,
});

const vmResourcesSchema = rubyHash({
  cpu: rubyInteger,
  ram: rubyInteger,
  ephemeral_disk_size: rubyInteger,
});

/**
 * One entry of `instance_groups` (`InstanceGroupSpecParser`): the shapes of every key, then,
 * when the shapes are right, BOSH's checks of the group on its own (`instance-group-checks.ts`).
 * What needs the rest of the manifest (releases, stemcells, the deployment's `update`) or the
 * cloud config is checked later.
 */
export const instanceGroupSchema = rubyHash({
  name: rubyString,
  lifecycle: rubyString.optional(),
  template: anyRubyValue.optional(),
  templates: anyRubyValue.optional(),
  jobs: rubyArray(jobSchema).optional(),
  persistent_disk: rubyInteger.optional(),
  persistent_disk_type: rubyString.optional(),
  persistent_disk_pool: rubyString.optional(),
  persistent_disks: rubyArray(
    rubyHash({ name: anyRubyValue.optional(), type: rubyString.optional() }),
  ).optional(),
  resource_pool: rubyString.optional(),
  stemcell: rubyString,
  vm_type: rubyString.optional(),
  vm_resources: vmResourcesSchema.optional(),
  vm_extensions: rubyArray(rubyString).optional(),
  env: rubyHashOrEmpty,
  update: partialUpdateSchema.optional(),
  networks: rubyArray(networkSchema),
  azs: rubyArray(anyRubyValue).optional(),
  migrated_from: rubyArray(rubyHash({ name: rubyString, az: rubyString.optional() })).optional(),
  state: rubyString.optional(),
  instance_states: anyRubyHash.optional(),
  instances: rubyInteger,
  properties: anyRubyHash.optional(),
  tags: rubyHashOrEmpty,
}).superRefine(checkInstanceGroup);

/** An instance group as parsed, before the deployment's `update` is merged in. */
export type ParsedInstanceGroup = z.infer<typeof instanceGroupSchema>;

/** The raw `azs` after `checkInstanceGroup` passed: Strings. */
export function groupAzs(azs: readonly RubyValue[] | undefined): string[] | undefined {
  return azs?.map(String);
}
