import type { GraphSelection } from './GraphRecord';
import type { GraphRepository } from './GraphRepository';
import type { GraphFormat } from './formats/GraphFormat';

const FLUSH_AT = 64 * 1024;

/**
 * Streams the selection in `format` to `write`, in chunks of about 64 KiB; `write` may return a promise
 * to apply backpressure. Returns the counts written; rejects when the repository or `write` fails.
 */
export async function exportGraph(
  repo: GraphRepository,
  sel: GraphSelection,
  format: GraphFormat,
  write: (chunk: string) => void | Promise<void>,
): Promise<{ nodes: number; edges: number; truncated: boolean }> {
  let buffer = format.begin();
  let nodes = 0;
  let edges = 0;
  const push = async (text: string) => {
    buffer += text;
    if (buffer.length >= FLUSH_AT) {
      const chunk = buffer;
      buffer = '';
      await write(chunk);
    }
  };
  const { truncated } = await repo.stream(sel, {
    node: (n) => push(format.node(n, nodes++ === 0)),
    edge: async (e) => {
      if (edges === 0) await push(format.middle());
      await push(format.edge(e, edges++ === 0));
    },
  });
  if (edges === 0) buffer += format.middle();
  buffer += format.end(truncated);
  await write(buffer);
  return { nodes, edges, truncated };
}
