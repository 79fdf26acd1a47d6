// #/deploy: upload a project zip or a definition through the same pipeline as the admin API;
// the answer (or every problem, with its location) stays on the page.
import { API_BASE, AdminApiError, request } from './admin-api.js';
import { el, replaceChildren } from './elements.js';
import { errorNotice, problemList } from './error-notice.js';

const CONTENT_TYPES = { zip: 'application/zip', yaml: 'application/yaml', yml: 'application/yaml', json: 'application/json' };

export function renderDeploy(container, { announce }) {
  const file = el('input', { id: 'deploy-file', name: 'file', type: 'file', accept: '.zip,.yaml,.yml,.json', required: true, 'aria-describedby': 'deploy-file-hint' });
  const override = el('input', { id: 'deploy-override', name: 'override', type: 'checkbox' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Deploy');
  const result = el('div', { id: 'deploy-result', 'aria-live': 'polite' });
  let disposed = false;

  replaceChildren(
    container,
    el('h1', { tabindex: '-1' }, 'Deploy an API'),
    el(
      'form',
      { class: 'stack panel', onsubmit: (e) => { e.preventDefault(); deploy(); } },
      el('label', { for: 'deploy-file' }, 'Project zip or definition'),
      file,
      el('p', { id: 'deploy-file-hint', class: 'muted' }, 'An apictl project (.zip) or an OpenAPI / AsyncAPI document (.yaml, .yml, .json).'),
      el('div', { class: 'checkbox' }, override, el('label', { for: 'deploy-override' }, 'Replace the API if it is deployed already (override)')),
      el('div', {}, submit),
    ),
    result,
  );

  async function deploy() {
    const chosen = file.files?.[0];
    if (chosen === undefined) return;
    const extension = chosen.name.split('.').pop()?.toLowerCase() ?? '';
    const contentType = CONTENT_TYPES[extension];
    if (contentType === undefined) {
      show(errorNotice('Not deployed', new AdminApiError(415, { code: 'upload.type', message: `${chosen.name}: choose a .zip, .yaml, .yml or .json file` })));
      return;
    }
    submit.disabled = true;
    replaceChildren(result, el('p', { class: 'muted' }, `Deploying ${chosen.name}…`));
    try {
      const response = await request(`${API_BASE}/apis?override=${override.checked}`, { method: 'POST', headers: { 'content-type': contentType }, body: chosen });
      const summary = await response.json();
      if (disposed) return;
      show(success(summary));
      announce(`${summary.name} ${summary.version} ${summary.created ? 'deployed' : 'redeployed'}.`);
    } catch (error) {
      if (disposed) return;
      show(errorNotice(`${chosen.name} was not deployed`, error));
    } finally {
      submit.disabled = false;
    }
  }

  function show(node) {
    replaceChildren(result, node);
  }

  return () => {
    disposed = true;
  };
}

function success(summary) {
  const warnings = Array.isArray(summary.warnings) ? summary.warnings : [];
  return el(
    'div',
    { class: 'notice notice-ok', role: 'status' },
    el(
      'p',
      {},
      el('strong', {}, summary.created ? 'Deployed: ' : 'Redeployed: '),
      el('a', { href: `#/apis/${encodeURIComponent(summary.name)}/${encodeURIComponent(summary.version)}` }, `${summary.name} ${summary.version}`),
      ' at ',
      el('code', {}, summary.basePath),
      ` (${summary.type}, ${summary.connector} connector).`,
    ),
    warnings.length > 0 && [el('p', {}, `${warnings.length} warning${warnings.length === 1 ? '' : 's'}:`), problemList(warnings, 'Warnings')],
  );
}
