import { taskListQuerySchema } from '../../../protocol/index.js';
import type { Route } from '../api-types.js';
import { parseQuery } from '../request-body.js';
import { toTaskView } from '../task-view.js';
import { findTask } from './find-task.js';
import { taskOutputRoute } from './task-output-route.js';

/** `GET /tasks`, `GET /tasks/:id`, `GET /tasks/:id/output`, `DELETE /tasks/:id` (cancel). */
export const taskRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/tasks',
    handle: (request, { store }) => {
      const query = parseQuery(taskListQuerySchema, request.query);
      const tasks = store.tasks.list({
        ...(query.deployment === undefined ? {} : { deploymentName: query.deployment }),
        ...(query.state === undefined ? {} : { states: query.state }),
        limit: query.limit ?? 30,
      });
      return Promise.resolve({ status: 200, json: tasks.map(toTaskView) });
    },
  },
  {
    method: 'GET',
    path: '/tasks/:id',
    handle: (request, context) =>
      Promise.resolve({ status: 200, json: toTaskView(findTask(context, request.params['id'])) }),
  },
  taskOutputRoute,
  {
    method: 'DELETE',
    path: '/tasks/:id',
    handle: (request, context) => {
      const task = findTask(context, request.params['id']);
      return Promise.resolve({ status: 200, json: toTaskView(context.tasks.cancel(task.id)) });
    },
  },
];
