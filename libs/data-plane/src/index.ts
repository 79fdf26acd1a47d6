export { DataPlaneModule } from './data-plane.module.js';
export { DataPlaneServer, type DataPlanePorts } from './data-plane-server.js';
