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

let say = null; // what makes the message's text, to say it again in another language

/**
 * message shows a line at the top of the panel; an empty text hides it.
 * text may be a function that makes the text, called again after a
 * language change.
 */
export function message(text, kind = 'error') {
  const m = $('message');
  say = typeof text === 'function' ? text : null;
  const s = say ? say() : text;
  m.textContent = s || '';
  m.className = kind;
  m.hidden = !s;
}

document.addEventListener('langchange', () => {
  if (say && !$('message').hidden) $('message').textContent = say();
});

/**
 * showError shows what went wrong, unless the request was just replaced.
 * An error of the API (api.js) is said in the current language.
 */
export function showError(err) {
  if (err && err.name === 'AbortError') return;
  if (err && err.say) message(err.say, 'error');
  else message(err && err.message ? err.message : String(err), 'error');
}

/** debounce calls fn once calls have stopped for ms milliseconds. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
