import type { GraphFormat } from './GraphFormat';
import { gexfFormat } from './gexfFormat';
import { graphmlFormat } from './graphmlFormat';
import { cyjsFormat, d3Format } from './jsonFormats';

/** Every export format by name. */
export const GRAPH_FORMATS: Record<GraphFormat['name'], GraphFormat> = {
  graphml: graphmlFormat,
  gexf: gexfFormat,
  cyjs: cyjsFormat,
  d3: d3Format,
};

/** Returns the format whose file name ends `graph.<extension>` (`json` is D3), or undefined. */
export function formatByExtension(extension: string): GraphFormat | undefined {
  return Object.values(GRAPH_FORMATS).find((f) => f.extension === extension);
}
