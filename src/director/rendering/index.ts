export type { LoadedJob, JobLookup } from './loaded-job.js';
export { loadJobFromBlobstore, JOB_LOAD_FAILED } from './load-job-from-blobstore.js';
export { renderDeployment, type RenderDeploymentInput, type RenderedInstance } from './render-deployment.js';
export { DeploymentRenderError, type InstanceGroupRenderFailure } from './deployment-render-error.js';
export { LINK_PROVIDER_INVALID } from './collect-link-providers.js';
export { LINK_CONSUMER_INVALID } from './collect-link-consumers.js';
export { LINK_RESOLUTION_FAILED } from './resolve-links.js';
export { configurationHashOf, templateHashesOf } from './configuration-hash.js';
export { packRenderedTemplates } from './rendered-archive.js';
