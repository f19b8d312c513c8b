// Loaded with `node --import` before the built main process: puts the stand-in in place of the
// `electron` module (the bundle imports it as an ES module) and gives the process the
// `resourcesPath` Electron gives a packaged app.
import { register } from 'node:module';

process.resourcesPath = process.env.STAND_IN_RESOURCES ?? '';
register('./hooks.mjs', import.meta.url);
