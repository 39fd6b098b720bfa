// Files of the ledger: a picker of our own (the browser's file input shows
// its own words, in its own language), uploads to a hazard, and thumbnails
// of the photos attached. Attachments are served only with the token, so
// they are fetched as blobs and shown from object URLs.

import { api } from './api.js';
import { t } from './i18n.js';
import { el } from './ui.js';
import { bytes, data, when } from './ledger_view.js';

/** The types the ledger takes, as the file input's accept. */
const accept = 'image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf';

/**
 * picker is a button that opens the file chooser, and the names of the
 * files chosen. files() returns them; clear() forgets them.
 */
export function picker(id, text = t('ledger.pickFiles')) {
  let chosen = [];
  const names = el('span', { class: 'picked', id: `${id}-names` }, t('ledger.noFile'));
  const input = el('input', { type: 'file', id, accept, multiple: true, hidden: true });
  const show = () => {
    names.replaceChildren(...(chosen.length ? chosen.map((f, i) => [i ? '、' : '', data(f.name)]).flat() : [t('ledger.noFile')]));
  };
  input.addEventListener('change', () => {
    chosen = [...input.files];
    input.value = '';
    show();
  });
  const button = el('button', { type: 'button', class: 'pick', onclick: () => input.click() }, text);
  return {
    root: el('span', { class: 'picker' }, button, ' ', names, input),
    files: () => chosen,
    clear: () => { chosen = []; show(); },
  };
}

/**
 * upload attaches file to hazard id and answers the attachment. A file over
 * the ledger's limit is refused here, before it is sent.
 */
export async function upload(config, id, file, comment = '') {
  const max = config.limits.attachment_bytes;
  if (file.size > max) throw new Error(t('ledger.fileTooLarge', { name: file.name, size: bytes(file.size), max: bytes(max) }));
  const q = new URLSearchParams({ name: file.name });
  if (comment) q.set('comment', comment);
  return api(`/api/v1/ledger/hazards/${id}/attachments?${q}`, { body: file, type: file.type || 'application/octet-stream', auth: true });
}

const urls = new Map(); // object URLs of the files fetched, by SHA-256

/** fileURL fetches an attachment once and answers an object URL of it. */
async function fileURL(a) {
  if (!urls.has(a.sha256)) urls.set(a.sha256, URL.createObjectURL(await api(a.url, { auth: true, blob: true })));
  return urls.get(a.sha256);
}

/** figure shows one attachment: a thumbnail of a photo, a download of a PDF. */
export function figure(a) {
  const caption = el('figcaption', {}, data(a.name || a.sha256.slice(0, 12)), ` · ${bytes(a.size)} · ${when(a.added_at)}`);
  const f = el('figure', { class: 'attachment', dataset: { sha: a.sha256, type: a.type } }, caption);
  if (a.type === 'application/pdf') {
    f.prepend(el('button', {
      type: 'button', class: 'link',
      onclick: async () => {
        const link = el('a', { href: await fileURL(a), download: a.name || `${a.sha256.slice(0, 12)}.pdf` });
        document.body.append(link);
        link.click();
        link.remove();
      },
    }, t('ledger.downloadPDF')));
    return f;
  }
  const img = el('img', { alt: a.name || '', class: 'thumb' });
  fileURL(a).then((u) => {
    img.src = u;
    img.addEventListener('click', () => window.open(u, '_blank'));
  }).catch(() => { img.replaceWith(el('span', { class: 'muted' }, t('ledger.fileUnavailable'))); });
  f.prepend(img);
  return f;
}
