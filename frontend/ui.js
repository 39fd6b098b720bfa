// Small DOM helpers. Text from the data (school and business names) is only
// ever set as text, never as HTML.

/** el creates an element with attributes (on* keys add listeners) and children. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
  return e;
}

/** $ returns the element with the id. */
export const $ = (id) => document.getElementById(id);

/** message shows a line at the top of the panel; an empty text hides it. */
export function message(text, kind = 'error') {
  const m = $('message');
  m.textContent = text || '';
  m.className = kind;
  m.hidden = !text;
}

/** showError shows what went wrong, unless the request was just replaced. */
export function showError(err) {
  if (err && err.name === 'AbortError') return;
  message(err && err.message ? err.message : String(err), 'error');
}

/** debounce calls fn once calls have stopped for ms milliseconds. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
