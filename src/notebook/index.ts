export * from "./cells";
export * from "./cell-names";
export * from "./freshness";
export * from "./ipynb";
export * from "./progress-text";
