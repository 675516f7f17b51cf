export { ActorInput } from "./actor.input.js";
export { CreateClientInput } from "./client.input.js";
export { PageArgs } from "./pagination.args.js";
export { CreateRealmInput, RealmSettingsInput } from "./realm.input.js";
export { CreateUserInput, UpdateUserInput } from "./user.input.js";
