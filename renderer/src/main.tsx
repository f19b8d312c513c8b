import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHttpClient } from './api/http.js';
import { createIpcClient } from './api/ipc.js';
import { App } from './App.js';
import './styles.css';

// In the desktop app the preload exposes the IPC bridge; in a browser the page talks to the server it came from.
const client = window.salonBridge ? createIpcClient(window.salonBridge) : createHttpClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
