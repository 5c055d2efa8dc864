// HTML from a cell is sanitized (DOMPurify) before it enters the page; the CSP blocks scripts anyway.
import { useMemo } from "react";
import DOMPurify from "dompurify";
import type { ViewProps } from "./view";
import { joinText } from "./text-plain";

export function TextHtmlView({ data }: ViewProps) {
  const html = useMemo(() => DOMPurify.sanitize(joinText(data)), [data]);
  return <div className="output-html" data-testid="output-html" dangerouslySetInnerHTML={{ __html: html }} />;
}
