// The workbench page (/): tabs 概览 / 缺口 / 图谱 / 名册 / 审计 (router.ts), one module per view in views/,
// the access token card (token.ts), the language switch (i18n.ts). Every request goes to this server with
// the saved token (api.ts); everything is bundled from node_modules by build.mjs, so the page works offline.
import { authVerdict, describe, onAuthVerdict, reasonOf, resetVerdict } from './api';
import { $ } from './dom';
import { getLang, setLang, t, type Key } from './i18n';
import { VIEW_IDS, startRouter, type View, type ViewId } from './router';
import { clearToken, readToken, roleOf, saveToken } from './token';
import { auditView } from './views/audit';
import { dashboardView } from './views/dashboard';
import { gapsView } from './views/gaps';
import { graphView } from './views/graph';
import { rostersView } from './views/rosters';

const views: Record<ViewId, View> = { dashboard: dashboardView, gaps: gapsView, graph: graphView, rosters: rostersView, audit: auditView };

/** The audit trail is for admins only: its tab shows with an admin token. */
const allowed = (id: ViewId) => id !== 'audit' || roleOf(readToken()) === 'admin';

function applyTexts(): void {
  const lang = getLang();
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('pageTitle');
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = t(node.dataset.i18n as Key);
  for (const node of document.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder as Key);
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n-title]')) node.title = t(node.dataset.i18nTitle as Key);
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel as Key));
  const toggle = $('lang-toggle');
  toggle.textContent = t('switchLang');
  toggle.lang = lang === 'zh' ? 'en' : 'zh-CN';
  renderToken();
  for (const id of VIEW_IDS) views[id].texts();
}

function renderToken(): void {
  const token = readToken();
  const role = roleOf(token);
  const badge = $('token-state');
  badge.textContent = token ? (role ? t('tokenSetRole', { role: t(`role_${role}` as Key) }) : t('tokenSet')) : t('tokenUnset');
  badge.classList.toggle('set', token !== null);
  badge.dataset.role = role ?? '';
  ($('token-clear') as HTMLButtonElement).disabled = token === null;
  $('tab-audit').hidden = !allowed('audit');
  const failure = authVerdict();
  const notice = $('token-notice');
  notice.hidden = !failure;
  notice.textContent = failure ? describe(failure) : '';
  notice.dataset.reason = failure ? reasonOf(failure) : '';
}

let reroute: () => void = () => undefined;

/** After the token changed: forgets the old verdict and asks every view again. */
function tokenChanged(): void {
  resetVerdict();
  renderToken();
  reroute();
  for (const id of VIEW_IDS) views[id].tokenChanged();
}

function start(): void {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (fromUrl === 'en' || fromUrl === 'zh') setLang(fromUrl, false);
  applyTexts();
  onAuthVerdict((failure) => {
    if (failure) ($('token-card') as HTMLDetailsElement).open = true;
    renderToken();
  });
  $('lang-toggle').addEventListener('click', () => {
    setLang(getLang() === 'zh' ? 'en' : 'zh', true);
    applyTexts();
  });
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('token-input') as HTMLInputElement;
    // Folded once a token is saved (it opens again when the service refuses it).
    ($('token-card') as HTMLDetailsElement).open = saveToken(input.value) === null;
    input.value = '';
    tokenChanged();
  });
  $('token-clear').addEventListener('click', () => {
    clearToken();
    ($('token-input') as HTMLInputElement).value = '';
    tokenChanged();
  });
  reroute = startRouter(views, allowed);
}

start();
