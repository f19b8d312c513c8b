// Makes every icon the app ships from one source image, resources/icon.svg:
// build/icon.png (electron-builder derives the Windows .ico and macOS .icns from it),
// resources/icon.png (the window), resources/tray.png (the tray on Windows and Linux) and
// resources/trayTemplate.png with its @2x (the macOS menu bar: a "Template" image is black on
// transparent, and macOS tints it for light and dark menu bars).
import { readFileSync } from 'node:fs';
import sharp from 'sharp';

const source = 'resources/icon.svg';
const outputs = [
  ['build/icon.png', 512],
  ['resources/icon.png', 512],
  ['resources/tray.png', 32],
];
for (const [file, size] of outputs) {
  await sharp(source, { density: 384 }).resize(size, size).png().toFile(file);
  console.log(`${file} ${size}×${size}`);
}

// The scissors alone, in black: the icon without its coloured background square.
const template = Buffer.from(readFileSync(source, 'utf8').replace(/<rect\b[^>]*\/>/, '').replaceAll('#fff', '#000'));
for (const [file, size] of [
  ['resources/trayTemplate.png', 16],
  ['resources/trayTemplate@2x.png', 32],
]) {
  await sharp(template, { density: 384 }).resize(size, size).png().toFile(file);
  console.log(`${file} ${size}×${size}`);
}
