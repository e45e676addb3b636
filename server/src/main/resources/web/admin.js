// SPDX-License-Identifier: Apache-2.0
// Admin page: sign-in (the admin token is kept in sessionStorage only), tabs, periodic refresh
// of the live parts, and the Activity tab (the audit log).
(function () {
  const { api, el, fmt, reportError, token } = LP;
  const signin = document.getElementById('signin');
  const app = document.getElementById('app');
  const session = document.getElementById('session');
  const signinMessage = document.getElementById('signin-message');
  const tokenInput = document.getElementById('token');
  const TABS = ['streams', 'recordings', 'retention', 'expiries', 'analytics', 'activity'];
  let currentTab = null;

  const activity = {
    async refresh() {
      try {
        const events = await api('GET', '/api/audit?limit=50') || [];
        document.querySelector('#activity-table tbody').replaceChildren(...events.map((e) => el('tr', {},
          el('td', {}, el('div', { text: fmt.time(e.at) }), el('div', { className: 'muted small', text: fmt.relative(e.at) })),
          el('td', { text: e.actor || '' }),
          el('td', {}, el('code', { text: e.action || '' })),
          el('td', { text: [e.targetType, e.targetId].filter(Boolean).join(' ') }),
          el('td', { className: 'desc mono', text: e.detail ? JSON.stringify(e.detail) : '' }))));
      } catch (e) {
        reportError('Could not load activity', e);
      }
    },
  };

  /** What each tab reloads; recordings and expiries show stream titles, so streams load first. */
  const refreshers = {
    streams: () => LP.streams.refresh(),
    recordings: async () => { await LP.streams.load().catch(() => {}); LP.recordings.updateStreamFilter(); await LP.recordings.refresh(); },
    retention: () => LP.retention.refresh(),
    expiries: async () => { await LP.streams.load().catch(() => {}); await LP.expiries.refresh(); },
    analytics: async () => { await LP.streams.load().catch(() => {}); await LP.analytics.refresh(); },
    activity: () => activity.refresh(),
  };

  function showTab(name, focus) {
    if (!TABS.includes(name)) name = 'streams';
    currentTab = name;
    for (const t of TABS) {
      const tab = document.getElementById('tab-' + t);
      const selected = t === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      document.getElementById('panel-' + t).hidden = !selected;
    }
    if (focus) document.getElementById('tab-' + name).focus();
    if (location.hash !== '#' + name) history.replaceState(null, '', '#' + name);
    refreshers[name]();
  }

  function showSignin(message, kind) {
    app.hidden = true;
    session.hidden = true;
    signin.hidden = false;
    LP.streams.hideKey();
    signinMessage.hidden = !message;
    signinMessage.textContent = message || '';
    signinMessage.className = 'notice ' + (kind || 'error');
    tokenInput.value = '';
    tokenInput.focus();
  }

  function enterApp() {
    signin.hidden = true;
    signinMessage.hidden = true;
    app.hidden = false;
    session.hidden = false;
    showTab(location.hash.replace('#', '') || 'streams');
  }

  LP.setUnauthorizedHandler(() => {
    if (app.hidden) return;
    token.clear();
    for (const d of document.querySelectorAll('dialog[open]')) d.close();
    showSignin('The admin token was refused (401): it may have been changed. Please sign in again.');
  });

  document.getElementById('signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const candidate = tokenInput.value.trim();
    if (!candidate) return;
    const submit = document.getElementById('signin-button');
    submit.disabled = true;
    try {
      await api('GET', '/api/streams', undefined, candidate);
      token.set(candidate);
      enterApp();
    } catch (e) {
      const message = e.status === 401 ? 'That admin token was not accepted. Check it and try again.'
        : e.status === 403 ? 'This token does not have the admin role.'
          : 'Could not sign in: ' + e.message;
      showSignin(message);
    } finally {
      submit.disabled = false;
    }
  });

  document.getElementById('sign-out').addEventListener('click', () => {
    token.clear();
    showSignin('You are signed out. The token was removed from this tab.', 'ok');
  });

  const tablist = document.querySelector('[role=tablist]');
  tablist.addEventListener('click', (ev) => {
    const tab = ev.target.closest('[role=tab]');
    if (tab) showTab(tab.dataset.tab);
  });
  tablist.addEventListener('keydown', (ev) => {
    const i = TABS.indexOf(currentTab);
    if (ev.key === 'ArrowRight') showTab(TABS[(i + 1) % TABS.length], true);
    else if (ev.key === 'ArrowLeft') showTab(TABS[(i + TABS.length - 1) % TABS.length], true);
    else return;
    ev.preventDefault();
  });
  document.getElementById('activity-refresh').addEventListener('click', () => activity.refresh());

  // Live status and recording progress change on their own: refresh those tabs every 5 s,
  // but never while the person is choosing in a table row or looking at a dialog.
  setInterval(() => {
    if (app.hidden || document.hidden || !token.get()) return;
    if (document.querySelector('dialog[open]')) return;
    const a = document.activeElement;
    if (a && ['INPUT', 'SELECT'].includes(a.tagName) && a.type !== 'checkbox' && a.closest('tbody')) return;
    if (currentTab === 'streams') LP.streams.refresh();
    else if (currentTab === 'recordings') LP.recordings.refresh();
    else if (currentTab === 'analytics') LP.analytics.refresh();
  }, 5000);

  // On a narrow window the tables turn into cards; each cell is labelled by its column heading.
  for (const table of document.querySelectorAll('table.data')) {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    const tbody = table.querySelector('tbody');
    new MutationObserver(() => {
      for (const tr of tbody.rows) [...tr.cells].forEach((td, i) => { if (heads[i]) td.dataset.label = heads[i]; });
    }).observe(tbody, { childList: true });
  }

  if (token.get()) {
    // Check the stored token before showing anything.
    api('GET', '/api/streams').then(enterApp, (e) => {
      if (e.status !== 401) showSignin('Could not reach Livepipe: ' + e.message);
      else { token.clear(); showSignin('The admin token was refused (401). Please sign in again.'); }
    });
    signin.hidden = true;
  } else {
    showSignin();
  }
})();
