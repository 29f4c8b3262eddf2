import type { RubyHash } from '../../yaml/index.js';

/**
 * A link that a job of an instance group provides (BOSH's link provider intent), after the
 * manifest's `provides` block is applied.
 */
export interface LinkProvider {
  readonly instanceGroup: string;
  readonly job: string;
  /** The link's name in the job spec's `provides`. */
  readonly originalName: string;
  /** The name consumers match with `from`: the manifest's `as`, else the original name. */
  readonly name: string;
  readonly type: string;
  /** False when the manifest says `provides: {<link>: nil}`. */
  readonly isConsumable: boolean;
  /** The link's `properties` (§2.5, `process_link_properties`). */
  readonly properties: RubyHash;
  /**
   * The link's DNS group id, written to `.bosh/links.json`: the 1-based position of the
   * provider in the deployment's providers sorted by instance group, job and original link
   * name (bytewise). Instance groups' DNS group ids come after these (see `dns-encoder-ids.ts`).
   */
  readonly groupId: number;
}
