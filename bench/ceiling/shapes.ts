// The products the ceiling bench times on every side (sgemm-mlas.ts; sgemm.py reads shapes.json).
import shapes from "./shapes.json" with { type: "json" };

/** [m, k, n]: c[m, n] = a[m, k] · b[k, n]. */
export type Shape = [number, number, number];
export const SHAPES = shapes.shapes as Shape[];
