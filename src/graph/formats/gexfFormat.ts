import { EDGE_ATTRIBUTES, NODE_ATTRIBUTES, xmlEscape, type GraphFormat } from './GraphFormat';

const attvalues = (pairs: [string, unknown][]) => {
  const present = pairs.filter(([, v]) => v !== null && v !== undefined);
  return present.length ? `<attvalues>${present.map(([k, v]) => `<attvalue for="${k}" value="${xmlEscape(String(v))}"/>`).join('')}</attvalues>` : '';
};

/** GEXF 1.3 (gexf.net), the format Gephi opens natively. */
export const gexfFormat: GraphFormat = {
  name: 'gexf',
  extension: 'gexf',
  contentType: 'application/gexf+xml; charset=utf-8',
  begin: () =>
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
      '  xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
      '  <meta><creator>Pairing Graph (结对关系图谱)</creator><description>East–West cooperation pairings</description></meta>',
      '  <graph mode="static" defaultedgetype="directed">',
      '    <attributes class="node">',
      ...NODE_ATTRIBUTES.map(([name, type]) => `      <attribute id="${name}" title="${name}" type="${type}"/>`),
      '    </attributes>',
      '    <attributes class="edge">',
      ...EDGE_ATTRIBUTES.map(([name, type]) => `      <attribute id="${name}" title="${name}" type="${type === 'int' ? 'integer' : type}"/>`),
      '    </attributes>',
      '    <nodes>',
      '',
    ].join('\n'),
  node: (n) => `      <node id="${xmlEscape(n.id)}" label="${xmlEscape(n.label)}">${attvalues(NODE_ATTRIBUTES.map(([k]) => [k, n[k]]))}</node>\n`,
  middle: () => '    </nodes>\n    <edges>\n',
  edge: (e) =>
    `      <edge id="${xmlEscape(e.id)}" source="${xmlEscape(e.source)}" target="${xmlEscape(e.target)}"${e.kind ? ` label="${xmlEscape(e.kind)}"` : ''}>${attvalues(
      EDGE_ATTRIBUTES.map(([k]) => [k, e[k]]),
    )}</edge>\n`,
  end: (truncated) => `    </edges>\n  </graph>\n${truncated ? '  <!-- truncated: the limit cut the selection -->\n' : ''}</gexf>\n`,
};
