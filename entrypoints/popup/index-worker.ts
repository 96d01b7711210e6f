import { openAlertStore } from '../../shared/alert-store.js';
import { localCheckService, serveChecks, type WorkerScope } from './check-service.js';

/**
 * The popup's index worker: reads the stored check index and answers checks (check-service.ts),
 * off the popup's thread. It lives as long as the popup is open.
 */
serveChecks(
  self as unknown as WorkerScope,
  localCheckService(() => openAlertStore()),
);
