// SPDX-License-Identifier: Apache-2.0
// The watch page's chat, reactions and viewer count over /ws/streams/{id} (docs/chat-protocol.md).
// Every piece of chat text goes into the page with textContent, never as HTML.
// Credentials: a viewer token passed as #token=… (moved to sessionStorage and removed from the
// address bar) or the admin token of this tab's /admin sign-in; without one the browser is a guest
// (the server's signed cookie keeps the guest name). They travel as the "bearer.<token>"
// subprotocol, never in a URL.
window.LivepipeChat = (function () {
  const PROTOCOL = 'livepipe.chat.v1';
  const EMOJI = { heart: '❤️', like: '👍', fire: '🔥', clap: '👏', laugh: '😂', wow: '😮', sad: '😢', angry: '😠' };
  const MAX_FLOATERS = 40;
  const $ = (id) => document.getElementById(id);

  function credential(streamId) {
    const key = 'livepipe.chatToken.' + streamId;
    const m = location.hash.match(/(?:^#|&)token=([^&]+)/);
    if (m) {
      sessionStorage.setItem(key, decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search);
    }
    return sessionStorage.getItem(key) || sessionStorage.getItem('livepipe.adminToken') || null;
  }

  function start(streamId, hooks) {
    const list = $('chat-list');
    const input = $('chat-input');
    const send = $('chat-send');
    const errorEl = $('chat-error');
    const conn = $('chat-conn');
    const floaters = $('floaters');
    let socket = null;
    let me = null;
    let lastId = null;
    let attempts = 0;
    let banned = false;
    let errorTimer = null;
    let slowModeSeconds = 0;

    const isMod = () => me && (me.role === 'moderator' || me.role === 'broadcaster');

    function showError(text) {
      errorEl.textContent = text;
      errorEl.hidden = false;
      clearTimeout(errorTimer);
      errorTimer = setTimeout(() => { errorEl.hidden = true; }, 5000);
    }

    function request(msg) {
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify(msg));
        return true;
      }
      showError('Not connected to chat yet.');
      return false;
    }

    function line(text) {
      const li = document.createElement('li');
      li.className = 'notice-line';
      li.textContent = text;
      append(li);
    }

    function append(li) {
      const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 30;
      list.appendChild(li);
      while (list.children.length > 300) list.removeChild(list.firstChild);
      if (stick) list.scrollTop = list.scrollHeight;
    }

    function modButton(label, title, onClick) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.title = title;
      b.addEventListener('click', onClick);
      return b;
    }

    function renderMessage(m) {
      if (list.querySelector('li[data-id="' + m.id + '"]')) return;
      const li = document.createElement('li');
      li.dataset.id = String(m.id);
      li.dataset.user = m.user.id;
      if (m.user.role && m.user.role !== 'viewer') {
        const role = document.createElement('span');
        role.className = 'role';
        role.textContent = m.user.role;
        li.appendChild(role);
      }
      const who = document.createElement('span');
      who.className = 'who ' + (m.user.role || 'viewer');
      who.textContent = m.user.name;
      who.title = new Date(m.time).toLocaleTimeString();
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = m.text;
      li.append(who, text);
      if (isMod()) {
        const tools = document.createElement('span');
        tools.className = 'mod';
        tools.append(
          modButton('Delete', 'Delete this message', () => request({ type: 'chat.delete', id: m.id })),
          modButton('Pin', 'Pin this message', () => request({ type: 'chat.pin', id: m.id })));
        if (m.user.id !== me.id) {
          tools.append(
            modButton('Timeout', 'Time ' + m.user.name + ' out for 5 minutes',
              () => request({ type: 'user.timeout', userId: m.user.id, seconds: 300 })),
            modButton('Ban', 'Ban ' + m.user.name + ' from this stream', () => {
              if (confirm('Ban ' + m.user.name + ' from this stream?')) request({ type: 'user.ban', userId: m.user.id });
            }));
        }
        li.appendChild(tools);
      }
      append(li);
      lastId = Math.max(lastId || 0, m.id);
    }

    function setPinned(m) {
      const box = $('pinned');
      if (!m) { box.hidden = true; return; }
      $('pinned-text').textContent = m.user.name + ': ' + m.text;
      box.hidden = false;
      if (isMod()) {
        let unpin = box.querySelector('button');
        if (!unpin) {
          unpin = modButton('Unpin', 'Unpin', () => request({ type: 'chat.pin', id: null }));
          unpin.className = 'btn small';
          box.appendChild(unpin);
        }
      }
    }

    function setSlowMode(seconds) {
      slowModeSeconds = seconds;
      const note = $('slowmode-note');
      note.hidden = !seconds;
      note.textContent = seconds ? 'Slow mode: one message every ' + seconds + ' s.' : '';
      $('slowmode').value = String(seconds);
    }

    function floatReaction(name, count) {
      const n = Math.min(count, 6);
      for (let i = 0; i < n && floaters.children.length < MAX_FLOATERS; i++) {
        const f = document.createElement('span');
        f.className = 'reaction-float';
        f.dataset.reaction = name;
        f.textContent = EMOJI[name] || '✨';
        f.style.left = (8 + Math.random() * 84) + '%';
        f.style.animationDelay = (i * 0.08) + 's';
        f.addEventListener('animationend', () => f.remove());
        floaters.appendChild(f);
      }
    }

    function onMessage(msg) {
      switch (msg.type) {
        case 'batch': (msg.messages || []).forEach(onMessage); break;
        case 'welcome':
          me = msg.user;
          attempts = 0;
          $('chat-me').textContent = me.name + (me.role !== 'viewer' ? ' (' + me.role + ')' : '');
          $('mod-tools').hidden = !isMod();
          conn.textContent = 'connected';
          input.disabled = false;
          send.disabled = false;
          input.maxLength = (msg.limits && msg.limits.maxTextLength) || 500;
          setSlowMode((msg.limits && msg.limits.slowModeSeconds) || 0);
          setPinned(msg.pinned || null);
          if (msg.viewers) hooks.viewers(msg.viewers);
          if (msg.stream) hooks.status(msg.stream.status);
          break;
        case 'chat.history':
          (msg.deleted || []).forEach(removeMessage);
          (msg.messages || []).forEach(renderMessage);
          break;
        case 'chat.message': renderMessage(msg); break;
        case 'chat.deleted': removeMessage(msg.id); break;
        case 'chat.pinned': setPinned(msg.message); break;
        case 'slowmode':
          setSlowMode(msg.seconds);
          line(msg.seconds ? 'Slow mode is on (' + msg.seconds + ' s).' : 'Slow mode is off.');
          break;
        case 'user.timedout': line(msg.name + ' was timed out.'); break;
        case 'user.banned':
          if (me && msg.userId === me.id) banned = true;
          list.querySelectorAll('li[data-user="' + CSS.escape(msg.userId) + '"]').forEach((li) => li.remove());
          line(msg.name + ' was banned.');
          break;
        case 'reaction.burst':
          Object.entries(msg.counts || {}).forEach(([name, count]) => floatReaction(name, count));
          break;
        case 'viewers.update': hooks.viewers(msg); break;
        case 'stream.status': hooks.status(msg.status); break;
        case 'error': showError(msg.message || msg.code); break;
        default: break;
      }
    }

    function removeMessage(id) {
      const li = list.querySelector('li[data-id="' + id + '"]');
      if (li) li.remove();
    }

    function connect() {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      let url = scheme + '//' + location.host + '/ws/streams/' + encodeURIComponent(streamId);
      if (lastId !== null) url += '?since=' + lastId;
      const token = credential(streamId);
      socket = token ? new WebSocket(url, [PROTOCOL, 'bearer.' + token]) : new WebSocket(url, PROTOCOL);
      socket.onmessage = (e) => {
        try { onMessage(JSON.parse(e.data)); } catch (err) { /* ignore one malformed frame */ }
      };
      socket.onclose = (e) => {
        input.disabled = true;
        send.disabled = true;
        if (banned || e.code === 4003) {
          conn.textContent = 'banned from this chat';
          showError('You were banned from this chat.');
          return;
        }
        conn.textContent = 'reconnecting…';
        attempts++;
        setTimeout(connect, Math.min(15000, 500 * Math.pow(2, attempts)));
      };
    }

    $('chat-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      if (request({ type: 'chat.send', text })) input.value = '';
    });
    $('slowmode').addEventListener('change', (e) => request({ type: 'slowmode.set', seconds: Number(e.target.value) }));
    document.querySelectorAll('#reactions .react').forEach((b) => b.addEventListener('click', () => {
      request({ type: 'reaction.send', reaction: b.dataset.reaction });
    }));
    connect();
  }

  return { start };
})();
