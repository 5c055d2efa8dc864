// Everything a cell prints (console.*, process.stdout.write, engine warnings) becomes a stream
// output of the running cell, sent at once so it shows live even if the cell then blocks.
export type StreamName = "stdout" | "stderr";

export function captureStreams(emit: (name: StreamName, text: string) => void): void {
  for (const name of ["stdout", "stderr"] as const) {
    const stream = process[name];
    const write = (chunk: string | Uint8Array, encoding?: BufferEncoding | ((e?: Error) => void), callback?: (e?: Error) => void): boolean => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(typeof encoding === "string" ? encoding : "utf8");
      if (text) emit(name, text);
      (typeof encoding === "function" ? encoding : callback)?.();
      return true;
    };
    stream.write = write as typeof stream.write;
  }
}
