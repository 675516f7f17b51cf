export { createBlockService, type BlockResult, type BlockService, type BlockSubject } from "./block.service.js";
export { isEmailBlocked, isUserBlocked } from "./check.js";
