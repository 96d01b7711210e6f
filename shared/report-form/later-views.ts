import { lazyModule } from './lazy-module.js';
import type * as LaterViewsModule from './later-views-bundle.js';

/**
 * Every view after the first question, in a chunk of its own: the widget's first load carries
 * only the frame and step 1, and this loads right after the first render (long before anyone
 * presses Next). Until it has loaded, a step shows "Loading…".
 */
export const laterViews = lazyModule(() => import('./later-views-bundle.js'));

/** The later views' module type. */
export type LaterViews = typeof LaterViewsModule;
