// A Dataset or DatasetDict: a tab per split with its row count, the columns with their types, a
// table paged from the kernel, and an inspector that opens nested values.
import { useState } from "react";
import type { ViewProps } from "./view";
import { TextPlainView } from "./text-plain";
import { DataTable, type Inspected } from "./dataset/DataTable";
import { isDatasetPayload } from "../../../api/index";
import { ValueTree } from "./dataset/ValueTree";
import { TokenChips } from "./dataset/TokenChips";

const count = (n: number) => n.toLocaleString("en-US");

export function DatasetView(props: ViewProps) {
  const data = props.data;
  const [tab, setTab] = useState(0);
  const [inspected, setInspected] = useState<Inspected | null>(null);
  const [showTokens, setShowTokens] = useState(false);
  if (!isDatasetPayload(data)) return <TextPlainView {...props} data={JSON.stringify(data)} />;
  const split = data.splits[Math.min(tab, data.splits.length - 1)];
  // The kernel decodes id-list columns once a tokenizer is loaded; the toggle shows them as chips.
  const hasTokens = Object.keys(split.preview.tokens ?? {}).length > 0;
  return (
    <div className="dataset-view" data-testid="dataset-view" data-kind={data.kind}>
      <div className="dataset-tabs" role="tablist">
        <span className="dataset-kind">{data.kind}</span>
        {data.splits.map((s, i) => (
          <button key={s.view ?? i} type="button" role="tab" aria-selected={i === tab} className={i === tab ? "active" : ""}
            data-testid="dataset-tab" data-split={s.view ?? ""} data-rows={s.numRows}
            onClick={() => { setTab(i); setInspected(null); }}>
            {s.view ?? "rows"} <small>{count(s.numRows)}</small>
          </button>
        ))}
        {hasTokens && (
          <label className="dataset-token-toggle" title="Show input_ids / labels as the tokens of the notebook's tokenizer">
            <input type="checkbox" data-testid="dataset-tokens-toggle" checked={showTokens} onChange={(e) => setShowTokens(e.target.checked)} /> tokens
          </label>
        )}
        <span className="dataset-summary" data-testid="dataset-summary">{count(split.numRows)} rows × {split.columns.length} columns</span>
      </div>
      <DataTable key={`${data.ref}:${split.view}`} api={props.api} valueRef={data.ref} split={split} onInspect={setInspected} showTokens={showTokens} />
      {inspected && (
        <div className="value-inspector" data-testid="value-inspector">
          <div className="inspector-head">
            <span>row {inspected.row} · <b>{inspected.column}</b></span>
            <button type="button" aria-label="Close" onClick={() => setInspected(null)}>✕</button>
          </div>
          {inspected.tokens && <div className="inspector-tokens" data-testid="inspector-tokens"><TokenChips tokens={inspected.tokens} /></div>}
          <ValueTree value={inspected.value} open />
        </div>
      )}
    </div>
  );
}
