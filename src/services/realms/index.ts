export { createRealmService, REALM_NAME, type RealmService, type RealmSettings } from "./realm.service.js";
export { ensureDefaultRealm } from "./bootstrap.js";
