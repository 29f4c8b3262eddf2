export { formatSchemaIssues } from './schema-issues.js';
export {
  applySpecSchema,
  blobRefSchema,
  jobTemplateRefSchema,
  packageRefSchema,
  jobsOfApplySpec,
  packagesOfApplySpec,
  type ApplySpec,
  type BlobRef,
  type JobTemplateRef,
  type PackageRef,
} from './apply-spec.js';
export {
  AGENT_PROTOCOL_VERSION,
  agentRequestSchema,
  isRunningTaskHandle,
  type AgentRequest,
  type AgentResponse,
  type AgentTaskHandle,
} from './agent-envelope.js';
