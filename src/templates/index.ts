export { RubyVmHost, type TemplateSource, type TemplateOutcome, type DnsEncoderIds } from './ruby-vm-host.js';
export { marshalRubyValue } from './ruby-marshal.js';
export {
  renderJob,
  TemplateRenderError,
  type RenderJobInput,
  type RenderedJob,
  type RenderedFile,
  type TemplateFailure,
} from './render-job.js';
export {
  formatJobTemplateErrors,
  formatInstanceGroupErrors,
  formatDeploymentRenderErrors,
  indentBody,
} from './render-errors.js';
export { bindProperties, computeLinkProperties, selectPropertyInput } from './bind-properties.js';
export { buildTemplateSpec, linksJsonFor, type InstanceFacts } from './template-spec.js';
export { parseInstanceInput } from './instance-input.js';
