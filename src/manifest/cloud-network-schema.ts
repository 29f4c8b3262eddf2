import { z } from 'zod';
import type { RubyValue } from '../yaml/index.js';
import type { CloudNetwork, DynamicNetwork, VipNetwork } from './cloud-config.js';
import { manualNetworkSchema } from './manual-network-schema.js';
import { parseCidr } from './ip-range.js';
import { anyRubyValue, rubyArray, rubyHash, rubyHashOrEmpty, rubyString, rubyToS } from './ruby-schema.js';

const dnsList = rubyArray(rubyString).optional();

function isSingleIp(text: string): boolean {
  try {
    const cidr = parseCidr(text);
    return cidr.first === cidr.last;
  } catch {
    return false;
  }
}

const dynamicSubnet = rubyHash({
  dns: dnsList,
  az: rubyString.optional(),
  azs: rubyArray(rubyString).optional(),
  cloud_properties: rubyHashOrEmpty,
});

/** `DynamicNetwork.parse`, with its messages. */
const dynamicNetworkSchema = rubyHash({
  name: rubyString,
  az: anyRubyValue.optional(),
  azs: anyRubyValue.optional(),
  managed: anyRubyValue.optional(),
  prefix: anyRubyValue.optional(),
  dns: dnsList,
  cloud_properties: anyRubyValue.optional(),
  subnets: rubyArray(dynamicSubnet).optional(),
}).transform((raw, ctx): DynamicNetwork => {
  const report = (message: string, path: Array<string | number> = []) =>
    ctx.addIssue({ code: 'custom', message, path });
  for (const key of ['az', 'azs', 'managed', 'prefix'] as const) {
    if (raw[key] !== undefined) report(`Network '${raw.name}' must not specify '${key}'.`, [key]);
  }
  const checkDns = (dns: readonly string[] | undefined, path: Array<string | number>) => {
    if (dns?.some((d) => !isSingleIp(d)))
      report(`Invalid DNS for network '${raw.name}': must be a single IP`, path);
  };
  checkDns(raw.dns, ['dns']);
  raw.subnets?.forEach((s, i) => checkDns(s.dns, ['subnets', i, 'dns']));
  const cloudProperties =
    raw.cloud_properties instanceof Map ? raw.cloud_properties : new Map<RubyValue, RubyValue>();
  if (raw.subnets === undefined) {
    return {
      type: 'dynamic',
      name: raw.name,
      subnets: [{ dns: raw.dns, azs: undefined, cloud_properties: cloudProperties }],
    };
  }
  for (const key of ['dns', 'cloud_properties'] as const) {
    if (raw[key] !== undefined) {
      report(
        `Network '${raw.name}' must not specify '${key}' when also specifying 'subnets'. Instead, '${key}' should be specified on subnet entries.`,
        [key],
      );
    }
  }
  const subnets = raw.subnets.map((s, i) => {
    if (s.az !== undefined && s.azs !== undefined)
      report(`Network '${raw.name}' contains both 'az' and 'azs'. Choose one.`, ['subnets', i]);
    if (s.azs?.length === 0)
      report(`Network '${raw.name}' refers to an empty 'azs' array`, ['subnets', i, 'azs']);
    return {
      dns: s.dns,
      azs: s.azs ?? (s.az === undefined ? undefined : [s.az]),
      cloud_properties: s.cloud_properties,
    };
  });
  return { type: 'dynamic', name: raw.name, subnets };
});

const vipNetworkSchema = rubyHash({ name: rubyString, cloud_properties: rubyHashOrEmpty }).transform(
  (raw): VipNetwork => ({ type: 'vip', name: raw.name, cloud_properties: raw.cloud_properties }),
);

/** One `networks` entry, by its `type` (default `manual`): `CloudManifestParser#parse_networks`. */
export const cloudNetworkSchema = anyRubyValue.transform((raw, ctx): CloudNetwork => {
  const typeValue = raw instanceof Map ? raw.get('type') : undefined;
  const type = typeValue === undefined ? 'manual' : rubyToS(typeValue);
  const schema =
    type === 'manual'
      ? manualNetworkSchema
      : type === 'dynamic'
        ? dynamicNetworkSchema
        : type === 'vip'
          ? vipNetworkSchema
          : undefined;
  if (schema === undefined) {
    ctx.addIssue({ code: 'custom', message: `Invalid network type '${type}'`, path: ['type'] });
    return z.NEVER;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});
