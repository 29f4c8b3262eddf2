import type { DirectorInfo } from '../../../protocol/index.js';
import type { Route } from '../api-types.js';

/** `GET /info`: who the Director is and who is asking. */
export const infoRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/info',
    handle: (request, { identity }) => {
      const info: DirectorInfo = {
        name: identity.name,
        uuid: identity.uuid,
        version: identity.version,
        user: request.user,
        cpi: identity.cpiName,
        features: { enable_post_deploy: identity.enablePostDeploy },
      };
      return Promise.resolve({ status: 200, json: info });
    },
  },
];
