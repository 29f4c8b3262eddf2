import { createHash } from 'node:crypto';

/**
 * The directory name of an installed job or package version: SHA1 hex of BOSH's bundle
 * version, `<version>-<digest>` where `<digest>` is the multi-digest string from the apply
 * spec (the rendered-templates archive's for a job, the package blob's for a package).
 * Source: bosh-agent `models.Job.BundleVersion`, `models.Package.BundleVersion`,
 * `FileBundleCollection.Get`. For a package being compiled (`LocalPackage`) it is the version
 * alone.
 */
export function bundleHash(version: string, digest?: string): string {
  const bundleVersion = digest === undefined ? version : `${version}-${digest}`;
  return createHash('sha1').update(bundleVersion).digest('hex');
}
