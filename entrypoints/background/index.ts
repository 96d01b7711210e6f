import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // Sync, context menu and site registration live in entrypoints/background/*.ts.
});
