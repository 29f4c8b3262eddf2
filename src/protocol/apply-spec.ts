import { z } from 'zod';

/**
 * The apply spec the Director sends to an agent with `prepare`, `apply` and `drain`
 * (reference §7.3). Unknown keys are kept (`loose`): the agent persists the spec it was
 * given and returns it from `get_state`.
 */
export const blobRefSchema = z.looseObject({
  blobstore_id: z.string().min(1),
  sha1: z.string().min(1),
});

export const jobTemplateRefSchema = z.looseObject({
  name: z.string().min(1),
  version: z.string(),
  sha1: z.string(),
  blobstore_id: z.string(),
});

export const packageRefSchema = z.looseObject({
  name: z.string().min(1),
  version: z.string(),
  sha1: z.string().min(1),
  blobstore_id: z.string().min(1),
});

export const applySpecSchema = z.looseObject({
  deployment: z.string().optional(),
  name: z.string().optional(),
  index: z.number().int().nullable().optional(),
  id: z.string().optional(),
  az: z.string().nullable().optional(),
  job: z
    .looseObject({
      name: z.string().optional(),
      templates: z.array(jobTemplateRefSchema).optional(),
    })
    .nullable()
    .optional(),
  networks: z.record(z.string(), z.unknown()).nullable().optional(),
  packages: z.record(z.string(), packageRefSchema).nullable().optional(),
  configuration_hash: z.string().nullable().optional(),
  persistent_disk: z.number().nullable().optional(),
  template_hashes: z.record(z.string(), z.string()).nullable().optional(),
  rendered_templates_archive: blobRefSchema.nullable().optional(),
  properties: z
    .looseObject({
      logging: z.looseObject({ max_log_file_size: z.string().optional() }).optional(),
    })
    .nullable()
    .optional(),
});

export type BlobRef = z.infer<typeof blobRefSchema>;
export type JobTemplateRef = z.infer<typeof jobTemplateRefSchema>;
export type PackageRef = z.infer<typeof packageRefSchema>;
export type ApplySpec = z.infer<typeof applySpecSchema>;

/** The jobs of an apply spec, in the Director's order (`job.templates`). */
export function jobsOfApplySpec(spec: ApplySpec): JobTemplateRef[] {
  return spec.job?.templates ?? [];
}

/** The packages of an apply spec, sorted by name. */
export function packagesOfApplySpec(spec: ApplySpec): PackageRef[] {
  return Object.values(spec.packages ?? {}).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
