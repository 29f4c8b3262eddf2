import { BosunError } from '../../../base/index.js';
import { virtualStemcellRequestSchema, type StemcellView } from '../../../protocol/index.js';
import type { ApiContext, ApiRequest, ApiResponse, Route } from '../api-types.js';
import type { TaskFunction } from '../../tasks/index.js';
import { readJsonBody, spoolBodyToFile, submitOwningFile } from '../request-body.js';
import { uploadStemcellTarballTask, uploadVirtualStemcellTask } from '../stemcell-upload.js';
import { toTaskView } from '../task-view.js';

const MAX_JSON_BYTES = 64 * 1024;

/**
 * `POST /stemcells`: a stemcell tarball as the body, or (`Content-Type: application/json`) a
 * virtual stemcell `{name?, os, version}` for the local CPI. `GET /stemcells`.
 */
export const stemcellRoutes: readonly Route[] = [
  { method: 'POST', path: '/stemcells', handle: postStemcell },
  {
    method: 'GET',
    path: '/stemcells',
    handle: (_request, { store }) => {
      const stemcells: StemcellView[] = store.stemcells.list().map((s) => ({
        name: s.name,
        operating_system: s.os,
        version: s.version,
        cid: s.cid,
        cpi: s.cpi,
        api_version: s.apiVersion,
        deployments: store.stemcells.deploymentsUsing(s.id).map((name) => ({ name })),
      }));
      return Promise.resolve({ status: 200, json: stemcells });
    },
  },
];

async function postStemcell(request: ApiRequest, context: ApiContext): Promise<ApiResponse> {
  const isJson = (request.headers['content-type'] ?? '').startsWith('application/json');
  let run: TaskFunction;
  let file: string | undefined;
  if (isJson) {
    const body = await readJsonBody(request.body, virtualStemcellRequestSchema, MAX_JSON_BYTES);
    if (!context.identity.isLocalCpi) {
      throw new BosunError(
        'STEMCELL_REQUEST_INVALID',
        'A stemcell without an image can only be used with the local CPI',
        { hint: 'Upload a stemcell tarball for this CPI.' },
      );
    }
    const name = body.name ?? `bosh-warden-boshlite-${body.os}-go_agent`;
    run = uploadVirtualStemcellTask(context, name, body.os, body.version);
  } else {
    file = await spoolBodyToFile(request.body, context.workDir, 'stemcell');
    run = uploadStemcellTarballTask(context, file);
  }
  const submit = (): { id: number } =>
    context.tasks.submit({
      type: 'update_stemcell',
      description: 'create stemcell',
      username: request.user,
      run,
    });
  // The tarball task owns the spooled file and removes it when it ends.
  const { id } = file === undefined ? submit() : await submitOwningFile(file, submit);
  return { status: 202, json: toTaskView(context.store.tasks.find(id)!) };
}
