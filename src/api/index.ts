export * from "./api";
export * from "./events";
export * from "./mime";
export * from "./notebook";
export * from "./values";
export * from "./payloads/progress";
export * from "./payloads/login";
export * from "./payloads/fill-mask";
