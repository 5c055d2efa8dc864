// One line chart over training steps (recharts, animation off: the data changes as the run goes).
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Point } from "./series";

export interface Series {
  name: string;
  points: Point[];
  color: string;
  /** Dots for sparse series (evaluations), a plain line otherwise. */
  dots?: boolean;
  faint?: boolean;
}

const format = (v: number) => (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(1) : Number(v.toPrecision(4)).toString());

export function Chart({ title, lines, testId }: { title: string; lines: Series[]; testId: string }) {
  return (
    <figure className="chart" data-testid={testId} data-points={lines.reduce((n, l) => n + l.points.length, 0)}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
          <XAxis dataKey="step" type="number" domain={["dataMin", "dataMax"]} allowDuplicatedCategory={false} tick={{ fontSize: 11, fill: "var(--muted)" }} />
          <YAxis tickFormatter={format} width={56} tick={{ fontSize: 11, fill: "var(--muted)" }} domain={["auto", "auto"]} />
          <Tooltip formatter={(v) => (typeof v === "number" ? format(v) : String(v))} labelFormatter={(s) => `step ${s}`} contentStyle={{ background: "var(--panel)", border: "1px solid var(--border)" }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {lines.map((l) => (
            <Line key={l.name} name={l.name} data={l.points} dataKey="value" stroke={l.color} strokeOpacity={l.faint ? 0.3 : 1}
              dot={l.dots ? { r: 3 } : false} isAnimationActive={false} connectNulls type="linear" />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
