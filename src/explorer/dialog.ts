// The page's confirmation dialog: a native <dialog> (modal, focus kept inside, Esc closes it as "cancel").

import { $ } from './dom';
import { t } from './i18n';

/**
 * Shows the dialog with `title`, `body` and an OK button labelled `ok`; resolves true when OK was chosen,
 * false on Cancel or Esc. Never rejects.
 */
export function confirmDialog(title: string, body: Node, ok: string): Promise<boolean> {
  const dialog = $('dialog') as HTMLDialogElement;
  $('dialog-title').textContent = title;
  $('dialog-body').replaceChildren(body);
  $('dialog-ok').textContent = ok;
  $('dialog-cancel').textContent = t('cancel');
  dialog.returnValue = '';
  dialog.showModal();
  ($('dialog-ok') as HTMLButtonElement).focus();
  return new Promise((resolve) => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}
