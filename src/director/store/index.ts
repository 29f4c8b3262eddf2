export { DirectorStore, type DirectorStoreOptions, type InterruptedTask } from './director-store.js';
export { MIGRATIONS, sqliteDialect, postgresDialect, type Migration, type SqlDialect } from './migrations.js';
export { type JsonValue, type JsonObject } from './json-column.js';
export { UserRepo, type UserRecord, type UserSource } from './user-repo.js';
export { provisionUsers, ADMIN_CREDENTIALS_FILE, type ProvisionedUsers } from './provision-users.js';
export {
  ReleaseRepo,
  type ReleaseVersionRecord,
  type ReleaseVersionDetail,
  type ReleaseVersionInput,
  type ReleaseSummary,
} from './release-repo.js';
export { type PackageInput, type PackageRecord, type JobInput, type JobRecord } from './release-artifacts.js';
export { PackageRepo, type CompiledPackageKey, type CompiledPackageRecord } from './package-repo.js';
export { StemcellRepo, type StemcellRecord, type StemcellInput } from './stemcell-repo.js';
export { CloudConfigRepo, type CloudConfigRecord } from './cloud-config-repo.js';
export { DeploymentRepo, type DeploymentRecord, type DeploymentInput } from './deployment-repo.js';
export {
  InstanceRepo,
  type InstanceRecord,
  type InstanceInput,
  type InstancePatch,
  type InstanceState,
  type RenderedTemplatesRef,
} from './instance-repo.js';
export { VmRepo, type VmRecord, type VmInput, type AgentCredentials } from './vm-repo.js';
export { DiskRepo, type PersistentDiskRecord, type PersistentDiskInput } from './disk-repo.js';
export {
  TaskRepo,
  TASK_STATES,
  type TaskState,
  type TaskRecord,
  type TaskInput,
  type TaskTransitionFields,
} from './task-repo.js';
export { EventRepo, type EventRecord, type EventInput } from './event-repo.js';
export { LockRepo, DEPLOYMENT_LOCKED_MESSAGE, deploymentLockName, type LockRecord } from './lock-repo.js';
