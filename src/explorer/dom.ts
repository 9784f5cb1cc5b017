// Small DOM helpers shared by the explorer's views: find an element of index.html, build one, save a download.

/** Returns the element of index.html with this id; throws when the page lacks it (a bug of the page). */
export function $(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (!node) throw new Error(`invariant: #${id} missing from index.html`);
  return node;
}

/** Returns a new element with attributes (`class` sets className) and children (null children are skipped). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null) node.append(c);
  return node;
}

/** Saves `blob` as `file` through a temporary Blob URL; returns nothing, never throws. */
export function saveBlob(blob: Blob, file: string): void {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: file, hidden: '' });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Returns the file name of a download from its Content-Disposition header, or null without one. */
export function fileNameOf(res: Response): string | null {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(res.headers.get('content-disposition') ?? '');
  if (star) return decodeURIComponent(star[1]);
  const match = /filename="?([^";]+)"?/i.exec(res.headers.get('content-disposition') ?? '');
  return match ? match[1] : null;
}

/** Returns today's date in China (Asia/Shanghai) as YYYY-MM-DD, the day the service counts as today. */
export function todayInChina(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
