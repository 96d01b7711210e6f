/** The views (and step checks) loaded after the first render (see later-views.ts). */
export { WhenStep } from './steps/when-step.js';
export { WhereStep } from './steps/where-step.js';
export { WhoStep } from './steps/who-step.js';
export { StoryStep } from './steps/story-step.js';
export { ConsentStep } from './steps/consent-step.js';
export { ReviewStep } from './steps/review-step.js';
export { ReceiptView } from './receipt-view.js';
export { RepliesView } from './replies-view.js';
export { localToday, validateReport, validateStep } from './validate.js';
