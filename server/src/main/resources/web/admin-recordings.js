// SPDX-License-Identifier: Apache-2.0
// Admin page, Recordings tab: filter by stream and status; play (hls.js on the VOD playlist),
// download (presigned link), legal hold, delete now.
LP.recordings = (function () {
  const { api, el, button, badge, fmt, notice, reportError, confirm, state } = LP;
  const tbody = document.querySelector('#recordings-table tbody');
  const empty = document.getElementById('recordings-empty');
  const streamFilter = document.getElementById('filter-stream');
  const statusFilter = document.getElementById('filter-status');
  const STORED = ['complete', 'interrupted'];
  let recordings = [];

  /** Keeps the stream filter's options in step with the streams list (keeps the selection). */
  function updateStreamFilter() {
    const current = streamFilter.value;
    const options = [el('option', { value: '', text: 'All streams' })];
    for (const s of state.streams) options.push(el('option', { value: s.id, text: s.title }));
    if (current && !state.streams.some((s) => s.id === current)) {
      options.push(el('option', { value: current, text: current + ' (deleted)' }));
    }
    streamFilter.replaceChildren(...options);
    streamFilter.value = current;
  }

  async function refresh() {
    const q = new URLSearchParams({ limit: '200' });
    if (streamFilter.value) q.set('stream', streamFilter.value);
    if (statusFilter.value) q.set('status', statusFilter.value);
    try {
      recordings = await api('GET', '/api/recordings?' + q.toString()) || [];
      render();
    } catch (e) {
      reportError('Could not load recordings', e);
    }
  }

  /** Human label of a recording: its stream's title (or id when the stream is gone) and start. */
  function label(r) {
    return (LP.streamTitle(r.streamId) || 'stream ' + r.streamId) + ', ' + fmt.time(r.startedAt);
  }

  function expiryCell(r) {
    if (r.status === 'deleted') {
      return el('td', {}, el('span', { className: 'muted', text: 'deleted ' + fmt.time(r.deletedAt) }));
    }
    if (!r.expiresAt) {
      return el('td', {}, el('span', { className: 'muted', text: r.status === 'recording' ? 'after it ends' : '—' }));
    }
    const notes = [fmt.relative(r.expiresAt)];
    if (r.expiresAtOverridden) notes.push('set by hand');
    if (r.legalHold) notes.push('not while held');
    return el('td', {}, el('div', { text: fmt.time(r.expiresAt) }),
      el('div', { className: 'muted small', text: notes.join(' · ') }));
  }

  function holdToggle(r) {
    const box = el('input', {
      type: 'checkbox', checked: !!r.legalHold, disabled: r.status === 'deleted', dataset: { action: 'hold' },
      attrs: { 'aria-label': 'Legal hold on the recording of ' + label(r) },
      on: { change: () => setHold(r, box) },
    });
    return el('label', { className: 'toggle' }, box, el('span', { text: r.legalHold ? 'Held' : 'Off' }));
  }

  function row(r) {
    const stored = STORED.includes(r.status);
    const streamCell = el('td', { className: 'title-cell' },
      el('div', { className: 'title', text: LP.streamTitle(r.streamId) || '(deleted stream)' }),
      el('div', { className: 'muted small', text: r.codecs || '' }));
    const actions = el('div', { className: 'actions' },
      button('Play', () => LP.player.open(r), {
        action: 'play', disabled: !stored, ariaLabel: 'Play the recording of ' + label(r),
        title: stored ? null : 'Only finished recordings can be played',
      }),
      button('Download', () => download(r), {
        action: 'download', disabled: !stored, ariaLabel: 'Download the recording of ' + label(r),
      }),
      button('Delete now', () => remove(r), {
        action: 'delete', kind: 'danger', disabled: r.legalHold || r.status === 'deleted' || r.status === 'recording',
        ariaLabel: 'Delete the recording of ' + label(r) + ' now',
        title: r.legalHold ? 'Under legal hold: remove the hold first' : null,
      }));
    return el('tr', { dataset: { recordingId: r.id }, className: r.status === 'deleted' ? 'dim' : '' },
      streamCell,
      el('td', {}, el('div', { text: fmt.time(r.startedAt) })),
      el('td', {}, badge(r.status)),
      el('td', { className: 'num', text: fmt.duration(r.durationSeconds) }),
      el('td', { className: 'num', text: fmt.bytes(r.bytes) }),
      expiryCell(r),
      el('td', {}, holdToggle(r)),
      el('td', {}, actions));
  }

  function render() {
    const focus = LP.focusKey(tbody, 'recordingId');
    tbody.replaceChildren(...recordings.map(row));
    empty.hidden = recordings.length > 0;
    LP.restoreFocus(tbody, 'recordingId', focus);
  }

  async function setHold(r, box) {
    box.disabled = true;
    try {
      const updated = await api('PATCH', '/api/recordings/' + encodeURIComponent(r.id), { legalHold: box.checked });
      Object.assign(r, updated);
      notice(updated.legalHold ? 'Legal hold set: retention will not delete this recording.'
        : 'Legal hold removed: the recording expires as its policy says.', 'ok');
    } catch (e) {
      reportError('Could not change the legal hold', e);
    }
    render();
  }

  async function download(r) {
    try {
      const detail = await api('GET', '/api/recordings/' + encodeURIComponent(r.id));
      if (!detail.downloadUrl) {
        notice('This recording has no downloadable file.', 'error');
        return;
      }
      el('a', { href: detail.downloadUrl, target: '_blank', rel: 'noopener noreferrer' }).click();
    } catch (e) {
      reportError('Could not get a download link', e);
    }
  }

  async function remove(r) {
    const ok = await confirm('Delete this recording now?',
      'The recording of ' + label(r) + ' (' + fmt.duration(r.durationSeconds) + ', ' + fmt.bytes(r.bytes)
      + ') is removed from storage now, before it expires. This cannot be undone.', 'Delete now');
    if (!ok) return;
    try {
      await api('DELETE', '/api/recordings/' + encodeURIComponent(r.id));
      notice('Recording deleted.', 'ok');
    } catch (e) {
      reportError('Could not delete the recording', e);
    }
    await refresh();
  }

  streamFilter.addEventListener('change', refresh);
  statusFilter.addEventListener('change', refresh);
  document.getElementById('recordings-refresh').addEventListener('click', refresh);

  return { refresh, updateStreamFilter, label };
})();

