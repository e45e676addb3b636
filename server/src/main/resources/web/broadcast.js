// SPDX-License-Identifier: Apache-2.0
// The broadcast page: choose a source, preview it, go live over WHIP, watch the outgoing
// bitrate and round-trip time, stop. The stream key stays in this page's memory only.
(function () {
  const $ = id => document.getElementById(id);
  const keyInput = $('stream-key'), cameraSel = $('camera'), micSel = $('microphone'), codecSel = $('codec');
  const previewBtn = $('preview-button'), liveBtn = $('live-button'), stopBtn = $('stop-button');
  const video = $('preview'), state = $('state'), stats = $('stats'), message = $('message');
  const params = new URLSearchParams(location.search);
  if (params.get('codec') === 'vp8') codecSel.value = 'vp8';
  let stream = null, pc = null, whip = null, statsTimer = null, last = null;

  function say(text, kind) {
    message.textContent = text || '';
    message.className = 'notice' + (kind ? ' ' + kind : '');
    message.hidden = !text;
  }
  function setState(kind) {
    const labels = { off: 'OFFLINE', connecting: 'CONNECTING', live: 'LIVE', reconnecting: 'RECONNECTING' };
    state.className = kind === 'live' ? 'badge' : kind === 'off' ? 'badge off' : 'badge wait';
    state.textContent = labels[kind];
    state.dataset.state = kind;
  }
  function source() { return document.querySelector('input[name=source]:checked').value; }

  async function listDevices() {
    try {
      const devices = await navigator.mediaDevices.enumerateDevices();
      fill(cameraSel, devices.filter(d => d.kind === 'videoinput'), 'Camera');
      fill(micSel, devices.filter(d => d.kind === 'audioinput'), 'Microphone');
    } catch (e) { say('Cannot list devices: ' + e.message, 'error'); }
  }
  function fill(select, devices, fallback) {
    const current = select.value;
    select.replaceChildren(...devices.map((d, i) => {
      const o = document.createElement('option');
      o.value = d.deviceId;
      o.textContent = d.label || (fallback + ' ' + (i + 1));
      return o;
    }));
    if (current) select.value = current;
  }

  async function capture() {
    if (stream) stream.getTracks().forEach(t => t.stop());
    const audio = micSel.value ? { deviceId: { exact: micSel.value } } : true;
    if (source() === 'screen') {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 30 }, audio: false });
      const mic = await navigator.mediaDevices.getUserMedia({ audio });
      mic.getAudioTracks().forEach(t => stream.addTrack(t));
    } else {
      const videoConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } };
      if (cameraSel.value) videoConstraints.deviceId = { exact: cameraSel.value };
      stream = await navigator.mediaDevices.getUserMedia({ video: videoConstraints, audio });
    }
    video.srcObject = stream;
    await listDevices(); // labels become available once permission is granted
    return stream;
  }

  async function goLive() {
    const key = keyInput.value.trim();
    if (!key) { say('Enter the stream key first.', 'error'); keyInput.focus(); return; }
    say('');
    liveBtn.disabled = true;
    setState('connecting');
    try {
      if (!stream) await capture();
      pc = new RTCPeerConnection();
      pc.addEventListener('connectionstatechange', onConnectionState);
      whip = new WhipClient(new URL('/whip', location.href).toString(), key);
      await whip.publish(pc, stream, codecSel.value);
      stopBtn.disabled = false;
      if (whip.watchUrl) {
        $('watch-link').href = whip.watchUrl;
        $('watch-link').textContent = new URL(whip.watchUrl, location.href).toString();
        $('watch').hidden = false;
      }
      statsTimer = setInterval(showStats, 1000);
    } catch (e) {
      say(e.message, 'error');
      await stop(false);
    }
  }

  function onConnectionState() {
    switch (pc && pc.connectionState) {
      case 'connected': setState('live'); say('You are live.', 'ok'); break;
      case 'disconnected': setState('reconnecting'); say('Connection interrupted; trying to recover…'); break;
      case 'failed': say('The connection failed. Press Go live to try again.', 'error'); stop(false); break;
      default: break;
    }
  }

  async function showStats() {
    if (!pc) return;
    const report = await pc.getStats();
    let bytes = 0, rtt = null, width = 0, height = 0, fps = 0;
    report.forEach(s => {
      if (s.type === 'outbound-rtp') {
        bytes += s.bytesSent || 0;
        if (s.kind === 'video') { width = s.frameWidth || 0; height = s.frameHeight || 0; fps = s.framesPerSecond || 0; }
      }
      if (s.type === 'candidate-pair' && s.nominated && s.currentRoundTripTime !== undefined) rtt = s.currentRoundTripTime;
    });
    const now = performance.now();
    if (last) {
      const kbps = Math.round((bytes - last.bytes) * 8 / (now - last.time));
      stats.textContent = kbps + ' kbit/s' + (rtt !== null ? ' · RTT ' + Math.round(rtt * 1000) + ' ms' : '')
        + (width ? ' · ' + width + '×' + height + ' @ ' + Math.round(fps) + ' fps' : '');
      stats.dataset.kbps = kbps;
      stats.dataset.width = width;
      stats.dataset.height = height;
      stats.dataset.fps = fps;
    }
    last = { bytes, time: now };
  }

  async function stop(userAsked) {
    clearInterval(statsTimer);
    statsTimer = null;
    last = null;
    if (whip) await whip.stop();
    whip = null;
    if (pc) pc.close();
    pc = null;
    setState('off');
    stats.textContent = '';
    liveBtn.disabled = false;
    stopBtn.disabled = true;
    if (userAsked) say('The broadcast has stopped.', 'ok');
  }

  previewBtn.addEventListener('click', () => capture().catch(e => say('Cannot open the source: ' + e.message, 'error')));
  liveBtn.addEventListener('click', goLive);
  stopBtn.addEventListener('click', () => stop(true));
  window.addEventListener('pagehide', () => { if (whip) whip.stop(); });
  setState('off');
  listDevices();
})();
