export { actorOf, anonymous, systemActor, type Actor, type Principal } from "./principal.js";
export { allScopes, isScope, Scope } from "./scopes.js";
export { can, requireScope, type Resource } from "./policy.js";
