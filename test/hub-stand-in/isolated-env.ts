// A Hub test's environment: no HF_TOKEN, and HF_HOME in the test's own folder, so no stored login
// or cache from the machine leaks in. Returns what puts the environment back.
export function isolateHubEnv(home: string): () => void {
  const saved = { token: process.env.HF_TOKEN, home: process.env.HF_HOME };
  delete process.env.HF_TOKEN;
  process.env.HF_HOME = home;
  return () => {
    if (saved.token !== undefined) process.env.HF_TOKEN = saved.token;
    if (saved.home === undefined) delete process.env.HF_HOME;
    else process.env.HF_HOME = saved.home;
  };
}
