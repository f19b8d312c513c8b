import type { FastifyInstance } from 'fastify';
import type { Salon } from '../core/salon.js';

/** `WS /salon`: one JSON message per change, to every connected dashboard. */
export function installLiveFeed(app: FastifyInstance, salon: Salon): void {
  app.get('/salon', { websocket: true }, (socket) => {
    const unsubscribe = salon.changes.subscribe((message) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    });
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });
}
