// SPDX-License-Identifier: Apache-2.0
// Admin page, Analytics tab: one stream's current or latest broadcast — viewers counted from
// HLS playback (now, peak, unique, watch time), chat presence and engagement — with per-minute
// charts drawn by uPlot (served by Livepipe). Also issues a moderator link for the stream's chat.
LP.analytics = (function () {
  const { api, state, reportError, copy } = LP;
  const select = document.getElementById('analytics-stream');
  const body = document.getElementById('analytics-body');
  const empty = document.getElementById('analytics-empty');
  const charts = {};

  function duration(seconds) {
    const s = Math.round(seconds || 0);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }

  function fillStreams() {
    const chosen = select.value;
    const options = state.streams.map((s) => {
      const o = document.createElement('option');
      o.value = s.id;
      o.textContent = s.title + (s.live ? ' (live)' : '');
      return o;
    });
    select.replaceChildren(...options);
    if (chosen && state.streams.some((s) => s.id === chosen)) select.value = chosen;
    else {
      const live = state.streams.find((s) => s.live);
      if (live) select.value = live.id;
    }
  }

  function chart(key, el, series, data) {
    const width = Math.max(320, el.clientWidth || 600);
    if (charts[key] && charts[key].series.length === series.length + 1) {
      charts[key].setData(data);
      charts[key].setSize({ width, height: 220 });
      return;
    }
    if (charts[key]) charts[key].destroy();
    charts[key] = new uPlot({
      width, height: 220,
      // One minute of data would otherwise stretch the time axis over years.
      scales: { x: { time: true, range: (u, min, max) => (max - min < 300 ? [max - 300, max + 30] : [min, max]) } },
      axes: [{ stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' } }, { stroke: '#9aa3b2', grid: { stroke: '#2a2f3a' } }],
      series: [{}, ...series],
    }, data, el);
  }

  function render(a) {
    const set = (id, v) => { document.getElementById(id).textContent = v; };
    set('an-current', a.currentViewers);
    set('an-peak', a.peakViewers);
    set('an-unique', a.uniqueViewers);
    set('an-watch', duration(a.watchTimeSeconds));
    set('an-avg', duration(a.averageWatchSeconds));
    set('an-sockets', a.sockets ?? 0);
    set('an-chat', a.chatMessages ?? 0);
    set('an-reactions', a.reactions ?? 0);
    document.getElementById('analytics-broadcast').textContent =
      (a.live ? 'Live broadcast ' : 'Last broadcast ') + (a.broadcastId || '');
    const series = a.series || [];
    const x = series.map((p) => Date.parse(p.minute) / 1000);
    chart('viewers', document.getElementById('chart-viewers'), [
      { label: 'Viewers', stroke: '#e5484d', width: 2, points: { show: true } },
      { label: 'Peak', stroke: '#b58900', dash: [4, 4] },
      { label: 'In chat', stroke: '#6ea8fe' },
    ], [x, series.map((p) => p.viewers), series.map((p) => p.peakViewers), series.map((p) => p.sockets)]);
    chart('engagement', document.getElementById('chart-engagement'), [
      { label: 'Chat messages', stroke: '#3dd68c', width: 2 },
      { label: 'Reactions', stroke: '#ff8f92', width: 2 },
    ], [x, series.map((p) => p.chatMessages), series.map((p) => p.reactions)]);
  }

  async function refresh() {
    fillStreams();
    if (!select.value) {
      body.hidden = true;
      empty.hidden = false;
      empty.textContent = 'Create a stream first.';
      return;
    }
    try {
      const a = await api('GET', '/api/streams/' + encodeURIComponent(select.value) + '/analytics');
      const none = !a || !a.broadcastId;
      body.hidden = none;
      empty.hidden = !none;
      empty.textContent = 'No broadcast yet for this stream.';
      if (!none) render(a);
    } catch (e) {
      if (e.status === 404) {
        body.hidden = true;
        empty.hidden = false;
        empty.textContent = 'No broadcast yet for this stream.';
      } else {
        reportError('Could not load analytics', e);
      }
    }
  }

  async function moderatorLink() {
    if (!select.value) return;
    try {
      const t = await api('POST', '/api/streams/' + encodeURIComponent(select.value) + '/viewer-tokens',
        { name: 'Moderator', role: 'moderator', ttlSeconds: 86400 });
      document.getElementById('analytics-modlink-url').textContent =
        location.origin + '/watch/' + encodeURIComponent(select.value) + '#token=' + encodeURIComponent(t.token);
      document.getElementById('analytics-modlink-box').hidden = false;
    } catch (e) {
      reportError('Could not issue a moderator link', e);
    }
  }

  select.addEventListener('change', () => {
    document.getElementById('analytics-modlink-box').hidden = true;
    refresh();
  });
  document.getElementById('analytics-refresh').addEventListener('click', refresh);
  document.getElementById('analytics-modlink').addEventListener('click', moderatorLink);
  document.querySelector('[data-copy="analytics-modlink-url"]').addEventListener('click', () =>
    copy(document.getElementById('analytics-modlink-url').textContent, 'Moderator link'));
  return { refresh };
})();