// The player dialog: hls.js (or native HLS) on a recording's VOD playlist.
LP.player = (function () {
  const { api, fmt, reportError } = LP;
  const dialog = document.getElementById('player-dialog');
  const video = document.getElementById('player-video');
  const info = document.getElementById('player-info');
  const link = document.getElementById('player-download');
  let hls = null;

  function stop() {
    if (hls) { hls.destroy(); hls = null; }
    video.pause();
    video.removeAttribute('src');
    video.load();
  }

  async function open(r) {
    let detail;
    try {
      detail = await api('GET', '/api/recordings/' + encodeURIComponent(r.id));
    } catch (e) {
      reportError('Could not open the recording', e);
      return;
    }
    document.getElementById('player-title').textContent = 'Recording: ' + LP.recordings.label(r);
    info.textContent = [fmt.duration(detail.durationSeconds), fmt.bytes(detail.bytes), detail.codecs]
      .filter(Boolean).join(' · ');
    link.hidden = !detail.downloadUrl;
    if (detail.downloadUrl) link.href = detail.downloadUrl;
    stop();
    dialog.showModal();
    if (window.Hls && Hls.isSupported()) {
      hls = new Hls();
      hls.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch(() => {}); });
      hls.on(Hls.Events.ERROR, (_, data) => {
        if (data.fatal) info.textContent = 'Playback failed (' + data.details + ').';
      });
      hls.loadSource(detail.vodUrl);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = detail.vodUrl;
    } else {
      info.textContent = 'This browser cannot play HLS; use Download instead.';
    }
  }

  dialog.addEventListener('close', stop);
  document.getElementById('player-close').addEventListener('click', () => dialog.close());

  return { open };
})();
