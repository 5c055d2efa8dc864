export * from "./abort";
export * from "./display";
export * from "./progress";
export * from "./record";
export * from "./tokens";
