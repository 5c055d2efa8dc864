// One line chart over training steps (recharts, animation off: the data changes as the run goes).
// The y axis is ticks.ts's (labels that never repeat; linear or log); the legend is ours, one entry
// per series with its run's colour, so a comparison of several runs reads at a glance.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Point } from "./series";
import { yAxisScale } from "./ticks";

export interface Series {
  name: string;
  points: Point[];
  color: string;
  /** Dots for sparse series (evaluations), a plain line otherwise. */
  dots?: boolean;
  /** Drawn pale and left out of the legend (the raw curve under its smoothed one). */
  faint?: boolean;
  dashed?: boolean;
}

export function Chart({ title, lines, testId, log = false }: { title: string; lines: Series[]; testId: string; log?: boolean }) {
  const y = yAxisScale(lines.flatMap((l) => l.points.map((p) => p.value)), log);
  const shown = lines.filter((l) => !l.faint && l.points.length > 0);
  return (
    <figure className="chart" data-testid={testId} data-points={lines.reduce((n, l) => n + l.points.length, 0)} data-scale={y.log ? "log" : "linear"}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} allowDuplicatedCategory={false} tick={{ fontSize: 11, fill: "var(--muted)" }} />
          <YAxis type="number" scale={y.log ? "log" : "linear"} domain={y.domain} ticks={y.ticks} tickFormatter={y.label} allowDataOverflow width={56} tick={{ fontSize: 11, fill: "var(--muted)" }} />
          <Tooltip formatter={(v) => (typeof v === "number" ? y.label(v) : String(v))} labelFormatter={(s) => `step ${s}`} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
          {lines.map((l) => (
            <Line key={l.name} name={l.name} data={l.points} dataKey="value" stroke={l.color} strokeOpacity={l.faint ? 0.3 : 1} strokeDasharray={l.dashed ? "4 3" : undefined}
              dot={l.dots ? { r: 3, fill: l.color } : false} isAnimationActive={false} connectNulls type="linear" />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <ul className="chart-legend">
        {shown.map((l) => (
          <li key={l.name} data-testid="chart-series" data-series={l.name}><span className={`swatch${l.dashed ? " dashed" : ""}`} style={{ borderColor: l.color }} />{l.name}</li>
        ))}
      </ul>
    </figure>
  );
}
