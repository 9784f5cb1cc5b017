// The page's tabs, chosen by the hash: #dashboard (default), #gaps, #graph?…, #rosters, #audit. A view's own
// parameters follow a `?` (#graph?centerId=…&depth=2). Tabs are links (Enter opens them); ←/→, Home and End
// move between them, as the ARIA tabs pattern asks. No element of the page may have a view's name as its id
// (the browser would move the focus there when the hash changes).

export type ViewId = 'dashboard' | 'gaps' | 'graph' | 'rosters' | 'audit';
/** The views in tab order. */
export const VIEW_IDS: ViewId[] = ['dashboard', 'gaps', 'graph', 'rosters', 'audit'];

/** What the router asks of a view. */
export interface View {
  /** Shows the view (the first time: loads it) with the hash's parameters. */
  show(params: URLSearchParams): void;
  /** Draws the view's texts again in the page's language. */
  texts(): void;
  /** The saved token changed: asks again for what the view shows. */
  tokenChanged(): void;
}

/** Returns the view and parameters a hash names (an old `#centerId=…` link opens the graph; unknown: dashboard). */
export function parseHash(hash: string): { view: ViewId; params: URLSearchParams } {
  const text = hash.replace(/^#/, '');
  const [head, query = ''] = text.split('?', 2);
  if (VIEW_IDS.includes(head as ViewId)) return { view: head as ViewId, params: new URLSearchParams(query) };
  if (head.includes('=')) return { view: 'graph', params: new URLSearchParams(head) };
  return { view: 'dashboard', params: new URLSearchParams() };
}

/** Starts the router over `views`: shows the view of the hash now and at every change; returns the function that shows the current one again. */
export function startRouter(views: Record<ViewId, View>, allowed: (id: ViewId) => boolean): () => void {
  let current: ViewId | null = null;
  const tabs = () => [...document.querySelectorAll<HTMLAnchorElement>('[role=tab]')].filter((tab) => !tab.hidden);
  const route = () => {
    let { view, params } = parseHash(location.hash);
    if (!allowed(view)) view = 'dashboard';
    for (const section of document.querySelectorAll<HTMLElement>('.view')) section.hidden = section.dataset.view !== view;
    for (const tab of document.querySelectorAll<HTMLAnchorElement>('[role=tab]')) {
      const selected = tab.dataset.view === view;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    document.body.dataset.view = view;
    current = view;
    views[view].show(params);
  };
  window.addEventListener('hashchange', route);
  document.getElementById('tabs')?.addEventListener('keydown', (event) => {
    const list = tabs();
    const at = list.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: list.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = list[(next + list.length) % list.length];
    tab.focus();
    tab.click();
  });
  route();
  return () => (current ? route() : undefined);
}
