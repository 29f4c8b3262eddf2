import { BosunError } from '../../base/index.js';
import type { PropertyDefinition } from '../../release/index.js';
import { computeLinkProperties } from '../../templates/index.js';
import type { RubyHash, RubyValue } from '../../yaml/index.js';

/**
 * The `properties` of a link a job provides (reference §2.5, BOSH `links_parser.rb`
 * `process_link_properties`, by the renderer's `computeLinkProperties`), with undeclared
 * names returned as errors, one per name, so link resolution can report them all at once:
 * `Link property <prop> in template <job> is not defined in release spec`.
 */
export function mapLinkProperties(
  provided: readonly string[],
  definitions: readonly PropertyDefinition[],
  rawInput: RubyValue,
  jobName: string,
): { properties: RubyHash; errors: string[] } {
  try {
    return { properties: computeLinkProperties(provided, definitions, rawInput, jobName), errors: [] };
  } catch (e) {
    if (e instanceof BosunError && e.code === 'LINK_PROPERTY_UNDECLARED') {
      return { properties: new Map(), errors: e.message.split('\n') };
    }
    throw e;
  }
}
