// Markdown cells rendered with marked, then sanitized: a notebook file may come from anyone.
import { useMemo } from "react";
import DOMPurify from "dompurify";
import { marked } from "marked";

export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(source, { async: false })), [source]);
  if (source.trim() === "") return <p className="placeholder">Double-click to write markdown.</p>;
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
