export { BosunError, isBosunError, describeError } from './bosun-error.js';
