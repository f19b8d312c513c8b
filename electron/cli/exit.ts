/** Ends a command with a message a person can act on, and exit status 1. */
export function exitWithReason(err: unknown): never {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.code === 'EADDRINUSE') {
    console.error(`error: port ${e.port} on ${e.address} is already in use (another copy of the salon app?). Stop it or pass --port.`);
  } else if (e?.code === 'EACCES') {
    console.error(`error: not allowed to listen on port ${e.port}; choose a port above 1024 with --port.`);
  } else {
    console.error(`error: ${e instanceof Error ? e.message : String(err)}`);
  }
  process.exit(1);
}
