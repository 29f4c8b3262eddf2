import { BosunError } from '../../../base/index.js';
import { parseDeploymentManifest } from '../../../manifest/index.js';
import {
  deleteDeploymentQuerySchema,
  deployQuerySchema,
  logsQuerySchema,
  type DeploymentManifestView,
  type DeploymentView,
} from '../../../protocol/index.js';
import type { ApiContext, ApiRequest, Route } from '../api-types.js';
import { parseQuery, readBodyText } from '../request-body.js';
import { toTaskView } from '../task-view.js';

const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/**
 * Deployments: list, deploy (a task), show the manifest, delete (a task), instances and VMs
 * with their agents' states, logs (a task) and the resources tasks leave in the blobstore.
 */
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
  {
    method: 'POST',
    path: '/deployments',
    handle: async (request, context) => {
      const query = parseQuery(deployQuerySchema, request.query);
      const manifestText = await readBodyText(request.body, MAX_MANIFEST_BYTES);
      // Refused before any task or change, with BOSH's messages naming each path (§6.1).
      const manifestFile = query.manifest_file ?? 'manifest.yml';
      const { name } = parseDeploymentManifest(manifestText, manifestFile);
      const isNew = context.store.deployments.find(name) === undefined;
      const isDryRun = query.dry_run === 'true';
      const submitted = context.tasks.submit({
        type: 'update_deployment',
        description: `${isNew ? 'create' : 'update'} deployment${isDryRun ? ' (dry run)' : ''}`,
        deploymentName: name,
        username: request.user,
        whenBusy: 'refuse',
        run: (task) =>
          context.deployments.deploy(
            {
              manifestText,
              manifestFile,
              isDryRun,
              options: {
                ...(query.recreate === 'true' ? { recreate: true } : {}),
                ...(query.skip_drain === undefined ? {} : { skipDrain: query.skip_drain }),
                ...(query.canaries === undefined ? {} : { canaries: String(query.canaries) }),
                ...(query.max_in_flight === undefined ? {} : { maxInFlight: String(query.max_in_flight) }),
              },
            },
            task,
          ),
      });
      return { status: 202, json: toTaskView(context.store.tasks.find(submitted.id)!) };
    },
  },
  {
    method: 'GET',
    path: '/deployments/:name',
    handle: (request, { store }) => {
      const deployment = requireDeployment(request, store);
      const view: DeploymentManifestView = { name: deployment.name, manifest: deployment.manifest };
      return Promise.resolve({ status: 200, json: view });
    },
  },
  {
    method: 'DELETE',
    path: '/deployments/:name',
    handle: (request, context) => {
      const query = parseQuery(deleteDeploymentQuerySchema, request.query);
      const deployment = requireDeployment(request, context.store);
      const submitted = context.tasks.submit({
        type: 'delete_deployment',
        description: `delete deployment ${deployment.name}`,
        deploymentName: deployment.name,
        username: request.user,
        whenBusy: 'refuse',
        run: (task) => context.deployments.delete({ name: deployment.name, isForced: query.force === 'true' }, task),
      });
      return Promise.resolve({ status: 202, json: toTaskView(context.store.tasks.find(submitted.id)!) });
    },
  },
  {
    method: 'GET',
    path: '/deployments/:name/instances',
    handle: async (request, context) => {
      const deployment = requireDeployment(request, context.store);
      return { status: 200, json: await context.deployments.instances(deployment.name) };
    },
  },
  {
    method: 'GET',
    path: '/deployments/:name/vms',
    handle: async (request, context) => {
      const deployment = requireDeployment(request, context.store);
      return { status: 200, json: await context.deployments.vms(deployment.name) };
    },
  },
  {
    method: 'GET',
    path: '/deployments/:name/logs',
    handle: (request, context) => {
      const query = parseQuery(logsQuerySchema, request.query);
      const deployment = requireDeployment(request, context.store);
      const submitted = context.tasks.submit({
        type: 'fetch_logs',
        description: 'fetch logs',
        deploymentName: deployment.name,
        username: request.user,
        run: (task) =>
          context.deployments.fetchLogs(
            { deployment: deployment.name, instance: query.instance, jobs: query.job ?? [] },
            task,
          ),
      });
      return Promise.resolve({ status: 202, json: toTaskView(context.store.tasks.find(submitted.id)!) });
    },
  },
  {
    method: 'GET',
    path: '/resources/:id',
    handle: async (request, { blobstore }) => {
      const id = request.params['id'] ?? '';
      if (!/^[0-9a-f]{64}$/.test(id) || !(await blobstore.exists(id))) {
        throw new BosunError('RESOURCE_NOT_FOUND', `Resource '${id}' not found`);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of await blobstore.open(id)) chunks.push(chunk as Buffer);
      return { status: 200, raw: Buffer.concat(chunks), headers: { 'content-type': 'application/octet-stream' } };
    },
  },
];

function requireDeployment(request: ApiRequest, store: ApiContext['store']): NonNullable<ReturnType<ApiContext['store']['deployments']['find']>> {
  const name = request.params['name'] ?? '';
  const deployment = store.deployments.find(name);
  if (deployment === undefined) throw new BosunError('DEPLOYMENT_NOT_FOUND', `Deployment '${name}' doesn't exist`);
  return deployment;
}
