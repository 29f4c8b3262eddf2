export * from './ruby-value.js';
export { loadYaml, loadYamlDocument, type YamlDocument } from './load-yaml.js';
export { inspectRubyValue, inspectRubyString, rubyFloatToS } from './ruby-inspect.js';
