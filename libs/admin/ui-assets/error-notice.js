// An admin API refusal on the page: its message, its code, and every problem with its location,
// as the deploy pipeline reported them.
import { el } from './elements.js';

export function errorNotice(title, error) {
  const problems = error?.problems ?? [];
  return el(
    'div',
    { class: 'notice notice-error', role: 'alert' },
    // With problems, the list says it all (the message only sums them up).
    problems.length > 0
      ? el('p', {}, el('strong', {}, `${title}: `), `${problems.length} problem${problems.length === 1 ? '' : 's'}`, el('span', { class: 'muted' }, ` (${error.code})`))
      : el('p', {}, el('strong', {}, `${title}: `), error?.message ?? String(error), error?.code ? el('span', { class: 'muted' }, ` (${error.code})`) : null),
    problems.length > 0 && problemList(problems),
  );
}

/** Problems (or warnings) as a list: code, message, and where in the definition or project. */
export function problemList(problems, label = 'Problems') {
  return el(
    'ul',
    { class: 'problems', 'aria-label': label },
    problems.map((p) =>
      el(
        'li',
        {},
        el('code', { class: 'problem-code' }, p.code ?? 'problem'),
        ' ',
        el('span', { class: 'problem-message' }, p.message ?? ''),
        p.location ? [' ', el('span', { class: 'problem-location' }, 'at ', el('code', {}, p.location))] : null,
      ),
    ),
  );
}
