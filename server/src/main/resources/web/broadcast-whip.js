// SPDX-License-Identifier: Apache-2.0
// A minimal WHIP client (RFC 9725): offer → POST → answer, DELETE to stop. No trickle: the
// offer is sent once ICE gathering has finished (or after a short wait), which is what
// loopback and simple networks need.
window.WhipClient = class WhipClient {
  constructor(endpoint, streamKey) {
    this.endpoint = endpoint;
    this.streamKey = streamKey;
    this.resource = null;
    this.watchUrl = null;
  }

  /** Publishes the tracks of {@code stream}; {@code videoCodec} is 'h264' or 'vp8'. */
  async publish(pc, stream, videoCodec) {
    for (const track of stream.getTracks()) {
      const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      if (track.kind === 'video' && RTCRtpSender.getCapabilities) {
        const codecs = RTCRtpSender.getCapabilities('video').codecs;
        const wanted = videoCodec === 'vp8' ? 'video/VP8' : 'video/H264';
        const preferred = codecs.filter(c => c.mimeType === wanted);
        const rtx = codecs.filter(c => c.mimeType === 'video/rtx');
        if (preferred.length && transceiver.setCodecPreferences) {
          transceiver.setCodecPreferences([...preferred, ...rtx]);
        }
      }
    }
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    await this.gathered(pc, 2000);
    const res = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/sdp', 'Authorization': 'Bearer ' + this.streamKey },
      body: pc.localDescription.sdp,
    });
    if (res.status !== 201) {
      const text = (await res.text()).trim();
      throw new Error(res.status === 401 ? 'The stream key was not accepted.' : (text || ('HTTP ' + res.status)));
    }
    this.resource = new URL(res.headers.get('Location'), this.endpoint).toString();
    this.watchUrl = res.headers.get('Livepipe-Watch-Url');
    await pc.setRemoteDescription({ type: 'answer', sdp: await res.text() });
    // Viewers get a steady picture size: under pressure the browser lowers the frame rate
    // rather than the resolution (each size change would be a new HLS discontinuity).
    for (const sender of pc.getSenders()) {
      if (sender.track && sender.track.kind === 'video') {
        const params = sender.getParameters();
        params.degradationPreference = 'maintain-resolution';
        try { await sender.setParameters(params); } catch (e) { /* older browsers: keep the default */ }
      }
    }
  }

  gathered(pc, maxWaitMs) {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise(resolve => {
      const done = () => { pc.removeEventListener('icegatheringstatechange', check); resolve(); };
      const check = () => { if (pc.iceGatheringState === 'complete') done(); };
      pc.addEventListener('icegatheringstatechange', check);
      setTimeout(done, maxWaitMs);
    });
  }

  async stop() {
    if (this.resource) {
      const url = this.resource;
      this.resource = null;
      try {
        await fetch(url, { method: 'DELETE', headers: { 'Authorization': 'Bearer ' + this.streamKey } });
      } catch (e) { /* the server ends the session on its own when media stops */ }
    }
  }
};
