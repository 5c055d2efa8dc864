// Types of bench/python.mjs, for the TypeScript benches that call it.
export declare function benchPython(): string;
export declare function pythonVersions(python: string): string;
