// SPDX-License-Identifier: Apache-2.0
// Admin page, Retention tab (policies: create, inline edit, make default, delete; retention is
// entered in days and sent in seconds) and Upcoming expiries tab (the retention preview).
LP.retention = (function () {
  const { api, el, button, fmt, notice, reportError, confirm, state } = LP;
  const tbody = document.querySelector('#policies-table tbody');
  let editingId = null;

  function daysToSeconds(text) {
    const days = Number(text);
    if (!Number.isFinite(days) || days <= 0) throw new Error('enter a number of days greater than 0');
    return Math.max(1, Math.round(days * 86400));
  }

  async function refresh() {
    try {
      const [policies, streams] = await Promise.all([api('GET', '/api/retention-policies'), api('GET', '/api/streams')]);
      state.policies = policies || [];
      state.policiesAvailable = true;
      state.streams = streams || [];
      render();
    } catch (e) {
      reportError('Could not load retention policies', e);
    }
  }

  function usage(p) {
    const own = state.streams.filter((s) => s.retentionPolicyId === p.id).length;
    if (!p.isDefault) return String(own);
    const byDefault = state.streams.filter((s) => s.retentionPolicyId === null || s.retentionPolicyId === undefined).length;
    return own + byDefault + (byDefault ? ' (' + byDefault + ' by default)' : '');
  }

  function viewRow(p) {
    const name = el('td', { className: 'title-cell' }, el('span', { className: 'title', text: p.name }));
    if (p.isDefault) name.append(' ', el('span', { className: 'badge ok', text: 'DEFAULT' }));
    return el('tr', { dataset: { policyId: String(p.id) } },
      name,
      el('td', { text: fmt.keepFor(p.retentionSeconds) }),
      el('td', { className: 'desc', text: p.description || '' }),
      el('td', { className: 'num', text: usage(p) }),
      el('td', {}, el('div', { className: 'actions' },
        button('Edit', () => { editingId = p.id; render(); focusEdit(); },
          { action: 'edit', ariaLabel: 'Edit policy ' + p.name }),
        button('Make default', () => makeDefault(p), {
          action: 'default', disabled: p.isDefault, ariaLabel: 'Make ' + p.name + ' the default policy',
        }),
        button('Delete', () => remove(p), {
          action: 'delete', kind: 'danger', disabled: p.isDefault, ariaLabel: 'Delete policy ' + p.name,
          title: p.isDefault ? 'The default policy cannot be deleted' : null,
        }))));
  }

  function editRow(p) {
    const name = el('input', { type: 'text', value: p.name, maxLength: 100, required: true,
      attrs: { 'aria-label': 'Policy name' }, dataset: { field: 'name' } });
    const days = el('input', { type: 'number', value: fmt.days(p.retentionSeconds), min: '0.01', step: 'any',
      className: 'num', required: true, attrs: { 'aria-label': 'Keep recordings for (days)' }, dataset: { field: 'days' } });
    const desc = el('input', { type: 'text', value: p.description || '', maxLength: 1000,
      attrs: { 'aria-label': 'Description' }, dataset: { field: 'description' } });
    const save = async () => {
      try {
        await api('PUT', '/api/retention-policies/' + p.id, {
          name: name.value.trim(), retentionSeconds: daysToSeconds(days.value), description: desc.value.trim(),
        });
        editingId = null;
        notice('Policy “' + name.value.trim() + '” saved.', 'ok');
        await refresh();
      } catch (e) {
        reportError('Could not save the policy', e);
      }
    };
    const onKey = (ev) => {
      if (ev.key === 'Enter') { ev.preventDefault(); save(); }
      if (ev.key === 'Escape') { editingId = null; render(); }
    };
    [name, days, desc].forEach((i) => i.addEventListener('keydown', onKey));
    return el('tr', { className: 'editing', dataset: { policyId: String(p.id) } },
      el('td', {}, name),
      el('td', {}, el('span', { className: 'inline' }, days, ' days')),
      el('td', {}, desc),
      el('td', { className: 'num', text: usage(p) }),
      el('td', {}, el('div', { className: 'actions' },
        button('Save', save, { action: 'save', kind: 'primary', ariaLabel: 'Save policy ' + p.name }),
        button('Cancel', () => { editingId = null; render(); }, { action: 'cancel' }))));
  }

  function focusEdit() {
    const input = tbody.querySelector('tr.editing input');
    if (input) input.focus();
  }

  function render() {
    const focus = LP.focusKey(tbody, 'policyId');
    tbody.replaceChildren(...state.policies.map((p) => (p.id === editingId ? editRow(p) : viewRow(p))));
    LP.restoreFocus(tbody, 'policyId', focus);
  }

  async function makeDefault(p) {
    try {
      await api('POST', '/api/retention-policies/' + p.id + '/default');
      notice('“' + p.name + '” is now the default policy.', 'ok');
    } catch (e) {
      reportError('Could not change the default policy', e);
    }
    await refresh();
  }

  async function remove(p) {
    const ok = await confirm('Delete this policy?', 'Delete the retention policy “' + p.name + '”? '
      + 'A policy that streams still use cannot be deleted.', 'Delete policy');
    if (!ok) return;
    try {
      await api('DELETE', '/api/retention-policies/' + p.id);
      notice('Policy “' + p.name + '” deleted.', 'ok');
    } catch (e) {
      reportError('Could not delete the policy', e);
    }
    await refresh();
  }

  document.getElementById('new-policy-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = document.getElementById('new-policy-name');
    const days = document.getElementById('new-policy-days');
    const desc = document.getElementById('new-policy-description');
    try {
      const created = await api('POST', '/api/retention-policies', {
        name: name.value.trim(), retentionSeconds: daysToSeconds(days.value), description: desc.value.trim(),
      });
      notice('Policy “' + created.name + '” created (' + fmt.keepFor(created.retentionSeconds) + ').', 'ok');
      name.value = '';
      desc.value = '';
      await refresh();
    } catch (e) {
      reportError('Could not create the policy', e);
    }
  });

  return { refresh, isEditing: () => editingId !== null };
})();

