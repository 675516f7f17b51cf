export { idBroker } from "./contract.js";
