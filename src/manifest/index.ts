export type {
  DeploymentFeatures,
  DeploymentManifest,
  InstanceGroup,
  InstanceGroupJob,
  InstanceGroupNetwork,
  InstanceGroupState,
  ManifestRelease,
  ManifestStemcell,
  ManifestVariable,
  UpdateConfig,
  VmResources,
  VmStrategy,
} from './deployment-manifest.js';
export {
  MANIFEST_INVALID,
  parseDeploymentManifest,
  validateDeploymentManifest,
  validateManifestValue,
  type ManifestValidation,
} from './parse-deployment-manifest.js';
export {
  checkManifestAgainstCloudConfig,
  findCloudConfigProblems,
  subnetWithStaticIp,
} from './check-against-cloud-config.js';
export {
  networkAzs,
  networkHasAzs,
  type CloudAz,
  type CloudConfig,
  type CloudNetwork,
  type CompilationConfig,
  type DiskType,
  type DynamicNetwork,
  type ManualNetwork,
  type ManualSubnet,
  type NamedCloudProperties,
  type VipNetwork,
} from './cloud-config.js';
export {
  CLOUD_CONFIG_INVALID,
  parseCloudConfig,
  validateCloudConfig,
  validateCloudConfigValue,
  type CloudConfigValidation,
} from './parse-cloud-config.js';
export { DEFAULT_LOCAL_CLOUD_CONFIG_YAML, defaultLocalCloudConfig } from './default-cloud-config.js';
export { parseWatchTime, watchSchedule, WATCH_TIME_INVALID, type WatchTime } from './watch-time.js';
export {
  calculateUpdateAmount,
  isUpdateAmount,
  parseCanaries,
  parseMaxInFlight,
  UPDATE_AMOUNT_INVALID,
} from './update-amount.js';
export { applyUpdateOverrides, type UpdateOverrides } from './update-config-schema.js';
export {
  formatManifestPath,
  type ManifestPath,
  type ManifestProblem,
  type ManifestSource,
} from './manifest-problems.js';
export {
  countIps,
  doRangesOverlap,
  expandIpRanges,
  formatIpv4,
  IP_RANGE_INVALID,
  isIpInRanges,
  netmaskOf,
  parseCidr,
  parseIpRanges,
  parseIpv4,
  type Cidr,
  type IpRange,
} from './ip-range.js';
export { canonicalName } from './canonical-name.js';
