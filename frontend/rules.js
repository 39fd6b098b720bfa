// The rule pack checks are judged by: the packs the server offers (GET
// /api/v1/rules/packs), the deployment's default first (serve --rules),
// the user's choice remembered. Changing it fires "ruleschange" on the
// document, and each arrival of the list "packs"; the list is loaded again
// on "rulepackschange" (admin_rules.js).

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

/** setupRules loads the packs into the choice in the header, and again when an admin changes them. */
export async function setupRules() {
  const sel = $('rules');
  sel.addEventListener('change', () => {
    localStorage.setItem(key, sel.value);
    document.dispatchEvent(new CustomEvent('ruleschange'));
  });
  document.addEventListener('langchange', () => {
    for (const o of sel.options) {
      const p = packs.find((x) => x.id === o.value);
      o.textContent = p.default ? t('rules.default', { title: p.title }) : p.title;
    }
  });
  // The admin tab fires rulepackschange after an upload, a deletion or a
  // new default.
  document.addEventListener('rulepackschange', () => loadPacks().catch(showError));
  try {
    await loadPacks();
  } catch (err) {
    showError(err);
  }
}

/** loadPacks fills the choice from the server, keeping the user's choice while it is offered. */
async function loadPacks() {
  const sel = $('rules');
  const before = sel.value;
  packs = await api('/api/v1/rules/packs');
  sel.replaceChildren(...packs.map((p) => el('option', { value: p.id, title: p.documents.join('\n') },
    p.default ? t('rules.default', { title: p.title }) : p.title)));
  const saved = localStorage.getItem(key);
  sel.value = packs.some((p) => p.id === saved) ? saved : packs[0].id;
  document.dispatchEvent(new CustomEvent('packs'));
  if (before && sel.value !== before) document.dispatchEvent(new CustomEvent('ruleschange'));
}

/** describePack says which pack a verdict was judged by and what documents it cites. */
export function describePack(id) {
  const p = packs.find((x) => x.id === id);
  if (!p) return t('rules.used', { title: id, docs: '' });
  const docs = p.documents.length ? t('rules.docs', { docs: p.documents.join('；') }) : '';
  return t('rules.used', { title: p.title, docs });
}
