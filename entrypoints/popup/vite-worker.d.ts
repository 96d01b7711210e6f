// Vite's `?worker` imports (entrypoints/popup/use-alert-index.ts): a module's default export is
// a constructor of a dedicated worker running that module.
declare module '*?worker' {
  const WorkerConstructor: new (options?: { name?: string }) => Worker;
  export default WorkerConstructor;
}
