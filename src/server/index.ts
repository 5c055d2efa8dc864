export { DEFAULT_PORT, startServer, type RunningServer, type ServeOptions } from "./server";
export { newToken } from "./auth";
