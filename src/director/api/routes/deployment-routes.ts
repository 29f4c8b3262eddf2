import type { DeploymentView } from '../../../protocol/index.js';
import type { Route } from '../api-types.js';

/** `GET /deployments`: each deployment with its releases, stemcells and cloud config status. */
export const deploymentRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/deployments',
    handle: (_request, { store }) => {
      const latestCloudConfig = store.cloudConfigs.latest()?.id;
      const deployments: DeploymentView[] = store.deployments.list().map((d) => ({
        name: d.name,
        releases: d.releaseVersionIds
          .map((id) => store.releases.findVersionById(id))
          .filter((v) => v !== undefined)
          .map((v) => ({ name: v.releaseName, version: v.version })),
        stemcells: d.stemcellIds
          .map((id) => store.stemcells.findById(id))
          .filter((s) => s !== undefined)
          .map((s) => ({ name: s.name, version: s.version })),
        cloud_config:
          d.cloudConfigId === null ? 'none' : d.cloudConfigId === latestCloudConfig ? 'latest' : 'outdated',
        teams: [],
      }));
      return Promise.resolve({ status: 200, json: deployments });
    },
  },
];
