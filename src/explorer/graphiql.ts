// Starts GraphiQL (served at GET /graphql for browsers) from the UMD globals that graphiql.html loads.
// POST requests go to /graphql with `content-type: application/json`, which Apollo's CSRF prevention accepts.

interface GraphiQLGlobal {
  createFetcher(options: { url: string; headers?: Record<string, string> }): unknown;
}
interface ReactGlobal {
  createElement(type: unknown, props: Record<string, unknown>): unknown;
}
interface ReactDOMGlobal {
  createRoot(el: Element): { render(node: unknown): void };
}

const w = window as unknown as { GraphiQL: GraphiQLGlobal; React: ReactGlobal; ReactDOM: ReactDOMGlobal };

const DEFAULT_QUERY = `# Pairing Graph (结对关系图谱) — who pairs with 拐角铺村委会?
query Counterparts {
  counterparts(unitId: "150921212210") {
    side
    unit { id name kind }
    pairing { kind sector since status provenance }
  }
}
`;

const root = document.getElementById('graphiql');
if (root) {
  const fetcher = w.GraphiQL.createFetcher({ url: `${location.origin}/graphql` });
  w.ReactDOM.createRoot(root).render(
    w.React.createElement(w.GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, defaultEditorToolsVisibility: true }),
  );
}
