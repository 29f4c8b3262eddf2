export * from './ruby-value.js';
