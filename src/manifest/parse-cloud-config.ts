import { loadYamlDocument, type RubyValue } from '../yaml/index.js';
import { canonicalName } from './canonical-name.js';
import { networkHasAzs, type CloudConfig } from './cloud-config.js';
import { cloudConfigSchema, type ParsedCloudConfig } from './cloud-config-schema.js';
import {
  invalidFileError,
  problemAt,
  problemsFromZod,
  type ManifestPath,
  type ManifestProblem,
  type ManifestSource,
} from './manifest-problems.js';

/** The code of every cloud config problem. */
export const CLOUD_CONFIG_INVALID = 'CLOUD_CONFIG_INVALID';

/** A cloud config and every problem found in it; `cloudConfig` is undefined when there are problems. */
export interface CloudConfigValidation {
  readonly cloudConfig: CloudConfig | undefined;
  readonly problems: readonly ManifestProblem[];
}

/**
 * Reads a cloud config (reference §6.2) and checks it as the Director's `CloudManifestParser`
 * does, with BOSH's messages: ranges in CIDR, gateways inside them, reserved and static
 * addresses inside and apart, known AZs, unique names, a usable `compilation`. Throws BosunError
 * `YAML_INVALID` or `CLOUD_CONFIG_INVALID` listing every problem with its path and line. Pure.
 */
export function parseCloudConfig(text: string, file: string): CloudConfig {
  const { cloudConfig, problems } = validateCloudConfig(text, file);
  if (cloudConfig === undefined) throw invalidFileError(CLOUD_CONFIG_INVALID, 'Cloud config', file, problems);
  return cloudConfig;
}

/** {@link parseCloudConfig}, returning the problems instead of throwing them. */
export function validateCloudConfig(text: string, file: string): CloudConfigValidation {
  const doc = loadYamlDocument(text, file);
  return validateCloudConfigValue(doc.value, { file, lineOf: (path) => doc.lineOf(path) });
}

/** Checks an already loaded cloud config; `source` gives problems their lines. */
export function validateCloudConfigValue(value: RubyValue, source?: ManifestSource): CloudConfigValidation {
  const parsed = cloudConfigSchema.safeParse(value);
  if (!parsed.success)
    return { cloudConfig: undefined, problems: problemsFromZod(parsed.error, value, source) };
  const cloudConfig: CloudConfig = {
    azs: parsed.data.azs ?? [],
    networks: parsed.data.networks,
    vm_types: parsed.data.vm_types ?? [],
    vm_extensions: parsed.data.vm_extensions ?? [],
    disk_types: parsed.data.disk_types ?? [],
    compilation: parsed.data.compilation,
  };
  const problems = findReferenceProblems(cloudConfig, parsed.data).map(([path, message]) =>
    problemAt(path, message, source),
  );
  return problems.length > 0 ? { cloudConfig: undefined, problems } : { cloudConfig, problems: [] };
}

type Found = Array<[ManifestPath, string]>;

function findReferenceProblems(c: CloudConfig, raw: ParsedCloudConfig): Found {
  const found: Found = [];
  const duplicates = (
    items: ReadonlyArray<{ name: string }>,
    key: string,
    what: string,
    by = (n: string) => n,
  ) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(by(item.name))) found.push([[key, i, 'name'], what.replace('%s', item.name)]);
      seen.add(by(item.name));
    });
  };
  duplicates(c.azs, 'azs', "Duplicate az name '%s'");
  if (c.networks.length === 0) found.push([['networks'], 'No networks specified']);
  duplicates(
    c.networks,
    'networks',
    "Invalid network name '%s', canonical name already taken",
    canonicalName,
  );
  const azNames = c.azs.map((a) => a.name);
  c.networks.forEach((network, i) => {
    if (network.type === 'vip') return;
    network.subnets.forEach((subnet, j) => {
      for (const az of subnet.azs ?? []) {
        if (!azNames.includes(az)) {
          found.push([
            ['networks', i, 'subnets', j],
            `Network '${network.name}' refers to an unknown availability zone '${az}'`,
          ]);
        }
      }
    });
  });
  duplicates(c.vm_types, 'vm_types', "Duplicate vm type name '%s'");
  duplicates(c.vm_extensions, 'vm_extensions', "Duplicate vm extension name '%s'");
  duplicates(c.disk_types, 'disk_types', "Duplicate disk type name '%s'");
  found.push(...findCompilationProblems(c, raw));
  return found;
}

function findCompilationProblems(c: CloudConfig, raw: ParsedCloudConfig): Found {
  const found: Found = [];
  const comp = c.compilation;
  const at = (key: string): ManifestPath =>
    raw.compilation[key as keyof typeof raw.compilation] === undefined
      ? ['compilation']
      : ['compilation', key];
  const azNames = c.azs.map((a) => a.name);
  if (comp.az !== undefined && !azNames.includes(comp.az)) {
    found.push([
      at('az'),
      `Compilation config references unknown az '${comp.az}'. Known azs are: [${azNames.join(', ')}]`,
    ]);
  }
  if (comp.vm_type !== undefined && !c.vm_types.some((t) => t.name === comp.vm_type)) {
    found.push([
      at('vm_type'),
      `Compilation config references unknown vm type '${comp.vm_type}'. Known vm types are: ${c.vm_types.map((t) => t.name).join(', ')}`,
    ]);
  }
  for (const name of comp.vm_extensions) {
    if (!c.vm_extensions.some((e) => e.name === name)) {
      found.push([
        at('vm_extensions'),
        `Compilation config references unknown vm extension '${name}'. Known vm extensions are: ${c.vm_extensions.map((e) => e.name).join(', ')}`,
      ]);
    } else if (comp.vm_type === undefined && comp.vm_resources === undefined) {
      found.push([
        at('vm_extensions'),
        `Compilation config is using vm extension '${name}' and must configure a vm type or vm_resources block.`,
      ]);
    }
  }
  const network = c.networks.find((n) => n.name === comp.network);
  if (network === undefined) {
    found.push([at('network'), `Compilation config references an unknown network '${comp.network}'`]);
  } else if (
    (comp.az === undefined || azNames.includes(comp.az)) &&
    !networkHasAzs(network, comp.az === undefined ? undefined : [comp.az])
  ) {
    found.push([
      at('az'),
      `Compilation config refers to az '${comp.az ?? ''}' but network '${network.name}' has no matching subnet(s).`,
    ]);
  }
  return found;
}
