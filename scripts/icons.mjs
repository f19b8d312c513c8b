// Makes every icon the app ships from one source image, resources/icon.svg:
// build/icon.png (electron-builder derives the Windows .ico and macOS .icns from it),
// resources/icon.png (the window) and resources/tray.png (the tray).
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
