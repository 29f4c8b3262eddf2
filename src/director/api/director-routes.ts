import type { Route } from './api-types.js';
import { cloudConfigRoutes } from './routes/cloud-config-routes.js';
import { deploymentRoutes } from './routes/deployment-routes.js';
import { infoRoutes } from './routes/info-routes.js';
import { releaseRoutes } from './routes/release-routes.js';
import { stemcellRoutes } from './routes/stemcell-routes.js';
import { taskRoutes } from './routes/task-routes.js';

/** Every endpoint of the Director API (table in src/protocol/director-api.ts). */
export const directorRoutes: readonly Route[] = [
  ...infoRoutes,
  ...releaseRoutes,
  ...stemcellRoutes,
  ...cloudConfigRoutes,
  ...deploymentRoutes,
  ...taskRoutes,
];
