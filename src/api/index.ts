export * from "./api";
export * from "./events";
export * from "./mime";
export * from "./notebook";
export * from "./runs";
export * from "./values";
