// Errors a person can cause while loading or transforming data; each names the cause and the fix.
export { SplitNoDataError, SplitStringError, UnknownSplitError } from "./split";

export class DatasetNotFoundError extends Error {
  constructor(name: string, detail: string) {
    super(
      `Dataset "${name}" was not found: ${detail}. Check the name (Hub ids look like "org/name"), or load local files with ` +
        `loadDataset("json" | "parquet" | "csv" | "text", { dataFiles }), or the bundled sample with loadDataset("eli5_sample").`,
    );
    this.name = "DatasetNotFoundError";
  }
}

export class CorruptFileError extends Error {
  constructor(readonly file: string, format: string, cause: unknown) {
    super(`Cannot read ${file} as ${format}: ${cause instanceof Error ? cause.message : String(cause)}. The file is damaged or not ${format}; delete it (or its cache entry) and download or export it again.`);
    this.name = "CorruptFileError";
  }
}

/** A map/filter function returned something that cannot become dataset columns. */
export class MapOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MapOutputError";
  }
}
