export { createHealthService } from "./health.service.js";
