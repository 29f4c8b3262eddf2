export {
  compilePackages,
  PACKAGE_COMPILATION_FAILED,
  type CompilePackagesOptions,
} from './compile-packages.js';
export {
  PACKAGE_MISSING_SOURCE_CODE,
  type CompiledPackageRef,
  type ReleasePackages,
} from './compile-plan.js';
export type { CompileWorker } from './compile-worker-pool.js';
export { buildDependencyKey, type KeyedPackage } from './dependency-key.js';
