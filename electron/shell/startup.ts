import { ConfigError } from '../config/config.js';

/** A start that failed at a step the owner can act on: what failed, and what to do about it. */
export class StartupProblem extends Error {
  constructor(
    readonly title: string,
    message: string,
    readonly advice: string,
  ) {
    super(message);
    this.name = 'StartupProblem';
  }
}

/** The one dialog a failed start shows: what went wrong, and what to do next. */
export function startupFailure(err: unknown, dataDir: string): { title: string; detail: string } {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof StartupProblem) return { title: err.title, detail: `${message}\n\n${err.advice}` };
  if (err instanceof ConfigError) {
    return { title: 'Salon Front Desk: a setting is wrong', detail: `${message}\n\nCorrect it in the environment or the .env file, then start the app again.` };
  }
  return {
    title: 'Salon Front Desk could not start',
    detail: `${message}\n\nStart the app again. If this keeps happening, send this message and the logs folder in ${dataDir} to whoever looks after the salon's computers.`,
  };
}
