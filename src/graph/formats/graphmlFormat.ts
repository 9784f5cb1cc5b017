import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, xmlEscape, type GraphFormat } from './GraphFormat';

const data = (key: string, value: unknown) => (value === null || value === undefined ? '' : `<data key="${key}">${xmlEscape(String(value))}</data>`);

/** GraphML with typed keys (graphml.graphdrawing.org), as Gephi, Cytoscape, yEd and graphology read it. */
export const graphmlFormat: GraphFormat = {
  name: 'graphml',
  extension: 'graphml',
  contentType: 'application/graphml+xml; charset=utf-8',
  begin: () =>
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
      '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
      '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
      ...NODE_ATTRIBUTES.map(([name, type]) => `  <key id="${name}" for="node" attr.name="${name}" attr.type="${type}"/>`),
      ...EDGE_ATTRIBUTES.map(([name, type]) => `  <key id="e_${name}" for="edge" attr.name="${name}" attr.type="${type}"/>`),
      '  <graph id="pairing-graph" edgedefault="directed">',
      '',
    ].join('\n'),
  node: (n) => `    <node id="${xmlEscape(n.id)}">${data('label', n.label)}${NODE_ATTRIBUTES.map(([k]) => data(k, n[k])).join('')}</node>\n`,
  middle: () => '',
  edge: (e) =>
    `    <edge id="${xmlEscape(e.id)}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}">${EDGE_ATTRIBUTES.map(([k]) => data(`e_${k}`, e[k])).join('')}</edge>\n`,
  end: (truncated) => `  </graph>\n${truncated ? '  <!-- truncated: the limit cut the selection -->\n' : ''}</graphml>\n`,
};
