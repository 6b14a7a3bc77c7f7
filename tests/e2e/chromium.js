// How the end-to-end suite and the benchmark launch Debian's Chromium: its path, and the flags
// that keep it from reaching for the (closed) network.
module.exports = {
  CHROMIUM: '/usr/bin/chromium',
  CHROMIUM_ARGS: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
