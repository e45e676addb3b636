// SPDX-License-Identifier: Apache-2.0
// Admin page, Streams tab: create (the key is shown once), list with live status and ingest,
// assign a retention policy, copy the RTMP URL, open the watch page, rotate the key, delete.
LP.streams = (function () {
  const { api, el, button, badge, notice, reportError, confirm, copy, state } = LP;
  const tbody = document.querySelector('#streams-table tbody');
  const empty = document.getElementById('streams-empty');
  const keyBox = document.getElementById('key-box');

  /** Loads streams and policies (both are needed for the table). */
  async function load() {
    const [streams, policies] = await Promise.all([
      api('GET', '/api/streams'),
      api('GET', '/api/retention-policies').catch((e) => {
        if (e.status === 401) throw e;
        return null; // the policy column degrades to "default" until the endpoint answers
      }),
    ]);
    state.streams = streams || [];
    state.policiesAvailable = Array.isArray(policies);
    if (Array.isArray(policies)) state.policies = policies;
    return state.streams;
  }

  async function refresh() {
    try {
      await load();
      render();
    } catch (e) {
      reportError('Could not load streams', e);
    }
  }

  function ingestSummary(s) {
    const b = s.broadcast;
    if (!s.live || !b || !b.ingest) return el('span', { className: 'muted', text: '—' });
    const i = b.ingest;
    const parts = [];
    if (i.video) parts.push(i.video.width + '×' + i.video.height + ' ' + (i.video.codec || '').toUpperCase());
    if (i.frameRate) parts.push(Math.round(i.frameRate * 10) / 10 + ' fps');
    if (i.audio) parts.push((i.audio.codec || '').toUpperCase() + ' ' + Math.round(i.audio.sampleRate / 100) / 10 + ' kHz'
      + (i.audio.channels === 2 ? ' stereo' : i.audio.channels === 1 ? ' mono' : ' ' + i.audio.channels + ' ch'));
    if (i.bitrateBps) parts.push((i.bitrateBps / 1e6).toFixed(1) + ' Mbit/s');
    const second = [];
    if (i.keyframeIntervalSeconds) second.push('keyframe every ' + Math.round(i.keyframeIntervalSeconds * 10) / 10 + ' s');
    if (i.protocol) second.push(String(i.protocol).toUpperCase() + (i.publisherAddress ? ' from ' + i.publisherAddress : ''));
    if (i.software) second.push(i.software);
    if (b.reconnects) second.push(b.reconnects + (b.reconnects === 1 ? ' reconnect' : ' reconnects'));
    return el('div', { className: 'ingest' },
      el('div', { text: parts.join(' · ') }),
      el('div', { className: 'muted small', text: second.join(' · ') }));
  }

  function policySelect(s) {
    const def = state.policies.find((p) => p.isDefault);
    const select = el('select', {
      className: 'policy-select', dataset: { action: 'policy' },
      attrs: { 'aria-label': 'Retention policy for ' + s.title },
      disabled: !state.policiesAvailable,
    });
    const defText = !def ? 'Default policy'
      : /^default$/i.test(def.name) ? 'Default policy (' + LP.fmt.keepFor(def.retentionSeconds) + ')'
        : 'Default policy: ' + def.name + ' (' + LP.fmt.keepFor(def.retentionSeconds) + ')';
    select.append(el('option', { value: '', text: defText }));
    for (const p of state.policies) {
      select.append(el('option', { value: String(p.id), text: p.name + ' (' + LP.fmt.keepFor(p.retentionSeconds) + ')' }));
    }
    select.value = s.retentionPolicyId === null || s.retentionPolicyId === undefined ? '' : String(s.retentionPolicyId);
    select.addEventListener('change', async () => {
      const id = select.value === '' ? null : Number(select.value);
      select.disabled = true;
      try {
        await api('PUT', '/api/streams/' + encodeURIComponent(s.id), { retentionPolicyId: id });
        s.retentionPolicyId = id;
        notice('“' + s.title + '” now uses ' + (id === null ? 'the default policy' : 'the policy “' + LP.policyName(id) + '”') + '.', 'ok');
      } catch (e) {
        reportError('Could not assign the policy', e);
        select.value = s.retentionPolicyId === null || s.retentionPolicyId === undefined ? '' : String(s.retentionPolicyId);
      } finally {
        select.disabled = false;
      }
    });
    return select;
  }

  function row(s) {
    const watch = el('a', {
      className: 'btn small', href: s.watchUrl, target: '_blank', rel: 'noopener', text: 'Watch',
      attrs: { 'aria-label': 'Open the watch page of ' + s.title }, dataset: { action: 'watch' },
    });
    const actions = el('div', { className: 'actions' },
      button('Copy RTMP URL', () => copy(s.rtmpUrl, 'RTMP server URL'),
        { action: 'copy-rtmp', ariaLabel: 'Copy the RTMP server URL for ' + s.title, title: s.rtmpUrl }),
      watch,
      button('Rotate key', () => rotate(s), { action: 'rotate', ariaLabel: 'Rotate the stream key of ' + s.title }),
      button('Delete', () => remove(s), { action: 'delete', kind: 'danger', ariaLabel: 'Delete stream ' + s.title }));
    return el('tr', { dataset: { streamId: s.id } },
      el('td', { className: 'title-cell' },
        el('div', { className: 'title', text: s.title }),
        el('div', { className: 'muted small', text: s.id + ' · created ' + LP.fmt.time(s.createdAt) })),
      el('td', {}, badge(s.status)),
      el('td', {}, ingestSummary(s)),
      el('td', {}, policySelect(s)),
      el('td', {}, actions));
  }

  function render() {
    const focus = LP.focusKey(tbody, 'streamId');
    tbody.replaceChildren(...state.streams.map(row));
    empty.hidden = state.streams.length > 0;
    LP.restoreFocus(tbody, 'streamId', focus);
    LP.recordings && LP.recordings.updateStreamFilter();
  }

  /** Shows the one-time key box for a create or rotate reply; the key lives only in the DOM. */
  function showKey(s, heading) {
    document.getElementById('key-box-title').textContent = heading;
    document.getElementById('key-box-server').textContent = s.rtmpUrl;
    document.getElementById('key-box-key').textContent = s.streamKey;
    keyBox.hidden = false;
    keyBox.scrollIntoView({ block: 'nearest' });
    keyBox.querySelector('[data-copy="key-box-key"]').focus();
  }

  function hideKey() {
    document.getElementById('key-box-key').textContent = '';
    keyBox.hidden = true;
  }

  async function create(title) {
    const s = await api('POST', '/api/streams', { title });
    showKey(s, 'Stream key for “' + s.title + '”');
    notice('Stream “' + s.title + '” created.', 'ok');
    await refresh();
  }

  async function rotate(s) {
    const ok = await confirm('Rotate the stream key?',
      'The current key of “' + s.title + '” stops working at once; a broadcast using it ends. '
      + 'You will need to put the new key into OBS.', 'Rotate key');
    if (!ok) return;
    try {
      const updated = await api('POST', '/api/streams/' + encodeURIComponent(s.id) + '/key');
      showKey(updated, 'New stream key for “' + updated.title + '”');
      notice('The key of “' + s.title + '” was rotated.', 'ok');
      await refresh();
    } catch (e) {
      reportError('Could not rotate the key', e);
    }
  }

  async function remove(s) {
    const ok = await confirm('Delete this stream?',
      'Delete “' + s.title + '”? Its broadcast ends now and its key stops working. '
      + 'Its recordings stay until the default retention policy expires them.', 'Delete stream');
    if (!ok) return;
    try {
      await api('DELETE', '/api/streams/' + encodeURIComponent(s.id));
      notice('Stream “' + s.title + '” deleted.', 'ok');
      await refresh();
    } catch (e) {
      reportError('Could not delete the stream', e);
    }
  }

  document.getElementById('new-stream-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = document.getElementById('new-stream-title');
    const title = input.value.trim();
    if (!title) return;
    const submit = ev.target.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      await create(title);
      input.value = '';
    } catch (e) {
      reportError('Could not create the stream', e);
    } finally {
      submit.disabled = false;
    }
  });
  keyBox.addEventListener('click', (ev) => {
    const b = ev.target.closest('[data-copy]');
    if (b) {
      const text = document.getElementById(b.dataset.copy).textContent;
      copy(text, b.dataset.copy === 'key-box-key' ? 'Stream key' : 'Server URL');
    }
  });
  document.getElementById('key-box-done').addEventListener('click', hideKey);
  document.getElementById('streams-refresh').addEventListener('click', refresh);

  return { load, refresh, render, hideKey };
})();
