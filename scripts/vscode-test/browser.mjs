// Debian's Chromium, headless, driven by playwright-core (which never downloads a browser of its own).
// Its profile goes to a Playwright temp dir under TMPDIR, i.e. inside the run's sandbox.
import process from 'node:process';
import { CHROMIUM } from './env.mjs';

export const launchOptions = () => ({
  executablePath: CHROMIUM,
  headless: true,
  args: [
    '--no-sandbox', // we run as root, where Chromium's sandbox refuses to start
    '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync',
    '--disable-background-networking', '--disable-component-update', // no calls home on an offline box
  ],
  // We own process-group cleanup and signals; Playwright still kills the browser when this process exits.
  handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
  env: process.env,
});

export const VIEWPORT = { width: 1400, height: 900 };
