export { PasskeyBrowser, RP_ID } from "./browser.js";
export { cookieSet, http, type HttpAnswer } from "./http.js";
export { openSocket, type SocketOutcome } from "./socket.js";
export { signedInAdmin, startPasskeyServer, type PasskeyTestServer } from "./server.js";
