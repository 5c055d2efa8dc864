// An id-list cell (input_ids, labels) as the tokens the kernel decoded: one chip per token, with
// where a text ends inside a grouped block (the </s><s> pair group_texts leaves) marked.
import type { ReactNode } from "react";

const BOS = new Set(["<s>", "[CLS]"]);
const EOS = new Set(["</s>", "[SEP]"]);

/** Byte-level BPE spells a space Ġ and a newline Ċ; show them as · and ↵. */
export function tokenText(token: string | null): string {
  if (token === null) return "∅";
  return token.replace(/Ġ/g, "·").replace(/Ċ/g, "↵").replace(/ĉ/g, "⇥");
}

/** The cell's hover text: the tokens, a │ where a text ends. */
export function tokensTitle(tokens: (string | null)[] | null): string {
  if (!tokens) return "";
  return `${tokens.length} tokens: ${tokens.map((t, i) => (i > 0 && isBoundary(tokens, i) ? `│ ${tokenText(t)}` : tokenText(t))).join(" ")}`;
}

/** True where a new text starts inside the row: a <s> right after a </s>. */
export function isBoundary(tokens: (string | null)[], i: number): boolean {
  const t = tokens[i];
  return i > 0 && t !== null && BOS.has(t) && EOS.has(tokens[i - 1] ?? "");
}

export function TokenChips({ tokens }: { tokens: (string | null)[] | null }) {
  if (!tokens) return <span className="token-none">not token ids</span>;
  const chips: ReactNode[] = [<small key="n" className="token-count" data-testid="token-count">{tokens.length}</small>];
  tokens.forEach((t, i) => {
    const boundary = isBoundary(tokens, i);
    if (boundary) chips.push(<span key={`b${i}`} className="token-boundary" data-testid="token-boundary" title="a new text starts here" />);
    const special = t !== null && (BOS.has(t) || EOS.has(t) || /^<.*>$/.test(t));
    chips.push(
      <span key={i} className={`token-chip${special ? " special" : ""}${t === null ? " ignored" : ""}`} data-testid="token-chip">
        {tokenText(t)}
      </span>,
    );
  });
  return <span className="token-chips" data-testid="token-chips">{chips}</span>;
}
