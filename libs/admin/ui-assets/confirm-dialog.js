// A modal confirmation (<dialog>): keyboard usable as browsers make it (Tab stays inside,
// Escape cancels); the safe choice has the focus first, and focus goes back where it was.
/* global document, HTMLElement -- browser globals */
import { el } from './elements.js';

/** Resolves true when the user confirms, false on Cancel or Escape. */
export function confirmAction({ title, message, confirmLabel }) {
  const opener = document.activeElement;
  return new Promise((resolve) => {
    const dialog = el(
      'dialog',
      { class: 'confirm-dialog', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message' },
      el(
        'form',
        { method: 'dialog' },
        el('h2', { id: 'confirm-title' }, title),
        el('p', { id: 'confirm-message' }, message),
        el(
          'div',
          { class: 'dialog-actions' },
          el('button', { type: 'submit', value: 'cancel', autofocus: true }, 'Cancel'),
          el('button', { type: 'submit', value: 'confirm', class: 'danger' }, confirmLabel),
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
      resolve(dialog.returnValue === 'confirm');
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
