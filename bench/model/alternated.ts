// Timing several ways of doing one thing on a host whose slow phases last seconds: every way in
// turn, 5 rounds, each way's median round, a round being the mean of 10 calls after 2 warm-ups.

function mean(f: () => void): number {
  f();
  f();
  const t0 = performance.now();
  for (let i = 0; i < 10; i++) f();
  return (performance.now() - t0) / 10;
}

/** ms per call of each way, in the order given. */
export function alternatedMs(ways: (() => void)[]): number[] {
  const rounds = Array.from({ length: 5 }, () => ways.map(mean));
  return ways.map((_, w) => rounds.map((r) => r[w]).sort((a, b) => a - b)[2]);
}
