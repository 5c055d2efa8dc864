// One cell's Monaco editor. Uncontrolled: the model is the truth while a person types; edits go to
// the back debounced, and are flushed before a run so the kernel runs what is on screen.
import { useEffect, useRef, useState } from "react";
import Editor, { type OnMount } from "@monaco-editor/react";
import type { ErrorPosition } from "../state/error-position";
import { monaco } from "./monaco-setup";
import { useColorScheme } from "./use-color-scheme";

export interface EditorHandle {
  /** Sends any unsent edit; resolves when the back has it. */
  flush(): Promise<void>;
  focus(): void;
}

interface Props {
  /** Stable per cell (not its position), so the model and its undo history survive moves. */
  modelNumber: number;
  language: "typescript" | "markdown";
  source: string;
  onEdit(source: string): Promise<void>;
  onRun(): void;
  onRunAndAdvance(): void;
  /** Called with the handle once mounted, null when unmounted. */
  bind(handle: EditorHandle | null): void;
  autoFocus?: boolean;
  /** The last run's error position, underlined in the editor until the outputs change. */
  error?: ErrorPosition | null;
}

const EDIT_DEBOUNCE_MS = 300;
const MIN_HEIGHT = 22;

export function CellEditor(props: Props) {
  const scheme = useColorScheme();
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const [mounted, setMounted] = useState(false);
  const sent = useRef(props.source);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(props);
  latest.current = props;

  const flush = async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const value = editorRef.current?.getValue();
    if (value === undefined || value === sent.current) return;
    sent.current = value;
    await latest.current.onEdit(value);
  };

  // A source that changed elsewhere (another window on the same server) replaces the model's text.
  useEffect(() => {
    const editor = editorRef.current;
    if (editor && props.source !== sent.current && props.source !== editor.getValue()) {
      sent.current = props.source;
      editor.setValue(props.source);
    }
  }, [props.source]);

  useEffect(() => () => { void flush(); latest.current.bind(null); }, []);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const e = props.error;
    const markers = e && e.line <= model.getLineCount()
      ? [{ severity: monaco.MarkerSeverity.Error, message: e.message, startLineNumber: e.line, startColumn: e.column, endLineNumber: e.line, endColumn: model.getLineMaxColumn(e.line) }]
      : [];
    monaco.editor.setModelMarkers(model, "kernel", markers);
  }, [props.error?.line, props.error?.column, props.error?.message, mounted]);

  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    // A model kept from an earlier mount (same cell id, e.g. a reopened file) may hold older text.
    if (editor.getValue() !== latest.current.source) editor.setValue(latest.current.source);
    sent.current = latest.current.source;
    const container = editor.getContainerDomNode();
    const fit = () => {
      container.style.height = `${Math.max(MIN_HEIGHT, editor.getContentHeight())}px`;
      editor.layout();
    };
    editor.onDidContentSizeChange(fit);
    fit();
    editor.onDidChangeModelContent(() => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), EDIT_DEBOUNCE_MS);
    });
    // addAction binds to this editor only (addCommand would bind to whichever editor registered last).
    editor.addAction({ id: "mlm.run", label: "Run cell", keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter], run: () => latest.current.onRun() });
    editor.addAction({ id: "mlm.runAndAdvance", label: "Run cell and select below", keybindings: [monaco.KeyMod.Shift | monaco.KeyCode.Enter], run: () => latest.current.onRunAndAdvance() });
    latest.current.bind({ flush, focus: () => editor.focus() });
    setMounted(true);
    if (latest.current.autoFocus) editor.focus();
  };

  const ext = props.language === "typescript" ? "ts" : "md";
  return (
    <div className="cell-editor" data-testid="cell-editor">
      <Editor
        path={`file:///cell${props.modelNumber}.${ext}`}
        defaultLanguage={props.language}
        defaultValue={props.source}
        theme={scheme === "dark" ? "vs-dark" : "vs"}
        onMount={onMount}
        options={{
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          automaticLayout: true,
          fixedOverflowWidgets: true,
          fontSize: 13,
          lineNumbersMinChars: 3,
          renderLineHighlightOnlyWhenFocus: true,
          scrollbar: { alwaysConsumeMouseWheel: false, vertical: "hidden" },
          overviewRulerLanes: 0,
          wordWrap: props.language === "markdown" ? "on" : "off",
        }}
      />
    </div>
  );
}
