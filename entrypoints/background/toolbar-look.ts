import { browser } from 'wxt/browser';
import { translate } from '../../shared/i18n/index.js';
import { state } from './extension-context.js';
import { workerLocale } from './worker-locale.js';

/**
 * How the extension looks in the toolbar. Devices are often shared or inspected (USERS.md), so
 * discreet mode swaps the icon for a plain notes icon and the title for a neutral word. Icons are
 * drawn here rather than shipped as files so both looks stay in one place.
 */

type Look = 'normal' | 'discreet';

function draw(look: Look, size: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(size, size);
  const g = canvas.getContext('2d')!;
  const u = size / 16;
  if (look === 'discreet') {
    // A grey notepad: nothing that says what the extension is.
    g.fillStyle = '#6b7280';
    g.fillRect(2 * u, 1 * u, 12 * u, 14 * u);
    g.fillStyle = '#f9fafb';
    for (const y of [4, 7, 10]) g.fillRect(4 * u, y * u, 8 * u, 1.2 * u);
    return canvas;
  }
  // A dark plum shield with a white exclamation mark.
  g.fillStyle = '#5b2160';
  g.beginPath();
  g.moveTo(8 * u, 0.5 * u);
  g.lineTo(15 * u, 3 * u);
  g.quadraticCurveTo(15 * u, 12 * u, 8 * u, 15.5 * u);
  g.quadraticCurveTo(1 * u, 12 * u, 1 * u, 3 * u);
  g.closePath();
  g.fill();
  g.fillStyle = '#ffffff';
  g.fillRect(7 * u, 3.5 * u, 2 * u, 6.5 * u);
  g.fillRect(7 * u, 11.2 * u, 2 * u, 2 * u);
  return canvas;
}

/** The icon as a data URL (for notifications, which need an image). */
export async function iconDataUrl(look: Look, size = 128): Promise<string> {
  const blob = await draw(look, size).convertToBlob({ type: 'image/png' });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/png;base64,${btoa(binary)}`;
}

/** Applies the icon and title for the worker's current discreet-mode choice. */
export async function applyToolbarLook(): Promise<Look> {
  const { discreet } = await state.settings();
  const look: Look = discreet ? 'discreet' : 'normal';
  const locale = await workerLocale();
  const imageData: Record<string, ImageData> = {};
  for (const size of [16, 32, 48]) {
    imageData[size] = draw(look, size).getContext('2d')!.getImageData(0, 0, size, size);
  }
  await browser.action.setIcon({ imageData });
  await browser.action.setTitle({
    title: translate(locale, discreet ? 'ext.discreet.name' : 'ext.name'),
  });
  return look;
}
