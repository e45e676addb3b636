// SPDX-License-Identifier: Apache-2.0
// Shared pieces of the admin page: the token (sessionStorage only), the API client, DOM and
// formatting helpers, the notice line, the confirm dialog and copy-to-clipboard.
// User-provided text is only ever put into the page with textContent.
window.LP = (function () {
  const TOKEN_KEY = 'livepipe.adminToken';
  const state = { streams: [], policies: [] };
  let onUnauthorized = () => {};

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  const token = {
    get: () => sessionStorage.getItem(TOKEN_KEY),
    set: (t) => sessionStorage.setItem(TOKEN_KEY, t),
    clear: () => sessionStorage.removeItem(TOKEN_KEY),
  };

  /** Calls the admin API; resolves to the JSON reply (null for 204), rejects with ApiError. */
  async function api(method, path, body, explicitToken) {
    const headers = { Authorization: 'Bearer ' + (explicitToken || token.get() || '') };
    const init = { method, headers, cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, 'Livepipe did not answer (' + e.message + ')');
    }
    const text = await res.text();
    let json = null;
    if (text) {
      try { json = JSON.parse(text); } catch (e) { json = null; }
    }
    if (!res.ok) {
      const message = (json && json.error) || ('HTTP ' + res.status);
      const err = new ApiError(res.status, message);
      if (res.status === 401 && !explicitToken) onUnauthorized(err);
      throw err;
    }
    return json;
  }

  /** Creates an element. props: className, text, attrs {name: value}, on {event: fn}, and DOM properties. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null) continue;
      if (k === 'text') node.textContent = String(v);
      else if (k === 'className') node.className = v;
      else if (k === 'attrs') for (const [a, av] of Object.entries(v)) { if (av !== null && av !== undefined) node.setAttribute(a, av); }
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else node[k] = v;
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function button(label, onClick, opts) {
    const o = opts || {};
    return el('button', {
      type: 'button', className: 'btn small' + (o.kind ? ' ' + o.kind : ''), text: label,
      attrs: { 'aria-label': o.ariaLabel || null, title: o.title || null }, disabled: !!o.disabled,
      on: { click: onClick }, dataset: o.action ? { action: o.action } : undefined,
    });
  }

  function badge(status) {
    const kinds = {
      live: ['badge', 'LIVE'], reconnecting: ['badge wait', 'RECONNECTING'], offline: ['badge off', 'OFFLINE'],
      recording: ['badge', 'RECORDING'], complete: ['badge ok', 'COMPLETE'], interrupted: ['badge wait', 'INTERRUPTED'],
      failed: ['badge', 'FAILED'], deleted: ['badge off', 'DELETED'],
    };
    const [cls, label] = kinds[status] || ['badge off', String(status || '?').toUpperCase()];
    return el('span', { className: cls, text: label, dataset: { status: status || '' } });
  }

  const fmt = {
    bytes(n) {
      if (n === null || n === undefined) return '—';
      const units = ['B', 'KB', 'MB', 'GB', 'TB'];
      let v = Number(n), i = 0;
      while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
      return (i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)) + ' ' + units[i];
    },
    duration(seconds) {
      if (seconds === null || seconds === undefined) return '—';
      const s = Math.round(Number(seconds));
      const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
      const pad = (x) => String(x).padStart(2, '0');
      return h > 0 ? h + ':' + pad(m) + ':' + pad(sec) : m + ':' + pad(sec);
    },
    time(iso) {
      if (!iso) return '—';
      const d = new Date(iso);
      return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    },
    relative(iso) {
      if (!iso) return '';
      const diff = (new Date(iso).getTime() - Date.now()) / 1000;
      const abs = Math.abs(diff);
      const text = abs < 90 ? Math.round(abs) + ' s' : abs < 5400 ? Math.round(abs / 60) + ' min'
        : abs < 172800 ? Math.round(abs / 3600) + ' h' : Math.round(abs / 86400) + ' days';
      return diff >= 0 ? 'in ' + text : text + ' ago';
    },
    days(seconds) {
      const d = Number(seconds) / 86400;
      return Number.isInteger(d) ? String(d) : String(Math.round(d * 100) / 100);
    },
    keepFor(seconds) {
      const d = Number(seconds) / 86400;
      if (d >= 1) { const t = fmt.days(seconds); return t + (t === '1' ? ' day' : ' days'); }
      const h = Number(seconds) / 3600;
      return h >= 1 ? (Math.round(h * 10) / 10) + ' h' : Math.round(Number(seconds) / 60) + ' min';
    },
  };

  let noticeTimer = null;
  /** Shows a one-line message under the tabs; kind 'error' stays until replaced. */
  function notice(message, kind) {
    const n = document.getElementById('notice');
    n.textContent = message;
    n.className = 'notice' + (kind ? ' ' + kind : '');
    n.hidden = false;
    clearTimeout(noticeTimer);
    if (kind !== 'error') noticeTimer = setTimeout(() => { n.hidden = true; }, 6000);
  }

  function reportError(what, e) {
    if (e && e.status === 401) return; // the sign-in box takes over
    notice(what + ': ' + (e && e.message ? e.message : e), 'error');
  }

  /** A modal confirm; resolves true when the person confirms. */
  function confirm(title, message, okLabel) {
    const dialog = document.getElementById('confirm-dialog');
    document.getElementById('confirm-title').textContent = title;
    document.getElementById('confirm-message').textContent = message;
    document.getElementById('confirm-ok').textContent = okLabel || 'Confirm';
    dialog.returnValue = '';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
      dialog.showModal();
      document.getElementById('confirm-cancel').focus();
    });
  }

  async function copy(text, what) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
      } else {
        const area = el('textarea', { value: text, className: 'offscreen', attrs: { 'aria-hidden': 'true' } });
        document.body.append(area);
        area.select();
        document.execCommand('copy');
        area.remove();
      }
      notice((what || 'Text') + ' copied to the clipboard.', 'ok');
    } catch (e) {
      notice('Could not copy (' + e.message + '); select the text and copy it by hand.', 'error');
    }
  }

  function policyName(id) {
    const p = state.policies.find((x) => x.id === id);
    return p ? p.name : null;
  }

  function streamTitle(id) {
    const s = state.streams.find((x) => x.id === id);
    return s ? s.title : null;
  }

  /** Which row control has focus (row data key + data-action), so a re-render can restore it. */
  function focusKey(container, dataKey) {
    const a = document.activeElement;
    if (!a || !container.contains(a) || !a.dataset.action) return null;
    const tr = a.closest('tr');
    return tr ? { id: tr.dataset[dataKey], action: a.dataset.action } : null;
  }

  function restoreFocus(container, dataKey, key) {
    if (!key) return;
    for (const tr of container.querySelectorAll('tr')) {
      if (tr.dataset[dataKey] === key.id) {
        const target = tr.querySelector('[data-action="' + key.action + '"]');
        if (target && !target.disabled) target.focus();
        return;
      }
    }
  }

  return {
    ApiError, focusKey, restoreFocus, api, token, el, button, badge, fmt, notice, reportError, confirm, copy, state,
    policyName, streamTitle, setUnauthorizedHandler: (fn) => { onUnauthorized = fn; },
  };
})();
