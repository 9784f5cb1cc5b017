import { authVerdict, describe, downloadFile, failureNow } from '../api';
import { $ } from '../dom';
import { t } from '../i18n';
import { readToken, type Failure } from '../token';

/**
 * The graph view's export links: their addresses follow the selection; with a token (or when the service asked
 * for one) a click downloads the file through the page, its progress and outcome in a status line.
 */
export class GraphExports {
  private exporting: string | null = null;
  private exported: string | null = null;
  private exportError: Failure | null = null;

  /** `query`: the selection, as the query string of the links. */
  constructor(private readonly query: () => string) {}

  /** Listens for clicks on the links; throws only when the page has no #exports. */
  wire(): void {
    $('exports').addEventListener('click', (event) => {
      const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-format]');
      // Without a token and with reads open, the link downloads as it is: the browser streams the file to disk
      // (a whole-graph export is hundreds of MB). With a token, or when the service has asked for one, the page
      // fetches it with the header (held in memory) or shows why it cannot.
      if (!link || (readToken() === null && authVerdict() === null)) return;
      event.preventDefault();
      void this.download(link);
    });
  }

  /** Points the links at the current selection; never throws. */
  update(): void {
    const query = this.query();
    for (const a of document.querySelectorAll<HTMLAnchorElement>('#exports a')) a.href = `/export/graph.${a.dataset.format}${query ? `?${query}` : ''}`;
  }

  /** Forgets the last download's outcome and draws the status again (after the token changed); throws only when the page has no #export-status. */
  reset(): void {
    this.exported = null;
    this.exportError = null;
    this.render();
  }

  /** Draws the status line and the links' titles in the page's language; throws only when the page has no #export-status. */
  render(): void {
    const status = $('export-status');
    status.classList.toggle('error', !!this.exportError);
    if (this.exporting) status.textContent = t('exporting', { format: this.exporting });
    else if (this.exportError) status.textContent = describe(this.exportError);
    else if (this.exported) status.textContent = t('exportDone', { file: this.exported });
    else status.textContent = '';
    status.dataset.state = this.exporting ? 'loading' : this.exportError ? 'error' : this.exported ? 'done' : '';
    for (const a of document.querySelectorAll<HTMLAnchorElement>('#exports a')) a.title = t('exportTitle', { format: a.textContent ?? '' });
  }

  /** Downloads the file of `link` with the token's header; a failure is shown in the status line, never thrown. */
  private async download(link: HTMLAnchorElement): Promise<void> {
    this.exporting = link.textContent ?? link.dataset.format ?? '';
    this.exported = null;
    this.exportError = null;
    this.render();
    try {
      this.exported = await downloadFile(link.href, `pairing-graph.${link.dataset.format}`);
    } catch (err) {
      this.exportError = failureNow(err);
    } finally {
      this.exporting = null;
      this.render();
    }
  }
}
