export { Applier, type ApplierOptions } from './applier.js';
export { extractArchive, type ExtractArchiveOptions } from './extract-archive.js';
export { findVcapOwner, type VcapOwner } from './vcap-owner.js';
export { bundleHash } from './bundle-hash.js';
export { packDirectory } from './pack-directory.js';
export { parseApplySpec } from './spec-store.js';
export { type PackageSource } from './package-bundles.js';
export {
  PackageCompiler,
  type CompilePackageRequest,
  type CompilePackageResult,
  type PackageCompilerOptions,
} from './package-compiler.js';
export { SCRIPT_PATH } from './packaging-script.js';
