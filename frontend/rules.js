// The rule pack checks are judged by: the packs the server offers (GET
// /api/v1/rules/packs), the deployment's default first (serve --rules),
// the user's choice remembered. Changing it fires "ruleschange" on the
// document, and the list's arrival "packs".

import { api } from './api.js';
import { t } from './i18n.js';
import { el, $, showError } from './ui.js';

const key = 'safezone.rules';
let packs = [];

/** pack returns the chosen pack: {id, title, documents, rules}, or null before the list is in. */
export function pack() {
  const id = $('rules').value;
  return packs.find((p) => p.id === id) || null;
}

/** rulesParam is the chosen pack's ID for a request, "" for the server's default. */
export function rulesParam() {
  const p = pack();
  return p && !p.default ? p.id : '';
}

/** setupRules loads the packs into the choice in the header. */
export async function setupRules() {
  const sel = $('rules');
  sel.addEventListener('change', () => {
    localStorage.setItem(key, sel.value);
    document.dispatchEvent(new CustomEvent('ruleschange'));
  });
  try {
    packs = await api('/api/v1/rules/packs');
  } catch (err) {
    showError(err);
    return;
  }
  sel.replaceChildren(...packs.map((p) => el('option', { value: p.id, title: p.documents.join('\n') },
    p.default ? t('rules.default', { title: p.title }) : p.title)));
  const saved = localStorage.getItem(key);
  sel.value = packs.some((p) => p.id === saved) ? saved : packs[0].id;
  document.dispatchEvent(new CustomEvent('packs'));
  document.addEventListener('langchange', () => {
    for (const o of sel.options) {
      const p = packs.find((x) => x.id === o.value);
      o.textContent = p.default ? t('rules.default', { title: p.title }) : p.title;
    }
  });
}

/** describePack says which pack a verdict was judged by and what documents it cites. */
export function describePack(id) {
  const p = packs.find((x) => x.id === id);
  if (!p) return t('rules.used', { title: id, docs: '' });
  const docs = p.documents.length ? t('rules.docs', { docs: p.documents.join('；') }) : '';
  return t('rules.used', { title: p.title, docs });
}
