import { parseCloudConfig } from '../../../manifest/index.js';
import { cloudConfigListQuerySchema, type CloudConfigView } from '../../../protocol/index.js';
import type { CloudConfigRecord } from '../../store/index.js';
import type { Route } from '../api-types.js';
import { parseQuery, readBodyText } from '../request-body.js';

const MAX_CLOUD_CONFIG_BYTES = 8 * 1024 * 1024;

/**
 * `POST /cloud_configs` (the YAML as the body), validated as BOSH does: a new version, 201; the same text as the
 * latest changes nothing, 200. `GET /cloud_configs?latest=true`: the one in effect, or
 * newest first up to `limit`.
 */
export const cloudConfigRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/cloud_configs',
    handle: async (request, { store }) => {
      const text = await readBodyText(request.body, MAX_CLOUD_CONFIG_BYTES);
      // Refused with BOSH's messages, each naming its path and line (reference §6.2).
      parseCloudConfig(text, 'cloud-config.yml');
      const latest = store.cloudConfigs.latest();
      if (latest !== undefined && latest.content === text) return { status: 200, json: toView(latest) };
      return { status: 201, json: toView(store.cloudConfigs.create(text)) };
    },
  },
  {
    method: 'GET',
    path: '/cloud_configs',
    handle: (request, { store }) => {
      const query = parseQuery(cloudConfigListQuerySchema, request.query);
      const records =
        query.latest === 'true'
          ? [store.cloudConfigs.latest()].filter((c) => c !== undefined)
          : store.cloudConfigs.list(query.limit);
      return Promise.resolve({ status: 200, json: records.map(toView) });
    },
  },
];

function toView(record: CloudConfigRecord): CloudConfigView {
  return { id: record.id, content: record.content, created_at: new Date(record.createdAtMs).toISOString() };
}
