import type { AgentAction } from '../rpc/index.js';
import { objectArg, stringArg } from './action-args.js';
import type { AgentContext } from './agent-context.js';

/** `compile_package [blobstore_id, sha1, name, version, deps]` (async) → `{result: {blobstore_id, sha1}}` (§7.2). */
export function compilePackageAction(context: AgentContext): AgentAction {
  return {
    name: 'compile_package',
    kind: 'async',
    run: (args, signal) =>
      context.compiler.compilePackage(
        {
          blobstoreId: stringArg('compile_package', args, 0, 'blobstore id'),
          sha1: stringArg('compile_package', args, 1, 'sha1'),
          name: stringArg('compile_package', args, 2, 'package name'),
          version: stringArg('compile_package', args, 3, 'package version'),
          deps: objectArg('compile_package', args, 4, 'dependencies', true),
        },
        signal,
      ),
  };
}
