// SPDX-License-Identifier: Apache-2.0
// Plays /hls/{id}/index.m3u8 with hls.js (or natively where the browser can), and keeps
// retrying while the stream is offline so a viewer who arrives early sees it start.
// The playlist URL carries this tab's viewer session id (?vs=…, kept across reloads) so the
// server counts one viewer per tab (docs/analytics.md). Chat and reactions: watch-chat.js.
(function () {
  const streamId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop());
  const video = document.getElementById('video');
  const state = document.getElementById('state');
  const message = document.getElementById('message');
  const titleEl = document.getElementById('title');
  let hls = null;
  let retryTimer = null;

  function viewerSession() {
    const key = 'livepipe.vs.' + streamId;
    let vs = sessionStorage.getItem(key);
    if (!vs) {
      const bytes = new Uint8Array(12);
      crypto.getRandomValues(bytes);
      vs = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      sessionStorage.setItem(key, vs);
    }
    return vs;
  }

  function withSession(url) {
    return url + (url.includes('?') ? '&' : '?') + 'vs=' + viewerSession();
  }

  function setState(kind, text) {
    state.className = kind === 'live' ? 'badge' : kind === 'wait' ? 'badge wait' : 'badge off';
    state.textContent = kind === 'live' ? 'LIVE' : kind === 'wait' ? 'CONNECTING' : 'OFFLINE';
    message.textContent = text || '';
  }

  async function loadInfo() {
    try {
      const res = await fetch('/api/live/' + encodeURIComponent(streamId));
      if (res.ok) {
        const info = await res.json();
        titleEl.textContent = info.title;
        document.title = 'Livepipe — ' + info.title;
        return info;
      }
      if (res.status === 404) {
        titleEl.textContent = 'Stream not found';
      }
    } catch (e) { /* network hiccup: the retry loop covers it */ }
    return null;
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(start, 3000);
  }

  async function start() {
    const info = await loadInfo();
    if (!info || !info.live) {
      setState('off', 'Waiting for the broadcast to start…');
      scheduleRetry();
      return;
    }
    setState('wait', 'Connecting…');
    const src = withSession(info.hlsUrl);
    if (window.Hls && Hls.isSupported()) {
      if (hls) hls.destroy();
      hls = new Hls({ liveSyncDurationCount: 3 });
      hls.on(Hls.Events.MANIFEST_PARSED, () => { video.play().catch(() => {}); });
      hls.on(Hls.Events.FRAG_BUFFERED, () => setState('live', ''));
      hls.on(Hls.Events.ERROR, (_, data) => {
        if (data.fatal) {
          setState('off', 'Playback stopped (' + data.details + '); retrying…');
          hls.destroy();
          hls = null;
          scheduleRetry();
        }
      });
      hls.loadSource(src);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = src;
      video.addEventListener('playing', () => setState('live', ''), { once: true });
    } else {
      setState('off', 'This browser cannot play HLS.');
    }
  }
  video.addEventListener('ended', () => setState('off', 'The broadcast has ended.'));
  start();

  if (window.LivepipeChat) {
    const count = document.getElementById('viewer-count');
    const viewers = document.getElementById('viewers');
    window.LivepipeChat.start(streamId, {
      viewers: (v) => {
        count.textContent = String(v.current ?? 0);
        viewers.title = (v.current ?? 0) + ' watching now, peak ' + (v.peak ?? 0) +
          (v.sockets !== undefined ? ', ' + v.sockets + ' in chat' : '');
      },
      status: (status) => {
        if (status === 'ended') {
          setState('off', 'The broadcast has ended.');
        } else if (status === 'reconnecting') {
          setState('wait', 'The broadcaster is reconnecting…');
        } else if (status === 'live' && !hls && !video.src) {
          clearTimeout(retryTimer);
          start();
        }
      },
    });
  }
})();
