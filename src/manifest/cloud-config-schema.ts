import type { z } from 'zod';
import type { CloudAz, CompilationConfig, DiskType, NamedCloudProperties } from './cloud-config.js';
import { cloudNetworkSchema } from './cloud-network-schema.js';
import { rubyArray, rubyBoolean, rubyHash, rubyHashOrEmpty, rubyInteger, rubyString } from './ruby-schema.js';

const azSchema = rubyHash({ name: rubyString, cloud_properties: rubyHashOrEmpty }).transform(
  (a): CloudAz => ({ name: a.name, cloud_properties: a.cloud_properties }),
);

const namedSchema = rubyHash({ name: rubyString, cloud_properties: rubyHashOrEmpty }).transform(
  (v): NamedCloudProperties => ({ name: v.name, cloud_properties: v.cloud_properties }),
);

/** `DiskType.parse`, with its message. */
const diskTypeSchema = rubyHash({
  name: rubyString,
  disk_size: rubyInteger,
  cloud_properties: rubyHashOrEmpty,
}).transform((d, ctx): DiskType => {
  if (d.disk_size < 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['disk_size'],
      message: `Disk types '${d.name}' references an invalid persistent disk size '${d.disk_size}'`,
    });
  }
  return { name: d.name, disk_size: d.disk_size, cloud_properties: d.cloud_properties };
});

/** `CompilationConfig#initialize`: the parts that do not refer to the rest of the cloud config. */
const compilationSchema = rubyHash({
  workers: rubyInteger,
  network: rubyString,
  reuse_compilation_vms: rubyBoolean.optional(),
  orphan_workers: rubyBoolean.optional(),
  cloud_properties: rubyHashOrEmpty,
  env: rubyHashOrEmpty,
  az: rubyString.optional(),
  vm_type: rubyString.optional(),
  vm_resources: rubyHash({ cpu: rubyInteger, ram: rubyInteger, ephemeral_disk_size: rubyInteger }).optional(),
  vm_extensions: rubyArray(rubyString).optional(),
}).transform((c, ctx): CompilationConfig => {
  const report = (message: string, path: string[] = []) => ctx.addIssue({ code: 'custom', message, path });
  if (c.workers < 1) report(`'workers' value (${c.workers}) should be greater than 1`, ['workers']);
  const given = [c.vm_type, c.vm_resources, c.cloud_properties].filter(
    (v) => v !== undefined && v !== '' && !(v instanceof Map && v.size === 0),
  ).length;
  if (given === 0) {
    report(
      "Compilation config requires either 'vm_type', 'vm_resources', or 'cloud_properties', none given.",
    );
  }
  if (given > 1) {
    report(
      "Compilation config specifies more than one of 'vm_type', 'vm_resources', or 'cloud_properties', only one is allowed.",
    );
  }
  return {
    workers: c.workers,
    az: c.az === '' ? undefined : c.az,
    vm_type: c.vm_type,
    vm_resources: c.vm_resources,
    vm_extensions: c.vm_extensions ?? [],
    cloud_properties: c.cloud_properties,
    network: c.network,
    reuse_compilation_vms: c.reuse_compilation_vms ?? false,
    orphan_workers: c.orphan_workers ?? false,
    env: c.env,
  };
});

/** A cloud config's shapes (`CloudManifestParser`); references between its parts follow in `parse-cloud-config.ts`. */
export const cloudConfigSchema = rubyHash({
  azs: rubyArray(azSchema).optional(),
  networks: rubyArray(cloudNetworkSchema),
  vm_types: rubyArray(namedSchema).optional(),
  vm_extensions: rubyArray(namedSchema).optional(),
  disk_types: rubyArray(diskTypeSchema).optional(),
  compilation: compilationSchema,
});

/** The cloud config as the schema returns it, before references are checked. */
export type ParsedCloudConfig = z.infer<typeof cloudConfigSchema>;
