export { createUserService, type UserService } from "./user.service.js";
export type { NewUser, UserPatch, UserProfile } from "./user-fields.js";
export type { UserSearch } from "./search.js";
export { isActive, mailAddressOf } from "./status.js";
export { notifyUser, type UserMessage } from "./notify.js";
