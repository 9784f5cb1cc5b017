import { runCli } from '../support/runCli';

/** `pairing-graph divisions` refuses bad command lines with exit 2 and one line naming what was wrong, before reaching Neo4j. */
describe('pairing-graph divisions: usage errors', () => {
  // A port nobody listens on: a command that got past its checks would fail with exit 3 instead.
  const env = { NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_CONNECT_TIMEOUT_MS: '2000' };

  it.each([
    [['divisions'], /load/],
    [['divisions', 'unload'], /unload/],
    [['divisions', 'load'], /--province, --county or --all/],
    [['divisions', 'load', '--province', '1'], /"1" for --province/],
    [['divisions', 'load', '--province', '15,9x'], /"9x" for --province/],
    [['divisions', 'load', '--county', '1509'], /"1509" for --county/],
    [['divisions', 'load', '--all', '--down-to', 'STREET'], /"STREET" for --down-to/],
    [['divisions', 'load', '--all', '--batch-size', '10'], /--batch-size/],
  ])('%j exits 2 naming the problem', async (args, message) => {
    const run = await runCli(['--lang', 'en', ...args], env);
    expect(run.status).toBe(2);
    const [first, ...rest] = run.stderr.trim().split('\n');
    expect(first).toMatch(message);
    expect(rest).toEqual(['Run pairing-graph divisions --help for usage.']);
  });

  it('reaches for Neo4j (exit 3) once the command line is right', async () => {
    const run = await runCli(['--lang', 'en', 'divisions', 'load', '--province', '15', '--province', '11', '--dry-run'], env);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1/);
  });
});
