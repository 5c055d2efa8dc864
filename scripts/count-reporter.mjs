// node:test reporter that counts leaf tests (not suites) and writes {passed, failed, skipped} as JSON,
// and the same for the tests checked against live Python references (named "(transformers)", "(torch)" or
// "(numpy)": test/reference/python.ts), under "reference".
const REFERENCE = /\((transformers|torch|numpy)\)/;

export default async function* countReporter(source) {
  const c = { passed: 0, failed: 0, skipped: 0, reference: { passed: 0, failed: 0, skipped: 0 } };
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    if (event.data.details?.type === "suite") continue;
    const outcome = event.data.skip || event.data.todo ? "skipped" : event.type === "test:pass" ? "passed" : "failed";
    c[outcome]++;
    if (REFERENCE.test(event.data.name)) c.reference[outcome]++;
  }
  yield JSON.stringify(c);
}
