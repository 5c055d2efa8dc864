// A cell's outputs, as Jupyter shows them: streams, the error with its traceback, and MIME
// bundles through the view registry.
import type { NotebookApi, Output } from "../../../api/index";
import { pickView } from "../views/registry";
import { joinText } from "../views/text-plain";

export function Outputs({ outputs, api }: { outputs: Output[]; api: NotebookApi }) {
  if (outputs.length === 0) return null;
  return (
    <div className="outputs" data-testid="outputs">
      {outputs.map((output, i) => <OutputView key={i} output={output} api={api} />)}
    </div>
  );
}

function OutputView({ output, api }: { output: Output; api: NotebookApi }) {
  switch (output.output_type) {
    case "stream":
      return <pre className={`output-stream ${output.name}`} data-testid="output-stream" data-stream={output.name}>{joinText(output.text)}</pre>;
    case "error":
      return (
        <div className="output-error" data-testid="output-error" role="alert">
          <div className="error-head"><strong>{output.ename}</strong>: {output.evalue}</div>
          {output.traceback.length > 0 && <pre className="error-trace">{output.traceback.join("\n")}</pre>}
        </div>
      );
    case "display_data":
    case "execute_result": {
      const { mime, View } = pickView(output.data);
      return (
        <div className="output-display" data-testid={output.output_type === "execute_result" ? "output-result" : "output-display"} data-mime={mime}>
          <View mime={mime} data={output.data[mime]} metadata={output.metadata} api={api} />
        </div>
      );
    }
  }
}
