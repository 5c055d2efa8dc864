// Which tutorial a first start opens: the Hub one when the Hub answers, else the offline one,
// with a sentence saying why (the window shows it as a notice).
import type { TemplateId } from "../api/index";
import { defaultHubUrl } from "../engine/hub/paths";

export interface FirstNotebook {
  template: TemplateId;
  why: string;
}

export async function chooseFirstNotebook(hubUrl = defaultHubUrl(), timeoutMs = 2500): Promise<FirstNotebook> {
  try {
    // Any HTTP answer (401 included: no token is sent) means the Hub can be reached.
    await fetch(`${hubUrl}/api/whoami-v2`, { signal: AbortSignal.timeout(timeoutMs) });
    return {
      template: "hub",
      why: `Opened the Hub tutorial: the Hugging Face Hub (${hubUrl}) answers, so eli5_category and DistilRoBERTa can be downloaded. File → New has the offline one.`,
    };
  } catch (error) {
    const cause = (error as Error).name === "TimeoutError" ? `no answer in ${timeoutMs / 1000} s` : ((error as { cause?: Error }).cause?.message ?? (error as Error).message);
    return {
      template: "offline",
      why: `Opened the offline tutorial: the Hugging Face Hub (${hubUrl}) cannot be reached (${cause}), so this one uses the bundled sample and tokenizer. File → New has the Hub one.`,
    };
  }
}