LP.expiries = (function () {
  const { api, el, button, fmt, notice, reportError } = LP;
  const windowSelect = document.getElementById('expiry-window');
  const summary = document.getElementById('expiries-summary');
  const tbody = document.querySelector('#expiries-table tbody');
  const WINDOW_NAMES = { 86400: 'the next 24 hours', 604800: 'the next 7 days', 2592000: 'the next 30 days' };

  async function refresh() {
    const seconds = Number(windowSelect.value);
    const until = new Date(Date.now() + seconds * 1000).toISOString();
    try {
      const preview = await api('GET', '/api/retention/preview?until=' + encodeURIComponent(until));
      const list = preview.recordings || [];
      const when = WINDOW_NAMES[seconds] || 'this window';
      summary.replaceChildren(preview.count === 0
        ? el('span', { text: 'Nothing will be deleted in ' + when + '.' })
        : el('span', {},
          el('strong', { text: preview.count + (preview.count === 1 ? ' recording' : ' recordings')
            + ' (' + fmt.bytes(preview.bytes) + ')' }),
          ' will be deleted by retention in ' + when + ' (by ' + fmt.time(preview.until || until) + ').'
          + (preview.count > list.length ? ' The first ' + list.length + ' are listed.' : '')
          + ' Put a recording on legal hold to keep it.'));
      summary.dataset.count = String(preview.count);
      tbody.replaceChildren(...list.map(row));
    } catch (e) {
      reportError('Could not load upcoming expiries', e);
    }
  }

  function row(r) {
    const label = LP.recordings.label(r);
    return el('tr', { dataset: { recordingId: r.id } },
      el('td', { className: 'title-cell' }, el('div', { className: 'title', text: LP.streamTitle(r.streamId) || '(deleted stream)' })),
      el('td', { text: fmt.time(r.startedAt) }),
      el('td', { className: 'num', text: fmt.duration(r.durationSeconds) }),
      el('td', { className: 'num', text: fmt.bytes(r.bytes) }),
      el('td', {}, el('div', { text: fmt.time(r.expiresAt) }),
        el('div', { className: 'muted small', text: fmt.relative(r.expiresAt) + (r.expiresAtOverridden ? ' · set by hand' : '') })),
      el('td', {}, button('Put on legal hold', async () => {
        try {
          await api('PATCH', '/api/recordings/' + encodeURIComponent(r.id), { legalHold: true });
          notice('Legal hold set on the recording of ' + label + '; retention will keep it.', 'ok');
        } catch (e) {
          reportError('Could not set the legal hold', e);
        }
        await refresh();
      }, { action: 'hold', ariaLabel: 'Put the recording of ' + label + ' on legal hold' })));
  }

  windowSelect.addEventListener('change', refresh);
  document.getElementById('expiries-refresh').addEventListener('click', refresh);
  return { refresh };
})();
