// SPDX-License-Identifier: Apache-2.0
// Lists live streams from the public API and refreshes every 5 seconds.
(function () {
  const list = document.getElementById('streams');
  const empty = document.getElementById('empty');
  const error = document.getElementById('error');

  function card(stream) {
    const a = document.createElement('a');
    a.className = 'card';
    a.href = stream.watchUrl;
    a.dataset.streamId = stream.id;
    const badge = document.createElement('span');
    badge.className = stream.status === 'live' ? 'badge' : 'badge wait';
    badge.textContent = stream.status === 'live' ? 'LIVE' : 'RECONNECTING';
    const title = document.createElement('h2');
    title.textContent = stream.title; // always text, never HTML
    title.style.fontSize = '1.1rem';
    const since = document.createElement('div');
    since.className = 'muted';
    since.textContent = 'since ' + new Date(stream.startedAt).toLocaleTimeString();
    a.append(badge, title, since);
    return a;
  }

  async function refresh() {
    try {
      const res = await fetch('/api/live');
      if (!res.ok) throw new Error('HTTP ' + res.status);
      const streams = await res.json();
      list.replaceChildren(...streams.map(card));
      empty.hidden = streams.length > 0;
      error.hidden = true;
    } catch (e) {
      error.textContent = 'Could not load live streams (' + e.message + '); retrying.';
      error.hidden = false;
    }
  }
  refresh();
  setInterval(refresh, 5000);
})();
