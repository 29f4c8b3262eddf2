import type { ReleaseView } from '../../../protocol/index.js';
import { uploadReleaseTask } from '../../release-upload/index.js';
import type { Route } from '../api-types.js';
import { spoolBodyToFile, submitOwningFile } from '../request-body.js';
import { toTaskView } from '../task-view.js';

/** `POST /releases` (a release tarball as the body) and `GET /releases`. */
export const releaseRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/releases',
    handle: async (request, context) => {
      const file = await spoolBodyToFile(request.body, context.workDir, 'release');
      const deps = { store: context.store, blobstore: context.blobstore, workDir: context.workDir };
      // From here the task owns the file and removes it when it ends.
      const { id } = await submitOwningFile(file, () =>
        context.tasks.submit({
          type: 'update_release',
          description: 'create release',
          username: request.user,
          run: uploadReleaseTask(deps, file),
        }),
      );
      return { status: 202, json: toTaskView(context.store.tasks.find(id)!) };
    },
  },
  {
    method: 'GET',
    path: '/releases',
    handle: (_request, { store }) => {
      const releases: ReleaseView[] = store.releases.list().map((release) => ({
        name: release.name,
        release_versions: release.versions.map((v) => ({
          version: v.version,
          commit_hash: v.commitHash,
          uncommitted_changes: v.uncommittedChanges,
          currently_deployed: v.isDeployed,
          job_names: (store.releases.findVersionById(v.id)?.jobs ?? []).map((j) => j.name),
        })),
      }));
      return Promise.resolve({ status: 200, json: releases });
    },
  },
];
