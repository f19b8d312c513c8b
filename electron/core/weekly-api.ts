import type { CallbacksAnswer, Insights } from '../contract/index.js';
import { CALLBACK_RANK_RULE, callbackList, recoveredInWeek } from './callbacks.js';
import { weekInsights } from './insights/engine.js';
import type { Salon } from './salon.js';
import { previousWeek, type Week } from './time.js';

/** The week a report or insights answer is about: the one containing `date`, else the last complete week. */
export function reportWeek(salon: Salon, date?: string): Week {
  return date ? salon.week(date) : previousWeek(salon.week(), salon.settings().timezone);
}

export function insightsFor(salon: Salon, date?: string): Insights {
  return weekInsights(salon.insightSource(), reportWeek(salon, date));
}

export function callbacksFor(salon: Salon, date?: string): CallbacksAnswer {
  const items = callbackList(salon.db, salon.clock.now(), salon.abandonMs);
  return { items, total: items.length, rank_rule: CALLBACK_RANK_RULE, recovered: recoveredInWeek(salon.db, salon.week(date)) };
}
