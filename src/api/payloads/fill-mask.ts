// MIME.fillMask: pipeline("fill-mask")'s predictions, per text and per <mask> in it, as
// transformers' FillMaskPipeline returns them. One text sends one payload, a list sends a list.

export interface FillMaskResult {
  score: number;
  token: number;
  token_str: string;
  sequence: string;
}

/** The notebook view's data for one text (the MIME data is a list of these for a list of texts). */
export interface FillMaskPayload {
  text: string;
  masks: FillMaskResult[][];
}

export function isFillMaskPayload(data: unknown): data is FillMaskPayload {
  const d = data as Partial<FillMaskPayload> | null;
  return typeof d === "object" && d !== null && typeof d.text === "string" && Array.isArray(d.masks);
}

/** The MIME data as a list of payloads (one text sends one, a list of texts a list), or null when it is neither. */
export function fillMaskPayloads(data: unknown): FillMaskPayload[] | null {
  const list = Array.isArray(data) ? data : [data];
  return list.length > 0 && list.every(isFillMaskPayload) ? list : null;
}
