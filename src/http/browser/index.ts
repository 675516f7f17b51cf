export { apiHeaders } from "./api-headers.js";
export { corsFor, type Handler } from "./cors.js";
export { assetHeaders, pageHeaders } from "./page-headers.js";
