/** The repository's root folder. */
export const root: string;
/** The folders that hold the project's code. */
export const DEFAULT_FOLDERS: string[];
/** Source files below these folders. */
export function sourceFiles(folders: string[]): string[];
/** file → the files among `files` it imports (type-only imports included). */
export function importGraph(files: string[]): Map<string, string[]>;
