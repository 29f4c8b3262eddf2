export { DirectorApiServer } from './director-api-server.js';
export { directorRoutes } from './director-routes.js';
export { httpErrorOf } from './http-errors.js';
export { STEMCELL_ALREADY_UPLOADED } from './stemcell-upload.js';
export type { ApiContext, ApiRequest, ApiResponse, DirectorIdentity, Route } from './api-types.js';
