// The y axis of a training chart: d3-scale's nice domain and ticks (linear, or log for losses that
// span decades), each label printed with just enough digits that no two read alike (a loss flat at
// 10.86 gets 10.855 / 10.86 / 10.865, not "10.86" three times).
import { scaleLinear, scaleLog } from "d3-scale";

export interface YAxisScale {
  domain: [number, number];
  ticks: number[];
  label: (v: number) => string;
  /** Whether the log scale is in use (it needs every value > 0). */
  log: boolean;
}

const TICKS = 5;

/** The axis for these values; `log` is honoured only when every value is positive. */
export function yAxisScale(values: number[], log: boolean): YAxisScale {
  const finite = values.filter(Number.isFinite);
  const useLog = log && finite.length > 0 && finite.every((v) => v > 0);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (lo === hi) {
    // One value (or a flat curve): a small band around it, so the line sits mid-chart.
    const pad = useLog ? lo * 0.05 : Math.abs(lo) * 0.05 || 1;
    [lo, hi] = [lo - pad, hi + pad];
  }
  // A nice log domain would add up to a decade each side: the data's own bounds read better.
  const scale = useLog ? scaleLog().domain([lo, hi]) : scaleLinear().domain([lo, hi]).nice(TICKS);
  let ticks = scale.ticks(TICKS);
  // A log scale over several decades gives 9 ticks a decade: keep the powers of ten then.
  if (useLog && ticks.length > 10) ticks = ticks.filter((t) => Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  const [d0, d1] = scale.domain() as [number, number];
  return { domain: [d0, d1], ticks, label: distinctLabels(ticks), log: useLog };
}

/** The fewest significant digits (2–12) at which every tick's label differs from its neighbours'. */
export function distinctLabels(ticks: number[]): (v: number) => string {
  for (let digits = 2; digits <= 12; digits++) {
    const f = (v: number): string => significant(v, digits);
    if (new Set(ticks.map(f)).size === ticks.length) return f;
  }
  return (v) => significant(v, 12);
}

/** `digits` significant digits, trailing zeros dropped; small rates as 2e-5 rather than 0.00002. */
function significant(v: number, digits: number): string {
  if (v !== 0 && Math.abs(v) < 1e-3) return v.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(digits)));
}
